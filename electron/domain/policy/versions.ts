import { policyRuleVersions } from '../../../db/schema';
import type { Reader } from '../../core/data';
import { DEFAULT_RULE_VERSIONS, type RuleVersion } from './rule-sets';
import { ruleVersionOf } from './service';

/** The rule versions in force for a decision: the shipped defaults and every version added here (or on the unit server). */
export async function loadRuleVersions(read: Reader): Promise<RuleVersion[]> {
  const added = await read.all(policyRuleVersions, {}, { orderBy: ['ruleKey', 'version'] });
  return [...DEFAULT_RULE_VERSIONS, ...added.map(ruleVersionOf)];
}
