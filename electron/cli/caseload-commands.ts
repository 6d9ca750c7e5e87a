import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from './errors';
import type { CliRuntime } from './runtime';
import { formatImportReport, formatPrisoner, formatProblems } from './format';
import { monitoringWords } from '../domain/public-protection/monitoring-words';
import { oneTimeCodeText } from './staff-commands';
import { formatUk } from '../domain/shared/dates';

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

export function registerCaseloadCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('init')
    .description(
      'create the database, or migrate it to the latest schema (backing it up first); --admin creates the first administrator',
    )
    .option(
      '--admin <name>',
      'while nobody can sign in yet: make NAME the first administrator (added if not on the staff list) and print their one-time code',
    )
    .action(
      withRuntime(async (rt, opts: { admin?: string }) => {
        const opened = rt.app.opened;
        const backup = opened.preMigrationBackup
          ? `; backed up first to ${opened.preMigrationBackup.file}`
          : '';
        const admin = opts.admin
          ? await rt.call('credentials/set-up-first-administrator', {
              name: opts.admin,
              email: null,
              roles: ['administrator'],
              active: true,
            })
          : null;
        if (rt.json) {
          rt.printJson({
            dbFile: rt.app.file,
            appliedMigrations: opened.appliedMigrations,
            backup: opened.preMigrationBackup?.file ?? null,
            ...(admin
              ? { administrator: { name: admin.name, oneTimeCode: admin.code, expiresAt: admin.expiresAt } }
              : {}),
          });
          return;
        }
        rt.out(
          `${rt.app.file}: ${opened.appliedMigrations ? `applied ${opened.appliedMigrations} migration(s)${backup}` : 'up to date'}`,
        );
        if (admin) rt.out(oneTimeCodeText(admin));
        else if ((await rt.app.session.info(rt.app.context())).setupNeeded) {
          rt.out(
            `Nobody can sign in yet: run omu --db ${JSON.stringify(rt.app.file)} init --admin "Your Name" for the first administrator's one-time code, or start the app.`,
          );
        }
      }),
    );

  program
    .command('demo')
    .description('load the demo caseload (about 600 synthetic prisoners) into an empty database')
    .action(
      withRuntime(async (rt) => {
        const summary = await rt.call('caseload/load-demo', {});
        if (rt.json) rt.printJson(summary);
        else rt.out(`Loaded the demo caseload: ${summary.prisoners} prisoners, ${summary.staff} staff`);
      }),
    );

  const importCmd = program.command('import').description('import data from CSV files');
  importCmd
    .command('caseload <file>')
    .description('import or update prisoners from a caseload CSV (all or nothing)')
    .option('--dry-run', 'validate and report without writing')
    .action(
      withRuntime(async (rt, file: string, opts: { dryRun?: boolean }) => {
        const csvText = readInput(file);
        const input = { fileName: path.basename(file), csvText };
        const report = opts.dryRun
          ? await rt.call('caseload/preview-import', input)
          : await rt.call('caseload/import', input);
        if (rt.json) rt.printJson(report);
        else rt.out(formatImportReport(report, !!opts.dryRun));
        return report.ok ? 0 : 1;
      }),
    );

  const factsImport = (
    name: string,
    description: string,
    preview: 'oasys/preview-import' | 'public-protection/preview-import',
    commit: 'oasys/import' | 'public-protection/import',
    rowsName: string,
  ) =>
    importCmd
      .command(`${name} <file>`)
      .description(description)
      .option('--dry-run', 'validate and report without writing')
      .action(
        withRuntime(async (rt, file: string, opts: { dryRun?: boolean }) => {
          const input = { fileName: path.basename(file), csvText: readInput(file) };
          const report = opts.dryRun ? await rt.call(preview, input) : await rt.call(commit, input);
          if (rt.json) rt.printJson(report);
          else if (!report.ok) rt.out(formatProblems(report.fileName, report.recordCount, report.problems));
          else
            rt.out(
              `${report.fileName}: ${report.added} ${rowsName} ${opts.dryRun ? 'would be' : 'were'} added, ${report.alreadyRecorded} already recorded${opts.dryRun ? '\nDry run: nothing was written.' : ''}`,
            );
          return report.ok ? 0 : 1;
        }),
      );
  factsImport(
    'oasys',
    'import OASys history (prisoner_number, type, layer, completed_on, completed_by), all or nothing',
    'oasys/preview-import',
    'oasys/import',
    'assessment(s)',
  );
  factsImport(
    'public-protection',
    'import PPRC and harassment statuses (prisoner_number, type pprc|hppm, status potential|confirmed, identified_on, grounds, optional grounds_basis), all or nothing',
    'public-protection/preview-import',
    'public-protection/import',
    'status(es)',
  );

  program
    .command('pp')
    .description('public protection')
    .command('show <prisonerNumber>')
    .description("a prisoner's public protection status, monitoring and decisions")
    .action(
      withRuntime(async (rt, prisonerNumber: string) => {
        const view = await rt.call('public-protection/show', { prisonerNumber });
        if (rt.json) return rt.printJson(view);
        const lines = [
          `${view.prisonerNumber}: ${view.statuses.length ? view.statuses.map((s) => `${s.status} ${s.type.toUpperCase()} (identified ${s.identifiedOn})`).join('; ') : 'no public protection status recorded'}`,
        ];
        for (const a of view.authorisations)
          lines.push(
            `  ${monitoringWords(a)} monitoring from ${a.authorisedOn}${a.stoppedOn ? `, stopped ${a.stoppedOn}` : ''}; ${a.reviews.length} review(s)`,
          );
        for (const d of view.noMonitoringDecisions)
          lines.push(`  decided not to monitor on ${d.decidedOn}: ${d.reasons}`);
        rt.out(lines.join('\n'));
      }),
    );

  program
    .command('prisoner <prisonerNumber>')
    .description("show a prisoner's record")
    .action(
      withRuntime(async (rt, prisonerNumber: string) => {
        const p = await rt.call('caseload/get-prisoner', { prisonerNumber });
        if (rt.json) rt.printJson(p);
        else rt.out(formatPrisoner(p));
      }),
    );

  program
    .command('caseload')
    .description(
      'the caseload on the day (its first 1,000), ordered by release: held (default), release-passed (every release date passed, none recorded: check he has left) or released',
    )
    .option('--status <status>', 'held, release-passed or released', 'held')
    .action(
      withRuntime(async (rt, opts: { status: string }) => {
        const page = await rt.callTyped('caseload/query', { status: opts.status, limit: 1000 });
        if (rt.json) return rt.printJson(page);
        const lines = page.rows.map((r) => {
          const release = r.releaseDate
            ? `${formatUk(r.releaseDate)} ${r.releaseDateName}`
            : r.releaseCheck
              ? `Release date passed: check he has left (${r.releaseCheck.name} ${formatUk(r.releaseCheck.date)})`
              : r.releasedOn
                ? `released ${formatUk(r.releasedOn)}`
                : 'none to come';
          return `${r.prisonerNumber}  ${r.surname.toUpperCase()}, ${r.forenames}  ${release}  ${r.pomName ?? 'unallocated'}`;
        });
        lines.push(
          `${page.total} prisoner(s)${page.releasePassed ? `; ${page.releasePassed} held with every release date passed and no release recorded (--status release-passed)` : ''}`,
        );
        rt.out(lines.join('\n'));
      }),
    );

  program
    .command('release <prisonerNumber>')
    .description(
      'record that a prisoner left custody on a day: he leaves the caseload (case administrators, senior managers)',
    )
    .requiredOption('--on <date>', 'the day he left custody (YYYY-MM-DD)')
    .action(
      withRuntime(async (rt, prisonerNumber: string, opts: { on: string }) => {
        const done = await rt.callTyped('caseload/record-release', { prisonerNumber, on: opts.on });
        if (rt.json) return rt.printJson(done);
        rt.out(
          `${done.prisonerNumber} recorded as released on ${formatUk(done.releasedOn)}: he has left the caseload.`,
        );
      }),
    );

  program
    .command('backup')
    .description('write a consistent copy of the database')
    .requiredOption('--out <file>', 'where to write the backup')
    .action(
      withRuntime(async (rt, opts: { out: string }) => {
        const target = path.resolve(opts.out);
        if (target === path.resolve(rt.app.file))
          throw new CliError('--out must not be the database itself', 2);
        // Through the router, as the app's Back up button (anyone signed in; audited with who), into the named file.
        const made = await rt.call('app/back-up-now', { out: target });
        if (rt.json) rt.printJson({ file: made.file, bytes: made.bytes });
        else rt.out(`Backed up ${rt.app.file} to ${made.file}`);
      }),
    );
}

export function readInput(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(
      `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      1,
    );
  }
}
