#!/usr/bin/env node
// The `omu` command: runs the command line built into dist/cli/omu.cjs (scripts/build-cli.mjs, run by `prepare` on
// npm install/ci, by `npm run build` and before the tests). Without a build it builds one first. To run the
// TypeScript sources straight after changing them, use `npm run omu -- …` (tsx) or `npm run build:cli`.
import fs from 'node:fs';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { loadBundle } from './load-bundle.mjs';

// V8 lets the old generation grow to up to four times what a full collection left live before it collects again; for
// a command line that allocates fast, as a caseload import does, that is most of its peak memory (an 80,000-row import
// peaked at 586 MB, 357 MB with this; issue 18 item 3). A fifth more than live costs a few more full collections.
v8.setFlagsFromString('--heap-growing-percent=20');
const bundle = fileURLToPath(new URL('../dist/cli/omu.cjs', import.meta.url));
if (!fs.existsSync(bundle)) {
  process.stderr.write('omu: building the command line first (dist/cli)…\n');
  await (await import('../scripts/build-cli.mjs')).buildCli();
}
// The bundle lives in dist/cli; the migrations stay in db/migrations.
process.env.OMU_MIGRATIONS_DIR ??= fileURLToPath(new URL('../db/migrations', import.meta.url));
const { exports, saveCache } = loadBundle(bundle);
process.exitCode = await exports.runCli(process.argv.slice(2));
saveCache({ ranCommand: exports.ranCommand() });
