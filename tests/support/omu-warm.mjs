// A real `omu` process started ahead of its command: loads the built command line (dist/cli/omu.cjs) as bin/omu.mjs
// does, says "ready", then reads its arguments as one JSON line on stdin and runs them. The convergence simulation
// keeps one waiting, so that a kill -9 mid-sync pays for the sync alone (starting Node and loading the bundle took
// most of the 0.6 s of each killed `omu sync`), while what is killed is still a real process running the real code.
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../../bin/load-bundle.mjs';

const bundle = fileURLToPath(new URL('../../dist/cli/omu.cjs', import.meta.url));
process.env.OMU_MIGRATIONS_DIR ??= fileURLToPath(new URL('../../db/migrations', import.meta.url));
const { exports } = loadBundle(bundle);
process.stdout.write('ready\n');
let line = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  line += chunk;
  const end = line.indexOf('\n');
  if (end < 0) return;
  process.stdin.destroy();
  void exports.runCli(JSON.parse(line.slice(0, end))).then((code) => {
    process.exitCode = code;
  });
});
