import { useEffect, useRef, type ReactNode } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../stores/session';
import { useAnnouncer } from '../stores/announcer';
import { ROLE_LABELS } from '../../shared/staff';
import { SyncStatus } from './SyncStatus';
import { ReauthDialog } from './ReauthDialog';
import { EarlierChangesDialog } from './EarlierChangesDialog';

const NAV = [
  { to: '/', label: 'What is due' },
  { to: '/caseload', label: 'Caseload' },
  { to: '/handovers', label: 'Handovers' },
  { to: '/releases', label: 'Releases' },
  { to: '/public-protection', label: 'Public protection' },
  { to: '/irmt', label: 'IRMT' },
  { to: '/import', label: 'Import' },
  { to: '/staff', label: 'Staff' },
  { to: '/policy', label: 'Policy rules' },
  { to: '/backups', label: 'Backups' },
  { to: '/unit-server', label: 'Unit server' },
];

export function Layout({ children }: { children: ReactNode }) {
  const { session, info, signOut, lock } = useSession();
  const navigate = useNavigate();
  const user = session?.state === 'signed-in' ? session.staff : null;
  const announcement = useAnnouncer((s) => s.message);
  useFocusHeadingOnNavigation();
  return (
    <>
      <a
        href="#main-content"
        className="govuk-skip-link"
        data-testid="skip-link"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to main content
      </a>
      <div className="omu-marking" role="note">
        OFFICIAL-SENSITIVE
      </div>
      <header className="moj-header" role="banner">
        <div className="moj-header__container">
          <div className="moj-header__logo">
            <span className="moj-header__link moj-header__link--organisation-name">OMU Desk</span>
            <span className="moj-header__link moj-header__link--service-name">Offender management unit</span>
          </div>
          {user && <SyncStatus />}
          {user && (
            <div className="moj-header__content">
              <nav className="moj-header__navigation" aria-label="Account navigation">
                <ul className="moj-header__navigation-list">
                  <li className="moj-header__navigation-item">
                    <span className="moj-header__navigation-link omu-user" data-testid="current-user">
                      {user.name}{' '}
                      <span className="omu-user__roles">
                        ({user.roles.map((r) => ROLE_LABELS[r]).join(', ')})
                      </span>
                      {session?.signedInOffline && (
                        <strong
                          className="govuk-tag govuk-tag--yellow omu-offline-tag"
                          data-testid="signed-in-offline"
                          title="The unit server could not be reached: your password was checked against the copy kept on this workstation"
                        >
                          Signed in offline
                        </strong>
                      )}
                    </span>
                  </li>
                  <li className="moj-header__navigation-item">
                    <NavLink to="/account/password" className="moj-header__navigation-link omu-header-link">
                      Change password
                    </NavLink>
                  </li>
                  <li className="moj-header__navigation-item">
                    <button
                      type="button"
                      className="omu-link-button moj-header__navigation-link"
                      onClick={() => void lock()}
                      aria-keyshortcuts="Control+L"
                      title="Lock (Ctrl+L)"
                    >
                      Lock
                    </button>
                  </li>
                  <li className="moj-header__navigation-item">
                    <button
                      type="button"
                      className="omu-link-button moj-header__navigation-link"
                      onClick={() => {
                        void signOut().then(() => navigate('/'));
                      }}
                    >
                      Switch user
                    </button>
                  </li>
                </ul>
              </nav>
            </div>
          )}
        </div>
      </header>
      {user && (
        <div className="moj-primary-navigation">
          <div className="moj-primary-navigation__container">
            <div className="moj-primary-navigation__nav">
              <nav className="moj-primary-navigation" aria-label="Primary navigation">
                <ul className="moj-primary-navigation__list">
                  {NAV.map((n) => (
                    <li key={n.to} className="moj-primary-navigation__item">
                      <NavLink
                        to={n.to}
                        end={n.to === '/'}
                        className="moj-primary-navigation__link"
                        aria-current={undefined}
                      >
                        {({ isActive }) => (
                          <span aria-current={isActive ? 'page' : undefined}>{n.label}</span>
                        )}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
            </div>
          </div>
        </div>
      )}
      <div className="govuk-width-container omu-width">
        <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
          {children}
        </main>
        <div
          className="govuk-visually-hidden"
          aria-live="polite"
          aria-atomic="true"
          data-testid="live-region"
        >
          {announcement}
        </div>
      </div>
      <ReauthDialog />
      <EarlierChangesDialog />
      <footer className="govuk-footer omu-footer" role="contentinfo">
        <div className="govuk-width-container omu-width">
          <p className="govuk-body-s">
            OMU Desk {info?.version} · today {info?.today ? info.today.split('-').reverse().join('/') : ''} ·
            database {info?.dbFile}
          </p>
        </div>
      </footer>
    </>
  );
}

/**
 * On moving to another page (not on changing a filter of the same page), focus goes to the new page's heading, so a
 * screen reader starts there and a keyboard user need not tab through the navigation again.
 */
function useFocusHeadingOnNavigation(): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let frames = 0;
    let handle = 0;
    const tryFocus = () => {
      const h1 = document.querySelector<HTMLElement>('#main-content h1');
      if (h1) {
        if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: false });
        return;
      }
      if (++frames < 300) handle = requestAnimationFrame(tryFocus);
    };
    handle = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(handle);
  }, [pathname]);
}
