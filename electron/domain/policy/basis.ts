import { formatUk, type IsoDate } from '../shared/dates';
import type { Basis } from '../due/types';
import { RULE_NAMES, ruleInForce, versionInForce, type RuleKey, type RuleVersion } from './rule-sets';

/**
 * What applied before a rule set's first recorded version, where a public source says; for the others, "the rule that
 * applied then is not recorded" (OASys in custody, categorisation, public protection, IRMT, release planning: see
 * docs/policy/README.md "Before the first version").
 */
export const BEFORE_FIRST_VERSION: Partial<Record<RuleKey, string>> = {
  // Manage POM Cases (ministryofjustice/offender-management-allocation-manager): OMiC applied in England to sentences
  // begun from 01/10/2019 (app/domains/offenders/prison_policies.rb ENGLISH_POLICY_START_DATE); a case outside it was
  // "COM responsible" with no handover dates (app/services/handover_date_service.rb, reasons :pre_cutoff_com_responsibility
  // at commit f2c6d419 and :pre_omic_rules before commit 086a0e63; app/domains/offender_handover.rb until commit
  // 2344f95c, 16/10/2024).
  'omic-handover':
    'before OMiC (in force in England from 01/10/2019) the offender manager in the community held the case, with no handover dates',
};

/** The prisoner's date a basis is about, when the rule that gave it may have taken effect after it. */
export interface Dated {
  /** The due date, or the day the rule was chosen by (the day a review was approved, the sentence began). */
  on: IsoDate;
  /** That day in words, put before the date ("the review approved"); without it the date alone. */
  what?: string;
  /** How the version was chosen: the one in force today (the default), or the first recorded, `on` being older than every version. */
  chosen?: 'today' | 'first';
  /** Every version of the rule set: the one in force on `on`, when one is recorded, is named. */
  versions?: readonly RuleVersion[];
  /** What the version in force on `on` gives, in words ("gives 30/10/2023"); without it that version is only named. */
  thenGives?: (then: RuleVersion) => string;
}

/**
 * A computed date's basis: the rule set, its version and first day, the inputs and the sentence, which ends by naming
 * the rule ("…, OASys in custody effective 01/01/2015"). A date that falls before the version that gave it took effect
 * (`dated`: an Initial OASys due in 2003 for a sentence begun then, by a rule recorded from 2015; a handover date in
 * 2023 by the handover rule of 2024) says so, instead of reading as though the rule applied then, and says what
 * applied then: the version in force on that day when one is recorded (and what it gives, where the rule can tell),
 * else what applied before the first version where a public source says, else that it is not recorded.
 */
export function ruleBasis(
  rule: RuleVersion,
  inputs: Basis['inputs'],
  sentence: string,
  dated?: IsoDate | Dated | null,
): Basis {
  const rules = `${RULE_NAMES[rule.key]} effective ${formatUk(rule.effectiveFrom)}`;
  const d: Dated | null | undefined = typeof dated === 'string' ? { on: dated } : dated;
  return {
    ruleKey: rule.key,
    ruleName: RULE_NAMES[rule.key],
    ruleVersion: rule.version,
    effectiveFrom: rule.effectiveFrom,
    inputs,
    sentence:
      d && d.on < rule.effectiveFrom ? `${sentence}. ${reckoned(rule, rules, d)}` : `${sentence}, ${rules}`,
  };
}

function reckoned(rule: RuleVersion, rules: string, d: Dated): string {
  const day = d.what ? `${d.what} ${formatUk(d.on)}` : formatUk(d.on);
  const by = d.chosen === 'first' ? 'the first rule recorded' : 'the rule in force today';
  const said = `Reckoned by ${by} (${rules}), which took effect after ${day}`;
  const then = d.versions ? versionInForce(d.versions, rule.key, d.on) : null;
  if (!then)
    return `${said}: ${BEFORE_FIRST_VERSION[rule.key] ?? 'the rule that applied then is not recorded'}`;
  const from = formatUk(then.effectiveFrom);
  // Through ruleInForce, so an administrator's version missing a later parameter reads it as the rules do.
  return d.thenGives
    ? `${said}; the version in force then (effective ${from}) ${d.thenGives(ruleInForce(d.versions!, rule.key, d.on))}`
    : `${said}, when the version effective ${from} was in force`;
}
