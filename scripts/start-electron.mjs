// `npm start`: build the renderer and main process, build better-sqlite3 for Electron, and open OMU Desk.
// (The tests rebuild better-sqlite3 for Node again by themselves.)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { rebuildForElectron, run } from './native-abi.mjs';

const require = createRequire(import.meta.url);
run('npm', ['run', 'build']);
rebuildForElectron();
let electronBinary;
try {
  electronBinary = require('electron');
} catch {
  console.error(
    'The Electron binary is not installed. Run `npm install` on a machine with internet access (without ELECTRON_SKIP_BINARY_DOWNLOAD).',
  );
  process.exit(1);
}
const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
