import path from 'node:path';
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
          const pdf = path.resolve(opts.out);
          const json = path.resolve(opts.json ?? opts.out.replace(/\.pdf$/i, '') + '.json');
          if (path.dirname(json) !== path.dirname(pdf))
            throw new CliError('--json must be in the same folder as --out', 2);
          // Through the router, as the app's Export button: the pack goes into the folder of --out (the app asks for
          // one with a dialog) and is recorded, with who made it, once both files are written.
          const { folderWriter } = await import('../documents/delivery');
          rt.writeInto(folderWriter(path.dirname(pdf)));
          const r = await rt.call('handover-pack/export', {
            prisonerNumber,
            summary: opts.summary ?? null,
            fileNames: { pdf: path.basename(pdf), json: path.basename(json) },
          });
          if (r.kind !== 'folder') throw new CliError('nothing was written', 1);
          if (r.failed.length) throw new CliError(r.failed.map((f) => f.reason).join('; '), 1);
          if (rt.json) return rt.printJson({ pdf, json });
          rt.out(`Wrote ${pdf}\nWrote ${json}`);
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
        // Through the router, as the app's button: into --out-dir (the app asks for a folder with a dialog).
        const { folderWriter } = await import('../documents/delivery');
        rt.writeInto(folderWriter(opts.outDir));
        const r = await rt.call('handover-pack/export-due', { weeks: opts.withinWeeks });
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
