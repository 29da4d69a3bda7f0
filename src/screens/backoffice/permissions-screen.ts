// The back office's permission table ("Droits"), as a small state machine the
// session hands its keys to: the ten guarded actions with the least role each
// needs, marked where the shop changed the default. Enter or → gives the next
// role, ← the previous one, F5 (or Suppr) puts back the default. Only an owner
// changes the table; anyone else reads it. Each change goes through
// core.permissions.set, which audits it under the owner's name.
import type { Core } from '../../core/shop/core.service.js';
import { PosError } from '../../core/basics/errors.js';
import { DEFAULT_PERMISSIONS, GUARDED_ACTIONS, type GuardedAction, type PermissionTable } from '../../core/staff/permissions.js';
import { ROLES, type Employee, type Role } from '../../core/staff/staff.js';
import type { Translate } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import type { ScreenMessage } from './customers-screen.js';
import { listCursor, wrapCursor } from '../list-cursor.js';

export interface PermissionRow {
  action: GuardedAction;
  role: Role;
  /** the shop's role differs from the default */
  changed: boolean;
}

export interface PermissionsState {
  rows: PermissionRow[];
  index: number;
  /** the signed-in employee is not an owner: the table is shown, not changed */
  readOnly: boolean;
}

export type PermissionsOutcome = { close: true } | { close: false; message?: ScreenMessage };

export function permissionRows(table: PermissionTable): PermissionRow[] {
  return GUARDED_ACTIONS.map((action) => ({ action, role: table[action], changed: table[action] !== DEFAULT_PERMISSIONS[action] }));
}

/** The role `step` places away in cashier → manager → owner, turning round at either end. */
export function cycleRole(role: Role, step: 1 | -1): Role {
  return ROLES[wrapCursor(ROLES.indexOf(role), step, ROLES.length)]!;
}

export class PermissionsScreen {
  state: PermissionsState;

  constructor(
    private readonly core: Core,
    private readonly employee: Employee,
    private readonly t: Translate,
    private readonly onChange: (state: PermissionsState) => void,
  ) {
    this.state = { rows: [], index: 0, readOnly: employee.role !== 'owner' };
  }

  private set(patch: Partial<PermissionsState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  async open(): Promise<void> {
    this.set({ rows: permissionRows(await this.core.permissions.table()) });
  }

  async handle(event: KeyEvent): Promise<PermissionsOutcome> {
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, this.state.index, this.state.rows.length);
    if (moved !== null) {
      this.set({ index: moved });
      return { close: false };
    }
    const row = this.state.rows[this.state.index];
    switch (event.name) {
      case 'escape':
        return { close: true };
      case 'enter':
      case 'right':
        return row ? this.change(row, cycleRole(row.role, 1)) : { close: false };
      case 'left':
        return row ? this.change(row, cycleRole(row.role, -1)) : { close: false };
      case 'f5':
      case 'delete':
        if (!row) return { close: false };
        if (!row.changed) {
          this.refuseUnlessOwner();
          return { close: false, message: { text: this.t('bo.p.alreadyDefault', { action: this.t(`perm.${row.action}`) }), kind: 'info' } };
        }
        return this.change(row, DEFAULT_PERMISSIONS[row.action]);
      default:
        return { close: false };
    }
  }

  /** Said in the back office's words (no PIN was typed here), before anything is written. */
  private refuseUnlessOwner(): void {
    if (this.state.readOnly) throw new PosError(this.t('bo.notAllowed', { action: this.t('bo.p.change'), role: this.t('role.owner') }));
  }

  private async change(row: PermissionRow, role: Role): Promise<PermissionsOutcome> {
    this.refuseUnlessOwner();
    const table = await this.core.permissions.set(row.action, role, this.employee);
    this.set({ rows: permissionRows(table) });
    const key = role === DEFAULT_PERMISSIONS[row.action] ? 'bo.p.setDefault' : 'bo.p.set';
    return { close: false, message: { text: this.t(key, { action: this.t(`perm.${row.action}`), role: this.t(`role.${role}`) }), kind: 'success' } };
  }
}
