// The stored due list is kept until a prisoner's facts change or its stamp differs; the stamp names the rules' code,
// RULES_CODE in electron/domain/due/service.ts, which a person must change with any change to how a date, a handover or
// a basis is worked out. Nothing made them (found 28/11/2026): a build whose rules gave other dates, with RULES_CODE
// left as it was, would show a workstation's stored list of the build before until each prisoner's facts changed.
// This test works the demo caseload's whole due list out on three days and pins what it gives to RULES_CODE: a change
// to what the rules give fails it until RULES_CODE is changed and the new pair recorded below.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { RULES_CODE } from '../../electron/domain/due/service';
import { addDays } from '../../electron/domain/shared/dates';
import { copyDemoDatabase } from '../support/demo-template';
import { FIXED_TODAY, fixedClock, tempDir } from '../support/temp';
import { TEST_COST } from '../support/sign-in';

/**
 * Each RULES_CODE with what the rules gave on the demo caseload under it, newest last. When the test fails: change
 * RULES_CODE (today's date, say), then add a line here with it and the fingerprint the failure printed. A code is
 * never recorded twice: a new fingerprint needs a new code, so that every workstation works its list out again.
 */
const PINNED: { rulesCode: string; fingerprint: string }[] = [
  { rulesCode: '2026-11-28', fingerprint: 'a485e094193080d4' },
];

/** Ids are made afresh each time the demo is loaded: what the rules give is the rest. */
const WITHOUT_IDS = (key: string, value: unknown) => (key === 'id' || key.endsWith('Id') ? undefined : value);

describe('the rules code stamped on the stored due list', () => {
  let app: OmuApp;
  beforeAll(() => {
    app = openApp({
      dbFile: copyDemoDatabase(tempDir('omu-rules-stamp-')),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
  });
  afterAll(() => app?.close());

  it('names what the rules give: the demo caseload worked out whole on three days is the one pinned to RULES_CODE', () => {
    const hash = createHash('sha256');
    for (const days of [0, 120, 500]) {
      const whole = app.services.due.workedOutWhole(addDays(FIXED_TODAY, days));
      expect(whole.entries.length).toBeGreaterThan(1000);
      hash.update(JSON.stringify([whole.entries, whole.handovers], WITHOUT_IDS));
    }
    const fingerprint = hash.digest('hex').slice(0, 16);
    const codes = PINNED.map((p) => p.rulesCode);
    expect(new Set(codes).size, 'a RULES_CODE is recorded twice in PINNED').toBe(codes.length);
    const pinned = PINNED.find((p) => p.fingerprint === fingerprint);
    expect(
      { rulesCode: RULES_CODE, fingerprint },
      pinned
        ? `these rules were pinned to RULES_CODE ${pinned.rulesCode}: RULES_CODE must say so`
        : `the rules now give other due items, dates or bases on the demo caseload (fingerprint ${fingerprint}): change RULES_CODE in electron/domain/due/service.ts, so that stored lists are worked out again, and add { rulesCode, fingerprint: '${fingerprint}' } to PINNED in this file`,
    ).toEqual(pinned ?? PINNED.at(-1));
  });
});
