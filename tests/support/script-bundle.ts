// A test's second process, built from TypeScript into one ES module by esbuild and run with plain `node`, instead of
// `node --import tsx`, which resolved and transpiled every module through its loader again at each start: 1.6-1.9
// CPU-seconds for a process that opens an app (27/11/2026, load 11), most of the process. esbuild builds it once per
// worker process and script; the packages stay where they are in node_modules (imported by their resolved paths, so
// native addons and the packages' own files are used as tsx used them), and each source module keeps its own
// import.meta.url and import.meta.dirname (db/open.ts finds db/migrations beside it, as under tsx).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { tempDir } from './temp';

const ownLocation: Plugin = {
  name: 'own-location',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => ({
      contents: (await fs.promises.readFile(args.path, 'utf8'))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path))),
      loader: args.path.endsWith('x') ? 'tsx' : 'ts',
    }));
  },
};

const packagesWhereTheyAre: Plugin = {
  name: 'packages-where-they-are',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (r.errors.length) return { errors: r.errors };
      return r.external || r.path.includes(`${path.sep}node_modules${path.sep}`)
        ? { path: r.path, external: true }
        : { path: r.path };
    });
  },
};

const built = new Map<string, Promise<string>>();

/**
 * The built script's path, for `spawn(process.execPath, [it, ...args])`: `entry` is a TypeScript file, or `code` the
 * text of one (imports relative to the repository's root or absolute), named `name`.
 */
export function bundledScript(script: { entry: string } | { code: string; name: string }): Promise<string> {
  const key = 'entry' in script ? path.resolve(script.entry) : script.code;
  let file = built.get(key);
  if (!file) {
    const name = 'entry' in script ? path.basename(script.entry).replace(/\.[cm]?tsx?$/, '') : script.name;
    const outfile = path.join(tempDir(`omu-script-${name}-`), `${name}.mjs`);
    file = build({
      ...('entry' in script
        ? { entryPoints: [key] }
        : {
            stdin: {
              contents: script.code,
              resolveDir: process.cwd(),
              sourcefile: `${name}.ts`,
              loader: 'ts',
            },
          }),
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
      plugins: [ownLocation, packagesWhereTheyAre],
    }).then(() => outfile);
    built.set(key, file);
  }
  return file;
}
