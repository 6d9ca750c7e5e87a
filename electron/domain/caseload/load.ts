import { z } from 'zod';
import { prisoners } from '../../../db/schema';
import type { Reader } from '../../core/data';
import { refuse } from '../../core/operations';
import type { Row } from '../../core/tables';

/** A NOMIS number as a command's input names the prisoner it is about. */
export const prisonerNumber = z.string().trim().toUpperCase().min(1, 'is required');

export type PrisonerRecord = Row<typeof prisoners>;

/** The prisoner a command is about, by his NOMIS number; refuses when he is not on the caseload. */
export async function loadPrisoner(read: Reader, prisonerNumber: string): Promise<PrisonerRecord> {
  const number = prisonerNumber.trim().toUpperCase();
  const row = await read.one(prisoners, { prisonerNumber: number });
  if (!row) refuse('not-found', `${number} is not on the caseload`, 'prisonerNumber');
  return row;
}
