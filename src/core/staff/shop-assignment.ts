// Which shops an employee works in (issue #22): a manager of one shop may not
// close, price or transfer for another unless assigned there too; an owner
// works in every shop whatever the assignments say. Pure rules: no I/O.
import type { Role } from './staff.js';

/** True when the employee may act in `shopId`: an owner anywhere, anyone else in the shops they are assigned to. */
export function mayActInShop(role: Role, assignedShops: readonly number[], shopId: number): boolean {
  return role === 'owner' || assignedShops.includes(shopId);
}

/** "Marc n'est pas affecté à la boutique « Port »": why a right PIN is refused in this shop. */
export function notAssignedMessage(employeeName: string, shopName: string): string {
  return `${employeeName} n'est pas affecté à la boutique « ${shopName} »`;
}

/**
 * Why the shops an employee would be left with are refused, or null when
 * allowed: someone who is not an owner must work somewhere, or nobody could
 * tell where their PIN opens the till.
 */
export function remainingShopsRefusal(employeeName: string, role: Role, remaining: readonly number[]): string | null {
  if (role === 'owner' || remaining.length > 0) return null;
  return `${employeeName} doit rester affecté à au moins une boutique`;
}

/**
 * Who may put staff in a shop or take them out: an owner anywhere, anyone
 * else (a manager who may manage staff) only in a shop they work in
 * themself, or a manager could open every shop to himself. The refusal, or
 * null when allowed.
 */
export function staffingRefusal(actorRole: Role, actorShops: readonly number[], shopId: number, shopName: string): string | null {
  if (mayActInShop(actorRole, actorShops, shopId)) return null;
  return `Seul un patron ou quelqu'un de la boutique « ${shopName} » y affecte du personnel`;
}
