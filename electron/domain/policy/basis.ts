import { formatUk, type IsoDate } from '../shared/dates';
import type { Basis } from '../due/types';
import { RULE_NAMES, type RuleVersion } from './rule-sets';

/**
 * A computed date's basis: the rule set, its version and first day, the inputs and the sentence, which ends by naming
 * the rule ("…, OASys in custody effective 01/01/2015"). Every date is worked out by the version in force today; a
 * date that falls before that version took effect (`dated`: an Initial OASys due in 2003 for a sentence begun then,
 * by a rule recorded from 2015) says so, instead of reading as though the rule applied then: what was required at the
 * time is not recorded here, and the date is today's rule applied to the recorded facts.
 */
export function ruleBasis(
  rule: RuleVersion,
  inputs: Basis['inputs'],
  sentence: string,
  dated?: IsoDate | null,
): Basis {
  const rules = `${RULE_NAMES[rule.key]} effective ${formatUk(rule.effectiveFrom)}`;
  return {
    ruleKey: rule.key,
    ruleName: RULE_NAMES[rule.key],
    ruleVersion: rule.version,
    effectiveFrom: rule.effectiveFrom,
    inputs,
    sentence:
      dated && dated < rule.effectiveFrom
        ? `${sentence}. Reckoned by the rule in force today (${rules}), which took effect after ${formatUk(dated)}: the rule that applied then is not recorded`
        : `${sentence}, ${rules}`,
  };
}
