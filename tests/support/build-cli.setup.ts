// Global setup of the tests that spawn the real `omu` (bin/omu.mjs), which runs the built command line: it is built
// here from the sources under test, once per run however many projects ask.
import { buildCli } from '../../scripts/build-cli.mjs';
import { shapeTimed } from './run-shape';

// Each project loads this module afresh (a module runner of its own) in the one main process: the build is kept on
// globalThis so that it runs once however many projects ask.
const run = globalThis as typeof globalThis & { omuCliBuilt?: Promise<string> };

/** The build, started as soon as this module is loaded: the project's other global setups go on meanwhile. */
function built(): Promise<string> {
  if (!run.omuCliBuilt) {
    run.omuCliBuilt = shapeTimed('CLI build', () => buildCli());
    // A failure is reported by the setup that awaits it, not as an unhandled rejection before then.
    run.omuCliBuilt.catch(() => undefined);
  }
  return run.omuCliBuilt;
}
void built();

export default async function setup(): Promise<void> {
  await built();
}
