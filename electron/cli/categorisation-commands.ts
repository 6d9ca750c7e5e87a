import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliRuntime } from './runtime';
import { formatUk } from '../domain/shared/dates';

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

export function registerCategorisationCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('categorisation <prisonerNumber>')
    .description(
      'categorisation: the history of reviews, the next review due and its basis, and the record of progression',
    )
    .option('--pdf <file>', 'also write the latest review (OFFICIAL-SENSITIVE) to this file')
    .action(
      withRuntime(async (rt, prisonerNumber: string, opts: { pdf?: string }) => {
        const v = await rt.call('categorisation/show', { prisonerNumber });
        if (opts.pdf) {
          const file = await rt.call('categorisation/review-pdf', { prisonerNumber });
          fs.writeFileSync(path.resolve(opts.pdf), Buffer.from(file.base64, 'base64'));
        }
        const next = v.next.map((n) => ({ kind: n.kind, dueDate: n.dueDate, basis: n.basis.sentence }));
        if (rt.json) {
          rt.printJson({
            prisonerNumber: v.prisonerNumber,
            category: v.category,
            releasedOn: v.releasedOn,
            next,
            history: v.reviews.map((r) => ({
              id: r.id,
              reason: r.reason,
              status: r.status,
              startedOn: r.startedOn,
              categoriser: r.categoriser,
              currentCategory: r.currentCategory,
              proposedCategory: r.proposedCategory,
              completedOn: r.submittedOn,
              approvedOn: r.approvedOn,
              approvedBy: r.approver,
              approvedCategory: r.approvedCategory,
              nextReviewOn: r.nextReviewOn,
              sentBackMessage: r.sentBackMessage,
              cancelledOn: r.cancelledOn,
            })),
            dateChanges: v.dateChanges,
            progression: v.work.map((w) => ({
              kind: w.kind,
              work: w.work,
              suitability: w.suitability,
              unsuitableReason: w.unsuitableReason,
              status: w.status,
              startedOn: w.startedOn,
              endedOn: w.endedOn,
            })),
          });
          return;
        }
        rt.out(
          [
            `${v.prisonerNumber} ${v.name}: category ${v.category ?? 'not recorded'}${v.releasedOn ? `, released ${formatUk(v.releasedOn)}` : ''}`,
            ...(next.length
              ? next.map((n) => `Next: ${n.kind} ${formatUk(n.dueDate)}. ${n.basis}`)
              : ['Next: nothing due']),
            ...v.reviews.map(
              (r) =>
                `  ${formatUk(r.startedOn)}  ${r.status.padEnd(17)}  ${r.reason.padEnd(11)}  ${r.currentCategory ?? '-'} → ${r.approvedCategory ?? r.proposedCategory ?? '?'}  by ${r.categoriser}${r.approver ? `, approved by ${r.approver} ${formatUk(r.approvedOn)}` : ''}`,
            ),
            ...(opts.pdf ? [`Wrote ${path.resolve(opts.pdf)}`] : []),
          ].join('\n'),
        );
      }),
    );
}
