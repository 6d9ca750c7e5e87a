import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { pdfPages } from '../support/pdf';
import { run } from '../support/commands';
import { TEST_COST, signIn } from '../support/sign-in';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import {
  DUE_KIND_LABELS,
  OWNER_ROLE_LABELS,
  type DueKind,
  type OwnerRole,
} from '../../electron/domain/due/types';

/**
 * Every figure on the printed summaries (issue 19, item 3), read back from the PDF with pdftotext and compared with a
 * count made here, independently of the code that printed it: from `omu due --json` run as a real process, and from the
 * database. The statuses are worked out here from each item's due date (overdue before today, due soon up to 14 days
 * on), so a PDF whose columns count the wrong items, or print zeros, or a due list that files an item under the wrong
 * status, all differ from this count.
 */

const BIN = path.resolve('bin/omu.mjs');
type Status = 'overdue' | 'due-soon' | 'upcoming';
interface CliItem {
  id: string;
  prisonerNumber: string;
  kind: DueKind;
  dueDate: string;
  status: Status;
  pom: string | null;
  owner: { role: OwnerRole; staffName: string | null };
}

/** Calendar arithmetic of its own (UTC days), not the production addDays. */
const plusDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const statusOn = (dueDate: string, today: string): Status =>
  dueDate < today ? 'overdue' : dueDate <= plusDays(today, 14) ? 'due-soon' : 'upcoming';

/** The label the printed summary groups an owner under: the unit's staff by name, COMs and people named in actions by role. */
function ownerRow(o: CliItem['owner']): string {
  if (o.role === 'com') return 'COM (any)';
  if (o.role === 'other') return OWNER_ROLE_LABELS.other;
  if (o.staffName) return `${OWNER_ROLE_LABELS[o.role]}: ${o.staffName}`;
  return o.role === 'pom' ? 'POM: not recorded' : OWNER_ROLE_LABELS[o.role];
}

/** Every row the summary should print, label → [overdue, due soon, later], counted from the CLI's items. */
function expectedRows(items: readonly CliItem[]): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  const add = (label: string, s: Status) => {
    const r = rows.get(label) ?? [0, 0, 0];
    r[s === 'overdue' ? 0 : s === 'due-soon' ? 1 : 2]!++;
    rows.set(label, r);
  };
  for (const i of items) {
    const s = statusOn(i.dueDate, FIXED_TODAY);
    add('All items', s);
    add(ownerRow(i.owner), s);
    add(DUE_KIND_LABELS[i.kind], s);
  }
  return rows;
}

/** Every table row of the printed summary: a label and three whole numbers, as pdftotext -layout lays them out. */
function printedRows(text: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\S.*?)\s{2,}(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(line);
    if (!m) continue;
    expect(rows.has(m[1]!), `"${m[1]}" printed twice`).toBe(false);
    rows.set(m[1]!, [Number(m[2]), Number(m[3]), Number(m[4])]);
  }
  return rows;
}

const sorted = (m: Map<string, number[]>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

describe('Printed figures checked whole against an independent count', () => {
  let app: OmuApp;
  let dbFile: string;
  let items: CliItem[];
  beforeAll(async () => {
    dbFile = copyDemoDatabase(tempDir());
    app = openApp({
      dbFile,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    // The due list as the command line prints it, from a real process on the same file.
    const r = spawnSync(
      process.execPath,
      [BIN, '--db', dbFile, '--today', FIXED_TODAY, '--as', 'Rachel Okoro', '--json', 'due'],
      {
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, OMU_PASSWORD: DEMO_PASSWORD },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    items = JSON.parse(r.stdout) as CliItem[];
    await signIn(app, 'Rachel Okoro', DEMO_PASSWORD);
  });
  afterAll(() => app.close());

  it('the CLI list is big enough for the comparisons to mean something, and its statuses agree with the due dates', () => {
    expect(items.length).toBeGreaterThan(200);
    for (const s of ['overdue', 'due-soon', 'upcoming'] as const)
      expect(items.filter((i) => statusOn(i.dueDate, FIXED_TODAY) === s).length).toBeGreaterThan(10);
    const wrong = items
      .filter((i) => i.status !== statusOn(i.dueDate, FIXED_TODAY))
      .map((i) => `${i.id} ${i.dueDate} ${i.status}`);
    expect(wrong).toEqual([]);
  });

  async function summaryRows(
    view: Record<string, unknown>,
  ): Promise<{ text: string; rows: Map<string, number[]> }> {
    const file = await run(app, 'due/overdue-summary-pdf', view);
    const text = pdfPages(Buffer.from(file.base64, 'base64')).join('\n');
    return { text, rows: printedRows(text) };
  }

  it('the What is due summary for the whole unit: every total, every owner and every kind, in every column', async () => {
    const { text, rows } = await summaryRows({});
    // pdftotext wraps the narrow column headings onto a second line.
    expect(text).toMatch(
      /Total\s{2,}Overdue\s{2,}Due within 14\s{2,}Due later in the\s*\n\s+days\s{2,}period/,
    );
    const expected = expectedRows(items);
    // Every POM of the unit has a row, and the columns are not all alike (a column of zeros would show here).
    const pomRows = [...expected.keys()].filter((k) => k.startsWith('POM: ') && k !== 'POM: not recorded');
    expect(pomRows.length).toBeGreaterThan(4);
    for (const col of [0, 1, 2])
      expect(pomRows.filter((k) => expected.get(k)![col]! > 0).length).toBeGreaterThan(2);
    expect(sorted(rows)).toEqual(sorted(expected));
  });

  it("the summary for 8 weeks of POM work, and for each POM's own cases, counts exactly what the CLI lists", async () => {
    const until = plusDays(FIXED_TODAY, 56);
    const eightWeeks = await summaryRows({ within: 56, ownerRole: 'pom' });
    expect(eightWeeks.text).toMatch(/Overdue\s{2,}Due within 14\s{2,}Due within 8\s*\n\s+days\s{2,}weeks/);
    expect(sorted(eightWeeks.rows)).toEqual(
      sorted(expectedRows(items.filter((i) => i.owner.role === 'pom' && i.dueDate <= until))),
    );

    const poms = [...new Set(items.map((i) => i.pom).filter((p): p is string => p !== null))].sort();
    expect(poms.length).toBeGreaterThan(4);
    for (const pom of poms) {
      const { rows } = await summaryRows({ pomName: pom });
      expect(sorted(rows), `the summary for ${pom}'s cases`).toEqual(
        sorted(expectedRows(items.filter((i) => i.pom === pom))),
      );
    }
  });

  it("the releases report: each prisoner's plan progress and overdue items, and the counts above the table", async () => {
    const weeks = 26;
    const file = await run(app, 'release-planning/releases-pdf', { weeks });
    const text = pdfPages(Buffer.from(file.base64, 'base64')).join('\n');
    const db = new Database(dbFile, { readonly: true });
    try {
      // Rows: "dd/mm/yyyy   NAME, Forenames ...   done of total   overdue", then "(CRD)   A1234BC".
      const lines = text.split('\n');
      const printed = new Map<string, { done: number; total: number; overdue: number; release: string }>();
      for (const [n, line] of lines.entries()) {
        const m = /^\s*(\d\d)\/(\d\d)\/(\d{4})\s.*?\s(\d+) of (\d+)\s+(\d+)/.exec(line);
        if (!m) continue;
        // The next line holds it, unless the row breaks across a page: then the first line of the next page's part.
        const number = lines
          .slice(n + 1, n + 15)
          .map((l) => /^\s*\(\w+\)\s+([A-Z]\d{4}[A-Z]{2})\b/.exec(l)?.[1])
          .find(Boolean);
        expect(number, `the prisoner number under "${line.trim()}"`).toBeDefined();
        printed.set(number!, {
          release: `${m[3]}-${m[2]}-${m[1]}`,
          done: Number(m[4]),
          total: Number(m[5]),
          overdue: Number(m[6]),
        });
      }
      expect(printed.size).toBeGreaterThan(10);
      const until = plusDays(FIXED_TODAY, weeks * 7);
      // The plan's open items are on the due list as release plan items, but for the MAPPA confirmation, listed under its own kind.
      const planKinds: DueKind[] = ['release-plan-item', 'mappa-level-confirmation'];
      const overdueItems = (pn: string) =>
        items.filter(
          (i) =>
            i.prisonerNumber === pn &&
            planKinds.includes(i.kind) &&
            statusOn(i.dueDate, FIXED_TODAY) === 'overdue',
        ).length;
      for (const [pn, row] of printed) {
        expect(row.release >= FIXED_TODAY && row.release <= until, `${pn} releases ${row.release}`).toBe(
          true,
        );
        // The plan counted item by item from the plan's own list (a done item has a completion or is marked done).
        const plan = (await run(app, 'release-planning/show', { prisonerNumber: pn })).plan!;
        expect({ pn, done: row.done, total: row.total }).toEqual({
          pn,
          done: plan.items.filter((i: { status: string }) => i.status === 'done').length,
          total: plan.items.filter((i: { status: string }) => i.status !== 'not-applicable').length,
        });
        // Overdue: the plan items the due list (the CLI) shows as overdue for him.
        expect({ pn, overdue: row.overdue }).toEqual({ pn, overdue: overdueItems(pn) });
      }
      expect([...printed.values()].some((r) => r.overdue > 0)).toBe(true);
      // Nobody releasing in the period is left off: every prisoner with a release plan item due on the CLI whose release
      // (as the database records the list's release date) falls in the period is printed.
      const releasing = db
        .prepare(
          'SELECT prisoner_number AS pn, com_name AS com FROM prisoners WHERE released_on IS NULL AND list_release_date BETWEEN ? AND ?',
        )
        .all(FIXED_TODAY, until) as { pn: string; com: string | null }[];
      const withPlanItems = new Set(
        items.filter((i) => i.kind === 'release-plan-item').map((i) => i.prisonerNumber),
      );
      for (const p of releasing.filter((x) => withPlanItems.has(x.pn)))
        expect(printed.has(p.pn), `${p.pn} releases in the period`).toBe(true);
      const com = new Map(
        (
          db.prepare('SELECT prisoner_number AS pn, com_name AS com FROM prisoners').all() as {
            pn: string;
            com: string | null;
          }[]
        ).map((p) => [p.pn, p.com]),
      );
      const withOverdue = [...printed.keys()].filter((pn) => overdueItems(pn) > 0).length;
      const noCom = [...printed.keys()].filter((pn) => !com.get(pn)).length;
      expect(text.replace(/\s+/g, ' ')).toContain(
        `${printed.size} prisoner(s); ${withOverdue} with overdue items; ${noCom} with no COM.`,
      );
    } finally {
      db.close();
    }
  });

  it("the IRMT agenda: the count, and each prisoner's release, RoSH, MAPPA and open actions as the database holds them", async () => {
    const meetingDate = '2026-12-01';
    const file = await run(app, 'irmt/agenda-pdf', { meetingDate });
    const pages = pdfPages(Buffer.from(file.base64, 'base64'));
    const text = pages.join('\n');
    const blocks = [...text.matchAll(/^\s*(.+?) · ([A-Z]\d{4}[A-Z]{2})\s*$/gm)].map((m) => m[2]!);
    expect(new Set(blocks).size).toBe(blocks.length);
    expect(blocks.length).toBeGreaterThan(10);
    expect(text).toContain(`${blocks.length} prisoners on the agenda.`);
    // The same prisoners as the command line's agenda, a separate process.
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        '--db',
        dbFile,
        '--today',
        FIXED_TODAY,
        '--as',
        'Rachel Okoro',
        'irmt',
        'agenda',
        '--date',
        meetingDate,
        '--json',
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, OMU_PASSWORD: DEMO_PASSWORD },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect([...blocks].sort()).toEqual(
      (JSON.parse(r.stdout) as { prisonerNumber: string }[]).map((i) => i.prisonerNumber).sort(),
    );

    const db = new Database(dbFile, { readonly: true });
    try {
      const risk: Record<string, string> = {
        low: 'low',
        medium: 'medium',
        high: 'high',
        'very-high': 'very high',
      };
      const uk = (iso: string) => iso.split('-').reverse().join('/');
      const flat = text.replace(/\s+/g, ' ');
      // Everyone with an open action is on it (a criterion simple enough to count here).
      const withActions = db
        .prepare(
          `SELECT DISTINCT p.prisoner_number AS pn FROM irmt_actions a JOIN prisoners p ON p.id = a.prisoner_id
        WHERE a.completed_on IS NULL AND p.released_on IS NULL`,
        )
        .all() as { pn: string }[];
      for (const a of withActions) expect(blocks).toContain(a.pn);
      for (const [n, pn] of blocks.entries()) {
        const p = db
          .prepare(
            `SELECT id, rosh, mappa_category AS cat, mappa_level AS level, conditional_release_date AS crd, automatic_release_date AS ard,
          parole_eligibility_date AS ped, tariff_expiry_date AS ted, hdc_eligibility_date AS hdced, target_hearing_date AS thd FROM prisoners WHERE prisoner_number = ?`,
          )
          .get(pn) as Record<string, string | number | null>;
        const block = flat.slice(
          flat.indexOf(`· ${pn}`),
          n + 1 < blocks.length ? flat.indexOf(`· ${blocks[n + 1]}`) : undefined,
        );
        expect(block, pn).toContain(`RoSH ${p.rosh ? risk[p.rosh as string] : 'not recorded'}`);
        expect(block, pn).toContain(
          `MAPPA ${p.cat ? `category ${p.cat}, ${p.level ? `level ${p.level}` : 'level NOT SET'}` : 'none'}`,
        );
        // The earliest release still to come; past his tariff, the target hearing date stands in.
        const tariffPassed = !p.ted || (p.ted as string) < meetingDate;
        const release = (['crd', 'ard', 'ped', 'ted', 'hdced', 'thd'] as const)
          .filter((k) => k !== 'thd' || tariffPassed)
          .map((k) => p[k] as string | null)
          .filter((d): d is string => !!d && d >= meetingDate)
          .sort()[0];
        if (release) expect(block, pn).toMatch(new RegExp(`Release: ${uk(release)} \\(`));
        const actions = db
          .prepare('SELECT due_on AS due FROM irmt_actions WHERE prisoner_id = ? AND completed_on IS NULL')
          .all(p.id) as { due: string }[];
        expect((block.match(/, due \d\d\/\d\d\/\d{4}\)/g) ?? []).length, `${pn}'s open actions`).toBe(
          actions.length,
        );
        for (const a of actions) expect(block).toContain(`due ${uk(a.due)})`);
      }
    } finally {
      db.close();
    }
  });
});
