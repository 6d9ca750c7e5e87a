// Global setup of the integration tests: they spawn the real `omu` (bin/omu.mjs), which runs the built command line,
// so it is built here from the sources under test, once per run.
import { buildCli } from '../../scripts/build-cli.mjs';

export default async function setup(): Promise<void> {
  await buildCli();
}
