import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliRuntime } from './runtime';

type WithRuntime = <A extends unknown[]>(fn: (rt: CliRuntime, ...args: A) => Promise<number | void>) => (...args: A) => Promise<void>;

const write = (file: string, base64: string) => { fs.writeFileSync(file, Buffer.from(base64, 'base64')); return file; };

export function registerHandoverPackCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('handover-pack <prisonerNumber>')
    .description('the handover pack for the COM: a PDF and the same content as JSON (OFFICIAL-SENSITIVE), recorded as an export')
    .requiredOption('--out <file.pdf>', 'where to write the PDF')
    .option('--json <file.json>', 'where to write the JSON (default: beside the PDF)')
    .option('--summary <text>', 'what the COM most needs to know, from the POM')
    .action(withRuntime(async (rt, prisonerNumber: string, opts: { out: string; json?: string; summary?: string }) => {
      const files = await rt.call('handoverPack.export', { prisonerNumber, summary: opts.summary ?? null });
      const pdf = write(path.resolve(opts.out), files.pdf.base64);
      const json = write(path.resolve(opts.json ?? opts.out.replace(/\.pdf$/i, '') + '.json'), files.json.base64);
      if (rt.json) return rt.printJson({ pdf, pdfSha256: files.pdf.sha256, json, jsonSha256: files.json.sha256 });
      rt.out(`Wrote ${pdf}\nWrote ${json}`);
    }));

  program
    .command('handover-packs')
    .description('every handover pack due (handover in the next weeks, no pack yet), one PDF and one JSON per prisoner')
    .option('--within-weeks <n>', 'handovers in the next this many weeks (default 8)', (v: string) => {
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 52) throw new CliError(`--within-weeks must be a whole number from 1 to 52, not "${v}"`, 2);
      return Number(v);
    }, 8)
    .requiredOption('--out-dir <dir>', 'the folder to write them into')
    .action(withRuntime(async (rt, opts: { withinWeeks: number; outDir: string }) => {
      const dir = path.resolve(opts.outDir);
      fs.mkdirSync(dir, { recursive: true });
      const packs = await rt.call('handoverPack.exportDue', { weeks: opts.withinWeeks });
      const written = packs.map((p) => ({ prisonerNumber: p.prisonerNumber, pdf: write(path.join(dir, p.pdf.fileName), p.pdf.base64), json: write(path.join(dir, p.json.fileName), p.json.base64) }));
      if (rt.json) return rt.printJson(written);
      rt.out([`${written.length} handover pack(s) written to ${dir}`, ...written.map((w) => `  ${w.prisonerNumber}  ${path.basename(w.pdf)}  ${path.basename(w.json)}`)].join('\n'));
    }));
}
