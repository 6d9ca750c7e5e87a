import type { RiskLevel } from '../../shared/caseload';
import { mappaLabel, riskLabel } from '../format';

const RISK_COLOUR: Record<RiskLevel, string> = {
  low: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  'very-high': 'govuk-tag--red',
};

export function RiskTag({ rosh, prefix = 'RoSH' }: { rosh: RiskLevel | null; prefix?: string }) {
  if (!rosh) return <strong className="govuk-tag govuk-tag--grey">{prefix} not recorded</strong>;
  return (
    <strong className={`govuk-tag ${RISK_COLOUR[rosh]}`}>
      {prefix} {riskLabel(rosh).toLowerCase()}
    </strong>
  );
}

export function MappaTag({ category, level }: { category: number | null; level: number | null }) {
  if (!category && !level) return null;
  const unset = category && !level;
  return (
    <strong className={`govuk-tag ${unset ? 'govuk-tag--pink' : 'govuk-tag--purple'}`}>
      MAPPA {mappaLabel(category, level)}
    </strong>
  );
}
