import { z } from 'zod';
import { policyRuleVersions } from '../../../db/schema';
import { Changes, command, refuse } from '../../core/operations';
import { isoDateSchema } from '../caseload/prisoner';
import {
  DEFAULT_RULE_VERSIONS,
  PARAM_LABELS,
  RULE_NAMES,
  RULE_PARAMS,
  ruleInForce,
  type RuleKey,
} from './rule-sets';
import { inputRefusal } from '../../core/labels';
import { formatUk } from '../shared/dates';
import { ruleVersionOf } from './service';

/** The policy rules page (renderer/pages/Policy.tsx): each field's label, a parameter by its own (PARAM_LABELS). */
const POLICY_LABELS = {
  key: 'Rule',
  effectiveFrom: 'Takes effect from',
  source: 'Source of the change',
  note: 'Note',
  params: 'Parameters',
  ...PARAM_LABELS,
};

/** A new version of a rule as the Policy rules page sends it: the parameters by name, as numbers. */
export const newRuleVersionSchema = z.object({
  key: z.enum(Object.keys(RULE_PARAMS) as [RuleKey, ...RuleKey[]]),
  effectiveFrom: isoDateSchema,
  params: z.record(z.string(), z.number({ message: 'must be a number' })),
  source: z.string().trim().min(3, 'say where the change comes from'),
  note: z.string().trim().max(1000).nullable().default(null),
});

/** Policy rules: an administrator adds a version of a rule, which takes effect from its date. */
export const policyCommands = {
  'policy/add-version': command({
    input: newRuleVersionSchema,
    allow: ['administrator'],
    action: 'add a policy rule version',
    labels: POLICY_LABELS,
    reauth: true,
    load: (read, input) => read.all(policyRuleVersions, { ruleKey: input.key }),
    decide(added, input, ctx) {
      const versions = [
        ...DEFAULT_RULE_VERSIONS.filter((v) => v.key === input.key),
        ...added.map(ruleVersionOf),
      ];
      // A parameter the new version does not give keeps its value from the version in force on that day; the rule's
      // own limits apply to the whole.
      const inForce = (() => {
        try {
          return ruleInForce(versions, input.key, input.effectiveFrom).params;
        } catch {
          return {};
        }
      })();
      const parsed = RULE_PARAMS[input.key].safeParse({ ...inForce, ...input.params });
      if (!parsed.success) {
        // The parameter named as the page labels it ("Initial OASys: days after sentence start must be…").
        const problem = inputRefusal(parsed.error, PARAM_LABELS);
        return refuse('invalid-input', problem.message, `params.${problem.field}`);
      }
      if (versions.some((v) => v.effectiveFrom === input.effectiveFrom)) {
        refuse(
          'conflict',
          `A version of the ${RULE_NAMES[input.key]} already takes effect on ${formatUk(input.effectiveFrom)}`,
          'effectiveFrom',
        );
      }
      const version = Math.max(0, ...versions.map((v) => v.version)) + 1;
      const changes = new Changes(ctx);
      changes.insert(policyRuleVersions, {
        ruleKey: input.key,
        version,
        effectiveFrom: input.effectiveFrom,
        params: JSON.stringify(parsed.data),
        source: input.source,
        note: input.note,
      });
      changes.record({
        action: 'create',
        entity: 'policy-rule',
        entityId: `${input.key}@${version}`,
        summary: `Added version ${version} of the ${RULE_NAMES[input.key]}, effective ${input.effectiveFrom}`,
        after: { ...input, params: parsed.data, version },
      });
      return changes.done({ key: input.key, version });
    },
    reply: ({ services }, r) =>
      services.policy.versions().find((v) => v.key === r.key && v.version === r.version)!,
  }),
};
