#!/usr/bin/env node
// The `omu-server` command: the unit server (server/cli.ts) built into dist/cli/omu-server.cjs with the `omu` bundle
// (scripts/build-cli.mjs, run by `prepare` on npm install/ci, by `npm run build` and before the tests). Without a
// build it builds one first.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cli/omu-server.cjs', import.meta.url));
if (!fs.existsSync(bundle)) {
  process.stderr.write('omu-server: building the command line first (dist/cli)…\n');
  await (await import('../scripts/build-cli.mjs')).buildCli();
}
// The bundle lives in dist/cli; the migrations stay in server/db/migrations and db/migrations.
process.env.OMU_SERVER_MIGRATIONS_DIR ??= fileURLToPath(new URL('../server/db/migrations', import.meta.url));
process.env.OMU_MIGRATIONS_DIR ??= fileURLToPath(new URL('../db/migrations', import.meta.url));
const { runServerCli } = createRequire(import.meta.url)(bundle);
const code = await runServerCli(process.argv.slice(2));
// `serve` returns when stopped; embedded PostgreSQL children are stopped by then.
process.exit(code);
