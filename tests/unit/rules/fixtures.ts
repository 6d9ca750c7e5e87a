import type { ReleasePlanFacts } from '../../../electron/domain/release-planning/rules';
import type { CategorisationFacts } from '../../../electron/domain/categorisation/rules';
import type { AgendaCandidate } from '../../../electron/domain/irmt/agenda';

/** The facts the rule tables start from, shared by the tables of one rule (each row changes what it is about). */
export const RELEASE_PLAN_BASE: ReleasePlanFacts = {
  earliestRelease: { date: '2027-04-22', name: 'CRD' },
  handoverDate: '2026-08-08',
  sentenceStartDate: '2024-01-01',
  sentenceExpiryDate: '2029-01-01',
  conditionalReleaseDate: '2027-04-22',
  hdcEligibilityDate: null,
  mappaCategory: 1,
  pprc: false,
  registeredSexOffender: false,
  comName: null,
  approvedPremisesNeeded: null,
  victimInContactScheme: null,
  releasedOn: null,
};

export const CATEGORISATION_BASE: CategorisationFacts = {
  sentenceType: 'determinate',
  sentenceStartDate: '2023-01-01',
  dateOfBirth: '1980-01-01',
  category: 'C',
  recallDate: null,
  postRecallReleaseDate: null,
  fixedTermRecallDays: null,
  immigrationCase: false,
  earliestRelease: '2031-01-01',
  nextRelease: { date: '2031-01-01', name: 'CRD' },
  approved: [],
  awaitingApprovalSince: null,
};

export const AGENDA_BASE: AgendaCandidate = {
  prisonerNumber: 'A1000AA',
  rosh: 'medium',
  mappaCategory: null,
  mappaLevel: null,
  conditionalReleaseDate: '2027-03-01',
  automaticReleaseDate: null,
  paroleEligibilityDate: null,
  tariffExpiryDate: null,
  hdcEligibilityDate: null,
  releasedOn: null,
  publicProtection: [],
  openActions: 0,
  arrivedOn: '2025-01-01',
};
