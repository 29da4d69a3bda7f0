// The back office's staff screen, as a small state machine the session hands
// its keys to: the employees (role, active, clocked in), a form to create one
// (PIN typed twice), F3 to change a role, F4 to reset a PIN, F5 to change the
// shops they work in (codes typed, as `pos staff shops`), F8 to deactivate
// or reactivate (with a new PIN). The one at the back office approves each
// change (a deactivation after O), which is audited as the CLI does; only an owner gives or takes the
// owner role (or touches an owner). A refusal throws: nothing has changed.
import type { Actor } from '../../core/fiscal/audit.service.js';
import type { Core } from '../../core/shop/core.service.js';
import { PosError } from '../../core/basics/errors.js';
import { ownerRuleRefusal, ROLE_LABELS, ROLES, type Employee, type Role } from '../../core/staff/staff.js';
import { translator, type MessageKey } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import type { ScreenMessage } from './customers-screen.js';
import { formStep, type FieldForm } from './field-form.js';
import { clampCursor, listCursor, wrapCursor } from '../list-cursor.js';
import { actorAllowed } from './not-allowed.js';

export interface StaffRow extends Employee {
  clockedIn: boolean;
  /** the ids of the shops they are assigned to (an owner works in every shop whatever these say) */
  shops: number[];
}

export const STAFF_FIELDS = ['name', 'role', 'pin', 'confirm', 'shops'] as const;
export type StaffField = (typeof STAFF_FIELDS)[number];
/** create: name, role and PIN twice (in the back office's shop); pin (reset) and reactivate: the PIN twice; shops: their shops' codes */
export type StaffFormMode = 'create' | 'pin' | 'reactivate' | 'shops';

/** A shop as the staff screen names it. */
export interface ShopCode {
  id: number;
  code: string;
}

export interface StaffForm extends FieldForm<StaffField> {
  mode: StaffFormMode;
  employeeId: number | null;
}

export interface StaffState {
  rows: StaffRow[];
  /** the company's shops, to name each employee's */
  shops: ShopCode[];
  index: number;
  form: StaffForm | null;
  /** F8 was pressed on an active employee: O (or Y) confirms the deactivation */
  confirmDeactivate: boolean;
}

export type StaffOutcome = { close: true } | { close: false; message?: ScreenMessage };

/** The fields a form mode shows, in order. */
export function staffFields(mode: StaffFormMode): readonly StaffField[] {
  if (mode === 'create') return ['name', 'role', 'pin', 'confirm'] as const;
  return mode === 'shops' ? (['shops'] as const) : (['pin', 'confirm'] as const);
}

/** "principal, port": the codes of an employee's shops, in order. */
export function shopCodesOf(shopIds: readonly number[], shops: readonly ShopCode[]): string {
  return shopIds.map((id) => shops.find((s) => s.id === id)?.code ?? String(id)).join(', ');
}

/** "caissier", "cashier", "c", "1"… to a role; null when unknown. */
export function parseRole(text: string): Role | null {
  const t = text.trim().toLowerCase();
  const found = ROLES.find((r, i) => t === r || t === ROLE_LABELS[r].fr || t === String(i + 1) || (t.length === 1 && (r[0] === t || ROLE_LABELS[r].fr[0] === t)));
  return found ?? null;
}

export class StaffScreen {
  state: StaffState = { rows: [], shops: [], index: 0, form: null, confirmDeactivate: false };

  constructor(
    private readonly core: Core,
    private readonly approver: Employee,
    private readonly locale: 'fr' | 'en',
    private readonly onChange: (state: StaffState) => void,
  ) {}

  private set(patch: Partial<StaffState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  private say(key: MessageKey, vars: Record<string, string>, kind: 'success' | 'info' = 'success'): StaffOutcome {
    return { close: false, message: { text: translator(this.locale)(key, vars), kind } };
  }

  private refuse(key: MessageKey, vars: Record<string, string> = {}): never {
    throw new PosError(translator(this.locale)(key, vars));
  }

  private roleName(role: Role): string {
    return ROLE_LABELS[role][this.locale];
  }

  async open(): Promise<void> {
    await this.reload();
  }

  private async reload(): Promise<void> {
    const [employees, shops] = await Promise.all([this.core.staff.list(), this.core.shops.list()]);
    const rows = await Promise.all(employees.map(async (e) => ({ ...e, clockedIn: (await this.core.timeClock.openShift(e.id)) !== null })));
    this.set({ rows, shops: shops.map((s) => ({ id: s.id, code: s.code })), index: clampCursor(this.state.index, rows.length) });
  }

  async handle(event: KeyEvent): Promise<StaffOutcome> {
    return this.state.form ? this.handleForm(this.state.form, event) : this.handleList(event);
  }

  /** Only an owner gives or takes the owner role, or changes an owner (same rule as `pos staff`). */
  private checkOwnerRule(touchesOwner: boolean): void {
    if (ownerRuleRefusal(this.approver.role, touchesOwner)) this.refuse('bo.s.ownerOnly');
  }

  /** The one at the back office, when the table lets them manage staff: the service audits each change under their name, in its transaction. */
  private by(): Promise<Actor> {
    return actorAllowed(this.core, this.approver, 'edit_staff', this.locale);
  }

  // --- list -------------------------------------------------------------------------

  private async handleList(event: KeyEvent): Promise<StaffOutcome> {
    const chosen = this.state.rows[this.state.index];
    if (this.state.confirmDeactivate) {
      this.set({ confirmDeactivate: false });
      if (chosen && event.type === 'text' && /^[oy]$/i.test(event.text)) return this.deactivate(chosen);
      return { close: false, message: null };
    }
    if (event.type === 'ctrl' && event.letter === 'n') return this.openForm('create', null);
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, this.state.index, this.state.rows.length);
    if (moved !== null) {
      this.set({ index: moved });
      return { close: false };
    }
    switch (event.name) {
      case 'insert':
        return this.openForm('create', null);
      case 'f3':
        return chosen ? this.nextRole(chosen) : { close: false };
      case 'f4':
        if (!chosen) return { close: false };
        if (!chosen.active) this.refuse('bo.s.inactive', { name: chosen.name });
        this.checkOwnerRule(chosen.role === 'owner');
        return this.openForm('pin', chosen.id);
      case 'f5':
        if (!chosen) return { close: false };
        this.checkOwnerRule(chosen.role === 'owner');
        this.openForm('shops', chosen.id);
        this.set({ form: { ...this.state.form!, values: { ...this.state.form!.values, shops: shopCodesOf(chosen.shops, this.state.shops) } } });
        return { close: false, message: null };
      case 'f8':
        if (!chosen) return { close: false };
        this.checkOwnerRule(chosen.role === 'owner');
        if (!chosen.active) return this.openForm('reactivate', chosen.id);
        if (chosen.id === this.approver.id) this.refuse('bo.s.notYourself');
        this.set({ confirmDeactivate: true });
        return this.say('bo.s.askDeactivate', { name: chosen.name }, 'info');
      case 'escape':
        return { close: true };
      default:
        return { close: false };
    }
  }

  /** The next role in turn; a manager turns between cashier and manager only. */
  private async nextRole(e: StaffRow): Promise<StaffOutcome> {
    // Demoting oneself here would lock one out of the back office mid-session.
    if (e.id === this.approver.id) this.refuse('bo.s.notOwnRole');
    this.checkOwnerRule(e.role === 'owner');
    const cycle: readonly Role[] = this.approver.role === 'owner' ? ROLES : ['cashier', 'manager'];
    const role = cycle[wrapCursor(cycle.indexOf(e.role), 1, cycle.length)]!;
    await this.core.staff.update(e.id, { role }, await this.by());
    await this.reload();
    return this.say('bo.s.roleSet', { name: e.name, role: this.roleName(role) });
  }

  private async deactivate(e: StaffRow): Promise<StaffOutcome> {
    await this.core.staff.deactivate(e.id, await this.by());
    await this.reload();
    return this.say('bo.s.deactivated', { name: e.name });
  }

  // --- form ---------------------------------------------------------------------------

  private openForm(mode: StaffFormMode, employeeId: number | null): StaffOutcome {
    this.set({ form: { mode, employeeId, index: 0, values: { name: '', role: ROLE_LABELS.cashier[this.locale], pin: '', confirm: '', shops: '' } } });
    return { close: false, message: null };
  }

  private async handleForm(form: StaffForm, event: KeyEvent): Promise<StaffOutcome> {
    const keys = staffFields(form.mode);
    // A PIN is digits only: letters typed there are dropped, not stored.
    const current = keys[form.index]!;
    const filtered = event.type === 'text' && (current === 'pin' || current === 'confirm') ? { ...event, text: event.text.replace(/\D/g, '') } : event;
    const step = formStep(form, keys, filtered);
    if (step.kind === 'edit') this.set({ form: step.form });
    else if (step.kind === 'cancel') {
      this.set({ form: null });
      return { close: false, message: null };
    } else if (step.kind === 'save') return this.save(form);
    return { close: false };
  }

  /**
   * The shops typed (codes or numbers, commas or spaces between) against the
   * employee's: what to add and what to take out, in one audited change. An
   * unknown code, or nothing to change, is refused by the core.
   */
  private async saveShops(form: StaffForm): Promise<StaffOutcome> {
    const id = form.employeeId!;
    const wanted: number[] = [];
    for (const ref of form.values.shops.split(/[\s,;]+/).filter(Boolean)) wanted.push((await this.core.shops.resolve(ref)).id);
    const current = await this.core.staff.shopsOf(id);
    const add = wanted.filter((s) => !current.includes(s));
    const remove = current.filter((s) => !wanted.includes(s));
    const e = await this.core.staff.changeShops(id, { add, remove }, await this.by());
    this.set({ form: null });
    await this.reload();
    return this.say('bo.s.shopsSet', { name: e.name, shops: shopCodesOf(e.shops, this.state.shops) || '—' });
  }

  private async save(form: StaffForm): Promise<StaffOutcome> {
    if (form.mode === 'shops') return this.saveShops(form);
    const v = form.values;
    if (v.pin !== v.confirm) this.refuse('bo.s.pinsDiffer');
    if (form.mode === 'create') {
      const role = parseRole(v.role);
      if (!role) this.refuse('bo.s.unknownRole', { role: v.role });
      this.checkOwnerRule(role === 'owner');
      const e = await this.core.staff.create({ name: v.name, role, pin: v.pin }, { by: await this.by() });
      this.set({ form: null });
      await this.reload();
      this.set({ index: Math.max(0, this.state.rows.findIndex((r) => r.id === e.id)) });
      return this.say('bo.s.created', { name: e.name, role: this.roleName(role) });
    }
    const id = form.employeeId!;
    let name: string;
    if (form.mode === 'pin') {
      await this.core.staff.changePin(id, v.pin, { by: await this.by() });
      name = (await this.core.staff.require(id)).name;
    } else {
      const e = await this.core.staff.reactivate(id, v.pin, { by: await this.by() });
      name = e.name;
    }
    this.set({ form: null });
    await this.reload();
    return this.say(form.mode === 'pin' ? 'bo.s.pinChanged' : 'bo.s.reactivated', { name });
  }
}
