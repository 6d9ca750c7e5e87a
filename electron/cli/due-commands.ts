import type { Command } from 'commander';
import { CliError } from './errors';
import type { CliRuntime } from './runtime';
import { formatUk, parseDate } from '../domain/shared/dates';
import {
  DUE_KIND_KEYS,
  OWNER_ROLES,
  ownerLabel,
  type DueKind,
  type DueStatus,
  type OwnerRole,
} from '../domain/due/types';

const DUE_STATUSES = ['overdue', 'due-soon', 'upcoming'] as const;
const oneOf =
  <T extends string>(name: string, values: readonly T[]) =>
  (v: string): T => {
    if (!(values as readonly string[]).includes(v))
      throw new CliError(`${name} must be one of ${values.join(', ')}, not "${v}"`, 2);
    return v as T;
  };

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

const wholeNumber = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new CliError(`${name} must be a whole number of days, not "${v}"`, 2);
  return Number(v);
};
const dateOption = (name: string) => (v: string) => {
  const d = parseDate(v);
  if (!d) throw new CliError(`${name} must be a real date (YYYY-MM-DD or DD/MM/YYYY), not "${v}"`, 2);
  return d;
};

export function registerDueCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('due')
    .description('what is due: every obligation with its due date, status, owner and basis')
    .option(
      '--within <days>',
      'only items due within this many days of today (overdue items always included)',
      wholeNumber('--within'),
    )
    .option('--pom <name>', "only this POM's cases")
    .option(
      '--owner <role>',
      `only work owned by this role: ${OWNER_ROLES.join(' | ')}`,
      oneOf('--owner', OWNER_ROLES),
    )
    .option('--owned-by <name>', 'only the work this member of staff owns, as "My work" shows it')
    .option('--kind <kind>', 'only this kind (repeat for more)', (v: string, list: DueKind[] = []) => [
      ...list,
      oneOf('--kind', DUE_KIND_KEYS)(v),
    ])
    .option(
      '--status <status>',
      'only overdue, due-soon or upcoming items (repeat for more)',
      (v: string, list: DueStatus[] = []) => [...list, oneOf('--status', DUE_STATUSES)(v)],
    )
    .option('--prisoner <number>', "only this prisoner's items")
    .action(
      withRuntime(
        async (
          rt,
          opts: {
            within?: number;
            pom?: string;
            owner?: OwnerRole;
            ownedBy?: string;
            kind?: DueKind[];
            status?: DueStatus[];
            prisoner?: string;
          },
        ) => {
          const items = await rt.call('due/list', {
            within: opts.within,
            pomName: opts.pom,
            ownerRole: opts.owner,
            ownedBy: opts.ownedBy,
            kinds: opts.kind ?? [],
            statuses: opts.status ?? [],
            prisonerNumber: opts.prisoner,
          });
          if (rt.json) {
            rt.printJson(
              items.map((i) => ({
                id: i.id,
                prisonerNumber: i.prisonerNumber,
                kind: i.kind,
                dueDate: i.dueDate,
                status: i.status,
                basis: i.basis.sentence,
                title: i.title,
                pom: i.pomName,
                owner: i.owner,
              })),
            );
            return;
          }
          if (!items.length) return rt.out('Nothing due.');
          rt.out(
            items
              .map(
                (i) =>
                  `${formatUk(i.dueDate)}  ${i.status.padEnd(8)}  ${i.prisonerNumber}  ${i.kind.padEnd(24)}  ${ownerLabel(i.owner).padEnd(28)}  ${i.basis.sentence}`,
              )
              .join('\n'),
          );
        },
      ),
    );

  program
    .command('handover <prisonerNumber>')
    .description('POM-to-COM handover: responsibility today, dates, reason and basis')
    .action(
      withRuntime(async (rt, prisonerNumber: string) => {
        const { handover: h } = await rt.call('due/prisoner-obligations', { prisonerNumber });
        const out = {
          responsibility: h.responsibility,
          handoverDate: h.handoverDate,
          startDate: h.startDate,
          reason: h.reason,
          basis: h.basis.sentence,
        };
        if (rt.json) rt.printJson(out);
        else
          rt.out(
            `Responsibility: ${h.responsibility}\nHandover date: ${h.handoverDate ? formatUk(h.handoverDate) : 'none'}\nReason: ${h.reason}\n${h.basis.sentence}`,
          );
      }),
    );

  program
    .command('oasys')
    .description('OASys assessments')
    .command('add <prisonerNumber>')
    .description('record a completed OASys assessment')
    .requiredOption('--type <type>', 'initial | review | significant-change | pre-release')
    .requiredOption('--completed <date>', 'the date it was completed', dateOption('--completed'))
    .option('--layer <layer>', '1 or 3', '3')
    .option('--by <who>', 'prison or probation', 'prison')
    .action(
      withRuntime(
        async (
          rt,
          prisonerNumber: string,
          opts: { type: string; completed: string; layer: string; by: string },
        ) => {
          const a = await rt.callTyped('oasys/add-assessment', {
            prisonerNumber,
            assessment: {
              type: opts.type,
              completedOn: opts.completed,
              layer: Number(opts.layer),
              completedBy: opts.by,
            },
          });
          if (rt.json) rt.printJson(a);
          else
            rt.out(
              `Recorded ${a.type} OASys for ${prisonerNumber.toUpperCase()}, completed ${formatUk(a.completedOn)}`,
            );
        },
      ),
    );

  program
    .command('event')
    .description('significant events')
    .command('add <prisonerNumber>')
    .description('record a significant event (makes an OASys review due)')
    .requiredOption(
      '--type <type>',
      'recall | transfer-in | programme-completion | rosh-change | new-risk-information',
    )
    .requiredOption('--date <date>', 'the date it happened', dateOption('--date'))
    .action(
      withRuntime(async (rt, prisonerNumber: string, opts: { type: string; date: string }) => {
        const e = await rt.callTyped('oasys/add-event', {
          prisonerNumber,
          event: { type: opts.type, date: opts.date },
        });
        if (rt.json) rt.printJson(e);
        else rt.out(`Recorded ${e.type} on ${formatUk(e.date)} for ${prisonerNumber.toUpperCase()}`);
      }),
    );
}
