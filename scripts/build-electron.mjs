// Bundles the Electron main process and preload script into dist/electron as CommonJS.
import { build } from 'esbuild';

// OMU_ELECTRON_OUT builds elsewhere (the electronegativity test scans a build of its own).
const out = process.env.OMU_ELECTRON_OUT ?? 'dist/electron';
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: `${out}/main.cjs`,
  external: ['electron', 'better-sqlite3', 'pdfmake'],
  // import.meta.dirname has no CommonJS form; __dirname is the same folder once bundled.
  define: { 'import.meta.dirname': '__dirname', 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: `${out}/preload.cjs`,
  external: ['electron'],
});
console.log(`Built ${out}/main.cjs and ${out}/preload.cjs`);
