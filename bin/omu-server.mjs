#!/usr/bin/env node
// The `omu-server` command: the unit server (server/cli.ts) built into dist/cli/omu-server.cjs with the `omu` bundle
// (scripts/build-cli.mjs, run by `prepare` on npm install/ci, by `npm run build` and before the tests). Without a
// build it builds one first. The bundle runs from V8's code cache, as `omu`'s does (bin/load-bundle.mjs): about a
// quarter of the CPU of an `omu-server enrol` or `verify-audit` was compiling it and the node-postgres it loaded.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './load-bundle.mjs';

const bundle = fileURLToPath(new URL('../dist/cli/omu-server.cjs', import.meta.url));
if (!fs.existsSync(bundle)) {
  process.stderr.write('omu-server: building the command line first (dist/cli)…\n');
  await (await import('../scripts/build-cli.mjs')).buildCli();
}
// The bundle lives in dist/cli; the migrations stay in server/db/migrations and db/migrations.
process.env.OMU_SERVER_MIGRATIONS_DIR ??= fileURLToPath(new URL('../server/db/migrations', import.meta.url));
process.env.OMU_MIGRATIONS_DIR ??= fileURLToPath(new URL('../db/migrations', import.meta.url));
const { exports, saveCache } = loadBundle(bundle);
const code = await exports.runServerCli(process.argv.slice(2));
saveCache({ ranCommand: exports.ranCommand() });
// `serve` returns when stopped; embedded PostgreSQL children are stopped by then.
process.exit(code);
