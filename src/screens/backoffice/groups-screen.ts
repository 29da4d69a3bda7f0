// The back office's « Groupes de clients » screen, as a small state machine
// the session hands its keys to: the groups with their discount, price level
// and how many customers and promotions use them; Insert (Ctrl+N) a new one,
// Enter edits the chosen one (name, discount, price level), Suppr twice
// removes it. The core refuses removing a group in use or the default one and
// says by whom; every change is audited under the signed-in employee, when the
// permission table lets them edit the customers.
import type { Core } from '../../core/shop/core.service.js';
import type { GroupRow } from '../../core/customers/customer-groups.service.js';
import { PosError } from '../../core/basics/errors.js';
import { formatRate, parseRate } from '../../core/catalogue/vat.js';
import type { Employee } from '../../core/staff/staff.js';
import type { KeyEvent } from '../keys.js';
import { translator, type Translate } from '../i18n.js';
import { clampCursor, listCursor } from '../list-cursor.js';
import { formStep } from './field-form.js';
import { actorAllowed } from './not-allowed.js';
import type { ScreenMessage } from './customers-screen.js';

export const GROUP_FIELDS = ['name', 'discount', 'priceLevel'] as const;
export type GroupFieldKey = (typeof GROUP_FIELDS)[number];

export interface GroupsState {
  rows: GroupRow[];
  index: number;
  /** the group whose removal waits for a second Suppr */
  confirming: string | null;
  /** the form, while open: the group it edits (null: a new one) */
  form: { name: string | null; values: Record<GroupFieldKey, string>; index: number } | null;
}

export type GroupsOutcome = { close: true } | { close: false; message?: ScreenMessage };

export class GroupsScreen {
  state: GroupsState = { rows: [], index: 0, confirming: null, form: null };
  private readonly t: Translate;

  constructor(private readonly core: Core, private readonly employee: Employee, private readonly locale: 'fr' | 'en', private readonly onChange: (state: GroupsState) => void) {
    this.t = translator(locale);
  }

  private set(patch: Partial<GroupsState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  async open(): Promise<void> {
    const rows = await this.core.customerGroups.list();
    this.set({ rows, index: clampCursor(this.state.index, rows.length) });
  }

  async handle(event: KeyEvent): Promise<GroupsOutcome> {
    if (this.state.form) return this.handleForm(event, this.state.form);
    const row = this.state.rows[this.state.index];
    if (event.type === 'ctrl' && event.letter === 'n') return this.openForm(null);
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, this.state.index, this.state.rows.length);
    if (moved !== null) {
      this.set({ index: moved, confirming: null });
      return { close: false, message: null };
    }
    switch (event.name) {
      case 'escape':
        return { close: true };
      case 'insert':
        return this.openForm(null);
      case 'enter':
        return row ? this.openForm(row) : { close: false };
      case 'delete':
        return row ? this.remove(row) : { close: false };
      default:
        return { close: false };
    }
  }

  private openForm(row: GroupRow | null): GroupsOutcome {
    const values = {
      name: row?.name ?? '',
      discount: row && row.discountBp ? formatRate(row.discountBp, this.locale).replace(/\s*%$/, '') : '',
      priceLevel: row?.priceLevel ?? '',
    };
    this.set({ form: { name: row?.name ?? null, values, index: 0 }, confirming: null });
    return { close: false, message: null };
  }

  private async handleForm(event: KeyEvent, form: NonNullable<GroupsState['form']>): Promise<GroupsOutcome> {
    const step = formStep(form, GROUP_FIELDS, event);
    if (step.kind === 'edit') this.set({ form: { ...form, values: step.form.values, index: step.form.index } });
    else if (step.kind === 'cancel') {
      this.set({ form: null });
      return { close: false, message: null };
    } else if (step.kind === 'save') return this.save(form);
    return { close: false };
  }

  private async save(form: NonNullable<GroupsState['form']>): Promise<GroupsOutcome> {
    const v = form.values;
    const discount = v.discount.trim();
    const bp = discount === '' ? 0 : parseRate(discount);
    if (bp === null || bp > 10_000) throw new PosError(this.t('bo.g.badDiscount', { v: discount.slice(0, 30) }));
    const actor = await actorAllowed(this.core, this.employee, 'edit_customers', this.locale);
    const input = { name: v.name, discountBp: bp, priceLevel: v.priceLevel };
    const group = form.name === null ? await this.core.customerGroups.add(input, actor) : await this.core.customerGroups.update(form.name, input, actor);
    this.set({ form: null });
    await this.open();
    const at = this.state.rows.findIndex((r) => r.id === group.id);
    if (at >= 0) this.set({ index: at });
    return { close: false, message: { text: this.t(form.name === null ? 'bo.g.created' : 'bo.g.saved', { name: group.name }), kind: 'success' } };
  }

  private async remove(row: GroupRow): Promise<GroupsOutcome> {
    if (this.state.confirming !== row.name) {
      this.set({ confirming: row.name });
      return { close: false, message: { text: this.t('bo.g.confirmRemove', { name: row.name }), kind: 'info' } };
    }
    this.set({ confirming: null });
    const actor = await actorAllowed(this.core, this.employee, 'edit_customers', this.locale);
    await this.core.customerGroups.remove(row.name, actor);
    await this.open();
    return { close: false, message: { text: this.t('bo.g.removed', { name: row.name }), kind: 'success' } };
  }
}
