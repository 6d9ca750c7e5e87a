// A second process for the locking tests: opens a database as the command line does, says "open", and on the line
// "write" imports one prisoner through the router and prints the report, then closes. Built and run by
// tests/support/script-bundle.ts.
import readline from 'node:readline';
import { openApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';

const [dbFile, prisonerNumber = 'C3333CC'] = process.argv.slice(2);
const app = openApp({
  dbFile: dbFile!,
  door: 'cli',
  command: 'omu import caseload held.csv',
  osAccount: 'lisa.marsh',
  today: '2026-11-22',
});
// As omu does for a computer account an administrator has bound to someone (the test binds lisa.marsh).
await app.signInByBinding();
const router = createRouter(app, 'cli');
process.stdout.write('open\n');
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line !== 'write') return;
  const csvText = `prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\n${prisonerNumber},HELD,Open,01/01/1980,determinate,01/01/2024\n`;
  void router.handle('caseload/import', { fileName: 'held.csv', csvText }).then((res) => {
    process.stdout.write(`${JSON.stringify(res)}\n`);
    app.close();
    process.exit(0);
  });
});
