import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { run } from '../support/commands';
import { API_CHANNEL, registerIpcDoor } from '../../electron/app/ipc-door';
import { startHttpDoor } from '../../electron/api/http-door';
import { RENDERER_URL } from '../../electron/app/protocol';

import { TEST_COST, signIn } from '../support/sign-in';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import { emptyDatabase } from '../support/empty-database';

let app: OmuApp;
afterEach(() => app?.close());

async function setup() {
  app = openApp({
    dbFile: emptyDatabase(),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  const s = app.services;
  s.staff.create(app.context(), { name: 'Ada Admin', email: null, roles: ['administrator'], active: true });
  const people = {
    manager: s.staff.insertUnchecked(app.context(), {
      name: 'Maggie Manager',
      email: null,
      roles: ['senior-manager'],
      active: true,
    }),
    pom: s.staff.insertUnchecked(app.context(), {
      name: 'Pat Pom',
      email: null,
      roles: ['pom'],
      active: true,
    }),
    clerk: s.staff.insertUnchecked(app.context(), {
      name: 'Cathy Clerk',
      email: null,
      roles: ['case-administrator'],
      active: true,
    }),
  };
  const as = (who: keyof typeof people) => signIn(app, people[who].name);
  await as('pom');
  s.caseloadImport.commit(
    app.context(),
    'c.csv',
    'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2028\n',
  );
  return { router: createRouter(app, 'http'), as };
}
const kinds = () =>
  app.services.due
    .list(FIXED_TODAY, {
      prisonerNumber: 'A1111AA',
      kinds: ['pp-assessment', 'monitoring-review', 'monitoring-decision'],
    })
    .map((i) => `${i.kind} ${i.dueDate}`);

describe('public protection on a real database', () => {
  it('potential, confirmed, authorised by a manager, reviewed by a POM: each step moves what is due and is audited', async () => {
    const { as } = await setup();
    const { id: statusId } = await run(app, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: {
        type: 'pprc',
        status: 'potential',
        identifiedOn: '2026-11-22',
        groundsWiderInformation: true,
        summary: 'Police intelligence about contact with children',
      },
    });
    expect(kinds()).toEqual(['pp-assessment 2026-12-20']);
    await run(app, 'public-protection/confirm-status', { statusId, confirmedOn: '2026-11-22' });
    expect(kinds()).toEqual(['monitoring-decision 2026-11-27']);
    await expect(
      run(app, 'public-protection/authorise-monitoring', {
        prisonerNumber: 'A1111AA',
        authorisation: {
          means: 'phone',
          basis: 'offence-related',
          reasons: 'Offence against a child known to him',
          necessityAndProportionality: 'Necessary to protect the victim; phone only',
          authorisedOn: '2026-11-22',
        },
      }),
    ).rejects.toThrow(/Only a senior manager \/ head of OMU can authorise mail or phone monitoring/);
    await as('manager');
    const { id: authId } = await run(app, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'A1111AA',
      authorisation: {
        means: 'phone',
        basis: 'offence-related',
        reasons: 'Offence against a child known to him',
        necessityAndProportionality: 'Necessary to protect the victim; phone only',
        authorisedOn: '2026-11-22',
      },
    });
    expect(kinds()).toEqual(['monitoring-review 2027-02-22']);
    await as('clerk');
    await expect(
      run(app, 'public-protection/review-monitoring', {
        authorisationId: authId,
        review: {
          reviewedOn: '2026-11-22',
          decision: 'continue',
          reasons: 'Calls reviewed, nothing of concern',
        },
      }),
    ).rejects.toThrow(
      /must be signed by a prison offender manager or a senior manager.*case administrator is not a defensible position/,
    );
    await as('pom');
    await expect(
      run(app, 'public-protection/review-monitoring', {
        authorisationId: authId,
        review: { reviewedOn: '2026-11-22', decision: 'stop', reasons: '' },
      }),
    ).rejects.toThrow(/give the reasons/);
    await run(app, 'public-protection/review-monitoring', {
      authorisationId: authId,
      review: {
        reviewedOn: '2026-11-22',
        decision: 'continue',
        reasons: 'Calls reviewed, nothing of concern',
      },
    });
    expect(kinds()).toEqual(['monitoring-review 2027-02-22']);
    const audit = app.services.audit
      .list({ prisonerId: app.services.caseload.get('A1111AA').id, limit: 5 })
      .map((a) => `${a.actorName}: ${a.summary}`);
    expect(audit.slice(0, 4)).toEqual([
      'Pat Pom: Monitoring reviewed on 22/11/2026: continue',
      'Maggie Manager: Authorised offence-related phone monitoring from 22/11/2026',
      'Pat Pom: Confirmed PPRC on 22/11/2026',
      'Pat Pom: Recorded potential PPRC, identified 22/11/2026',
    ]);
  });

  it('the service refuses a case administrator the same way through every door', async () => {
    const { router, as } = await setup();
    await run(app, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: { type: 'hppm', status: 'confirmed', identifiedOn: '2026-11-01', groundsCurrentOffence: true },
    });
    await as('manager');
    const { id: authId } = await run(app, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'A1111AA',
      authorisation: {
        means: 'both',
        basis: 'intelligence-led',
        reasons: 'Intelligence of contact attempts',
        necessityAndProportionality: 'Victim protection outweighs privacy',
        authorisedOn: '2026-11-02',
      },
    });
    await as('clerk');
    const input = {
      authorisationId: authId,
      review: { reviewedOn: '2026-11-22', decision: 'continue', reasons: 'All fine, nothing found' },
    };
    const reviews = () => app.opened.sqlite.prepare('SELECT count(*) FROM monitoring_reviews').pluck().get();
    const audited = () => app.opened.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get();
    const before = { reviews: reviews(), audited: audited() };

    // Door 1, the app window: the IPC door's handler with the real router behind it.
    const ipc = new Map<string, (...args: unknown[]) => unknown>();
    registerIpcDoor(
      {
        handle: (channel: string, fn: (...args: unknown[]) => unknown) => void ipc.set(channel, fn),
      } as never,
      createRouter(app, 'electron'),
      RENDERER_URL,
    );
    const byIpc = await ipc.get(API_CHANNEL)!(
      { senderFrame: { url: RENDERER_URL } },
      'public-protection/review-monitoring',
      input,
    );
    // Door 2, the browser: a real HTTP request to the browser door with its page token.
    const staticDir = tempDir('omu-static-');
    fs.writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body></body></html>',
    );
    const door = await startHttpDoor({ router: createRouter(app, 'http'), staticDir });
    let byHttp: unknown;
    try {
      const token = /name="omu-token" content="([0-9a-f]+)"/.exec(await (await fetch(door.url)).text())![1]!;
      const res = await fetch(`${door.url}api/public-protection/review-monitoring`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-omu-token': token },
        body: JSON.stringify(input),
      });
      byHttp = await res.json();
    } finally {
      await door.close();
    }
    // Door 3, the command line and the tests: the router itself.
    const byRouter = await router.handle('public-protection/review-monitoring', input);

    const refused = {
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringMatching(
          /^A monitoring review must be signed by a prison offender manager or a senior manager. Cathy Clerk is recorded as a case administrator/,
        ),
      },
    };
    expect(byIpc).toMatchObject(refused);
    expect(byHttp).toEqual(byIpc);
    expect(byRouter).toEqual(byIpc);
    expect({ reviews: reviews(), audited: audited() }).toEqual(before);
  });

  it('a prisoner who arrives with a confirmed status raises a monitoring decision', async () => {
    await setup();
    const csv =
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nB2222BB,JONES,Al,01/01/1980,determinate,01/01/2024\n';
    app.services.caseloadImport.commit(app.context(), 'arrivals.csv', csv);
    await run(app, 'public-protection/add-status', {
      prisonerNumber: 'B2222BB',
      status: {
        type: 'pprc',
        status: 'confirmed',
        identifiedOn: '2025-03-01',
        confirmedOn: '2025-04-01',
        groundsCurrentOffence: true,
        groundsWiderInformation: true,
      },
    });
    expect(
      app.services.due
        .list(FIXED_TODAY, { prisonerNumber: 'B2222BB', kinds: ['monitoring-decision'] })
        .map((i) => [i.dueDate, i.basis.sentence.split(':')[1]]),
    ).toEqual([
      [
        '2026-11-27',
        ' public protection status received on arrival 22/11/2026 plus 5 days, no authorisation or decision not to monitor since, Public protection monitoring effective 01/01/2016',
      ],
    ]);
  });

  it('grounds are required, and a confirmed status can only be recorded by a professional', async () => {
    const { as } = await setup();
    await expect(
      run(app, 'public-protection/add-status', {
        prisonerNumber: 'A1111AA',
        status: { type: 'pprc', status: 'potential', identifiedOn: '2026-11-01' },
      }),
    ).rejects.toThrow('record the grounds');
    await as('clerk');
    await expect(
      run(app, 'public-protection/add-status', {
        prisonerNumber: 'A1111AA',
        status: {
          type: 'pprc',
          status: 'confirmed',
          identifiedOn: '2026-11-01',
          groundsCurrentOffence: true,
        },
      }),
    ).rejects.toThrow(/Only a prison offender manager or senior manager/);
    expect(
      (
        await run(app, 'public-protection/add-status', {
          prisonerNumber: 'A1111AA',
          status: {
            type: 'pprc',
            status: 'potential',
            identifiedOn: '2026-11-01',
            groundsPreviousConvictions: true,
          },
        })
      ).id,
    ).toMatch(/^[0-9A-Z]{26}$/);
  });

  // Issue 12, item 13: every problem of every row in one pass, the column named as the file's header writes it.
  it('a statuses file shows every problem at once, even with a column missing, and writes nothing', async () => {
    await setup();
    const report = await run(app, 'public-protection/import', {
      fileName: 'pp.csv',
      csvText:
        'Prisoner Number,Type,Identified On,Grounds,Grounds Basis\nA1111AA,stalking,31/02/2026,Restraining order,offence\nZ9999ZZ,pprc,01/12/2026,,\n',
    });
    expect(report.committed).toBe(false);
    expect(report.problems.map((p) => `line ${p.line}, ${p.column}: ${p.message}`)).toEqual([
      'line 1, status: required column is missing',
      'line 2, Type: must be pprc or hppm',
      'line 2, Identified On: is not a real date (use DD/MM/YYYY or YYYY-MM-DD)',
      'line 2, Grounds Basis: "offence" must be current offence, previous convictions or wider information (several separated by ;)',
      'line 3, Prisoner Number: Z9999ZZ is not on the caseload',
      'line 3, Identified On: must not be in the future',
      'line 3, Grounds: is required: what the status rests on, in words (or name it in grounds_basis)',
    ]);
    expect(app.services.publicProtection.view('A1111AA').statuses).toEqual([]);
  });

  // Issue 12, item 7: real exports carry free text; where the words do not tell the category, a professional classifies it.
  it('imports free-text grounds, lists "grounds to classify" for a POM, who classifies them; grounds_basis sets them directly', async () => {
    const { as } = await setup();
    const csv = (rows: string) => ({
      fileName: 'pp.csv',
      csvText: `prisoner_number,type,status,identified_on,grounds,grounds_basis\n${rows}`,
    });
    const bad = await run(
      app,
      'public-protection/import',
      csv(
        'A1111AA,hppm,potential,01/11/2026,Harassment of former partner; restraining order,\nA1111AA,pprc,potential,02/11/2026,Notes,convictions\n',
      ),
    );
    expect(bad.committed).toBe(false);
    expect(bad.problems).toEqual([
      {
        line: 3,
        column: 'grounds_basis',
        value: 'convictions',
        message: expect.stringMatching(
          /^"convictions" must be current offence, previous convictions or wider information/,
        ),
      },
    ]);
    expect(app.services.publicProtection.view('A1111AA').statuses).toEqual([]);

    const done = await run(
      app,
      'public-protection/import',
      csv(
        'A1111AA,hppm,potential,01/11/2026,Harassment of former partner; restraining order,\nA1111AA,pprc,potential,02/11/2026,Letters to a child,wider information; previous convictions\n',
      ),
    );
    expect(done).toMatchObject({ committed: true, added: 2, problems: [] });
    const [hppm, pprc] = app.services.publicProtection.view('A1111AA').statuses;
    expect(hppm).toMatchObject({
      type: 'hppm',
      summary: 'Harassment of former partner; restraining order',
      groundsToClassify: true,
      grounds: { currentOffence: false, previousConvictions: false, widerInformation: false },
    });
    expect(pprc).toMatchObject({
      type: 'pprc',
      summary: 'Letters to a child',
      groundsToClassify: false,
      grounds: { currentOffence: false, previousConvictions: true, widerInformation: true },
    });
    const toClassify = () =>
      app.services.due.list(FIXED_TODAY, { prisonerNumber: 'A1111AA', kinds: ['pp-grounds-to-classify'] });
    expect(toClassify().map((i) => [i.title, i.dueDate, i.owner])).toEqual([
      [
        'Classify the grounds of the harassment (HPPM) status',
        '2026-12-20',
        { role: 'pom', staffName: null },
      ],
    ]);

    await as('clerk');
    const grounds = {
      groundsCurrentOffence: true,
      groundsPreviousConvictions: false,
      groundsWiderInformation: false,
    };
    await expect(
      run(app, 'public-protection/classify-grounds', { statusId: hppm!.id, grounds }),
    ).rejects.toThrow(/Only a prison offender manager or senior manager/);
    await as('pom');
    await expect(
      run(app, 'public-protection/classify-grounds', {
        statusId: hppm!.id,
        grounds: { ...grounds, groundsCurrentOffence: false },
      }),
    ).rejects.toMatchObject({ field: 'grounds', message: expect.stringMatching(/pick at least one/) });
    await run(app, 'public-protection/classify-grounds', { statusId: hppm!.id, grounds });
    expect(app.services.publicProtection.view('A1111AA').statuses[0]).toMatchObject({
      summary: 'Harassment of former partner; restraining order',
      groundsToClassify: false,
      grounds: { currentOffence: true },
    });
    expect(toClassify()).toEqual([]);
    expect(app.services.audit.list({ entity: 'public-protection-status', limit: 1 })[0]).toMatchObject({
      actorName: 'Pat Pom',
      summary: 'Grounds of the harassment (HPPM) status classified: current offence',
    });
  });
});

describe('public protection register PDF', () => {
  it('lists every PPRC and harassment case with its monitoring, marked on every page, and nothing else', async () => {
    const { pdfPages, pdfToPngs } = await import('../support/pdf');
    app = openApp({
      dbFile: copyDemoDatabase(tempDir()),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    await signIn(app, 'Rachel Okoro', DEMO_PASSWORD);
    const register = app.services.publicProtection.register();
    expect(register.length).toBeGreaterThan(10);
    const file = await run(app, 'public-protection/register-pdf', {});
    const pages = pdfPages(Buffer.from(file.base64, 'base64'));
    const text = pages.join('\n');
    for (const [i, page] of pages.entries()) {
      expect(page).toContain('OFFICIAL-SENSITIVE');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    }
    for (const r of register) expect(text).toContain(r.prisonerNumber);
    const others = app.services.caseload
      .query({ today: FIXED_TODAY }, { limit: 1000 })
      .rows.filter((r) => !register.some((x) => x.prisonerNumber === r.prisonerNumber));
    for (const o of others) expect(text).not.toContain(o.prisonerNumber);
    expect(text).toContain(`${register.length} prisoners`);
    expect(pdfToPngs(Buffer.from(file.base64, 'base64'), 'pp-register').length).toBe(pages.length);
  });
});

describe('people protected and child contact applications', () => {
  it('records children with contact levels, chases late replies, and sets a review after the decision', async () => {
    const { as } = await setup();
    const pp = app.services.publicProtection;
    const { id: statusId } = await run(app, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: { type: 'pprc', status: 'confirmed', identifiedOn: '2026-11-22', groundsCurrentOffence: true },
    });
    await run(app, 'public-protection/add-protected-person', {
      statusId,
      person: { kind: 'child', name: 'J.S.', age: 9, relationship: 'daughter', contactLevel: 2 },
    });
    await as('clerk');
    await expect(
      run(app, 'public-protection/add-protected-person', {
        statusId,
        person: { kind: 'child', name: 'K.S.', age: 6, relationship: 'son', contactLevel: 4 },
      }),
    ).rejects.toThrow(/Only a prison offender manager or senior manager/);
    await expect(
      run(app, 'public-protection/add-protected-person', {
        statusId,
        person: { kind: 'adult', name: 'Mary Smith', relationship: 'former partner', contactLevel: 1 },
      }),
    ).rejects.toThrow('contact levels are for named children');
    await as('pom');
    const view = pp.view('A1111AA');
    expect(view.statuses[0]!.people).toEqual([
      {
        id: expect.any(String),
        kind: 'child',
        name: 'J.S.',
        age: 9,
        relationship: 'daughter',
        contactLevel: 2,
      },
    ]);

    const base = {
      receivedOn: '2026-10-01',
      childInitials: 'J.S.',
      childAge: 9,
      relationship: 'daughter',
      childrensServicesRequestedOn: '2026-10-02',
      probationRequestedOn: '2026-10-02',
      policeRequestedOn: '2026-11-10',
    };
    const { id } = await run(app, 'public-protection/add-application', {
      prisonerNumber: 'A1111AA',
      application: base,
    });
    const cc = () =>
      app.services.due
        .list(FIXED_TODAY, {
          prisonerNumber: 'A1111AA',
          kinds: ['child-contact-reply', 'child-contact-review'],
        })
        .map((i) => `${i.kind} ${i.dueDate} ${i.status}`);
    expect(cc()).toEqual([
      'child-contact-reply 2026-10-23 overdue',
      'child-contact-reply 2026-10-23 overdue',
      'child-contact-reply 2026-12-01 due-soon',
    ]);
    await run(app, 'public-protection/update-application', {
      applicationId: id,
      application: { ...base, childrensServicesReplyOn: '2026-11-01', probationReplyOn: '2026-10-20' },
    });
    expect(cc()).toEqual(['child-contact-reply 2026-12-01 due-soon']);
    await expect(
      run(app, 'public-protection/update-application', {
        applicationId: id,
        application: { ...base, decisionOn: '2026-11-20' },
      }),
    ).rejects.toThrow('record the contact level the Governor decided');
    await run(app, 'public-protection/update-application', {
      applicationId: id,
      application: {
        ...base,
        childrensServicesReplyOn: '2026-11-01',
        probationReplyOn: '2026-10-20',
        policeReplyOn: '2026-11-15',
        decisionOn: '2026-11-20',
        decisionLevel: 2,
        reviewOn: '2027-05-20',
      },
    });
    expect(cc()).toEqual(['child-contact-review 2027-05-20 upcoming']);
    expect(app.services.audit.list({ entity: 'child-contact-application', limit: 1 })[0]!.summary).toBe(
      'Child contact application (J.S.) updated: policeReplyOn, decisionOn, decisionLevel, reviewOn',
    );
  });
});
