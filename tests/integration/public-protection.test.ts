import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';

let app: OmuApp;
afterEach(() => app?.close());

function setup() {
  app = openApp({ dbFile: path.join(tempDir(), 'omu.sqlite'), today: FIXED_TODAY, clock: fixedClock, osAccount: 'tester' });
  const s = app.services;
  s.staff.create(app.context(), { name: 'Ada Admin', email: null, roles: ['administrator'], active: true });
  const people = {
    manager: s.staff.insertUnchecked(app.context(), { name: 'Maggie Manager', email: null, roles: ['senior-manager'], active: true }),
    pom: s.staff.insertUnchecked(app.context(), { name: 'Pat Pom', email: null, roles: ['pom'], active: true }),
    clerk: s.staff.insertUnchecked(app.context(), { name: 'Cathy Clerk', email: null, roles: ['case-administrator'], active: true }),
  };
  const as = (who: keyof typeof people) => app.session.signIn(people[who].id, false, fixedClock().toISOString());
  as('pom');
  s.caseloadImport.commit(app.context(), 'c.csv', 'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2028\n');
  return { router: createRouter(app, 'http'), as };
}
const kinds = () => app.services.due.list(FIXED_TODAY, { prisonerNumber: 'A1111AA', kinds: ['pp-assessment', 'monitoring-review', 'monitoring-decision'] }).map((i) => `${i.kind} ${i.dueDate}`);

describe('public protection on a real database', () => {
  it('potential, confirmed, authorised by a manager, reviewed by a POM: each step moves what is due and is audited', () => {
    const { as } = setup();
    const pp = app.services.publicProtection;
    const statusId = pp.addStatus(app.context(), 'A1111AA', { type: 'pprc', status: 'potential', identifiedOn: '2026-11-22', groundsWiderInformation: true, summary: 'Police intelligence about contact with children' });
    expect(kinds()).toEqual(['pp-assessment 2026-12-20']);
    pp.confirm(app.context(), statusId, '2026-11-22');
    expect(kinds()).toEqual(['monitoring-decision 2026-11-27']);
    expect(() => pp.authorise(app.context(), 'A1111AA', { means: 'phone', basis: 'offence-related', reasons: 'Offence against a child known to him', necessityAndProportionality: 'Necessary to protect the victim; phone only', authorisedOn: '2026-11-22' })).toThrow(/Only a senior manager \/ head of omu can authorise mail or phone monitoring/);
    as('manager');
    const authId = pp.authorise(app.context(), 'A1111AA', { means: 'phone', basis: 'offence-related', reasons: 'Offence against a child known to him', necessityAndProportionality: 'Necessary to protect the victim; phone only', authorisedOn: '2026-11-22' });
    expect(kinds()).toEqual(['monitoring-review 2027-02-22']);
    as('clerk');
    expect(() => pp.review(app.context(), authId, { reviewedOn: '2026-11-22', decision: 'continue', reasons: 'Calls reviewed, nothing of concern' })).toThrow(/must be signed by a prison offender manager or a senior manager.*case administrator is not a defensible position/);
    as('pom');
    expect(() => pp.review(app.context(), authId, { reviewedOn: '2026-11-22', decision: 'stop', reasons: '' })).toThrow(/give the reasons/);
    pp.review(app.context(), authId, { reviewedOn: '2026-11-22', decision: 'continue', reasons: 'Calls reviewed, nothing of concern' });
    expect(kinds()).toEqual(['monitoring-review 2027-02-22']);
    const audit = app.services.audit.list({ prisonerId: app.services.caseload.get('A1111AA').id, limit: 5 }).map((a) => `${a.actorName}: ${a.summary}`);
    expect(audit.slice(0, 4)).toEqual([
      'Pat Pom: Monitoring reviewed on 22/11/2026: continue',
      'Maggie Manager: Authorised offence-related phone monitoring from 22/11/2026',
      'Pat Pom: Confirmed PPRC on 22/11/2026',
      'Pat Pom: Recorded potential PPRC, identified 22/11/2026',
    ]);
  });

  it('the service refuses a case administrator the same way through every door', async () => {
    const { router, as } = setup();
    const pp = app.services.publicProtection;
    pp.addStatus(app.context(), 'A1111AA', { type: 'hppm', status: 'confirmed', identifiedOn: '2026-11-01', groundsCurrentOffence: true });
    as('manager');
    const authId = pp.authorise(app.context(), 'A1111AA', { means: 'both', basis: 'intelligence-led', reasons: 'Intelligence of contact attempts', necessityAndProportionality: 'Victim protection outweighs privacy', authorisedOn: '2026-11-02' });
    as('clerk');
    const res = await router.handle('pp.review', { authorisationId: authId, review: { reviewedOn: '2026-11-22', decision: 'continue', reasons: 'All fine, nothing found' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a prisoner who arrives with a confirmed status raises a monitoring decision', () => {
    setup();
    const csv = 'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nB2222BB,JONES,Al,01/01/1980,determinate,01/01/2024\n';
    app.services.caseloadImport.commit(app.context(), 'arrivals.csv', csv);
    app.services.publicProtection.addStatus(app.context(), 'B2222BB', { type: 'pprc', status: 'confirmed', identifiedOn: '2025-03-01', confirmedOn: '2025-04-01', groundsCurrentOffence: true, groundsWiderInformation: true });
    expect(app.services.due.list(FIXED_TODAY, { prisonerNumber: 'B2222BB', kinds: ['monitoring-decision'] }).map((i) => [i.dueDate, i.basis.sentence.split(':')[1]])).toEqual([
      ['2026-11-27', ' public protection status received on arrival 22/11/2026 plus 5 days, no authorisation or decision not to monitor since, Public protection monitoring effective 01/01/2016'],
    ]);
  });

  it('grounds are required, and a confirmed status can only be recorded by a professional', () => {
    const { as } = setup();
    const pp = app.services.publicProtection;
    expect(() => pp.addStatus(app.context(), 'A1111AA', { type: 'pprc', status: 'potential', identifiedOn: '2026-11-01' })).toThrow('record the grounds');
    as('clerk');
    expect(() => pp.addStatus(app.context(), 'A1111AA', { type: 'pprc', status: 'confirmed', identifiedOn: '2026-11-01', groundsCurrentOffence: true })).toThrow(/Only a prison offender manager or senior manager/);
    expect(pp.addStatus(app.context(), 'A1111AA', { type: 'pprc', status: 'potential', identifiedOn: '2026-11-01', groundsPreviousConvictions: true })).toMatch(/^[0-9A-Z]{26}$/);
  });
});

describe('public protection register PDF', () => {
  it('lists every PPRC and harassment case with its monitoring, marked on every page, and nothing else', async () => {
    const { pdfPages, pdfToPngs } = await import('../support/pdf');
    app = openApp({ dbFile: path.join(tempDir(), 'omu.sqlite'), today: FIXED_TODAY, clock: fixedClock, osAccount: 'tester' });
    const { loadDemoCaseload } = await import('../../db/demo/load');
    loadDemoCaseload(app.services, app.context());
    app.session.signIn(app.services.staff.findByName('Rachel Okoro')!.id, false, fixedClock().toISOString());
    const register = app.services.publicProtection.register();
    expect(register.length).toBeGreaterThan(10);
    const file = await app.services.documents.publicProtectionRegister(app.context());
    const pages = pdfPages(Buffer.from(file.base64, 'base64'));
    const text = pages.join('\n');
    for (const [i, page] of pages.entries()) {
      expect(page).toContain('OFFICIAL-SENSITIVE');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    }
    for (const r of register) expect(text).toContain(r.prisonerNumber);
    const others = app.services.caseload.query({ today: FIXED_TODAY }, { limit: 1000 }).rows.filter((r) => !register.some((x) => x.prisonerNumber === r.prisonerNumber));
    for (const o of others) expect(text).not.toContain(o.prisonerNumber);
    expect(text).toContain(`${register.length} prisoners`);
    expect(pdfToPngs(Buffer.from(file.base64, 'base64'), 'pp-register').length).toBe(pages.length);
  });
});

describe('people protected and child contact applications', () => {
  it('records children with contact levels, chases late replies, and sets a review after the decision', () => {
    const { as } = setup();
    const pp = app.services.publicProtection;
    const statusId = pp.addStatus(app.context(), 'A1111AA', { type: 'pprc', status: 'confirmed', identifiedOn: '2026-11-22', groundsCurrentOffence: true });
    pp.addProtectedPerson(app.context(), statusId, { kind: 'child', name: 'J.S.', age: 9, relationship: 'daughter', contactLevel: 2 });
    as('clerk');
    expect(() => pp.addProtectedPerson(app.context(), statusId, { kind: 'child', name: 'K.S.', age: 6, relationship: 'son', contactLevel: 4 })).toThrow(/Only a prison offender manager or senior manager/);
    expect(() => pp.addProtectedPerson(app.context(), statusId, { kind: 'adult', name: 'Mary Smith', relationship: 'former partner', contactLevel: 1 })).toThrow('contact levels are for named children');
    as('pom');
    const view = pp.view('A1111AA');
    expect(view.statuses[0]!.people).toEqual([{ id: expect.any(String), kind: 'child', name: 'J.S.', age: 9, relationship: 'daughter', contactLevel: 2 }]);

    const base = { receivedOn: '2026-10-01', childInitials: 'J.S.', childAge: 9, relationship: 'daughter', childrensServicesRequestedOn: '2026-10-02', probationRequestedOn: '2026-10-02', policeRequestedOn: '2026-11-10' };
    const id = pp.addApplication(app.context(), 'A1111AA', base);
    const cc = () => app.services.due.list(FIXED_TODAY, { prisonerNumber: 'A1111AA', kinds: ['child-contact-reply', 'child-contact-review'] }).map((i) => `${i.kind} ${i.dueDate} ${i.status}`);
    expect(cc()).toEqual(['child-contact-reply 2026-10-23 overdue', 'child-contact-reply 2026-10-23 overdue', 'child-contact-reply 2026-12-01 due-soon']);
    pp.updateApplication(app.context(), id, { ...base, childrensServicesReplyOn: '2026-11-01', probationReplyOn: '2026-10-20' });
    expect(cc()).toEqual(['child-contact-reply 2026-12-01 due-soon']);
    expect(() => pp.updateApplication(app.context(), id, { ...base, decisionOn: '2026-11-20' })).toThrow('record the contact level the Governor decided');
    pp.updateApplication(app.context(), id, { ...base, childrensServicesReplyOn: '2026-11-01', probationReplyOn: '2026-10-20', policeReplyOn: '2026-11-15', decisionOn: '2026-11-20', decisionLevel: 2, reviewOn: '2027-05-20' });
    expect(cc()).toEqual(['child-contact-review 2027-05-20 upcoming']);
    expect(app.services.audit.list({ entity: 'child-contact-application', limit: 1 })[0]!.summary).toBe('Child contact application (J.S.) updated: policeReplyOn, decisionOn, decisionLevel, reviewOn');
  });
});
