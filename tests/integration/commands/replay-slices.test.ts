import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../../electron/app/omu-app';
import { appliedCommands, caseDigest, replay } from '../../../electron/core/replay';
import { publicProtectionCommands } from '../../../electron/domain/public-protection/commands';
import { handoverCommands } from '../../../electron/domain/handover/commands';
import { policyCommands } from '../../../electron/domain/policy/commands';
import { irmtCommands } from '../../../electron/domain/irmt/commands';
import { caseloadCommands } from '../../../electron/domain/caseload/commands';
import { staffCommands } from '../../../electron/domain/staff/commands';
import { sessionCommands } from '../../../electron/domain/session/commands';
import { FIXED_TODAY, fixedClock } from '../../support/temp';
import { TEST_COST } from '../../support/sign-in';
import { runEverySlice } from '../../support/every-slice';

const opened: OmuApp[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});
const open = (file: string) => {
  const app = openApp({
    dbFile: path.join(file),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  opened.push(app);
  return app;
};

/** The commands of the slices converted so far: each must be in the run below, applied at least once. */
const CONVERTED = [
  ...Object.keys(publicProtectionCommands),
  ...Object.keys(handoverCommands),
  ...Object.keys(policyCommands),
  ...Object.keys(irmtCommands),
  // The demo goes only into an empty database: it is replayed on its own, from one (./demo-replay.test.ts).
  ...Object.keys(caseloadCommands).filter((name) => name !== 'caseload/load-demo'),
  ...Object.keys(staffCommands),
  ...Object.keys(sessionCommands),
];

describe('every converted command replays', () => {
  it('a run of every converted command, replayed in order on the database it started from, gives identical tables', async () => {
    const { app, start } = await runEverySlice(open);
    const log = appliedCommands(app.opened.sqlite);
    expect(CONVERTED.filter((name) => !log.some((c) => c.name === name))).toEqual([]);

    const copy = open(start);
    const before = caseDigest(copy.opened.sqlite);
    const irmtVersions = () =>
      copy.services.policy
        .versions()
        .filter((v) => v.key === 'irmt')
        .map((v) => v.version);
    expect(irmtVersions()).toEqual([1]);
    await replay(copy.runner, log);
    // The rules held in memory follow versions written underneath them.
    expect(irmtVersions()).toEqual([1, 2, 3]);
    const original = caseDigest(app.opened.sqlite);
    expect(caseDigest(copy.opened.sqlite)).toEqual(original);
    // The run changed every table these slices write, so the digests above compared something.
    const touched = [
      'public_protection_statuses',
      'protected_people',
      'monitoring_authorisations',
      'monitoring_reviews',
      'monitoring_decisions',
      'child_contact_applications',
      'prisoners',
      'handover_tasks',
      'policy_rule_versions',
      'audit_log',
      'categorisation_reviews',
      'irmt_meetings',
      'irmt_agenda_changes',
      'irmt_attendance',
      'irmt_minutes',
      'irmt_actions',
      'irmt_extract_sends',
      'settings',
      'staff',
    ];
    expect(touched.filter((t) => before[t] === original[t])).toEqual([]);
  });
});
