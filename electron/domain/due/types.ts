import type { IsoDate } from '../shared/dates';

/** Every kind of due item, with what it means; later capabilities add theirs here. */
export const DUE_KINDS = {
  'oasys-initial': 'Initial OASys assessment after sentence',
  'oasys-review': 'Annual OASys review',
  'oasys-significant-change': 'OASys review after a significant change (recall, transfer in, programme completion, RoSH change, new risk information)',
  'oasys-pre-release': 'Pre-release OASys review, by the handover date',
  handover: 'POM to COM handover date',
  'com-allocation-overdue': 'No COM allocated after the handover date',
} as const;

export type DueKind = keyof typeof DUE_KINDS;
export const DUE_KIND_KEYS = Object.keys(DUE_KINDS) as DueKind[];

/** Why a date is what it is: the rule and version, the facts used, and a sentence a person can read. */
export interface Basis {
  ruleKey: string;
  ruleName: string;
  ruleVersion: number;
  effectiveFrom: IsoDate;
  inputs: Record<string, string | number | boolean | null>;
  sentence: string;
}

export interface DueItem {
  kind: DueKind;
  dueDate: IsoDate;
  title: string;
  basis: Basis;
}

export type DueStatus = 'overdue' | 'due-soon' | 'upcoming';
/** overdue: due before today; due-soon: within this many days; upcoming: later. */
export const DUE_SOON_DAYS = 14;
