// The renderer build that `npm test` (scripts/test.mjs) runs beside the tests rather than before them: the files that
// read dist/renderer (the end-to-end files, through tests/support/renderer-built.setup.ts, and the renderer bundle's
// own test) wait here for it to end. Run any other way (npx vitest run ...), OMU_RENDERER_BUILD_STATUS is unset and
// the built renderer already in dist/ is used, as before.
import fs from 'node:fs';

/** Where scripts/test.mjs writes `{"code": N}` once `vite build` has ended (set only by scripts/test.mjs). */
const STATUS = process.env.OMU_RENDERER_BUILD_STATUS;

let built: Promise<void> | null = null;

/** Resolves once the run's renderer build has ended well; rejects, naming it, when it failed. */
export function rendererBuilt(): Promise<void> {
  if (!STATUS) return Promise.resolve();
  return (built ??= new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!fs.existsSync(STATUS)) return void setTimeout(check, 200);
      const { code } = JSON.parse(fs.readFileSync(STATUS, 'utf8')) as { code: number };
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `The renderer build (vite build) failed (exit code ${code}): its errors are printed at the end of the run.`,
          ),
        );
    };
    check();
  }));
}
