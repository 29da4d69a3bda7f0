// The back office's customers screen, as a small state machine the back
// office session hands its keys to: the list with search as you type and the
// account balance column, the form to create or edit a customer (every
// field), and a customer's sales. Errors thrown here reach the session, which
// shows them; a refused form stays open with what was typed.
import type { Core } from '../../core/shop/core.service.js';
import type { HistorySale } from '../../core/customers/customer-history.service.js';
import type { Customer, CustomerGroup } from '../../core/customers/customers.service.js';
import { customerName } from '../../core/customers/customer-name.js';
import { translator } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import { clampCursor, listCursor, moveCursor } from '../list-cursor.js';
import { consentKey, CUSTOMER_FIELDS, customerFormValues, parseCustomerForm, type CustomerFormValues } from './customer-form.js';
import type { Employee } from '../../core/staff/staff.js';
import { actorAllowed } from './not-allowed.js';
import type { LoyaltyStatus } from '../../core/customers/loyalty.service.js';

export interface CustomerRow {
  customer: Customer;
  group: string;
  /** account balance in cents; positive: the customer owes the shop */
  balance: number;
}

export interface CustomerFormState {
  /** null for a new customer */
  customerId: number | null;
  values: CustomerFormValues;
  index: number;
  /** when the customer's consent last changed, shown beside the toggle (null: never given, or a new customer) */
  consentAt?: string | null;
}

export interface CustomerSalesState {
  customer: Customer;
  sales: HistorySale[];
  index: number;
  saleCount: number;
  spent: number;
  balance: number;
  /** unspent vouchers and credit on the account, as the till's header counts it */
  storeCredit: number;
  /** the loyalty card (null: the programme is off) */
  loyalty: LoyaltyStatus | null;
}

export interface CustomersState {
  view: 'list' | 'form' | 'sales';
  query: string;
  rows: CustomerRow[];
  index: number;
  form: CustomerFormState | null;
  sales: CustomerSalesState | null;
}

export type ScreenMessage = { text: string; kind: 'info' | 'error' | 'success' } | null;

/** What one key did: stay here (with a message to show), or go back to the menu. */
export type CustomersOutcome = { close: true } | { close: false; message?: ScreenMessage };

const LIST_LIMIT = 500;
const SALES_LIMIT = 100;

export class CustomersScreen {
  state: CustomersState = { view: 'list', query: '', rows: [], index: 0, form: null, sales: null };
  private groups: CustomerGroup[] = [];

  constructor(private readonly core: Core, private readonly locale: 'fr' | 'en', private readonly onChange: (state: CustomersState) => void) {}

  /** who is signed in to the back office: the permission table is checked against them and changes are audited under their name */
  employee: Employee | null = null;

  private set(patch: Partial<CustomersState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  async open(): Promise<void> {
    await this.core.customers.defaultGroup();
    this.groups = await this.core.customers.groups();
    await this.search('');
  }

  async handle(event: KeyEvent): Promise<CustomersOutcome> {
    if (this.state.view === 'form') return this.handleForm(event);
    if (this.state.view === 'sales') return this.handleSales(event);
    return this.handleList(event);
  }

  // --- list -------------------------------------------------------------------------

  private async search(query: string): Promise<void> {
    this.set({ query });
    const customers = query.trim() ? await this.core.customers.search(query, LIST_LIMIT) : (await this.core.customers.list()).slice(0, LIST_LIMIT);
    // The cashier may have typed on while we searched: keep only a current answer.
    if (this.state.query !== query) return;
    const balances = new Map((await this.core.accounts.balances()).map((b) => [b.customerId, b.balance]));
    const groups = new Map(this.groups.map((g) => [g.id, g.name]));
    const rows = customers.map((customer) => ({ customer, group: groups.get(customer.groupId) ?? '', balance: balances.get(customer.id) ?? 0 }));
    this.set({ rows, index: clampCursor(this.state.index, rows.length) });
  }

  private async handleList(event: KeyEvent): Promise<CustomersOutcome> {
    const { rows, index, query } = this.state;
    if (event.type === 'text') {
      await this.search(query + event.text);
      this.set({ index: 0 });
      return { close: false };
    }
    const selected = rows[index]?.customer;
    if (event.type === 'ctrl' && event.letter === 'n') return this.openForm(null);
    if ((event.type === 'ctrl' && event.letter === 'u') || (event.type === 'key' && event.name === 'f4')) {
      return selected ? this.openSales(selected) : { close: false };
    }
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, index, rows.length);
    if (moved !== null) {
      this.set({ index: moved });
      return { close: false };
    }
    switch (event.name) {
      case 'backspace':
        await this.search(query.slice(0, -1));
        break;
      case 'insert':
        return this.openForm(null);
      case 'enter':
        if (selected) return this.openForm(selected);
        break;
      case 'escape':
        if (!query) return { close: true };
        await this.search('');
        break;
      default:
        break;
    }
    return { close: false };
  }

  // --- form -------------------------------------------------------------------------

  private async openForm(customer: Customer | null): Promise<CustomersOutcome> {
    this.groups = await this.core.customers.groups();
    const code = customer ? '' : await this.core.customers.newCardCode();
    this.set({ view: 'form', form: { customerId: customer?.id ?? null, values: customerFormValues(customer, this.groups, code), index: customer ? 0 : 1, consentAt: customer?.marketingConsentAt ?? null } });
    return { close: false, message: null };
  }

  private async handleForm(event: KeyEvent): Promise<CustomersOutcome> {
    const form = this.state.form!;
    const key = CUSTOMER_FIELDS[form.index]!;
    const edit = (value: string) => this.set({ form: { ...form, values: { ...form.values, [key]: value } } });
    const move = (delta: number) => this.set({ form: { ...form, index: moveCursor(form.index, delta, CUSTOMER_FIELDS.length) } });
    if (event.type === 'text' && key === 'consent') edit(consentKey(form.values.consent, event.text));
    else if (event.type === 'text') edit(form.values[key] + event.text.replace(/[\r\n]/g, ''));
    else if (event.type === 'ctrl' && event.letter === 's') return this.save();
    else if (event.type === 'key') {
      if (event.name === 'backspace' && key === 'consent') return { close: false };
      else if (event.name === 'backspace') edit(form.values[key].slice(0, -1));
      else if (event.name === 'up' || event.name === 'backtab') move(-1);
      else if (event.name === 'down' || event.name === 'tab') move(1);
      else if (event.name === 'enter') {
        // Enter moves on; on the last field it saves.
        if (form.index < CUSTOMER_FIELDS.length - 1) move(1);
        else return this.save();
      } else if (event.name === 'escape') {
        this.set({ view: 'list', form: null });
        return { close: false, message: null };
      }
    }
    return { close: false };
  }

  private async save(): Promise<CustomersOutcome> {
    const form = this.state.form!;
    const input = parseCustomerForm(form.values, this.groups);
    const actor = await actorAllowed(this.core, this.employee, 'edit_customers', this.locale);
    const saved = form.customerId === null ? await this.core.customers.create(input, actor) : await this.core.customers.update(form.customerId, input, actor);
    this.set({ view: 'list', form: null });
    await this.search(this.state.query);
    const at = this.state.rows.findIndex((r) => r.customer.id === saved.id);
    if (at >= 0) this.set({ index: at });
    const name = customerName(saved);
    const text = translator(this.locale)(form.customerId === null ? 'bo.c.created' : 'bo.c.saved', { name });
    return { close: false, message: { text, kind: 'success' } };
  }

  // --- a customer's sales -----------------------------------------------------------

  private async openSales(customer: Customer): Promise<CustomersOutcome> {
    const [sales, summary, account, loyalty] = await Promise.all([
      this.core.history.sales(customer.id, { limit: SALES_LIMIT }),
      this.core.history.summary(customer.id),
      this.core.accounts.summary(customer.id),
      this.core.loyalty.status(customer.id),
    ]);
    const profile = { balance: account.balance, storeCredit: account.storeCredit, loyalty };
    this.set({ view: 'sales', sales: { customer, sales, index: 0, saleCount: summary.saleCount, spent: summary.spent, ...profile } });
    return { close: false, message: null };
  }

  private async handleSales(event: KeyEvent): Promise<CustomersOutcome> {
    const sales = this.state.sales!;
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, sales.index, sales.sales.length);
    if (moved !== null) this.set({ sales: { ...sales, index: moved } });
    else if (event.name === 'escape' || event.name === 'enter') this.set({ view: 'list', sales: null });
    return { close: false };
  }
}
