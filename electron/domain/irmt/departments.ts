/** The departments an IRMT invites, for the attendance sheet. */
export const DEPARTMENTS = [
  'OMU',
  'Security',
  'Healthcare',
  'Mental health',
  'Psychology',
  'Safer custody',
  'Residential',
  'Programmes',
  'Substance misuse',
  'Education and work',
  'Chaplaincy',
  'Resettlement',
  'Police liaison',
  'Victim liaison',
] as const;
