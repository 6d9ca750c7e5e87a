import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from './errors';
import type { CliRuntime } from './runtime';
import { formatUk } from '../domain/shared/dates';

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

export function registerReleaseCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('release-plan <prisonerNumber>')
    .description(
      "a prisoner's release plan: each item's key, owner, due date and status, and the plan's warnings",
    )
    .action(
      withRuntime(async (rt, prisonerNumber: string) => {
        const v = await rt.call('release-planning/show', { prisonerNumber });
        const plan = v.plan;
        if (rt.json) {
          rt.printJson({
            prisonerNumber: v.prisonerNumber,
            facts: v.facts,
            plan: plan && {
              releaseDate: plan.releaseDate,
              releaseName: plan.releaseName,
              startsOn: plan.startsOn,
              started: plan.started,
              done: plan.done,
              total: plan.total,
              overdue: plan.overdue,
              warnings: plan.warnings,
              basis: plan.basis.sentence,
              items: plan.items.map((i) => ({
                key: i.key,
                label: i.label,
                owner: i.owner,
                dueDate: i.dueDate,
                status: i.status,
                overdue: i.overdue,
                note: i.note,
                completedOn: i.completedOn,
                completedBy: i.completedBy,
                basis: i.basis.sentence,
              })),
              notApplicable: plan.notApplicable,
            },
          });
          return;
        }
        if (!plan)
          return rt.out(`${v.prisonerNumber} ${v.name}: no release plan (no release date, or released).`);
        rt.out(
          [
            `${v.prisonerNumber} ${v.name}: release ${formatUk(plan.releaseDate)} (${plan.releaseName}); ${plan.done} of ${plan.total} done, ${plan.overdue} overdue. ${plan.basis.sentence}`,
            ...plan.warnings.map((w) => `WARNING: ${w}`),
            ...plan.items.map(
              (i) =>
                `  ${formatUk(i.dueDate)}  ${i.status.padEnd(14)}${i.overdue ? ' OVERDUE' : '        '}  ${i.owner.padEnd(18)}  ${i.key}`,
            ),
          ].join('\n'),
        );
      }),
    );

  program
    .command('releases')
    .description(
      'every prisoner releasing in the next weeks with his plan progress, overdue items and missing COM',
    )
    .option(
      '--weeks <n>',
      'how many weeks ahead (default 26)',
      (v: string) => {
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 104)
          throw new CliError(`--weeks must be a whole number from 1 to 104, not "${v}"`, 2);
        return Number(v);
      },
      26,
    )
    .option('--pdf <file>', 'also write the printable list (OFFICIAL-SENSITIVE) to this file')
    .action(
      withRuntime(async (rt, opts: { weeks: number; pdf?: string }) => {
        const rows = await rt.call('release-planning/list-releases', { weeks: opts.weeks });
        if (opts.pdf) {
          const file = await rt.call('release-planning/releases-pdf', { weeks: opts.weeks });
          fs.writeFileSync(path.resolve(opts.pdf), Buffer.from(file.base64, 'base64'));
        }
        if (rt.json) return rt.printJson(rows);
        rt.out(
          [
            `${rows.length} release(s) in the next ${opts.weeks} weeks`,
            ...rows.map(
              (r) =>
                `  ${formatUk(r.releaseDate)}  ${r.prisonerNumber}  ${r.name.padEnd(28)}  ${r.done}/${r.total} done  ${r.overdue} overdue  ${r.comName ? `COM ${r.comName}` : 'NO COM'}`,
            ),
            ...(opts.pdf ? [`Wrote ${path.resolve(opts.pdf)}`] : []),
          ].join('\n'),
        );
      }),
    );
}
