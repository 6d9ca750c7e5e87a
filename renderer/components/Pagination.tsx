import { Link, useSearchParams } from 'react-router-dom';

/**
 * The GOV.UK Design System's pagination (https://design-system.service.gov.uk/components/pagination/): Previous and
 * Next, the first and last page, the pages either side of this one and "⋯" between, each a real link to the address
 * with `page=n`, so a page can be linked to and Back returns to it. Page 1 is the address without `page`.
 */
export function Pagination({
  page,
  pages,
  label,
  onPage,
}: {
  page: number;
  pages: number;
  label: string;
  /** Called when one of the links is followed (the page can then move focus to the top of the list). */
  onPage?: () => void;
}) {
  const [params] = useSearchParams();
  if (pages <= 1) return null;
  const to = (n: number) => {
    const next = new URLSearchParams(params);
    if (n === 1) next.delete('page');
    else next.set('page', String(n));
    return { search: `?${next.toString()}` };
  };
  // As the Design System shows it: 1 … 4 [5] 6 … 10, every page when there are few.
  const shown = Array.from({ length: pages }, (_, i) => i + 1).filter(
    (n) => n === 1 || n === pages || Math.abs(n - page) <= 1 || pages <= 7,
  );
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page > 1 && (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={to(page - 1)} rel="prev" onClick={onPage}>
            <Arrow to="prev" />
            <span className="govuk-pagination__link-title">
              Previous<span className="govuk-visually-hidden"> page</span>
            </span>
          </Link>
        </div>
      )}
      <ul className="govuk-pagination__list">
        {shown.map((n, i) => (
          <PageItem
            key={n}
            n={n}
            gap={i > 0 && n - shown[i - 1]! > 1}
            current={n === page}
            to={to(n)}
            onClick={onPage}
          />
        ))}
      </ul>
      {page < pages && (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={to(page + 1)} rel="next" onClick={onPage}>
            <span className="govuk-pagination__link-title">
              Next<span className="govuk-visually-hidden"> page</span>
            </span>
            <Arrow to="next" />
          </Link>
        </div>
      )}
    </nav>
  );
}

/** The Design System's arrows, as its template draws them. */
const ARROWS = {
  prev: 'm6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z',
  next: 'm8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z',
};
function Arrow({ to }: { to: 'prev' | 'next' }) {
  return (
    <svg
      className={`govuk-pagination__icon govuk-pagination__icon--${to}`}
      xmlns="http://www.w3.org/2000/svg"
      height="13"
      width="15"
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 15 13"
    >
      <path d={ARROWS[to]} />
    </svg>
  );
}

function PageItem({
  n,
  gap,
  current,
  to,
  onClick,
}: {
  n: number;
  gap: boolean;
  current: boolean;
  to: { search: string };
  onClick?: () => void;
}) {
  return (
    <>
      {gap && <li className="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li>}
      <li className={`govuk-pagination__item${current ? ' govuk-pagination__item--current' : ''}`}>
        <Link
          className="govuk-link govuk-pagination__link"
          to={to}
          aria-label={`Page ${n}`}
          aria-current={current ? 'page' : undefined}
          onClick={onClick}
        >
          {n}
        </Link>
      </li>
    </>
  );
}
