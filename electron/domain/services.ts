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

/**
 * Every domain service over one open database, each built the first time it is asked for: a command-line call reads
 * one or two of them, and building all fourteen (their prepared statements and first-use work) was a tenth of its CPU
 * time (issue 18, item 2). A service is built once and kept; what it depends on is built before it.
 */
export function createServices(store: Store) {
  const once = <T>(make: () => T): (() => T) => {
    let made: { value: T } | null = null;
    return () => (made ??= { value: make() }).value;
  };
  const audit = once(() => createAuditService(store));
  const staff = once(() => createStaffService(store, audit()));
  const caseload = once(() => createCaseloadService(store, audit(), staff()));
  const caseloadImport = once(() => createCaseloadImportService(store, audit()));
  // Built now: it watches this connection for rule changes (a temporary trigger and a function of this process), which
  // are best set up before any statement runs.
  const policyService = createPolicyService(store);
  const policy = () => policyService;
  const oasys = once(() => createOasysService(store, audit(), caseload()));
  const publicProtection = once(() => createPublicProtectionService(store, caseload()));
  const due = once(() => createDueService(store, policy()));
  const irmt = once(() => createIrmtService(store, caseload(), policy()));
  const handover = once(() => createHandoverService(store, caseload(), due()));
  const categorisation = once(() => createCategorisationService(store, caseload(), policy()));
  const releasePlanning = once(() => createReleasePlanningService(store, caseload(), due()));
  const handoverPacks = once(() =>
    createHandoverPackService(store, {
      caseload: caseload(),
      staff: staff(),
      handover: handover(),
      oasys: oasys(),
      publicProtection: publicProtection(),
      categorisation: categorisation(),
      releasePlanning: releasePlanning(),
      due: due(),
    }),
  );
  return {
    store,
    get audit() {
      return audit();
    },
    get staff() {
      return staff();
    },
    get caseload() {
      return caseload();
    },
    get caseloadImport() {
      return caseloadImport();
    },
    get policy() {
      return policy();
    },
    get oasys() {
      return oasys();
    },
    get publicProtection() {
      return publicProtection();
    },
    get irmt() {
      return irmt();
    },
    get categorisation() {
      return categorisation();
    },
    get releasePlanning() {
      return releasePlanning();
    },
    get handoverPacks() {
      return handoverPacks();
    },
    get due() {
      return due();
    },
    get handover() {
      return handover();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
