import { useEffect } from 'react';
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

function Gate() {
  const { loaded, info, session, error } = useSession();
  if (!loaded) return <p className="govuk-body">Opening OMU Desk…</p>;
  if (error)
    return (
      <ErrorSummary title="OMU Desk could not open its database" errors={[{ field: '', message: error }]} />
    );
  if (!session || session.state === 'signed-out') {
    if (info && info.prisonerCount === 0 && info.staffCount === 0) return <FirstRun />;
    if (session?.setupNeeded) return <FirstAdministrator existingCaseload />;
    return <SignInScreens />;
  }
  const locked = session.state === 'locked';
  // While locked the pages stay mounted (nothing typed is lost) but hidden and inert; a new person gets fresh pages.
  return (
    <>
      {locked && <LockScreen />}
      <div hidden={locked} inert={locked} key={session.staff?.id}>
        <SignedInRoutes />
      </div>
    </>
  );
}

function SignedInRoutes() {
  useSessionGuards();
  return (
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
  );
}

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
