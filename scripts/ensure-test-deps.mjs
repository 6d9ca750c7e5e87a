// Before the tests: Chromium and its headless shell (end-to-end tests, tests/support/chromium.ts) and
// pdftotext/pdftoppm (PDF tests) must be on the machine, and better-sqlite3 must be built for Node. Installs the Debian packages when they are missing and we are root.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { rebuildForNode, run } from './native-abi.mjs';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const missing = [];
if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium');
// The end-to-end files' browser (a third of the CPU the full Chromium spends on the same pages); without it they run
// in the full Chromium.
if (!process.env.CHROMIUM_PATH && !existsSync('/usr/lib/chromium/chromium-headless-shell'))
  missing.push('chromium-headless-shell');
if (!has('pdftotext') || !has('pdftoppm')) missing.push('poppler-utils');
if (missing.length) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('apt-get')) {
    console.log(`Installing ${missing.join(' ')} with apt-get…`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
      DEBIAN_FRONTEND: 'noninteractive',
    });
  } else {
    console.error(
      `The tests need ${missing.join(' and ')}: install them (Debian/Ubuntu: sudo apt-get install ${missing.join(' ')}).`,
    );
    process.exit(1);
  }
}
rebuildForNode();
