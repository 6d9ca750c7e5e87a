import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter, type Router } from '../../electron/api/router';
import { commands } from '../../electron/api/registry';
import { formField } from '../../electron/core/labels';
import { PRISONER_FIELDS } from '../../electron/domain/caseload/fields';
import { PARAM_LABELS } from '../../electron/domain/policy/rule-sets';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import { FIXED_TODAY, fixedClock, tempDir } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { TEST_COST, signIn } from '../support/sign-in';

/**
 * Every command's refusal names the field as the screen labels it (issue 12, item 11): for each field of each command's
 * input, a value of the wrong kind is refused through the router (what the doors show) with a message that starts with
 * the field's label, never its code name ("dueOn must be a real date"). The labels are the screen's: each is written in
 * the renderer's source (or drawn there from PRISONER_FIELDS or PARAM_LABELS); hidden fields (ids the page sends) are
 * named by what they are.
 */

interface Leaf {
  path: string[];
  kind: string;
}

/**
 * The fields of an input schema, through optional, default, pipe and lazy wrappers (the commands' schemas are built on
 * first use, z.lazy), as paths with the kind of value each takes.
 */
function leaves(schema: z.ZodType, at: string[] = []): Leaf[] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walks zod's internal schema definition, which has no public type
  let s = schema as any;
  for (;;) {
    const t = s._zod.def.type;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(t))
      s = s._zod.def.innerType;
    else if (t === 'pipe') s = s._zod.def.in;
    else if (t === 'lazy') s = s._zod.innerType;
    else break;
  }
  if (s._zod.def.type === 'object')
    return Object.entries(s._zod.def.shape).flatMap(([k, v]) => leaves(v as z.ZodType, [...at, k]));
  return [{ path: at, kind: s._zod.def.type }];
}

/** A value the field cannot take: a number for text, text for a number, a choice that is not offered, and so on. */
const WRONG: Record<string, unknown> = {
  string: 12345,
  number: 'twelve',
  int: 'twelve',
  boolean: 'maybe',
  enum: 'not-a-choice',
  literal: 'not-a-choice',
  union: { not: 'a choice' },
  array: 'a list',
  record: 'a record',
  transform: { not: 'a value' },
  object: 'an object',
};

const nested = (p: string[], value: unknown): unknown =>
  p.length ? { [p[0]!]: nested(p.slice(1), value) } : value;

/** The words of every page and component, where the screen's labels are written. */
function rendererText(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.tsx?$/.test(e.name)) out.push(fs.readFileSync(f, 'utf8'));
    }
  };
  walk(path.resolve('renderer'));
  return out.join('\n').replace(/&apos;|\\'/g, "'");
}

/** Fields the page fills in itself (ids, the record's version, today's date on a "… today" button, a file): no control, no label to match. */
const HIDDEN =
  /(Id$|^id$|^expectedUpdatedAt$|^fileName$|^csvText$|^exports|^files|^(confirmedOn|reviewedOn|decidedOn|approvedOn|sentOn|recipient|place|resultingRosh)$)/;

describe('Refusals name the field as the screen labels it (issue 12, item 11)', () => {
  let app: OmuApp;
  let router: Router;
  beforeAll(async () => {
    app = openApp({
      dbFile: copyDemoDatabase(tempDir()),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    await signIn(app, 'Rachel Okoro', DEMO_PASSWORD);
    router = createRouter(app, 'http');
  }, 120_000);
  afterAll(() => app?.close());

  const refusal = async (name: string, input: unknown) => {
    const res = await router.handle(name as never, input);
    if (res.ok) throw new Error(`${name} was not refused`);
    return res.error;
  };

  it('every field of every command: a value of the wrong kind is refused with its label first, and the label is on the screen', async () => {
    const screen = rendererText();
    const onScreen = new Set([...PRISONER_FIELDS.map((f) => f.label), ...Object.values(PARAM_LABELS)]);
    const problems: string[] = [];
    let checked = 0;
    for (const [name, def] of Object.entries(commands)) {
      const labels = (def as { labels?: Record<string, string> }).labels;
      if (!labels) {
        problems.push(`${name}: no labels`);
        continue;
      }
      for (const leaf of leaves(def.input as z.ZodType)) {
        const field = formField(leaf.path);
        const label = labels[field];
        if (!label) {
          problems.push(`${name}.${field}: no label`);
          continue;
        }
        if (!HIDDEN.test(field) && !onScreen.has(label) && !screen.includes(label))
          problems.push(`${name}.${field}: "${label}" is not a label on the screen`);
        const error = await refusal(name, nested(leaf.path, WRONG[leaf.kind] ?? { not: 'a value' }));
        const mine = (error.fields ?? [{ field: error.field ?? '', message: error.message }]).find(
          (f) => f.field === field,
        );
        checked += 1;
        if (!mine) {
          problems.push(`${name}.${field}: not refused (${error.message})`);
          continue;
        }
        if (!mine.message.startsWith(label))
          problems.push(`${name}.${field}: "${mine.message}" does not start with "${label}"`);
        if (/[a-z][A-Z]/.test(field) && mine.message.includes(field))
          problems.push(`${name}.${field}: "${mine.message}" names the code`);
        if (/Invalid input|expected \w+, received|Too (small|big)/.test(mine.message))
          problems.push(`${name}.${field}: "${mine.message}" is the validator's words`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  }, 120_000);

  it('refusals from the rules name the field too: no "must not be in the future" on its own, no code name, no label twice', async () => {
    const prisoner = app.services.caseload.query({ today: FIXED_TODAY }, { limit: 1 }).rows[0]!
      .prisonerNumber;
    const future = await refusal('oasys/add-assessment', {
      prisonerNumber: prisoner,
      assessment: { type: 'review', layer: 3, completedOn: '2027-01-01', completedBy: 'prison' },
    });
    expect(future).toMatchObject({ field: 'completedOn', message: 'Completed on must not be in the future' });
    const event = await refusal('oasys/add-event', {
      prisonerNumber: prisoner,
      event: { type: 'transfer-in', date: '2027-01-01' },
    });
    expect(event.message).toBe('Date must not be in the future');
    const badDate = await refusal('irmt/add-action', {
      meetingId: 'x',
      prisonerNumber: prisoner,
      action: { action: 'Ring the COM', owner: 'POM', dueOn: '2026-02-30' },
    });
    expect(badDate.message).toMatch(/^Due \(DD\/MM\/YYYY\) /);
    expect(badDate.message).not.toContain('dueOn');
    const transfer = await refusal('transfer/transfer-out', {
      prisonerNumber: prisoner,
      toPrison: 'LEEDS',
      on: FIXED_TODAY,
    });
    expect(transfer.message).toBe('Receiving prison code must be three letters, for example LEI');
    const param = await refusal('policy/add-version', {
      key: 'oasys',
      effectiveFrom: '2027-01-01',
      params: { initialDays: -5 },
      source: 'A test of the refusal wording',
    });
    expect(param.message).toMatch(/^[A-Z]/);
    expect(param.message).not.toMatch(/^initialDays/);
  });
});
