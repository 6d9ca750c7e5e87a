import { memo, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { HashRouter, Navigate, Route, Routes } from 'react-router-dom';
import { useSession } from './stores/session';
import { useSessionGuards } from './stores/session-guards';
import { Layout } from './components/Layout';
import { FirstRun } from './pages/Welcome';
import { ChangePasswordPage, FirstAdministrator, LockScreen, SignInScreens } from './pages/SignIn';
import { CaseloadPage } from './pages/Caseload';
import { PrisonerEditPage, PrisonerHistoryPage, PrisonerNewPage, PrisonerPage } from './pages/Prisoner';
import { ImportPage } from './pages/Import';
import { StaffPage } from './pages/Staff';
import { BackupsPage } from './pages/Backups';
import { UnitServerPage } from './pages/UnitServer';
import { DashboardPage } from './pages/Dashboard';
import { PolicyPage } from './pages/Policy';
import { ObligationsPage } from './pages/Obligations';
import { HandoversPage } from './pages/Handovers';
import { PublicProtectionPage } from './pages/PublicProtection';
import { RegisterPage } from './pages/Register';
import { IrmtPage } from './pages/Irmt';
import { CategorisationPage } from './pages/Categorisation';
import { ReleasePlanPage } from './pages/ReleasePlan';
import { ReleasesPage } from './pages/Releases';
import { ErrorSummary } from './components/ErrorSummary';
import { PageFailureBoundary } from './components/PageFailure';

/** The shell's refusal, by code: a hold of this app ends by itself; another program writing is waited for by hand. */
const ERROR_TITLES = {
  held: 'OMU Desk opens here when it has finished',
  busy: "Another program is writing to OMU Desk's database",
  other: 'OMU Desk could not open its database',
} as const;

function Gate() {
  // Only what the gate decides on: the staff list or app/info arriving after sign-in does not draw the page again.
  const { loaded, error, errorCode, state, staffId, setupNeeded, firstRun } = useSession(
    useShallow((s) => ({
      loaded: s.loaded,
      error: s.error,
      errorCode: s.errorCode,
      state: s.session?.state ?? null,
      staffId: s.session?.staff?.id,
      setupNeeded: s.session?.setupNeeded ?? false,
      firstRun: !!s.info && s.info.prisonerCount === 0 && s.info.staffCount === 0,
    })),
  );
  if (!loaded) return <p className="govuk-body">Opening OMU Desk…</p>;
  if (error)
    return (
      <ErrorSummary title={ERROR_TITLES[errorCode ?? 'other']} errors={[{ field: '', message: error }]} />
    );
  if (!state || state === 'signed-out') {
    if (firstRun) return <FirstRun />;
    if (setupNeeded) return <FirstAdministrator existingCaseload />;
    return <SignInScreens />;
  }
  const locked = state === 'locked';
  // While locked the pages stay mounted (nothing typed is lost) but hidden and inert; a new person gets fresh pages.
  return (
    <>
      {locked && <LockScreen />}
      <div hidden={locked} inert={locked} key={staffId}>
        <SignedInRoutes />
      </div>
    </>
  );
}

/** The pages: drawn again only by what they themselves follow, not by every change to the session store. */
const SignedInRoutes = memo(function SignedInRoutes() {
  useSessionGuards();
  return (
    <PageFailureBoundary>
      <Routes>
        <Route path="/" element={<DashboardPage />} />
        <Route path="/policy" element={<PolicyPage />} />
        <Route path="/handovers" element={<HandoversPage />} />
        <Route path="/public-protection" element={<RegisterPage />} />
        <Route path="/irmt" element={<IrmtPage />} />
        <Route path="/caseload" element={<CaseloadPage />} />
        <Route path="/prisoners/new" element={<PrisonerNewPage />} />
        <Route path="/prisoners/:prisonerNumber" element={<PrisonerPage />} />
        <Route path="/prisoners/:prisonerNumber/edit" element={<PrisonerEditPage />} />
        <Route path="/prisoners/:prisonerNumber/history" element={<PrisonerHistoryPage />} />
        <Route path="/prisoners/:prisonerNumber/obligations" element={<ObligationsPage />} />
        <Route path="/prisoners/:prisonerNumber/public-protection" element={<PublicProtectionPage />} />
        <Route path="/prisoners/:prisonerNumber/categorisation" element={<CategorisationPage />} />
        <Route path="/prisoners/:prisonerNumber/release-plan" element={<ReleasePlanPage />} />
        <Route path="/releases" element={<ReleasesPage />} />
        <Route path="/import" element={<ImportPage />} />
        <Route path="/staff" element={<StaffPage />} />
        <Route path="/backups" element={<BackupsPage />} />
        <Route path="/unit-server" element={<UnitServerPage />} />
        <Route path="/account/password" element={<ChangePasswordPage />} />
        <Route path="*" element={<Navigate to="/caseload" replace />} />
      </Routes>
    </PageFailureBoundary>
  );
});

export function App() {
  const refresh = useSession((s) => s.refresh);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <HashRouter>
      <Layout>
        <Gate />
      </Layout>
    </HashRouter>
  );
}
