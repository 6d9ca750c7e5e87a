import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = path.resolve(import.meta.dirname, 'renderer');

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // GOV.UK Frontend keeps an old IE hack, (min-width: 0\0), that lightningcss refuses to minify.
    cssMinify: 'esbuild',
    chunkSizeWarningLimit: 2000,
  },
  css: {
    preprocessorOptions: {
      scss: {
        loadPaths: [import.meta.dirname, path.resolve(import.meta.dirname, 'node_modules')],
        quietDeps: true,
        silenceDeprecations: ['import'],
        // GOV.UK and MOJ Frontend warn about each other's deprecated mixins on every build; errors still show.
        logger: { warn: () => undefined },
      },
    },
  },
});
