// npm test: the type-check and the lint (`npm run lint`) run beside the renderer build and the tests, not before them (each
// is one process on one core, about a minute each; the tests spend part of their time waiting on Chromium, child
// processes and PostgreSQL). They run at a lower priority than the tests, so that they take the time the tests leave
// idle (above all at the end, when the last long file runs alone) instead of slowing the long files that decide when
// the run ends. Their reports are printed once the tests end, and any failing fails the run. Arguments are passed on
// to vitest.
//
// The renderer build (`vite build`, about 12 CPU-seconds, most of it Sass compiling the GOV.UK and MOJ styles) runs
// beside vitest too, from the start: vitest's own start and its global setups (the demo template, PostgreSQL, the CLI
// build, Chromium) take as long, and only the files that read dist/renderer wait for it (the end-to-end files and
// the renderer bundle's test, through tests/support/renderer-build.ts and the status file named in
// OMU_RENDERER_BUILD_STATUS). Before, every test waited for it: about 27 s on an idle machine before the first file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** With OMU_RUN_SHAPE=FILE.jsonl, one line a moment of the run (tests/support/run-shape.ts; scripts/run-shape.mjs draws it). */
function mark(event, name) {
  if (process.env.OMU_RUN_SHAPE)
    fs.appendFileSync(
      process.env.OMU_RUN_SHAPE,
      `${JSON.stringify({ at: Date.now(), pid: process.pid, event, name })}\n`,
    );
}

/** Lower priority for the type-check and the lint: 5 nicer than this process (what they start inherits it). */
const NICER = 5;

/**
 * Runs a command to its end: its exit code, and its output when `quiet` (printed by the caller, not interleaved);
 * `background` runs it NICER steps below this process's priority.
 */
function run(cmd, args, { quiet = false, background = false, env = process.env } = {}) {
  mark('start', path.basename(cmd));
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (background && child.pid)
      try {
        os.setPriority(child.pid, Math.min(19, os.getPriority() + NICER));
      } catch {
        // Not allowed here (or not supported): it runs at the tests' priority, as it did before.
      }
    let output = '';
    if (quiet)
      for (const s of [child.stdout, child.stderr])
        s.on('data', (d) => {
          output += d;
        });
    child.on('error', (e) => resolve({ code: 1, output: `${output}${e.message}\n` }));
    child.on('close', (code, signal) => {
      mark('end', path.basename(cmd));
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

// The type-check runs TypeScript's native compiler (tsgo, @typescript/native-preview, pinned): the same errors as
// `tsc -p tsconfig.json` (`npm run typecheck`) on this project, for about half its CPU (27/11/2026: 21-23 CPU-s against
// 46). tsconfig.json names noUncheckedSideEffectImports, whose default TypeScript 7 turns on. Without its binary
// (a platform it has none for), tsc. tsgo runs single-threaded: by default it checks with four checkers at once,
// each of which works out the shared types (the DOM, Node, React, drizzle) again, for twice the CPU on the same errors
// (27/11/2026, load 15-22, five runs interleaved: 22-26 CPU-s against 11.6-11.9 with --singleThreaded, 12.3 with
// --checkers 1, 1.3 GB of memory against 0.75); beside the tests, on two cores, its threads only took turns with them.
const tsgo = fs.existsSync(bin('tsgo'));
const CHECKER = tsgo ? 'tsgo' : 'tsc';
const started = Date.now();
const typecheck = run(bin(CHECKER), ['-p', 'tsconfig.json', ...(tsgo ? ['--singleThreaded'] : [])], {
  quiet: true,
  background: true,
}).then((r) => ({
  ...r,
  seconds: (Date.now() - started) / 1000,
}));
const lint = run('npm', ['run', '--silent', 'lint'], { quiet: true, background: true }).then((r) => ({
  ...r,
  seconds: (Date.now() - started) / 1000,
}));
// The build's status file, read by the files that wait for it; its folder is removed when this process exits.
const statusDir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-renderer-build-'));
process.once('exit', () => fs.rmSync(statusDir, { recursive: true, force: true }));
const status = path.join(statusDir, 'status.json');
const building = run(bin('vite'), ['build', '--logLevel', 'warn'], { quiet: true }).then((r) => {
  // Written whole under another name, then renamed: a waiting file never reads half of it.
  fs.writeFileSync(`${status}.part`, JSON.stringify({ code: r.code }));
  fs.renameSync(`${status}.part`, status);
  return { ...r, seconds: (Date.now() - started) / 1000 };
});
const tests = await run(bin('vitest'), ['run', ...process.argv.slice(2)], {
  env: { ...process.env, OMU_RENDERER_BUILD_STATUS: status },
});
const build = await building;
process.stdout.write(
  build.code === 0
    ? `Renderer build (vite build): built in ${build.seconds.toFixed(0)} s, beside the tests\n`
    : `${build.output}\nThe renderer build (vite build) failed: its errors are above (the files that read the built renderer failed for want of it).\n`,
);
const tsc = await typecheck;
process.stdout.write(
  tsc.code === 0
    ? `Type-check (${CHECKER} -p tsconfig.json${tsgo ? ' --singleThreaded' : ''}): no errors (${tsc.seconds.toFixed(0)} s, beside the build and the tests)\n`
    : `${tsc.output}\nType-check (${CHECKER} -p tsconfig.json) failed: the errors are above.\n`,
);
const linted = await lint;
process.stdout.write(
  linted.code === 0
    ? `Lint (npm run lint): no errors, no warnings (${linted.seconds.toFixed(0)} s, beside the build and the tests)\n`
    : `${linted.output}\nLint (npm run lint) failed: the problems are above.\n`,
);
process.exit(tsc.code || linted.code || build.code || tests.code);
