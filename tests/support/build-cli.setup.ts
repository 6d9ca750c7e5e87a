// Global setup of the tests that spawn the real `omu` (bin/omu.mjs), which runs the built command line: it is built
// here from the sources under test, once per run however many projects ask.
import { buildCli } from '../../scripts/build-cli.mjs';

let built: Promise<string> | null = null;

export default async function setup(): Promise<void> {
  await (built ??= buildCli());
}
