// The shop's permission table at work: reading it, checking a PIN against an
// action, and changing it (an owner's decision, audited like any setting).
import { PosError } from '../basics/errors.js';
import {
  mayDo,
  parsePermissionChange,
  permissionTableOf,
  refusalMessage,
  type GuardedAction,
  type PermissionTable,
} from './permissions.js';
import type { PinGuard } from './pin-guard.service.js';
import type { SettingsService } from '../shop/settings.service.js';
import type { Employee } from './staff.js';

export class PermissionsService {
  constructor(private readonly settings: SettingsService, private readonly pins: PinGuard) {}

  async table(): Promise<PermissionTable> {
    return permissionTableOf(await this.settings.get('permissions'));
  }

  async allows(employee: Employee, action: GuardedAction): Promise<boolean> {
    return mayDo(employee.role, action, await this.table());
  }

  /**
   * The active employee behind this PIN if their role may do the action; else a
   * PosError (code 'PIN') saying which role the action needs, or that the PIN
   * was wrong or PINs are locked (a wrong PIN counts towards the till's lockout
   * and is audited). `from` says where it was typed ("cli", "backoffice").
   */
  async authorize(pin: string, action: GuardedAction, from = 'cli'): Promise<Employee> {
    const employee = await this.pins.identify(pin, `${from}:${action}`);
    const table = await this.table();
    if (!mayDo(employee.role, action, table)) throw new PosError(refusalMessage(action, table), 'PIN');
    return employee;
  }

  /** Sets the least role for one action. Only an owner changes who may do what; the change is audited under their name. */
  async set(action: string, role: string, by: Employee): Promise<PermissionTable> {
    const change = parsePermissionChange(action, role);
    if (by.role !== 'owner') throw new PosError('Code PIN refusé : seul un patron modifie la table des droits', 'PIN');
    const stored = { ...(await this.settings.get('permissions')), [change.action]: change.role };
    const from = (await this.table())[change.action];
    await this.settings.set('permissions', stored, { employeeId: by.id, details: { action: change.action, from, to: change.role } });
    return permissionTableOf(stored);
  }
}
