import path from 'node:path';
import { parseArgs } from 'node:util';
import { openApp } from './app/omu-app';
import { createRouter } from './api/router';
import { startHttpDoor } from './api/http-door';
import { defaultDbFile } from './cli/runtime';
import { failureMessage } from './api/errors';
import { defaultErrorLogFile, errorLog, type ErrorLog } from './app/error-log';

/** The database's log of unexpected failures, once main() knows the database (./app/error-log.ts). */
let failures: ErrorLog | null = null;

/** `npm run dev:browser`: the real renderer in a browser, on the same services, at 127.0.0.1 only. */
async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '5178' },
      today: { type: 'string' },
      static: { type: 'string' },
    },
  });
  const dbFile = values.db ?? defaultDbFile();
  failures = errorLog(defaultErrorLogFile(dbFile));
  const app = openApp({
    dbFile,
    today: values.today,
    dailyBackup: true,
    door: 'browser-door',
    command: `--port ${values.port}`,
    instance: true,
    autoSync: true,
    wholeChecksAtStart: true,
    onNotice: (notice) => console.error(`omu: ${notice}`),
  });
  await app.signInByBinding();
  const door = await startHttpDoor({
    router: createRouter(app, 'http'),
    staticDir: values.static ?? path.resolve(import.meta.dirname, '../dist/renderer'),
    port: Number(values.port),
  });
  for (const notice of app.notices) console.error(`omu: ${notice}`);
  console.log(`OMU Desk (browser door) on ${dbFile}\nOpen ${door.url}`);
  const stop = () => {
    void door.close().then(() => {
      app.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  // Before the database is known, a mistyped option (no case data); after, as the other doors say a failure.
  const said = failures
    ? failureMessage(e, failures, 'the browser door').message
    : e instanceof Error
      ? e.message
      : String(e);
  console.error(`omu: ${said}`);
  process.exit(1);
});
