#!/usr/bin/env node
// The `omu` command: runs electron/cli.ts through tsx so that it works in the repo without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
