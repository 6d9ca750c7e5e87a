import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rendererBuilt } from '../support/renderer-build';

const ASSETS = path.resolve('dist/renderer/assets');

/** Every source file the built renderer holds, read from its source maps. */
function bundledSources(): string[] {
  if (!fs.existsSync(ASSETS)) throw new Error('Build the renderer first: npm run build:renderer');
  return fs
    .readdirSync(ASSETS)
    .filter((f) => f.endsWith('.js.map'))
    .flatMap(
      (f) => (JSON.parse(fs.readFileSync(path.join(ASSETS, f), 'utf8')) as { sources: string[] }).sources,
    )
    .map((s) => s.replace(/^(\.\.\/)+/, ''));
}

describe('the renderer bundle', () => {
  // Under `npm test` the renderer is built beside the tests: this file reads it once built.
  beforeAll(() => rendererBuilt());

  it('holds no main-process code: no database driver, no ORM, no schema, no services, no command runner', () => {
    const sources = bundledSources();
    expect(sources.length).toBeGreaterThan(20);
    const forbidden = sources.filter((s) =>
      /node_modules\/(better-sqlite3|drizzle-orm|pdfmake|pg)\/|^db\/|^server\/|^electron\/(core|api|app|sync|documents|cli)\/|^electron\/domain\/.*\/(service|commands|csv-import|import-service|load)\.ts$/.test(
        s,
      ),
    );
    expect(forbidden).toEqual([]);
  });
});
