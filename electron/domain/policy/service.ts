import { z } from 'zod';
import { ulid } from 'ulid';
import { nowIso, type CallContext, type Store } from '../shared/context';
import { isoDateSchema } from '../caseload/prisoner';
import { AppError } from '../shared/errors';
import { requireRole } from '../staff/roles';
import type { AuditService } from '../audit/service';
import { DEFAULT_RULE_VERSIONS, RULE_NAMES, RULE_PARAMS, ruleInForce, type RuleKey, type RuleVersion } from './rule-sets';
import { writeTransaction } from '../shared/write';

export const newRuleVersionSchema = z.object({
  key: z.enum(Object.keys(RULE_PARAMS) as [RuleKey, ...RuleKey[]]),
  effectiveFrom: isoDateSchema,
  params: z.record(z.string(), z.unknown()),
  source: z.string().trim().min(3, 'say where the change comes from'),
  note: z.string().trim().max(1000).nullable().default(null),
});

interface Row { rule_key: string; version: number; effective_from: string; params: string; source: string; note: string | null; updated_by: string }

/** Policy rules: the shipped defaults plus versions added by administrators, which take effect from their date. */
export function createPolicyService(store: Store, audit: AuditService) {
  const { sqlite } = store;
  let cache: RuleVersion[] | null = null;
  return {
    versions(): RuleVersion[] {
      if (!cache) {
        const added = (sqlite.prepare('SELECT * FROM policy_rule_versions ORDER BY rule_key, version').all() as Row[]).map((r): RuleVersion => ({
          key: r.rule_key as RuleKey, version: r.version, effectiveFrom: r.effective_from, params: JSON.parse(r.params), source: r.source,
          note: r.note, uncertain: [], addedBy: r.updated_by,
        }));
        cache = [...DEFAULT_RULE_VERSIONS, ...added];
      }
      return cache;
    },
    addVersion(ctx: CallContext, raw: z.input<typeof newRuleVersionSchema>): RuleVersion {
      requireRole(ctx.actor, ['administrator'], 'add a policy rule version');
      const input = newRuleVersionSchema.parse(raw);
      // A parameter the new version does not give keeps its value from the version in force on that day.
      const inForce = (() => { try { return ruleInForce(this.versions(), input.key, input.effectiveFrom).params; } catch { return {}; } })();
      const parsed = RULE_PARAMS[input.key].safeParse({ ...inForce, ...input.params });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new AppError('invalid-input', `${String(issue.path[0] ?? 'params')} ${issue.message}`, `params.${String(issue.path[0] ?? '')}`);
      }
      const existing = this.versions().filter((v) => v.key === input.key);
      if (existing.some((v) => v.effectiveFrom === input.effectiveFrom)) {
        throw new AppError('conflict', `A version of the ${RULE_NAMES[input.key]} already takes effect on ${input.effectiveFrom}`, 'effectiveFrom');
      }
      const version = Math.max(0, ...existing.map((v) => v.version)) + 1;
      const at = nowIso(ctx);
      writeTransaction(store, ctx, 'a new policy rule version', () => {
        sqlite.prepare('INSERT INTO policy_rule_versions (id, created_at, updated_at, updated_by, rule_key, version, effective_from, params, source, note) VALUES (?,?,?,?,?,?,?,?,?,?)')
          .run(ulid(), at, at, ctx.actor.name, input.key, version, input.effectiveFrom, JSON.stringify(parsed.data), input.source, input.note);
        audit.record(ctx, {
          action: 'create', entity: 'policy-rule', entityId: `${input.key}@${version}`,
          summary: `Added version ${version} of the ${RULE_NAMES[input.key]}, effective ${input.effectiveFrom}`, after: { ...input, params: parsed.data, version },
        });
      });
      cache = null;
      return this.versions().find((v) => v.key === input.key && v.version === version)!;
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
