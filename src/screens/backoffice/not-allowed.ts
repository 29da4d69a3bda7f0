// A refusal by the permission table in the back office, where the employee
// is already signed in and typed no PIN: it names the action and the role it
// needs, without the PIN prompt's "Code PIN refusé" (core refusalMessage).
// And the check every back-office change goes through before it is made.
import { actorOf, type Actor } from '../../core/fiscal/audit.service.js';
import type { Core } from '../../core/shop/core.service.js';
import { PosError } from '../../core/basics/errors.js';
import { mayDo, type GuardedAction, type PermissionTable } from '../../core/staff/permissions.js';
import type { Employee } from '../../core/staff/staff.js';
import { translator, type Translate } from '../i18n.js';

/** "« Clôturer la journée » demande un patron" / "“Close the day” needs owner rights" */
export function notAllowedText(t: Translate, action: GuardedAction, table: PermissionTable): string {
  return t('bo.notAllowed', { action: t(`perm.${action}`), role: t(`role.${table[action]}`) });
}

/**
 * The signed-in employee as the Actor of a change, when the shop's table (read
 * afresh) lets their role do `action`; otherwise a PosError in the back
 * office's words, before anything is written.
 */
export async function actorAllowed(core: Core, employee: Employee | null, action: GuardedAction, locale: 'fr' | 'en'): Promise<Actor> {
  const table = await core.permissions.table();
  if (!employee || !mayDo(employee.role, action, table)) throw new PosError(notAllowedText(translator(locale), action, table));
  return actorOf(employee, core.tillId);
}
