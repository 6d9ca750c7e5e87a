import type { Store } from './shared/context';
import { createAuditService } from './audit/service';
import { createStaffService } from './staff/service';
import { createCaseloadService } from './caseload/service';
import { createCaseloadImportService } from './caseload/import-service';
import { createPolicyService } from './policy/service';
import { createOasysService } from './oasys/service';
import { createDueService } from './due/service';
import { createHandoverService } from './handover/service';
import { createPublicProtectionService } from './public-protection/service';
import { createIrmtService } from './irmt/service';
import { createCategorisationService } from './categorisation/service';
import { createReleasePlanningService } from './release-planning/service';
import { createHandoverPackService } from './handover-pack/service';

/** Every domain service over one open database. */
export function createServices(store: Store) {
  const audit = createAuditService(store);
  const staff = createStaffService(store, audit);
  const caseload = createCaseloadService(store, audit, staff);
  const caseloadImport = createCaseloadImportService(store, audit);
  const policy = createPolicyService(store);
  const oasys = createOasysService(store, audit, caseload);
  const publicProtection = createPublicProtectionService(store, caseload);
  const due = createDueService(store, policy);
  const irmt = createIrmtService(store, caseload, policy);
  const handover = createHandoverService(store, caseload, due);
  const categorisation = createCategorisationService(store, caseload, policy);
  const releasePlanning = createReleasePlanningService(store, caseload, due);
  const handoverPacks = createHandoverPackService(store, {
    caseload,
    staff,
    handover,
    oasys,
    publicProtection,
    categorisation,
    releasePlanning,
    due,
  });
  return {
    store,
    audit,
    staff,
    caseload,
    caseloadImport,
    policy,
    oasys,
    publicProtection,
    irmt,
    categorisation,
    releasePlanning,
    handoverPacks,
    due,
    handover,
  };
}

export type Services = ReturnType<typeof createServices>;
