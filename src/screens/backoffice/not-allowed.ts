// A refusal by the permission table in the back office, where the employee
// is already signed in and typed no PIN: it names the action and the role it
// needs, without the PIN prompt's "Code PIN refusé" (core refusalMessage).
import type { GuardedAction, PermissionTable } from '../../core/permissions.js';
import type { Translate } from '../i18n.js';

/** "« Clôturer la journée » demande un patron" / "“Close the day” needs owner rights" */
export function notAllowedText(t: Translate, action: GuardedAction, table: PermissionTable): string {
  return t('bo.notAllowed', { action: t(`perm.${action}`), role: t(`role.${table[action]}`) });
}
