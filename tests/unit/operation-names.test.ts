// rename-operations: keep (old names below are the codemod's test input)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from '../../electron/api/contract';
import { commands } from '../../electron/api/registry';
import { actions } from '../../electron/api/actions';
import { OPERATION_ALIASES, resolveOperation } from '../../electron/core/operation-aliases';
import { DECISIONS_OF_RECORD } from '../../electron/domain/session/reauth';
import { renameOperations } from '../../scripts/rename-operations';
import { tempDir } from '../support/temp';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NAME = /^[a-z]+(-[a-z]+)*\/[a-z]+(-[a-z]+)*$/;
/**
 * Concerns whose home is not a slice under electron/domain/ but a folder of its own under electron/: the workstation
 * itself (its details, backups), the link to the unit server, and the documents every slice prints.
 */
const OUTSIDE_DOMAIN = ['app', 'sync', 'documents'];

const registries = { contract: api, commands, actions };
const all = Object.entries(registries).flatMap(([registry, ops]) =>
  Object.keys(ops).map((name) => ({ registry, name })),
);

describe('operation names (issue 15: `concern/verb`)', () => {
  it('every operation is named concern/verb in kebab case, once across the registries', () => {
    expect(all.length).toBeGreaterThan(90);
    expect(all.filter(({ name }) => !NAME.test(name))).toEqual([]);
    const names = all.map(({ name }) => name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("every operation's concern is a slice folder that exists", () => {
    const missing = all
      .map(({ name }) => name.split('/')[0]!)
      .filter((concern, i, list) => list.indexOf(concern) === i)
      .filter((concern) =>
        OUTSIDE_DOMAIN.includes(concern)
          ? !fs.statSync(path.join(ROOT, 'electron', concern), { throwIfNoEntry: false })?.isDirectory()
          : !fs
              .statSync(path.join(ROOT, 'electron/domain', concern), { throwIfNoEntry: false })
              ?.isDirectory(),
      );
    expect(missing).toEqual([]);
  });

  it('every alias names an operation that exists; no old name is still in use or is itself a new name', () => {
    const names = new Set(all.map(({ name }) => name));
    const entries = Object.entries(OPERATION_ALIASES);
    expect(entries.filter(([, now]) => !names.has(now))).toEqual([]);
    expect(entries.filter(([old]) => names.has(old))).toEqual([]);
    // Idempotent: no new name is an old one, so resolving (and the codemod) a second time changes nothing.
    expect(entries.filter(([, now]) => now in OPERATION_ALIASES)).toEqual([]);
    // One old name per operation, so that an operation's old name is unambiguous.
    const targets = entries.map(([, now]) => now);
    expect(targets.filter((n, i) => targets.indexOf(n) !== i)).toEqual([]);
  });

  it('resolves an old name to its new one and leaves every other name as it is', () => {
    expect(resolveOperation('pp.authorise')).toBe('public-protection/authorise-monitoring');
    expect(resolveOperation('settings.setIdleLock')).toBe('session/set-idle-lock');
    expect(resolveOperation('public-protection/show')).toBe('public-protection/show');
    expect(resolveOperation('toString')).toBe('toString');
    expect(resolveOperation('no.such')).toBe('no.such');
  });

  it('every decision of record is named by an operation that exists', () => {
    const names = new Set(all.map(({ name }) => name));
    expect(Object.keys(DECISIONS_OF_RECORD).filter((n) => !names.has(n))).toEqual([]);
  });
});

describe('the codemod (scripts/rename-operations.ts)', () => {
  it('rewrites whole quoted old names and browser door paths, and nothing else', () => {
    const before = [
      `await call('pp.authorise', { prisonerNumber });`,
      `type R = OpResult<"pp.show">;`,
      'The list (`due.page`) reads one page; `due.pages` is not a name.',
      `fetch(\`\${door.url}api/session.signIn\`, {}); fetch('/api/app.info?x=1');`,
      `const pdf = path.join(dir, 'releases.pdf'); await run('releases.pdf', {});`,
      `'pp.show.extra' 'a pp.show' 'releasePlan' pp.show`,
    ].join('\n');
    const { text, replaced } = renameOperations(before);
    expect(text.split('\n')).toEqual([
      `await call('public-protection/authorise-monitoring', { prisonerNumber });`,
      `type R = OpResult<"public-protection/show">;`,
      'The list (`due/page`) reads one page; `due.pages` is not a name.',
      `fetch(\`\${door.url}api/session/sign-in\`, {}); fetch('/api/app/info?x=1');`,
      `const pdf = path.join(dir, 'releases.pdf'); await run('release-planning/releases-pdf', {});`,
      `'pp.show.extra' 'a pp.show' 'releasePlan' pp.show`,
    ]);
    expect(replaced).toBe(6);
    expect(renameOperations(text)).toEqual({ text, replaced: 0 });
  });

  it('leaves a file whose comment line says it keeps old names, not one that only mentions the words', () => {
    const text = `// rename-operations: keep\nconst old = 'pp.show';\n`;
    expect(renameOperations(text)).toEqual({ text, replaced: 0 });
    expect(renameOperations(`A file that says \`rename-operations: keep\` is skipped; \`pp.show\`.`)).toEqual(
      {
        text: 'A file that says `rename-operations: keep` is skipped; `public-protection/show`.',
        replaced: 1,
      },
    );
  });

  it('run on files: rewrites them, and afterwards --check finds no old name left', () => {
    const dir = tempDir('omu-rename-');
    const file = path.join(dir, 'page.tsx');
    fs.writeFileSync(file, `call('irmt.markSent', x);\ncall("transfer.out", y);\n`);
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const script = path.join(ROOT, 'scripts/rename-operations.ts');
    expect(execFileSync(tsx, [script, file], { cwd: ROOT, encoding: 'utf8' })).toContain(
      'Renamed 2 old operation name(s) in 1 of 1 file(s).',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `call('irmt/mark-sent', x);\ncall("transfer/transfer-out", y);\n`,
    );
    const check = spawnSync(tsx, [script, '--check', file], { cwd: ROOT, encoding: 'utf8' });
    expect([check.status, check.stdout.trim()]).toEqual([
      0,
      'Found 0 old operation name(s) in 0 of 1 file(s).',
    ]);
  });
});
