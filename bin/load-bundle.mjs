// Loads a CommonJS bundle from dist/cli (`omu`'s, and `omu-server`'s) with V8's code cache (node:vm cachedData):
// compiling the 1 MB bundle took about 80 ms of every `omu` call, and a cache lets V8 skip that and the lazy compiles
// of what a call runs (issue 18, item 2). The cache sits beside the bundle, named by the bundle's size and time (V8
// itself checks only the length; every
// build writes the bundle anew and removes the caches of earlier ones), and is
// written by the first call that finds none (or one this Node rejects), to a temporary file renamed into place; where
// it cannot be written (a read-only install) the bundle simply loads without it. A cache holds only what the call
// that wrote it compiled: one written by a call that ran no command (`omu --help`, a usage error) lacks the database,
// the services and the schemas, which every later command then compiled anew (18 CPU-ms of each `omu prisoner X`), so
// it is kept apart (`.start.cache`) and the first call that runs a command writes the full one.
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export function loadBundle(bundle) {
  // The bundle is all ASCII (scripts/build-cli.mjs): read as latin1, which skips UTF-8 decoding.
  const source = fs.readFileSync(bundle, 'latin1');
  const { size, mtimeMs } = fs.statSync(bundle);
  // V8 rejects a cache made under other flags (--cpu-prof, --max-old-space-size...): one cache per set of flags.
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  let h = 0;
  for (let i = 0; i < flags.length; i++) h = (Math.imul(h, 31) + flags.charCodeAt(i)) | 0;
  const base = `${bundle}.${size}-${Math.round(mtimeMs)}.${process.version}.${(h >>> 0).toString(36)}`;
  const cacheFiles = { command: `${base}.cache`, start: `${base}.start.cache` };
  let cachedData;
  let cachedBy;
  for (const by of ['command', 'start']) {
    try {
      cachedData = fs.readFileSync(cacheFiles[by]);
      cachedBy = by;
      break;
    } catch {
      cachedData = undefined;
    }
  }
  // No dynamic import() in the bundle (scripts/build-cli.mjs turns them into require): code read back from V8's cache
  // cannot make one in Node 20 ("A dynamic import callback was not specified").
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  const mod = new Module(bundle, null);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  const run = script.runInThisContext();
  run.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  const stale = cachedData === undefined || script.cachedDataRejected;
  /**
   * Writes the cache once the call has run, so that it holds what the call compiled too: when there was none, or V8
   * rejected it, or a command ran on one written by a call that ran none. `ranCommand`: whether this call ran one.
   */
  const saveCache = ({ ranCommand = true } = {}) => {
    const by = ranCommand ? 'command' : 'start';
    if (!stale && !(by === 'command' && cachedBy === 'start')) return;
    try {
      const cacheFile = cacheFiles[by];
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // A read-only install: no cache, the bundle loads as it did.
    }
  };
  return { exports: mod.exports, saveCache };
}
