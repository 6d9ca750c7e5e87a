import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * Every source file `omu` evaluates as soon as it starts: the modules electron/cli.ts reaches through static imports
 * (esbuild's own import graph, as scripts/build-cli.mjs bundles it). A module reached only through `await import()`
 * is evaluated when a command that needs it runs (issue 18: one `omu prisoner X --json` ≤ 3× a bare `node -e 0`).
 */
async function loadedAtStart(): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: ['electron/cli.ts'],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
    external: ['better-sqlite3', 'pdfmake'],
  });
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of metafile.inputs[file]?.imports ?? [])
      if (!i.external && i.kind !== 'dynamic-import') walk(i.path);
  };
  walk('electron/cli.ts');
  return [...seen];
}

describe('the command line at start', () => {
  it('evaluates commander and the command list only: no database, services, schemas, documents or zod until a command runs', async () => {
    const loaded = await loadedAtStart();
    expect(loaded).toContain('electron/cli/staff-commands.ts');
    expect(loaded.some((f) => f.includes('node_modules/commander/'))).toBe(true);
    const heavy = loaded.filter((f) =>
      /node_modules\/(zod|drizzle-orm|csv-parse|fflate)\/|^db\/|^electron\/(app|core|sync|documents)\/|^electron\/api\/router|^electron\/cli\/runtime|^electron\/domain\/.*\/(service|commands|schemas|csv-import|import-service)\.ts$/.test(
        f,
      ),
    );
    expect(heavy).toEqual([]);
  });
});
