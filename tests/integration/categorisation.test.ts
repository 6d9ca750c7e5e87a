import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { EVIDENCE_SECTIONS } from '../../electron/domain/categorisation/schemas';
import { run } from '../support/commands';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';

let app: OmuApp;
afterEach(() => app?.close());

const evidence = Object.fromEntries(
  EVIDENCE_SECTIONS.map((s) => [s.key, `${s.label}: nothing of concern recorded`]),
);

async function setup() {
  const dir = tempDir();
  app = openApp({
    dbFile: path.join(dir, 'omu.sqlite'),
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
    head: s.staff.insertUnchecked(app.context(), {
      name: 'Harry Head',
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
    chair: s.staff.insertUnchecked(app.context(), {
      name: 'Ivy Chair',
      email: null,
      roles: ['irmt-chair'],
      active: true,
    }),
  };
  const as = (who: keyof typeof people) => signIn(app, people[who].name);
  await as('pom');
  // A1111AA: determinate, CRD more than 3 years away, category B, last categorised 01/06/2026.
  s.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,category,last_categorised_on',
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2031,B,01/06/2026',
      'B2222BB,JONES,Tom,01/01/1990,determinate,16/11/2026,20/05/2029,C,',
    ].join('\n'),
  );
  return { router: createRouter(app, 'http'), as, dir };
}
const due = (n = 'A1111AA') =>
  app.services.due
    .list(FIXED_TODAY, { prisonerNumber: n })
    .filter((i) => i.kind.startsWith('categorisation'))
    .map((i) => `${i.kind} ${i.dueDate}`);

describe('categorisation on a real database', () => {
  it('a review from start to approval: due list, category, next review date and audit follow each step', async () => {
    const { as } = await setup();
    const c = app.services.categorisation;
    expect(due('B2222BB')).toEqual(['categorisation-initial 2026-11-30']);
    // Last categorised 01/06/2026 with more than 3 years to CRD: due 01/06/2027, not listed yet (listed from 2 months before).
    expect(due()).toEqual([]);
    const next = c.view('A1111AA', FIXED_TODAY).next[0]!;
    expect(`${next.kind} ${next.dueDate}`).toBe('categorisation-review 2027-06-01');
    expect(next.basis.sentence).toContain(
      '3 or more years to earliest release 20/05/2031 at the last review 01/06/2026, so every 12 months',
    );

    const id = await run(app, 'categorisation/start-review', {
      prisonerNumber: 'A1111AA',
      review: { reason: 'due', startedOn: '2026-11-20' },
    });
    await expect(
      run(app, 'categorisation/start-review', {
        prisonerNumber: 'A1111AA',
        review: { reason: 'manual', startedOn: '2026-11-20' },
      }),
    ).rejects.toThrow(/still started; finish or cancel it first/);
    await run(app, 'categorisation/save-draft', {
      reviewId: id,
      draft: {
        proposedCategory: 'C',
        evidence,
        recommendation: 'Progress to category C: two years without adjudications and completed education.',
      },
    });
    await expect(
      run(app, 'categorisation/submit-review', {
        reviewId: id,
        completion: { completedOn: '2026-11-21', nextReview: { months: 18 } },
      }),
    ).rejects.toThrow(/must be 6 or 12 months/);
    await expect(
      run(app, 'categorisation/submit-review', {
        reviewId: id,
        completion: { completedOn: '2026-11-21', nextReview: { date: '2028-01-01' } },
      }),
    ).rejects.toThrow(/must be on or before 21\/11\/2027/);
    await run(app, 'categorisation/submit-review', {
      reviewId: id,
      completion: { completedOn: '2026-11-21', nextReview: { months: 12 } },
    });
    expect(due()).toEqual(['categorisation-approval 2026-11-27']); // submitted Saturday 21/11: five working days is Friday 27/11

    await as('chair');
    await expect(
      run(app, 'categorisation/approve-review', {
        reviewId: id,
        approval: { approvedOn: '2026-11-22', approvedCategory: 'C' },
      }),
    ).rejects.toThrow(/Only a senior manager/);
    await as('manager');
    await run(app, 'categorisation/send-back', {
      reviewId: id,
      sendBack: { sentBackOn: '2026-11-22', message: 'Add the security department view on escape risk.' },
    });
    expect(c.view('A1111AA', FIXED_TODAY).open!.status).toBe('sent-back');
    await as('pom');
    await run(app, 'categorisation/save-draft', {
      reviewId: id,
      draft: { evidence: { escapeRisk: 'Security department (22/11/2026): no escape risk information.' } },
    });
    await run(app, 'categorisation/submit-review', {
      reviewId: id,
      completion: { completedOn: '2026-11-22', nextReview: { months: 12 } },
    });
    await as('manager');
    await expect(
      run(app, 'categorisation/approve-review', {
        reviewId: id,
        approval: { approvedOn: '2026-11-22', approvedCategory: 'B' },
      }),
    ).rejects.toThrow(/give the reasons for category B instead of the recommended C/);
    await run(app, 'categorisation/approve-review', {
      reviewId: id,
      approval: { approvedOn: '2026-11-22', approvedCategory: 'C' },
    });

    expect(app.services.caseload.get('A1111AA').category).toBe('C');
    const view = c.view('A1111AA', FIXED_TODAY);
    expect(view.reviews.at(-1)).toMatchObject({
      status: 'approved',
      approver: 'Maggie Manager',
      nextReviewOn: '2027-11-22',
      approvedCategory: 'C',
    });
    expect(view.next.map((n) => `${n.kind} ${n.dueDate}`)).toEqual(['categorisation-review 2027-11-22']);
    expect(due()).toEqual([]);
    const audit = app.services.audit
      .list({ prisonerId: app.services.caseload.get('A1111AA').id, limit: 20 })
      .map((a) => `${a.actorName}: ${a.summary}`);
    expect(audit.slice(0, 3)).toEqual([
      'Maggie Manager: Changed Category from B to C (categorisation approved)',
      'Maggie Manager: Categorisation approved on 22/11/2026: category C',
      'Pat Pom: Categorisation review completed on 22/11/2026: recommends category C, next review 22/11/2027; sent for approval',
    ]);
    expect(audit).toContain(
      'Maggie Manager: Categorisation review sent back on 22/11/2026: Add the security department view on escape risk.',
    );
  });

  it('the categoriser cannot approve their own review, even as a senior manager', async () => {
    const { as } = await setup();
    const c = app.services.categorisation;
    await as('manager');
    const id = await run(app, 'categorisation/start-review', {
      prisonerNumber: 'A1111AA',
      review: { reason: 'risk-change', startedOn: '2026-11-22' },
    });
    await run(app, 'categorisation/save-draft', {
      reviewId: id,
      draft: {
        proposedCategory: 'B',
        evidence,
        recommendation: 'Remain category B: new intelligence about conveyancing drugs.',
      },
    });
    await run(app, 'categorisation/submit-review', {
      reviewId: id,
      completion: { completedOn: '2026-11-22', nextReview: { months: 6 } },
    });
    await expect(
      run(app, 'categorisation/approve-review', {
        reviewId: id,
        approval: { approvedOn: '2026-11-22', approvedCategory: 'B' },
      }),
    ).rejects.toThrow(/Maggie Manager completed this review and cannot approve it/);
    await expect(
      run(app, 'categorisation/send-back', {
        reviewId: id,
        sendBack: { sentBackOn: '2026-11-22', message: 'Please look at this again' },
      }),
    ).rejects.toThrow(/cannot decide on it/);
    await as('head');
    await run(app, 'categorisation/approve-review', {
      reviewId: id,
      approval: { approvedOn: '2026-11-22', approvedCategory: 'B' },
    });
    expect(c.view('A1111AA', FIXED_TODAY).reviews[0]!.approver).toBe('Harry Head');
  });

  it('refusing progression for an unsuitable programme is blocked until alternative evidence is recorded', async () => {
    await setup();
    const c = app.services.categorisation;
    await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: {
        kind: 'accredited-programme',
        work: 'Kaizen',
        suitability: 'unsuitable',
        unsuitableReason: 'low-rm2000',
        status: 'assessed',
        assessedOn: '2025-03-01',
      },
    });
    await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: {
        kind: 'other-work',
        work: 'Maps for Change',
        status: 'completed',
        startedOn: '2025-06-01',
        endedOn: '2025-09-01',
        outcome: 'Completed all sessions',
      },
    });
    const id = await run(app, 'categorisation/start-review', {
      prisonerNumber: 'A1111AA',
      review: { reason: 'due', startedOn: '2026-11-22' },
    });
    await run(app, 'categorisation/save-draft', {
      reviewId: id,
      draft: {
        proposedCategory: 'B',
        evidence,
        recommendation: 'Remain category B until he has completed Kaizen.',
      },
    });
    const view = c.view('A1111AA', FIXED_TODAY);
    expect(view.problems.map((p) => p.field)).toEqual(['alternativeEvidence']);
    await expect(
      run(app, 'categorisation/submit-review', {
        reviewId: id,
        completion: { completedOn: '2026-11-22', nextReview: { months: 12 } },
      }),
    ).rejects.toThrow(
      /Kaizen \(assessed unsuitable: risk too low \(RM2000\)\).*not defensible.*Maps for Change \(completed\)/,
    );
    expect(c.view('A1111AA', FIXED_TODAY).open!.status).toBe('started');
    await run(app, 'categorisation/save-draft', {
      reviewId: id,
      draft: {
        alternativeEvidence:
          'Completed Maps for Change in 2025; enhanced IEP; no adjudications since 2024. Outweighed by current security intelligence.',
      },
    });
    await run(app, 'categorisation/submit-review', {
      reviewId: id,
      completion: { completedOn: '2026-11-22', nextReview: { months: 12 } },
    });
    expect(c.view('A1111AA', FIXED_TODAY).open!.status).toBe('awaiting-approval');
  });

  it('completing a programme records a significant event for OASys; next-date changes need reasons and are kept', async () => {
    await setup();
    const c = app.services.categorisation;
    const workId = await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: {
        kind: 'accredited-programme',
        work: 'Horizon',
        suitability: 'suitable',
        status: 'started',
        startedOn: '2026-06-01',
      },
    });
    await expect(
      run(app, 'categorisation/update-work', {
        workId,
        work: {
          kind: 'accredited-programme',
          work: 'Horizon',
          suitability: 'suitable',
          status: 'completed',
          startedOn: '2026-06-01',
        },
      }),
    ).rejects.toThrow(/record when it was completed/);
    await run(app, 'categorisation/update-work', {
      workId,
      work: {
        kind: 'accredited-programme',
        work: 'Horizon',
        suitability: 'suitable',
        status: 'completed',
        startedOn: '2026-06-01',
        endedOn: '2026-11-20',
        outcome: 'Completed',
      },
    });
    expect(
      app.services.oasys.events(app.services.caseload.get('A1111AA').id).map((e) => `${e.type} ${e.date}`),
    ).toContain('programme-completion 2026-11-20');
    expect(
      app.services.due
        .list(FIXED_TODAY, { prisonerNumber: 'A1111AA', kinds: ['oasys-significant-change'] })
        .map((i) => i.dueDate),
    ).toHaveLength(1);

    await expect(
      run(app, 'categorisation/change-next-date', {
        prisonerNumber: 'B2222BB',
        change: { toDate: '2027-01-01', reason: 'Transferred in, review on arrival' },
      }),
    ).rejects.toThrow(/no approved categorisation yet/);
    const id = await run(app, 'categorisation/start-review', {
      prisonerNumber: 'A1111AA',
      review: { reason: 'due', startedOn: '2026-11-22' },
    });
    await run(app, 'categorisation/save-draft', {
      reviewId: id,
      draft: {
        proposedCategory: 'C',
        evidence,
        recommendation: 'Progress to C: completed Horizon with a good report.',
      },
    });
    await run(app, 'categorisation/submit-review', {
      reviewId: id,
      completion: { completedOn: '2026-11-22', nextReview: { months: 6 } },
    });
    await signIn(app, 'Maggie Manager');
    await run(app, 'categorisation/approve-review', {
      reviewId: id,
      approval: { approvedOn: '2026-11-22', approvedCategory: 'C' },
    });
    await expect(
      run(app, 'categorisation/change-next-date', {
        prisonerNumber: 'A1111AA',
        change: { toDate: '2027-03-01', reason: '' },
      }),
    ).rejects.toThrow(/give the reason/);
    await run(app, 'categorisation/change-next-date', {
      prisonerNumber: 'A1111AA',
      change: { toDate: '2027-01-10', reason: 'Parole hearing brought forward; review before it' },
    });
    const view = c.view('A1111AA', FIXED_TODAY);
    expect(view.dateChanges).toMatchObject([
      {
        fromDate: '2027-05-22',
        toDate: '2027-01-10',
        reason: 'Parole hearing brought forward; review before it',
        changedBy: 'Maggie Manager',
      },
    ]);
    expect(due()).toEqual(['categorisation-review 2027-01-10']);
  });

  it('release cancels an open review, in the same transaction, with an audit entry', async () => {
    await setup();
    const c = app.services.categorisation;
    await run(app, 'categorisation/start-review', {
      prisonerNumber: 'A1111AA',
      review: { reason: 'due', startedOn: '2026-11-20' },
    });
    const p = app.services.caseload.get('A1111AA');
    await run(app, 'caseload/update-prisoner', {
      prisonerNumber: 'A1111AA',
      prisoner: { ...p, releasedOn: '2026-11-22' },
    });
    const view = c.view('A1111AA', FIXED_TODAY);
    expect(view.reviews[0]).toMatchObject({
      status: 'cancelled',
      cancelledOn: '2026-11-22',
      cancelledReason: 'released',
    });
    expect(view.next).toEqual([]);
    expect(app.services.due.list(FIXED_TODAY, { prisonerNumber: 'A1111AA' })).toEqual([]);
    expect(
      app.services.audit.list({ prisonerId: p.id, limit: 5 }).map((a) => `${a.actorName}: ${a.summary}`),
    ).toContain('Pat Pom: Categorisation review cancelled: released on 22/11/2026');
    await expect(
      run(app, 'categorisation/start-review', {
        prisonerNumber: 'A1111AA',
        review: { reason: 'due', startedOn: '2026-11-22' },
      }),
    ).rejects.toThrow(/was released on 22\/11\/2026/);
  });

  it('through the router: field errors name the field; the review PDF is marked and read back', async () => {
    const { router, dir } = await setup();
    const bad = await router.handle('categorisation/start-review', {
      prisonerNumber: 'A1111AA',
      review: { reason: 'whim', startedOn: '2026-11-22' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'reason' } });
    const started = await router.handle('categorisation/start-review', {
      prisonerNumber: 'A1111AA',
      review: { reason: 'due', startedOn: '2026-11-22' },
    });
    expect(started.ok).toBe(true);
    const id = (started as { value: string }).value;
    await router.handle('categorisation/save-draft', {
      reviewId: id,
      draft: {
        proposedCategory: 'C',
        evidence,
        recommendation: 'Progress to category C: settled, working, no adjudications.',
      },
    });
    const pdf = await router.handle('categorisation/review-pdf', { prisonerNumber: 'A1111AA' });
    expect(pdf.ok).toBe(true);
    const file = path.join(dir, 'review.pdf');
    fs.writeFileSync(file, Buffer.from((pdf as { value: { base64: string } }).value.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('OFFICIAL-SENSITIVE');
    expect(text).toContain('Categorisation review');
    expect(text).toContain('SMITH, John · A1111AA');
    expect(text).toContain('Progress to category C: settled, working, no adjudications.');
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).not.toContain('B2222BB');
    expect(app.services.audit.list({ entity: 'document', limit: 1 })[0]!.summary).toMatch(
      /Exported the categorisation review of 22\/11\/2026 for A1111AA as omu-categorisation-A1111AA-2026-11-22.pdf \(OFFICIAL-SENSITIVE/,
    );
  });

  it('only categories valid for his estate and age: a proposal or an approval of any other is refused naming the field, nothing written (issue 12, item 15)', async () => {
    const { as } = await setup();
    // Y5555YY: a young man in a YOI (category I), 21 on 05/03/2027; W6666WW: a woman in category T.
    app.services.caseloadImport.commit(
      app.context(),
      'y.csv',
      [
        'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,category,last_categorised_on',
        'Y5555YY,YOUNG,Yan,05/03/2006,determinate,01/01/2025,20/05/2029,I,01/06/2026',
        'W6666WW,WEST,Wendy,01/01/1985,determinate,01/01/2025,20/05/2029,T,01/06/2026',
      ].join('\n'),
    );
    expect(app.services.categorisation.view('W6666WW', FIXED_TODAY).validCategories).toMatchObject({
      categories: ['R', 'T'],
      basis: "aged 21 or over in the women's estate",
    });
    const w = await run(app, 'categorisation/start-review', {
      prisonerNumber: 'W6666WW',
      review: { reason: 'manual', startedOn: FIXED_TODAY },
    });
    const rows = () =>
      app.opened.sqlite
        .prepare(
          'SELECT (SELECT count(*) FROM audit_log) AS audit, (SELECT proposed_category FROM categorisation_reviews WHERE id = ?) AS proposed',
        )
        .get(w);
    const before = rows();
    await expect(
      run(app, 'categorisation/save-draft', { reviewId: w, draft: { proposedCategory: 'D' } }),
    ).rejects.toMatchObject({
      field: 'proposedCategory',
      message: "Category D is not valid for a prisoner aged 21 or over in the women's estate: choose R or T",
    });
    expect(rows()).toEqual(before);

    const y = await run(app, 'categorisation/start-review', {
      prisonerNumber: 'Y5555YY',
      review: { reason: 'manual', startedOn: FIXED_TODAY },
    });
    await run(app, 'categorisation/save-draft', {
      reviewId: y,
      draft: {
        proposedCategory: 'J',
        evidence,
        recommendation: 'Progress to YOI open: settled, working, no adjudications in a year.',
      },
    });
    await run(app, 'categorisation/submit-review', {
      reviewId: y,
      completion: { completedOn: FIXED_TODAY, nextReview: { months: 6 } },
    });
    await as('manager');
    await expect(
      run(app, 'categorisation/approve-review', {
        reviewId: y,
        approval: {
          approvedOn: FIXED_TODAY,
          approvedCategory: 'R',
          reasons: 'Changed on reading the security report.',
        },
      }),
    ).rejects.toMatchObject({
      field: 'approvedCategory',
      message:
        "Category R is not valid for a prisoner under 21 (21 on 05/03/2027) in the men's estate: choose I, J, B, C or D",
    });
    await expect(
      run(app, 'categorisation/approve-review', {
        reviewId: y,
        approval: {
          approvedOn: FIXED_TODAY,
          approvedCategory: 'A',
          reasons: 'Changed on reading the security report.',
        },
      }),
    ).rejects.toMatchObject({
      field: 'approvedCategory',
      message: 'Category A is not decided by a categorisation review here: choose I, J, B, C or D',
    });
    expect(app.services.caseload.get('Y5555YY').category).toBe('I');
    await run(app, 'categorisation/approve-review', {
      reviewId: y,
      approval: { approvedOn: FIXED_TODAY, approvedCategory: 'J' },
    });
    expect(app.services.caseload.get('Y5555YY').category).toBe('J');
  });
});
