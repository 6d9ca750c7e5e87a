import type { AddressInfo } from 'node:net';
import { connectServerDb } from '../../server/db/postgres';
import { createHttpServer } from '../../server/http';
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

/** A real unit server (Fastify over a fresh PostgreSQL database of the test cluster) on a loopback port. */
export async function startUnitServer(now: () => Date = () => new Date()): Promise<TestUnitServer> {
  const { url: dbUrl, ownerUrl } = await freshServerDatabase();
  const { pool } = connectServerDb(dbUrl);
  const unit = createUnit(pool, now, {}, { passwordCost: TEST_COST });
  const http = createHttpServer(unit);
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
