// The back office's permission table ("Droits"), as a small state machine the
// session hands its keys to: the ten guarded actions with the least role each
// needs, marked where the shop changed the default. Enter or → gives the next
// role, ← the previous one, F5 (or Suppr) puts back the default. Only an owner
// changes the table; anyone else reads it. Each change goes through
// core.permissions.set, which audits it under the owner's name.
// Tab shows the API tokens instead (pos serve, issue #20): each with its role,
// scopes, expiry, last use and state; Suppr twice revokes the chosen one
// (an owner only, audited under their name, as `pos api token revoke`).
import type { Core } from '../../core/shop/core.service.js';
import { PosError } from '../../core/basics/errors.js';
import { DEFAULT_PERMISSIONS, GUARDED_ACTIONS, type GuardedAction, type PermissionTable } from '../../core/staff/permissions.js';
import { ROLES, type Employee, type Role } from '../../core/staff/staff.js';
import type { Translate } from '../i18n.js';
import type { KeyEvent, KeyName } from '../keys.js';
import type { ScreenMessage } from './customers-screen.js';
import { listCursor, wrapCursor } from '../list-cursor.js';
import { actorOf } from '../../core/fiscal/audit.service.js';
import { localDate } from '../../core/basics/clock.js';
import { apiTokenState, type ApiToken, type ApiTokenState } from '../../core/staff/api-token.js';

export interface PermissionRow {
  action: GuardedAction;
  role: Role;
  /** the shop's role differs from the default */
  changed: boolean;
}

export interface TokenRow {
  token: ApiToken;
  state: ApiTokenState;
}

export interface PermissionsState {
  rows: PermissionRow[];
  index: number;
  /** the signed-in employee is not an owner: the table is shown, not changed */
  readOnly: boolean;
  /** the API tokens, while they are shown instead of the table (Tab) */
  tokens: { rows: TokenRow[]; index: number; confirming: string | null } | null;
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
    this.state = { rows: [], index: 0, readOnly: employee.role !== 'owner', tokens: null };
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
    if (event.name === 'tab') {
      this.set({ tokens: this.state.tokens ? null : { rows: await this.tokenRows(), index: 0, confirming: null } });
      return { close: false };
    }
    if (this.state.tokens) return this.handleTokens(event.name, this.state.tokens);
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

  private async tokenRows(): Promise<TokenRow[]> {
    const today = localDate(this.core.clock());
    return (await this.core.apiTokens.list()).map((token) => ({ token, state: apiTokenState(token, today) }));
  }

  private async handleTokens(key: KeyName, tokens: NonNullable<PermissionsState['tokens']>): Promise<PermissionsOutcome> {
    const moved = listCursor(key, tokens.index, tokens.rows.length);
    if (moved !== null) {
      this.set({ tokens: { ...tokens, index: moved, confirming: null } });
      return { close: false };
    }
    if (key === 'escape') return { close: true };
    if (key !== 'delete' && key !== 'f5') return { close: false };
    const row = tokens.rows[tokens.index];
    if (!row) return { close: false };
    if (this.state.readOnly) throw new PosError(this.t('bo.notAllowed', { action: this.t('bo.tk.revoke'), role: this.t('role.owner') }));
    if (row.state === 'revoked') return { close: false, message: { text: this.t('bo.tk.alreadyRevoked', { name: row.token.name }), kind: 'info' } };
    if (tokens.confirming !== row.token.name) {
      this.set({ tokens: { ...tokens, confirming: row.token.name } });
      return { close: false, message: { text: this.t('bo.tk.confirm', { name: row.token.name }), kind: 'info' } };
    }
    await this.core.apiTokens.revoke(row.token.name, actorOf(this.employee, this.core.tillId));
    this.set({ tokens: { rows: await this.tokenRows(), index: tokens.index, confirming: null } });
    return { close: false, message: { text: this.t('bo.tk.revoked', { name: row.token.name }), kind: 'success' } };
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
