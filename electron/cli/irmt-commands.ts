import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from './errors';
import type { CliRuntime } from './runtime';
import { formatUk, parseDate } from '../domain/shared/dates';

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

export function registerIrmtCommands(program: Command, withRuntime: WithRuntime): void {
  const irmt = program.command('irmt').description('IRMT meetings');
  irmt
    .command('agenda')
    .description('the agenda for a meeting date: every prisoner who should be discussed, with the reasons')
    .requiredOption('--date <date>', 'the meeting date', (v: string) => {
      const d = parseDate(v);
      if (!d) throw new CliError(`--date must be a real date (YYYY-MM-DD or DD/MM/YYYY), not "${v}"`, 2);
      return d;
    })
    .option('--pdf <file>', 'also write the printable agenda (OFFICIAL-SENSITIVE) to this file')
    .action(
      withRuntime(async (rt, opts: { date: string; pdf?: string }) => {
        const agenda = await rt.call('irmt/agenda', { meetingDate: opts.date });
        if (opts.pdf) {
          const file = await rt.call('irmt/agenda-pdf', { meetingDate: opts.date });
          fs.writeFileSync(path.resolve(opts.pdf), Buffer.from(file.base64, 'base64'));
        }
        if (rt.json) {
          rt.printJson(
            agenda.items.map((i) => ({
              prisonerNumber: i.prisonerNumber,
              reasons: i.reasons,
              earliestRelease: i.earliestRelease?.date ?? null,
              rosh: i.rosh,
              mappaLevel: i.mappaLevel,
            })),
          );
          return;
        }
        rt.out(
          [
            `IRMT agenda for ${formatUk(opts.date)}: ${agenda.items.length} prisoner(s). ${agenda.basis}`,
            ...agenda.items.map(
              (i) =>
                `  ${i.earliestRelease ? formatUk(i.earliestRelease.date) : '          '}  ${i.prisonerNumber}  ${i.name}: ${i.reasons.join(', ')}`,
            ),
            ...(opts.pdf ? [`Wrote ${path.resolve(opts.pdf)}`] : []),
          ].join('\n'),
        );
      }),
    );

  irmt
    .command('minutes <meetingId>')
    .description(
      "one prisoner's minutes extract from a meeting, for his COM and the police (that prisoner only)",
    )
    .requiredOption('--prisoner <number>', 'the prisoner')
    .requiredOption('--pdf <file>', 'where to write the extract (OFFICIAL-SENSITIVE)')
    .option('--eml-dir <dir>', 'also write an e-mail draft (.eml) per recipient into this folder')
    .action(
      withRuntime(async (rt, meetingId: string, opts: { prisoner: string; pdf: string; emlDir?: string }) => {
        const files = await rt.call('irmt/extract-files', { meetingId, prisonerNumber: opts.prisoner });
        fs.writeFileSync(path.resolve(opts.pdf), Buffer.from(files.pdf.base64, 'base64'));
        const written = [path.resolve(opts.pdf)];
        if (opts.emlDir) {
          fs.mkdirSync(opts.emlDir, { recursive: true });
          for (const d of files.drafts) {
            const file = path.join(path.resolve(opts.emlDir), d.fileName);
            fs.writeFileSync(file, Buffer.from(d.base64, 'base64'));
            written.push(file);
          }
        }
        if (rt.json) rt.printJson({ written, recipients: files.drafts.map((d) => d.fileName) });
        else rt.out(written.map((w) => `Wrote ${w}`).join('\n'));
      }),
    );
}
