import { eq } from 'drizzle-orm';
import { verifySignature } from '../electron/core/signing';
import { staffCredentials } from './db/schema';
import type { Device, PushedMutation } from './mutations';
import type { Tx } from './store';

/** True when the change carries the named person's signature, made with the key only their password gives. */
export async function verifyCommandSignature(tx: Tx, device: Device, m: PushedMutation): Promise<boolean> {
  if (!m.actorId) return false;
  const [cred] = await tx.select().from(staffCredentials).where(eq(staffCredentials.staffId, m.actorId));
  if (!cred || cred.prison !== device.prison) return false;
  return verifySignature(cred.signingKey, { commandId: m.commandId, name: m.name, input: m.input, actorId: m.actorId, deviceId: device.id }, m.signature);
}
