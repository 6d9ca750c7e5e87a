import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startEmbedded, takeOverStopSignals } from '../../server/db/postgres';
import { tempDir } from '../support/temp';

/**
 * The embedded cluster's port. When none is configured, one free now is found, and PostgreSQL listens on it seconds
 * later (initdb comes between): another program (another test run on the machine, any outgoing connection) may take
 * it meanwhile. PostgreSQL then exited, the package rejected with nothing, and `omu-server init` said
 * "omu-server: undefined"; the port was kept in postgres.json, so every later start failed the same way.
 */
// The package, loaded here, listens for SIGINT, SIGTERM and SIGHUP to stop its clusters and end the process: this worker
// runs other files after this one (isolate: false) and is stopped by vitest, not by those listeners.
afterAll(() => takeOverStopSignals());

describe("the embedded PostgreSQL's port", () => {
  it('taken by the time PostgreSQL listens: another is found and kept; configured and taken: it says which and why', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const held = (holder.address() as AddressInfo).port;
    const dir = tempDir('omu-pg-port-');
    try {
      // The first port found is one another program holds by the time PostgreSQL listens.
      const found: number[] = [];
      const pickPort = async () => {
        found.push(found.length ? await freePort() : held);
        return found.at(-1)!;
      };
      const cluster = await startEmbedded(dir, { throwaway: true, pickPort });
      try {
        expect(found).toHaveLength(2);
        expect(cluster.url).toContain(`@127.0.0.1:${found[1]}/`);
        const kept = JSON.parse(fs.readFileSync(path.join(dir, 'postgres.json'), 'utf8')) as { port: number };
        expect(kept.port).toBe(found[1]);
      } finally {
        await cluster.stop();
      }
      // A port configured, and taken: no other is taken in its place, and the message says which port and why.
      await expect(startEmbedded(dir, { port: held, throwaway: true })).rejects.toThrow(
        `PostgreSQL did not start on port ${held} (${path.join(dir, 'pg')}): the port is in use by another program. It said: `,
      );
    } finally {
      holder.close();
    }
  }, 180_000);
});
