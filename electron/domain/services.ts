import type { Store } from './shared/context';
import { createAuditService } from './audit/service';
import { createStaffService } from './staff/service';
import { createCaseloadService } from './caseload/service';
import { createCaseloadImportService } from './caseload/import-service';

/** Every domain service over one open database. */
export function createServices(store: Store) {
  const audit = createAuditService(store);
  const staff = createStaffService(store, audit);
  const caseload = createCaseloadService(store, audit, staff);
  const caseloadImport = createCaseloadImportService(store, audit, staff, caseload);
  return { store, audit, staff, caseload, caseloadImport };
}

export type Services = ReturnType<typeof createServices>;
