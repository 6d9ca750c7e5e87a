// Builds the renderer and serves it with the API on 127.0.0.1 (the browser door). Extra arguments pass through,
// e.g. `npm run dev:browser -- --db ./demo.sqlite --port 5178`.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['tsx', 'electron/browser-door.ts', ...process.argv.slice(2)]);
