import type { Command } from 'commander';
import { CliError } from './errors';
import type { CliRuntime } from './runtime';

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

export function registerHandoverPackCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('handover-pack <prisonerNumber>')
    .description(
      'the handover pack for the COM: a PDF and the same content as JSON (OFFICIAL-SENSITIVE), recorded as an export',
    )
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--json <file.json>', 'where to write the JSON (default: beside the PDF)')
    .option('--summary <text>', 'what the COM most needs to know, from the POM')
    .action(
      withRuntime(
        async (rt, prisonerNumber: string, opts: { out: string; json?: string; summary?: string }) => {
          // Written first, recorded once both files are on disk.
          await rt.signIn(); // an export is recorded with who made it: as --as, or the person this account is bound to
          // Loaded here, not with the command list: the documents load with the services, after parsing (cli.ts).
          const { exportPackTo } = await import('../documents/actions');
          const r = await exportPackTo(
            { services: rt.app.services, app: rt.app },
            rt.app.context(),
            prisonerNumber,
            opts.summary ?? null,
            { pdf: opts.out, json: opts.json ?? opts.out.replace(/\.pdf$/i, '') + '.json' },
          );
          if (rt.json) return rt.printJson(r);
          rt.out(`Wrote ${r.pdf}\nWrote ${r.json}`);
        },
      ),
    );

  program
    .command('handover-packs')
    .description(
      'every handover pack due (handover in the next weeks, no pack yet), one PDF and one JSON per prisoner',
    )
    .option(
      '--within-weeks <n>',
      'handovers in the next this many weeks (default 8)',
      (v: string) => {
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 52)
          throw new CliError(`--within-weeks must be a whole number from 1 to 52, not "${v}"`, 2);
        return Number(v);
      },
      8,
    )
    .requiredOption('--out-dir <dir>', 'the folder to write them into')
    .action(
      withRuntime(async (rt, opts: { withinWeeks: number; outDir: string }) => {
        await rt.signIn();
        const [{ exportPacks }, { folderWriter }] = await Promise.all([
          import('../documents/actions'),
          import('../documents/delivery'),
        ]);
        const r = await exportPacks(
          { services: rt.app.services, app: rt.app },
          rt.app.context(),
          opts.withinWeeks,
          folderWriter(opts.outDir),
        );
        if (r.kind !== 'folder') throw new CliError('nothing was written', 1);
        if (rt.json) rt.printJson({ folder: r.where, written: r.written, notWritten: r.failed });
        else {
          rt.out(
            [
              `${r.written.length} handover pack(s) written to ${r.where}`,
              ...r.written.map((w) => `  ${w.prisonerNumber}  ${w.files.join('  ')}`),
              ...(r.failed.length
                ? [
                    `${r.failed.length} not written (not recorded as exported):`,
                    ...r.failed.map((f) => `  ${f.prisonerNumber}  ${f.name}: ${f.reason}`),
                  ]
                : []),
            ].join('\n'),
          );
        }
        return r.failed.length ? 1 : 0;
      }),
    );
}
