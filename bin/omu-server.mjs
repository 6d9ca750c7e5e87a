#!/usr/bin/env node
// The `omu-server` command: the unit server (server/cli.ts), run through tsx.
import { register } from 'tsx/esm/api';

register();
const { runServerCli } = await import('../server/cli.ts');
const code = await runServerCli(process.argv.slice(2));
// `serve` returns when stopped; embedded PostgreSQL children are stopped by then.
process.exit(code);
