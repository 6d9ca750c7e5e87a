import { notFound } from '../shared/errors';
import type { Actor, Store } from '../shared/context';
import type { StaffMember, StaffService } from '../staff/service';

export interface SessionInfo {
  osAccount: string;
  staff: StaffMember | null;
  /** True when nobody has said who they are on this workstation yet. */
  needsIdentify: boolean;
}

/**
 * Who is using OMU Desk: the operating-system account, mapped to a staff record (remembered per account), and
 * switchable on a shared workstation. Each door keeps one of these.
 */
export function createSession(store: Store, staff: StaffService, osAccount: string, unmapped: 'none' | 'os-account' = 'none') {
  let staffId: string | null =
    (store.sqlite.prepare('SELECT staff_id FROM os_accounts WHERE os_account = ?').get(osAccount) as { staff_id: string } | undefined)?.staff_id ?? null;

  return {
    info(): SessionInfo {
      const member = staffId ? staff.get(staffId) : null;
      return { osAccount, staff: member && member.active ? member : null, needsIdentify: !member || !member.active };
    },
    actor(): Actor {
      const member = staffId ? staff.get(staffId) : null;
      if (member && member.active) return { staffId: member.id, name: member.name, roles: member.roles, identifiedBy: 'staff' };
      if (unmapped === 'os-account') return { staffId: null, name: `${osAccount} (command line)`, roles: [], identifiedBy: 'os-account' };
      return { staffId: null, name: `${osAccount} (not identified)`, roles: [], identifiedBy: 'none' };
    },
    /** Signs in as a staff member; `remember` maps this operating-system account to them for next time. */
    signIn(id: string, remember: boolean, at: string): SessionInfo {
      const member = staff.get(id);
      if (!member || !member.active) throw notFound('Staff member');
      staffId = id;
      if (remember) {
        store.sqlite
          .prepare('INSERT INTO os_accounts (os_account, staff_id, updated_at) VALUES (?, ?, ?) ON CONFLICT(os_account) DO UPDATE SET staff_id = excluded.staff_id, updated_at = excluded.updated_at')
          .run(osAccount, id, at);
      }
      return this.info();
    },
    signOut(): void {
      staffId = null;
    },
  };
}

export type Session = ReturnType<typeof createSession>;
