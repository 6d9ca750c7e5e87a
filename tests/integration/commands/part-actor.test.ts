import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCommandRunner, type AnyCommand } from '../../../electron/core/runner';
import type { Actor } from '../../../electron/domain/shared/context';
import { appOpener } from '../../support/apps';
import { emptyDatabase } from '../../support/empty-database';

const open = appOpener();

const someoneElse: Actor = {
  staffId: 'other',
  name: 'Sam Someone-Else',
  roles: ['senior-manager'],
  identifiedBy: 'staff',
};
const pat: Actor = { staffId: 'pat', name: 'Pat Pom', roles: ['pom'], identifiedBy: 'staff' };

/** A command whose decision has a part naming another person on its audit entry, as the demo's load does. */
function namingSomeoneElse(workstationOnly?: string): AnyCommand {
  return {
    kind: 'command',
    input: z.object({}),
    allow: 'signed-in',
    action: 'write a note',
    ...(workstationOnly ? { workstationOnly } : {}),
    load: async () => null,
    decide: () => ({
      changes: [],
      audit: [],
      result: null,
      more: {
        atLeast: 1,
        parts: [
          { changes: [], audit: [{ action: 'note', entity: 'test', summary: 'a note' }], actor: someoneElse },
        ],
      },
    }),
  } as AnyCommand;
}

function auditNames(app: ReturnType<typeof open>) {
  return app.opened.sqlite
    .prepare(`SELECT actor_name AS name FROM audit_log WHERE action = 'note'`)
    .all()
    .map((r) => (r as { name: string }).name);
}

describe("a decision part naming someone other than the command's actor", () => {
  it('is refused for a command the unit server re-runs, and nothing is written', async () => {
    const app = open(emptyDatabase('omu-part-actor-'));
    const runner = createCommandRunner(app.opened, app.services.audit, { 'test/note': namingSomeoneElse() });
    await expect(runner.run('test/note', {}, { ...app.context(), actor: pat })).rejects.toThrow(
      "named Sam Someone-Else on its audit entries: only a workstation's own command may name someone other than Pat Pom",
    );
    expect(auditNames(app)).toEqual([]);
  });

  it("is kept for a workstation's own command (the demo's synthetic decisions)", async () => {
    const app = open(emptyDatabase('omu-part-actor-'));
    const runner = createCommandRunner(app.opened, app.services.audit, {
      'test/note': namingSomeoneElse('a synthetic caseload for this workstation only'),
    });
    await runner.run('test/note', {}, { ...app.context(), actor: pat });
    expect(auditNames(app)).toEqual(['Sam Someone-Else']);
  });
});
