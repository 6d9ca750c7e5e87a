import { verifySignature } from '../electron/core/signing';
import type { Device, PushedMutation } from './mutations';

/**
 * True when the change carries the named person's signature, made with the key only their password gives (the
 * server's record of that key, read with the person: server/mutations.ts).
 */
export function verifyCommandSignature(
  signingKey: string | null,
  device: Device,
  m: PushedMutation,
): boolean {
  if (!m.actorId || !signingKey) return false;
  return verifySignature(
    signingKey,
    { commandId: m.commandId, name: m.name, input: m.input, actorId: m.actorId, deviceId: device.id },
    m.signature,
  );
}
