import type Database from 'better-sqlite3';
import { policyRuleVersions } from '../../../db/schema';
import type { Row } from '../../core/tables';
import type { Store } from '../shared/context';
import { DEFAULT_RULE_VERSIONS, type RuleKey, type RuleVersion } from './rule-sets';

/** A version an administrator added (policy.addVersion, ./commands.ts), as the rules read it. */
export function ruleVersionOf(r: Row<typeof policyRuleVersions>): RuleVersion {
  return {
    key: r.ruleKey as RuleKey,
    version: r.version,
    effectiveFrom: r.effectiveFrom,
    params: JSON.parse(r.params),
    source: r.source,
    note: r.note,
    uncertain: [],
    addedBy: r.updatedBy,
  };
}

/**
 * Calls `changed` whenever this connection writes a policy rule version, whoever writes it (a command, a sync from
 * the unit server, a replay): a temporary trigger calls a function of this process, so reading the rules costs nothing.
 */
const watchers = new WeakMap<Database.Database, Set<() => void>>();
function onPolicyChange(sqlite: Database.Database, changed: () => void): void {
  let set = watchers.get(sqlite);
  if (!set) {
    const callbacks = new Set<() => void>();
    watchers.set(sqlite, (set = callbacks));
    sqlite.function('omu_policy_changed', { deterministic: false }, () => {
      for (const f of callbacks) f();
      return null;
    });
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      sqlite.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS policy_changed_${event.toLowerCase()} AFTER ${event} ON main.policy_rule_versions BEGIN SELECT omu_policy_changed(); END`,
      );
    }
  }
  set.add(changed);
}

/** Policy rules: the shipped defaults plus versions added by administrators, which take effect from their date. */
export function createPolicyService(store: Store) {
  let cache: RuleVersion[] | null = null;
  onPolicyChange(store.sqlite, () => {
    cache = null;
  });
  return {
    versions(): RuleVersion[] {
      if (!cache) {
        const added = store.db
          .select()
          .from(policyRuleVersions)
          .orderBy(policyRuleVersions.ruleKey, policyRuleVersions.version)
          .all()
          .map(ruleVersionOf);
        cache = [...DEFAULT_RULE_VERSIONS, ...added];
      }
      return cache;
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
