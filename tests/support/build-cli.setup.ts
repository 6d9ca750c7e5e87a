// Global setup of the tests that spawn the real `omu` (bin/omu.mjs), which runs the built command line: it is built
// here from the sources under test, once per run however many projects ask.
import { buildCli } from '../../scripts/build-cli.mjs';
import { shapeTimed } from './run-shape';

// Each project loads this module afresh (a module runner of its own) in the one main process: the build is kept on
// globalThis so that it runs once however many projects ask.
const run = globalThis as typeof globalThis & { omuCliBuilt?: Promise<string> };

export default async function setup(): Promise<void> {
  await (run.omuCliBuilt ??= shapeTimed('CLI build', () => buildCli()));
}
