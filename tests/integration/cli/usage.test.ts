import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import { parseCli, runCli, type CliCall } from '../../../electron/cli';
import { openApp } from '../../../electron/app/omu-app';
import { tempDir, FIXED_TODAY, fixedClock } from '../../support/temp';
import { copyDemoDatabase, copySealed } from '../../support/demo-template';
import { run as runOperation } from '../../support/commands';
import { TEST_COST, signIn } from '../../support/sign-in';
import { DEMO_PASSWORD } from '../../../electron/domain/session/settings';

/**
 * Every usage line of the README's "Command line" block, run as written, with nothing optional, and with its options in
 * other orders (the global ones after the command, the command's own reversed, the global --json before the command):
 * each must work (issue 12, item 8: the global --json swallowed handover-pack's --json FILE).
 */
const README = fs.readFileSync(path.resolve('README.md'), 'utf8');
const block = README.slice(README.indexOf('## Command line')).split('```')[1]!;
const usages = block
  .split('\n')
  .filter((l) => l.startsWith('omu '))
  .map((l) => l.split(/\s{2,}/)[0]!.trim());

type Unit = { kind: 'word' | 'positional' | 'option'; tokens: string[]; optional: boolean; global: boolean };

/** The usage line as units: command words, positional arguments and options (with their values), optional or not. */
function parse(usage: string): Unit[] {
  const tokens = usage.replace(/\[/g, ' [ ').replace(/\]/g, ' ] ').split(/\s+/).filter(Boolean).slice(1);
  const units: Unit[] = [];
  let optional = false;
  let seenCommand = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '[') {
      optional = true;
      continue;
    }
    if (t === ']') {
      optional = false;
      continue;
    }
    if (t.startsWith('--')) {
      const next = tokens[i + 1];
      // An option takes the next word as its value unless it is a flag: --dry-run, and --json unless a file follows.
      const flag = t === '--dry-run' || (t === '--json' && !next?.startsWith('FILE'));
      const isValue = !flag && next !== undefined && next !== '[' && next !== ']' && !next.startsWith('--');
      units.push({
        kind: 'option',
        tokens: isValue ? [t, next!] : [t],
        optional,
        global: !seenCommand && t === '--db',
      });
      if (isValue) i++;
      continue;
    }
    if (/^[A-Z]/.test(t)) units.push({ kind: 'positional', tokens: [t], optional, global: false });
    else {
      units.push({ kind: 'word', tokens: [t], optional, global: false });
      seenCommand = true;
    }
  }
  return units;
}

describe('every documented usage of every omu command works, in any option order (issue 12, item 8)', () => {
  let dir: string;
  let template: string;
  let meetingId: string;
  let prisoner: string;
  let oneTimeCode: string;
  const files = () => ({
    caseloadCsv: path.join(dir, 'caseload.csv'),
    oasysCsv: path.join(dir, 'oasys.csv'),
    ppCsv: path.join(dir, 'pp.csv'),
  });

  beforeAll(async () => {
    dir = tempDir('omu-usage-');
    template = copyDemoDatabase(dir, 'template.sqlite');
    const app = openApp({
      dbFile: template,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    // Credentials, set explicitly: this computer account is bound to the demo's administrator (so the commands act as
    // Sam Noble, whose password, the demo's, they are given in OMU_PASSWORD for decisions of record); Tom Reid has a
    // one-time code to set his password with; jsmith is bound, to be unbound.
    const staffId = (name: string) => app.services.staff.findByName(name)!.id;
    await app.credentials.bind(os.userInfo().username, staffId('Sam Noble'), 'test setup', fixedClock());
    await app.credentials.bind('jsmith', staffId('Anna Patel'), 'test setup', fixedClock());
    // Issued on the real clock: the commands below run on it (--today fixes the date, not the clock), and a code issued
    // on the fixed day would have expired 72 hours later, whenever the suite runs after that.
    oneTimeCode = (await app.credentials.issueCode(staffId('Tom Reid'), 'test setup', new Date())).code;
    await signIn(app, 'Rachel Okoro', DEMO_PASSWORD);
    const meeting = await runOperation(app, 'irmt/create-meeting', {
      meetingDate: '2026-12-01',
      startTime: '14:00',
      place: 'Board room',
    });
    meetingId = meeting.id;
    prisoner = app.services.irmt.agenda('2026-12-01').items[0]!.prisonerNumber;
    await runOperation(app, 'irmt/record-minutes', {
      meetingId,
      prisonerNumber: prisoner,
      minutes: {
        discussion: 'Release address to confirm.',
        decisions: ['Continue monitoring'],
        comInvited: true,
        comAttended: false,
      },
    });
    await runOperation(app, 'categorisation/start-review', {
      prisonerNumber: prisoner,
      review: { reason: 'due', startedOn: FIXED_TODAY },
    });
    app.opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    app.close();
    // Each command line below runs on a copy of this file that carries its seal (copySealed), checked moments ago: a
    // copy is a new file, and each of the 82 copies' first opening checked every page of the same bytes again
    // (quick_check, 4 of the file's 14 CPU-seconds). The file is sealed as the app left it:
    expect(copySealed(template, path.join(dir, 'sealed.sqlite'))).toBe(true);
    fs.writeFileSync(
      files().caseloadCsv,
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nZ9999ZZ,TESTER,Usage,01/01/1980,determinate,01/01/2024\n',
    );
    fs.writeFileSync(
      files().oasysCsv,
      `prisoner_number,type,layer,completed_on,completed_by\n${prisoner},review,3,2026-11-01,prison\n`,
    );
    fs.writeFileSync(
      files().ppCsv,
      `prisoner_number,type,status,identified_on,grounds\n${prisoner},hppm,potential,2026-11-01,current offence\n`,
    );
  }, 180_000);

  /** A value for each placeholder, by the option or command it belongs to. */
  function valueFor(placeholder: string, option: string | null, run: string, command: string): string {
    if (option === '--db') return path.join(run, 'omu.sqlite');
    if (placeholder === 'A1234BC') return prisoner;
    if (placeholder === 'MEETING_ID') return meetingId;
    if (placeholder.includes('|')) return placeholder.split('|')[0]!;
    if (placeholder === 'FILE.csv')
      return command.includes('oasys')
        ? files().oasysCsv
        : command.includes('public-protection')
          ? files().ppCsv
          : files().caseloadCsv;
    if (placeholder === 'D')
      return option === '--date' && command.startsWith('irmt') ? '2026-12-01' : '2026-11-20';
    if (placeholder === 'DIR') return path.join(run, `dir${option}`);
    if (placeholder.startsWith('FILE'))
      return path.join(run, `out${option}${placeholder.slice(4) || '.bin'}`);
    if (placeholder === 'NAME' && command === 'password set') return 'Tom Reid';
    if (placeholder === 'NAME' && command === 'staff add') return 'New Person';
    return (
      (
        {
          DAYS: '56',
          NAME: 'Anna Patel',
          ACCOUNT: 'jsmith',
          EMAIL: 'new.person@justice.gov.uk',
          ROLE: 'pom',
          KIND: 'oasys-review',
          STATUS: 'overdue',
          TEXT: 'What the COM most needs to know',
        } as Record<string, string>
      )[placeholder] ?? placeholder
    );
  }

  const commandOf = (units: Unit[]) =>
    units
      .filter((u) => u.kind === 'word')
      .map((u) => u.tokens[0])
      .join(' ');

  /** The command line's words, its files in the folder `dirOfRun`. */
  function argsOf(units: Unit[], dirOfRun: string): string[] {
    const command = commandOf(units);
    return units.flatMap((u) =>
      u.tokens.map((t, n) =>
        n === 0 && u.kind !== 'positional'
          ? t
          : valueFor(t, u.kind === 'option' ? u.tokens[0]! : null, dirOfRun, command),
      ),
    );
  }

  /** The call the command line parses to (electron/cli.ts parseCli), with its files in one folder for every order. */
  async function parseCall(units: Unit[]): Promise<{ call: CliCall | null; output: string }> {
    let output = '';
    const write = (s: string) => {
      output += s;
    };
    const parsed = await parseCli([...argsOf(units, path.join(dir, 'run')), '--today', FIXED_TODAY], {
      stdout: write,
      stderr: write,
    });
    return { call: 'call' in parsed ? parsed.call : null, output };
  }

  async function run(
    units: Unit[],
    fresh: boolean,
  ): Promise<{ code: number; stdout: string; stderr: string; args: string[] }> {
    const dirOfRun = tempDir('omu-usage-run-');
    // Sealed at the real time: the app above ran on the fixed clock, the commands run on the real one.
    if (!fresh) copySealed(template, path.join(dirOfRun, 'omu.sqlite'), new Date());
    const command = commandOf(units);
    const args = argsOf(units, dirOfRun);
    let stdout = '';
    let stderr = '';
    // Only init creates a database; the demo goes into one that init made.
    if (fresh && command === 'demo')
      expect(
        await runCli(['--db', path.join(dirOfRun, 'omu.sqlite'), 'init'], {
          stdout: () => {},
          stderr: (e) => {
            stderr += e;
          },
          passwordHashCost: TEST_COST,
        }),
      ).toBe(0);
    const env = {
      OMU_PASSWORD: DEMO_PASSWORD,
      OMU_ONE_TIME_CODE: oneTimeCode,
      OMU_NEW_PASSWORD: 'lantern harbour seventeen',
    };
    // Passwords and codes set by these commands are hashed at the test cost (the full cost has its own test,
    // tests/integration/sign-in.test.ts, and the real `omu` keeps it: tests/integration/cli/sign-in-cli.test.ts).
    const code = await runCli([...args, '--today', FIXED_TODAY], {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      env,
      passwordHashCost: TEST_COST,
    });
    return { code, stdout, stderr, args };
  }

  /** The same units in other orders: nothing optional; globals after the command; the command's options reversed; --json first. */
  function orders(units: Unit[]): Unit[][] {
    const required = units.filter((u) => !u.optional);
    const words = units.filter((u) => u.kind !== 'option');
    const options = units.filter((u) => u.kind === 'option');
    const out = [
      units,
      required,
      [...words, ...options.reverse()],
      [...words, ...options.filter((u) => !u.global), ...options.filter((u) => u.global)],
    ];
    const jsonFlag = units.find(
      (u) => u.kind === 'option' && u.tokens.length === 1 && u.tokens[0] === '--json',
    );
    if (jsonFlag) out.push([jsonFlag, ...units.filter((u) => u !== jsonFlag)]);
    if (units.some((u) => u.tokens[0] === '--json' && u.tokens.length === 2))
      out.push([{ kind: 'option', tokens: ['--json'], optional: false, global: true }, ...units]);
    // An order that gives the same words in the same sequence as an earlier one is the same command line: run it once
    // (`omu --db FILE demo` has nothing optional and one option, so three of its four orders were two command lines).
    const seen = new Set<string>();
    return out.filter((order) => {
      const key = order.flatMap((u) => u.tokens).join('\u0000');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  it("the README's usage block lists every command of the caseload, due, IRMT, categorisation, release and handover pack groups", () => {
    expect(
      usages
        .map((u) =>
          parse(u)
            .filter((x) => x.kind === 'word')
            .map((x) => x.tokens[0])
            .join(' '),
        )
        .sort(),
    ).toEqual([
      'backup',
      'caseload',
      'categorisation',
      'demo',
      'due',
      'event add',
      'handover',
      'handover-pack',
      'handover-packs',
      'import caseload',
      'import oasys',
      'import public-protection',
      'init',
      'irmt agenda',
      'irmt minutes',
      'oasys add',
      'password change',
      'password set',
      'pp show',
      'prisoner',
      'release-plan',
      'releases',
      'staff add',
      'staff bind',
      'staff code',
      'staff list',
      'staff unbind',
      'whoami',
    ]);
  });

  for (const usage of usages) {
    it(
      usage.replace(/^omu --db FILE /, 'omu … '),
      async () => {
        const units = parse(usage);
        const command = units
          .filter((u) => u.kind === 'word')
          .map((u) => u.tokens[0])
          .join(' ');
        const fresh = command === 'init' || command === 'demo';
        // Each order is parsed; an order that parses to the same call as one already run (its options in another
        // order, the global ones before or after the command) does the same (electron/cli.ts parseCli), so only each
        // distinct call runs, and each PDF is made once.
        const ran: CliCall[] = [];
        for (const order of orders(units)) {
          const parsed = await parseCall(order);
          expect({
            args: argsOf(order, 'RUN').join(' '),
            output: parsed.output,
            parsed: !!parsed.call,
          }).toEqual({
            args: argsOf(order, 'RUN').join(' '),
            output: '',
            parsed: true,
          });
          if (ran.some((call) => isDeepStrictEqual(call, parsed.call))) continue;
          ran.push(parsed.call!);
          const r = await run(order, fresh);
          expect({ args: r.args.join(' '), code: r.code, stderr: r.stderr }).toEqual({
            args: r.args.join(' '),
            code: 0,
            stderr: '',
          });
          const jsonAsked = order.some((u) => u.tokens.length === 1 && u.tokens[0] === '--json');
          if (jsonAsked) expect(() => JSON.parse(r.stdout), r.args.join(' ')).not.toThrow();
          for (const [i, a] of r.args.entries()) {
            if (
              ['--out', '--pdf', '--out-dir'].includes(a) ||
              (a === '--json' && r.args[i + 1]?.endsWith('.json'))
            )
              expect(fs.existsSync(r.args[i + 1]!), `${a} ${r.args[i + 1]}`).toBe(true);
          }
        }
      },
      240_000,
    );
  }
});
