// better-sqlite3 is a native module: built for Node to run the CLI and tests, and for Electron to run the app.
// These helpers check which one node_modules holds and rebuild when it is the wrong one.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function loadsInNode() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    encoding: 'utf8',
  });
  return r.status === 0;
}

export function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed`);
    process.exit(r.status ?? 1);
  }
}

export function rebuildForNode() {
  if (loadsInNode()) return;
  console.log('Rebuilding better-sqlite3 for Node…');
  run('npm', ['rebuild', 'better-sqlite3']);
}

export function rebuildForElectron() {
  const electronVersion = require('electron/package.json').version;
  console.log(`Rebuilding better-sqlite3 for Electron ${electronVersion}…`);
  run('npx', ['electron-rebuild', '--force', '--only', 'better-sqlite3', '--version', electronVersion]);
}
