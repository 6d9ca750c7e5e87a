import type { OpName } from '../../shared/api';
import { useRefusal } from '../hooks/useMay';

/**
 * Where an action would be offered to someone who may take it: the rule that keeps it from this person, so that
 * nothing is silently missing (the refusal the runner would give, from the operation's declaration).
 */
export function NotOffered({ op }: { op: OpName }) {
  const refusal = useRefusal(op);
  if (!refusal) return null;
  return (
    <p className="govuk-inset-text omu-not-offered" data-testid="not-offered" data-op={op}>
      {refusal}
    </p>
  );
}
