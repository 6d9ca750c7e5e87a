import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { handoverPackSchema, PACK_SECTIONS } from '../../electron/domain/handover-pack/model';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { run } from '../support/commands';
import { unzipSync } from 'fflate';
import { folderWriter, type ChooseFolder } from '../../electron/documents/delivery';
import { TEST_COST, signIn } from '../support/sign-in';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';

let app: OmuApp;
afterEach(() => app?.close());

/** Opens a database in `dir`: empty, or (`demo`) a copy of the run's demo caseload. */
function open(dir = tempDir(), chooseFolder?: ChooseFolder, demo = false) {
  app = openApp({
    dbFile: demo ? copyDemoDatabase(dir) : path.join(dir, 'omu.sqlite'),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    chooseFolder,
    passwordHashCost: TEST_COST,
  });
  return dir;
}
/** The browser's path: the pack comes back as two files, recorded only once the download is confirmed. */
async function exportPack(number: string, summary: string | null) {
  const r = await run(app, 'handover-pack/export', { prisonerNumber: number, summary });
  if (r.kind !== 'files') throw new Error(`expected two files, got ${r.kind}`);
  expect(app.services.handoverPacks.exports(number)).toEqual([]);
  expect(await run(app, 'handover-pack/confirm-download', { token: r.token })).toEqual({
    recorded: [number],
  });
  return { pdf: r.files[0]!, json: r.files[1]! };
}
function pdfText(dir: string, name: string, base64: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
  const perPage = Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-']).toString(),
  );
  return { file, pages, perPage, all: perPage.join('\n') };
}

describe('handover packs', () => {
  it('a full demo case: PDF and JSON from one model agree, every section present, marking and number on every page, nothing of another prisoner', async () => {
    const dir = open(undefined, undefined, true);
    await signIn(app, 'Anna Patel', DEMO_PASSWORD);
    // A case with something in every part the checks below read: MAPPA, a COM, a plan under way, OASys assessments.
    const number = app.services.due
      .releases(FIXED_TODAY, 26)
      .find(
        (r) =>
          r.mappaCategory &&
          r.done > 3 &&
          r.comName &&
          app.services.oasys.assessments(app.services.caseload.get(r.prisonerNumber).id).length > 0,
      )!.prisonerNumber;
    const others = app.services.caseload
      .query({ today: FIXED_TODAY }, { limit: 1000 })
      .rows.map((r) => r.prisonerNumber)
      .filter((n) => n !== number);
    const files = await exportPack(number, 'Main risk is to his former partner; exclusion zone needed.');
    const pack = handoverPackSchema.parse(
      JSON.parse(Buffer.from(files.json.base64, 'base64').toString('utf8')),
    );
    const { pages, perPage, all, file } = pdfText(dir, 'pack.pdf', files.pdf.base64);
    expect(pages).toBeGreaterThan(1);
    perPage.forEach((text, i) => {
      expect(text).toContain('OFFICIAL-SENSITIVE');
      expect(text).toContain(number);
      expect(text).toContain(`Page ${i + 1} of ${pages}`);
    });
    for (const s of PACK_SECTIONS) expect(all.replace(/\s+/g, ' ')).toContain(s.title);
    for (const other of others) expect(all).not.toContain(other);
    // The two files say the same things.
    const flat = all.replace(/\s+/g, ' ');
    expect(flat).toContain(pack.pomSummary!);
    expect(flat).toContain(pack.prisoner.name);
    expect(flat).toContain(`${pack.releasePlan.done} of ${pack.releasePlan.total} items done`);
    // Each loop below checks something: the case was chosen with plan items, assessments and a COM.
    expect(pack.releasePlan.items.length).toBeGreaterThan(3);
    for (const item of pack.releasePlan.items) expect(flat).toContain(item.item.slice(0, 30));
    const completed = pack.risk.oasys.filter((a) => a.completedOn);
    expect(completed.length).toBeGreaterThan(0);
    for (const a of completed) expect(flat).toContain(a.completedOn!.split('-').reverse().join('/'));
    expect(pack.contacts.com?.name).toMatch(/\w/);
    expect(flat).toContain(pack.contacts.com!.name);
    expect(pack.releasePlan.items.some((i) => i.outstanding)).toBe(true);
    expect(flat).toMatch(/\((OVERDUE|OUTSTANDING)\)/);
    // Recorded: files, checksums, who and when, in the export list and the audit log.
    const exported = app.services.handoverPacks.exports(number);
    expect(exported).toEqual([
      expect.objectContaining({
        exportedOn: FIXED_TODAY,
        exportedBy: 'Anna Patel',
        pdfFile: files.pdf.fileName,
        pdfSha256: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
        jsonSha256: files.json.sha256,
      }),
    ]);
    const audit = app.services.audit.list({ entity: 'document', limit: 2 }).map((a) => a.summary);
    expect(audit.join(' ')).toContain(
      `Exported the handover pack for ${number} as ${files.pdf.fileName} to the browser's downloads (OFFICIAL-SENSITIVE`,
    );
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    expect(fs.existsSync(path.join(dir, 'page-1.png'))).toBe(true);
  });

  it('a prisoner with no optional data: every section still prints and says what is missing', async () => {
    const dir = open();
    const pom = app.services.staff.insertUnchecked(app.context(), {
      name: 'Pat Pom',
      email: null,
      roles: ['pom'],
      active: true,
    });
    await signIn(app, pom.name);
    app.services.caseloadImport.commit(
      app.context(),
      'c.csv',
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nZ9999ZZ,EMPTY,Eddie,01/01/1990,determinate,01/06/2026\n',
    );
    const files = await exportPack('Z9999ZZ', null);
    const { all } = pdfText(dir, 'empty.pdf', files.pdf.base64);
    const flat = all.replace(/\s+/g, ' ');
    for (const s of PACK_SECTIONS) expect(flat).toContain(s.title);
    for (const sentence of [
      'No summary was written by the POM',
      'No COM allocated',
      'No release date to come',
      'No OASys assessments recorded.',
      'No public protection status recorded.',
      'No monitoring decision recorded',
      'No child contact applications recorded.',
      'No categorisation reviews recorded',
      'No programmes or other work recorded.',
      'No significant events recorded.',
      'has not been discussed at an IRMT meeting',
      'No open IRMT actions.',
      'No release plan: no release date is recorded.',
    ]) {
      expect(flat).toContain(sentence);
    }
    expect(
      handoverPackSchema.safeParse(JSON.parse(Buffer.from(files.json.base64, 'base64').toString())).success,
    ).toBe(true);
  });

  it('packs due: the batch writes one .zip holding exactly the packs it lists; they are recorded once the download is confirmed, and a pack that fails is named and not recorded', async () => {
    open(undefined, undefined, true);
    await signIn(app, 'Anna Patel', DEMO_PASSWORD);
    const due = app.services.handoverPacks.due(FIXED_TODAY, 8);
    expect(due.length).toBeGreaterThan(2);
    for (const r of due) expect(r.handoverDate >= FIXED_TODAY && r.handoverDate <= '2027-01-17').toBe(true);
    // One prisoner's pack cannot be built (his IRMT minutes are unreadable).
    const broken = due[1]!;
    await signIn(app, 'Rachel Okoro', DEMO_PASSWORD);
    const meeting = await run(app, 'irmt/create-meeting', {
      meetingDate: '2026-11-20',
      startTime: '10:00',
      place: 'OMU',
    });
    await run(app, 'irmt/record-minutes', {
      meetingId: meeting.id,
      prisonerNumber: broken.prisonerNumber,
      minutes: { discussion: 'Release address discussed.', decisions: ['Refer to MAPPA'] },
    });
    await signIn(app, 'Anna Patel', DEMO_PASSWORD);
    app.opened.sqlite.prepare("UPDATE irmt_minutes SET decisions = 'not json'").run();

    const batch = await run(app, 'handover-pack/export-due', { weeks: 8 });
    if (batch.kind !== 'download') throw new Error(batch.kind);
    expect(batch.failed).toEqual([
      {
        prisonerNumber: broken.prisonerNumber,
        name: broken.name,
        reason: expect.stringContaining('the pack could not be built'),
      },
    ]);
    // Not JSON.parse's message, which quotes the damaged row ("not json" is not valid JSON): its log entry's reference.
    const reason = batch.failed[0]!.reason;
    expect(reason).not.toContain('not json');
    const reference = /reference (E-[0-9A-F]{8})/.exec(reason)?.[1];
    expect(reference, reason).toBeDefined();
    expect(fs.readFileSync(app.errorLog.file, 'utf8')).toContain(`${reference} handover pack: SyntaxError`);
    const listed = due.filter((r) => r !== broken).map((r) => r.prisonerNumber);
    expect(batch.written.map((w) => w.prisonerNumber)).toEqual(listed);
    const zip = unzipSync(Buffer.from(batch.file.base64, 'base64'));
    const names = Object.keys(zip)
      .map((n) => n.replace('omu-handover-packs-2026-11-22/', ''))
      .sort();
    expect(names).toEqual([...batch.written.flatMap((w) => w.files), 'manifest.json'].sort());
    const manifest = JSON.parse(Buffer.from(zip['omu-handover-packs-2026-11-22/manifest.json']!).toString());
    expect(manifest.notWritten.map((f: { prisonerNumber: string }) => f.prisonerNumber)).toEqual([
      broken.prisonerNumber,
    ]);
    for (const p of manifest.packs)
      for (const f of p.files)
        expect(
          crypto.createHash('sha256').update(zip[`omu-handover-packs-2026-11-22/${f.name}`]!).digest('hex'),
        ).toBe(f.sha256);
    // Nothing recorded until the browser has the file.
    expect(app.services.handoverPacks.due(FIXED_TODAY, 8)).toEqual(due);
    expect((await run(app, 'handover-pack/confirm-download', { token: batch.token })).recorded).toEqual(
      listed,
    );
    expect(app.services.handoverPacks.due(FIXED_TODAY, 8).map((r) => r.prisonerNumber)).toEqual([
      broken.prisonerNumber,
    ]);
    expect(app.services.handoverPacks.exports(broken.prisonerNumber)).toEqual([]);
    await expect(run(app, 'handover-pack/confirm-download', { token: batch.token })).rejects.toThrow(
      'no longer waiting',
    );
  }, 120_000);

  it('into a folder (the desktop app, the command line): each pack recorded once both files are written; one that cannot be written is named, its other file taken back, and not recorded', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'packs');
    const asked: (string | null)[] = [];
    let cancel = false;
    open(
      dir,
      async (subfolder) => {
        asked.push(subfolder);
        return cancel ? null : folderWriter(path.join(out, subfolder ?? ''));
      },
      true,
    );
    await signIn(app, 'Anna Patel', DEMO_PASSWORD);
    const due = app.services.handoverPacks.due(FIXED_TODAY, 8);
    const batchDir = path.join(out, 'omu-handover-packs-2026-11-22');
    const blocked = due[0]!;
    const blocker = `omu-handover-pack-${blocked.prisonerNumber}-2026-11-22.json`;
    fs.mkdirSync(path.join(batchDir, blocker), { recursive: true });
    const r = await run(app, 'handover-pack/export-due', { weeks: 8 });
    expect(asked).toEqual(['omu-handover-packs-2026-11-22']);
    if (r.kind !== 'folder') throw new Error(r.kind);
    expect(r.where).toBe(batchDir);
    expect(r.failed).toEqual([
      {
        prisonerNumber: blocked.prisonerNumber,
        name: blocked.name,
        reason: 'not written: a folder of that name is in the way',
      },
    ]);
    expect(r.written.map((w) => w.prisonerNumber)).toEqual(due.slice(1).map((d) => d.prisonerNumber));
    expect(fs.readdirSync(batchDir).sort()).toEqual([...r.written.flatMap((w) => w.files), blocker].sort());
    for (const w of r.written) {
      const [x] = app.services.handoverPacks.exports(w.prisonerNumber);
      expect(x!.pdfSha256).toBe(
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(batchDir, w.files[0]!)))
          .digest('hex'),
      );
    }
    // Each pack of the batch (its due items worked out together with the others') is the pack built alone.
    for (const w of r.written)
      expect(JSON.parse(fs.readFileSync(path.join(batchDir, w.files[1]!), 'utf8'))).toEqual(
        JSON.parse(JSON.stringify(app.services.handoverPacks.build(app.context(), w.prisonerNumber, null))),
      );
    expect(app.services.handoverPacks.exports(blocked.prisonerNumber)).toEqual([]);
    expect(app.services.handoverPacks.due(FIXED_TODAY, 8).map((d) => d.prisonerNumber)).toEqual([
      blocked.prisonerNumber,
    ]);
    // Cancelling the folder dialog writes and records nothing.
    const audited = app.services.audit.list({ entity: 'document', limit: 1000 }).length;
    expect(audited).toBe(r.written.length * 2);
    expect(app.services.audit.list({ entity: 'document', limit: 1 })[0]!.summary).toContain(
      `to ${batchDir} (OFFICIAL-SENSITIVE`,
    );
    cancel = true;
    expect(await run(app, 'handover-pack/export-due', { weeks: 8 })).toEqual({ kind: 'cancelled' });
    expect(
      await run(app, 'handover-pack/export', { prisonerNumber: blocked.prisonerNumber, summary: null }),
    ).toEqual({ kind: 'cancelled' });
    expect(app.services.audit.list({ entity: 'document', limit: 1000 })).toHaveLength(audited);
  }, 120_000);
});
