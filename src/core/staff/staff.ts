// Who works at the shop: the roles, an employee as the till sees them, and the
// owner-only rule every entry point keeps.

export const ROLES = ['cashier', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** What a person reads for a role, in French (the CLI) and English (the back office in English). */
export const ROLE_LABELS: Record<Role, { fr: string; en: string }> = {
  cashier: { fr: 'caissier', en: 'cashier' },
  manager: { fr: 'responsable', en: 'manager' },
  owner: { fr: 'patron', en: 'owner' },
};

export interface Employee {
  id: number;
  name: string;
  role: Role;
  active: boolean;
}

/**
 * Only an owner gives or takes the owner role, or changes an owner (their
 * name, PIN, activity): a manager who may manage staff still may not make
 * themself, or anyone, the shop's owner. The refusal, or null when allowed.
 */
export function ownerRuleRefusal(actorRole: Role, touchesOwner: boolean): string | null {
  return touchesOwner && actorRole !== 'owner' ? 'Seul un patron donne, retire ou modifie le rôle de patron' : null;
}

/** Where an employee signs in with their PIN ('web': the ordering page of `pos serve`). */
export type WorkPlace = 'till' | 'backoffice' | 'web';

/**
 * Everyone works at the till and on the ordering page (a cashier receives
 * deliveries there; the permission table guards each action); the back office
 * (settings, journal, staff) is for managers and owners.
 */
export function mayWorkAt(role: Role, where: WorkPlace): boolean {
  return where !== 'backoffice' || role !== 'cashier';
}
