import type { AddressInfo } from 'node:net';
import { connectServerDb } from '../../server/db/postgres';
import { createHttpServer } from '../../server/http';
import type { MutationHooks } from '../../server/mutations';
import { createUnit, type Unit } from '../../server/unit';
import { freshServerDatabase } from './postgres';
import { TEST_COST } from './sign-in';

export interface TestUnitServer {
  url: string;
  unit: Unit;
  dbUrl: string;
  ownerUrl: string;
  close(): Promise<void>;
}

/**
 * A real unit server (Fastify over a fresh PostgreSQL database of the test cluster) on a loopback port. `hooks` run
 * inside each push's transaction (before its commit); `afterPull` runs when a pull has been read, before it is
 * answered (tests stop a workstation at these points).
 */
export async function startUnitServer(
  now: () => Date = () => new Date(),
  options: {
    hooks?: MutationHooks;
    afterPull?: (deviceId: string) => void;
    /** After an answer has been sent whole (Fastify's onResponse), with the request's path. */
    answered?: (path: string) => void;
  } = {},
): Promise<TestUnitServer> {
  const { url: dbUrl, ownerUrl } = await freshServerDatabase();
  const { pool } = connectServerDb(dbUrl);
  const unit = createUnit(pool, now, options.hooks ?? {}, { passwordCost: TEST_COST });
  const { afterPull } = options;
  if (afterPull) {
    const pull = unit.pull;
    unit.pull = async (device, cursor, maxVersions) => {
      const pulled = await pull(device, cursor, maxVersions);
      afterPull(device.id);
      return pulled;
    };
  }
  const http = createHttpServer(unit);
  const { answered } = options;
  if (answered) http.addHook('onResponse', async (req) => answered(req.url));
  await http.listen({ host: '127.0.0.1', port: 0 });
  const port = (http.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    unit,
    dbUrl,
    ownerUrl,
    async close() {
      await http.close();
      await pool.end();
    },
  };
}
