// The back office's closings screen, as a small state machine the session
// hands its keys to: the till's past closings (Enter shows one, Ctrl+P
// reprints it), the X report of today (F2, writes nothing), the Z of today
// (F3: the cash counted per note and coin, or a total, against the cash
// expected, then O confirms), the month and year closings (F4, F5: the last
// finished period, ←/→ choose another, as `pos closing month|year <period>`),
// and the opening float, cash in and cash out (F6, F7, F8: amount and reason),
// listed under the closings for the day. A closing is printed through the
// print queue like `pos closing z --print`. Refusals throw: nothing has
// changed then, and the core's own refusal is the message.
import { localDate } from '../../core/basics/clock.js';
import { CASH_MOVEMENT_KINDS, EURO_DENOMINATIONS, countedCash, type CashMovementKind, type Denominations } from '../../core/fiscal/closing.js';
import { closingDocument, closingText, storedClosingText } from '../../core/fiscal/closing-report.js';
import type { CashCount, Closing, DayCashMovement } from '../../core/fiscal/closings.service.js';
import type { Core } from '../../core/shop/core.service.js';
import { PosError } from '../../core/basics/errors.js';
import { mayDo } from '../../core/staff/permissions.js';
import { formatMoney, parseMoney } from '../../core/basics/money.js';
import type { PrintJobKind } from '../../core/sales/print-queue.service.js';
import type { Employee } from '../../core/staff/staff.js';
import { encodeReceipt } from '../../drivers/escpos.js';
import { translator, type MessageKey } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import type { ScreenMessage } from './customers-screen.js';
import { formStep, type FieldForm } from './field-form.js';
import { listCursor, moveCursor } from '../list-cursor.js';
import { actorAllowed, notAllowedText } from './not-allowed.js';

/** The cash counted: how many of each note and coin (as typed), or a total typed on the last line. */
export interface CashCountForm {
  date: string;
  counts: string[];
  total: string;
  /** EURO_DENOMINATIONS.length is the total line */
  index: number;
  expected: number;
}

export const CASH_FIELDS = ['amount', 'reason'] as const;
export interface CashForm extends FieldForm<(typeof CASH_FIELDS)[number]> {
  kind: CashMovementKind;
}

export type PendingClosing = { kind: 'day'; date: string; count: CashCount } | { kind: 'month' | 'year'; period: string };

export interface ClosingsState {
  view: 'list' | 'show' | 'count' | 'confirm' | 'cash';
  closings: Closing[];
  index: number;
  /** the text shown: a closing or the X report */
  lines: string[];
  scroll: number;
  /** the stored closing shown, which Ctrl+P reprints; null for the X report */
  shown: Closing | null;
  count: CashCountForm | null;
  pending: PendingClosing | null;
  cash: CashForm | null;
  /** today's float, cash in and cash out, shown under the list */
  movements: DayCashMovement[];
}

export type ClosingsOutcome = { close: true } | { close: false; message?: ScreenMessage };

/** What a count form adds up to: the total line when typed, else the notes and coins. */
export function countOf(form: CashCountForm): { count: CashCount; cash: number } | string {
  if (form.total.trim() !== '') {
    const cash = parseMoney(form.total);
    if (cash === null || cash < 0) return `Montant compté invalide : « ${form.total} » (par ex. 123,45)`;
    return { count: { cash }, cash };
  }
  const denominations: Denominations = {};
  for (const [i, text] of form.counts.entries()) {
    if (text === '') continue;
    if (!/^\d{1,6}$/.test(text)) return `Nombre invalide pour ${formatMoney(EURO_DENOMINATIONS[i]!)} : « ${text} »`;
    if (Number(text) > 0) denominations[String(EURO_DENOMINATIONS[i])] = Number(text);
  }
  return { count: { denominations }, cash: countedCash(denominations) };
}

/** The month ('2026-10') or year ('2026') a number of steps before or after a period. */
export function shiftPeriod(kind: 'month' | 'year', period: string, steps: number): string {
  if (kind === 'year') return String(Number(period) + steps);
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) + steps;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export class ClosingsScreen {
  state: ClosingsState = { view: 'list', closings: [], index: 0, lines: [], scroll: 0, shown: null, count: null, pending: null, cash: null, movements: [] };

  constructor(
    private readonly core: Core,
    private readonly manager: Employee,
    private readonly locale: 'fr' | 'en',
    /** the print queue, or the till's spooler that prints at once */
    private readonly submit: (kind: PrintJobKind, bytes: Buffer) => Promise<void>,
    private readonly onChange: (state: ClosingsState) => void,
  ) {}

  private set(patch: Partial<ClosingsState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  private text(key: MessageKey, vars?: Record<string, string | number>): string {
    return translator(this.locale)(key, vars);
  }

  private say(key: MessageKey, vars: Record<string, string | number>, kind: 'info' | 'success' | 'error' = 'success'): ClosingsOutcome {
    return { close: false, message: { text: this.text(key, vars), kind } };
  }

  private refuse(key: MessageKey, vars: Record<string, string | number>): never {
    throw new PosError(this.text(key, vars));
  }

  private today(): string {
    return localDate(this.core.clock());
  }

  async open(): Promise<void> {
    this.set({ closings: await this.core.closings.list(), index: 0, movements: await this.core.closings.movements(this.today()) });
  }

  async handle(event: KeyEvent): Promise<ClosingsOutcome> {
    switch (this.state.view) {
      case 'list':
        return this.handleList(event);
      case 'show':
        return this.handleShow(event);
      case 'count':
        return this.handleCount(this.state.count!, event);
      case 'confirm':
        return this.handleConfirm(event);
      case 'cash':
        return this.handleCash(this.state.cash!, event);
    }
  }

  private backToList(message: ScreenMessage = null): ClosingsOutcome {
    this.set({ view: 'list', lines: [], shown: null, count: null, pending: null, cash: null, scroll: 0 });
    return { close: false, message };
  }

  // --- list -------------------------------------------------------------------------

  private async handleList(event: KeyEvent): Promise<ClosingsOutcome> {
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, this.state.index, this.state.closings.length);
    if (moved !== null) {
      this.set({ index: moved });
      return { close: false };
    }
    const now = this.core.clock();
    switch (event.name) {
      case 'enter': {
        const c = this.state.closings[this.state.index];
        if (c) this.set({ view: 'show', shown: c, lines: storedClosingText(c), scroll: 0 });
        return { close: false, message: null };
      }
      case 'f2': {
        const x = await this.core.closings.xReport(this.today());
        const lines = closingText({ title: `RAPPORT X${x.closed ? ' (journée clôturée)' : ''}`, period: x.date, tillId: x.tillId, totals: x.totals });
        this.set({ view: 'show', shown: null, lines, scroll: 0 });
        return { close: false, message: null };
      }
      case 'f3':
        return this.startCount();
      case 'f4':
        return this.ask({ kind: 'month', period: shiftPeriod('month', localDate(now).slice(0, 7), -1) });
      case 'f5':
        return this.ask({ kind: 'year', period: shiftPeriod('year', String(now.getFullYear()), -1) });
      case 'f6':
      case 'f7':
      case 'f8':
        this.set({ view: 'cash', cash: { kind: CASH_MOVEMENT_KINDS[['f6', 'f7', 'f8'].indexOf(event.name)]!, values: { amount: '', reason: '' }, index: 0 } });
        return { close: false, message: null };
      case 'escape':
        return { close: true };
      default:
        return { close: false };
    }
  }

  // --- one closing or the X report ------------------------------------------------------

  private async handleShow(event: KeyEvent): Promise<ClosingsOutcome> {
    if (event.type === 'ctrl' && event.letter === 'p' && this.state.shown) {
      await this.print(storedClosingText(this.state.shown));
      const seq = this.state.shown.seq;
      return this.say('bo.z.reprinted', { seq });
    }
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, this.state.scroll, this.state.lines.length);
    if (moved !== null) this.set({ scroll: moved });
    else if (event.name === 'escape') return this.backToList();
    return { close: false };
  }

  /** A closing goes through the print queue, like `pos closing z --print`; a spooler retries while the printer is away. */
  private async print(lines: string[]): Promise<void> {
    const settings = await this.core.settings.all();
    const bytes = await encodeReceipt(closingDocument(settings['shop.name'], lines), { codePage: settings['receipt.codePage'], columns: settings['receipt.columns'] });
    await this.submit('closing', bytes);
  }

  // --- the Z: count, confirm, close, print -----------------------------------------------

  private async startCount(): Promise<ClosingsOutcome> {
    const x = await this.core.closings.xReport(this.today());
    if (x.closed) this.refuse('bo.z.dayClosed', { date: x.date });
    this.set({ view: 'count', count: { date: x.date, counts: EURO_DENOMINATIONS.map(() => ''), total: '', index: 0, expected: x.totals.cashExpected } });
    const expected = formatMoney(x.totals.cashExpected, this.locale);
    return this.say('bo.z.countDrawer', { expected }, 'info');
  }

  private handleCount(form: CashCountForm, event: KeyEvent): ClosingsOutcome {
    const last = EURO_DENOMINATIONS.length;
    const onTotal = form.index === last;
    const edit = (text: string) =>
      onTotal ? this.set({ count: { ...form, total: text } }) : this.set({ count: { ...form, counts: form.counts.map((c, i) => (i === form.index ? text : c)) } });
    const current = onTotal ? form.total : form.counts[form.index]!;
    if (event.type === 'text') {
      edit(current + event.text.replace(onTotal ? /[^\d,.]/g : /\D/g, ''));
      return { close: false };
    }
    if (event.type === 'ctrl' && event.letter === 's') return this.askZ(form);
    if (event.type !== 'key') return { close: false };
    switch (event.name) {
      case 'backspace':
        edit(current.slice(0, -1));
        break;
      case 'up':
      case 'backtab':
        this.set({ count: { ...form, index: moveCursor(form.index, -1, last + 1) } });
        break;
      case 'down':
      case 'tab':
      case 'enter':
        if (event.name === 'enter' && onTotal) return this.askZ(form);
        this.set({ count: { ...form, index: moveCursor(form.index, 1, last + 1) } });
        break;
      case 'escape':
        return this.backToList();
    }
    return { close: false };
  }

  private askZ(form: CashCountForm): ClosingsOutcome {
    const counted = countOf(form);
    if (typeof counted === 'string') throw new PosError(counted);
    const m = (c: number) => formatMoney(c, this.locale);
    const diff = counted.cash - form.expected;
    const d = `${diff > 0 ? '+' : ''}${m(diff)}`;
    this.set({ view: 'confirm', pending: { kind: 'day', date: form.date, count: counted.count } });
    return this.say('bo.z.askDay', { date: form.date, expected: m(form.expected), counted: m(counted.cash), difference: d }, 'info');
  }

  private ask(pending: PendingClosing & { kind: 'month' | 'year' }): ClosingsOutcome {
    this.set({ view: 'confirm', pending });
    return this.say(pending.kind === 'month' ? 'bo.z.askMonth' : 'bo.z.askYear', { period: pending.period }, 'info');
  }

  private async handleConfirm(event: KeyEvent): Promise<ClosingsOutcome> {
    const pending = this.state.pending!;
    // ←/→ choose another month or year; the core says at O whether it may be closed.
    if (pending.kind !== 'day' && event.type === 'key' && (event.name === 'left' || event.name === 'right')) {
      return this.ask({ kind: pending.kind, period: shiftPeriod(pending.kind, pending.period, event.name === 'left' ? -1 : 1) });
    }
    if (event.type === 'key' && event.name === 'escape') {
      if (pending.kind === 'day') {
        this.set({ view: 'count', pending: null });
        return { close: false, message: null };
      }
      return this.backToList();
    }
    if (event.type !== 'text' || !/^[oy]$/i.test(event.text)) return { close: false };
    // The shop may keep closings for the owner (pos permissions set close_day owner).
    const table = await this.core.permissions.table();
    if (!mayDo(this.manager.role, 'close_day', table)) throw new PosError(notAllowedText(translator(this.locale), 'close_day', table), 'PERMISSION');
    const closing =
      pending.kind === 'day'
        ? await this.core.closings.zClose(pending.date, pending.count, this.manager.id)
        : await this.core.closings.closePeriod(pending.kind, pending.period, this.manager.id);
    const lines = storedClosingText(closing);
    this.set({ view: 'show', shown: closing, lines, scroll: 0, count: null, pending: null, closings: await this.core.closings.list(), index: 0 });
    const diff = closing.kind === 'day' ? formatMoney(closing.totals.difference ?? 0, this.locale) : null;
    const done = this.text(diff === null ? 'bo.z.done' : 'bo.z.doneDiff', { seq: closing.seq, period: closing.period, difference: diff ?? '' });
    try {
      await this.print(lines);
    } catch (err) {
      const why = (err as Error).message;
      return this.say('bo.z.printFailed', { done, why }, 'error');
    }
    return this.say('bo.z.printed', { done });
  }

  // --- float, cash in and out ---------------------------------------------------------

  private async handleCash(form: CashForm, event: KeyEvent): Promise<ClosingsOutcome> {
    const step = formStep(form, CASH_FIELDS, event);
    if (step.kind === 'edit') this.set({ cash: step.form });
    else if (step.kind === 'cancel') return this.backToList();
    else if (step.kind === 'save') {
      const amount = parseMoney(form.values.amount);
      if (amount === null || amount <= 0) this.refuse('bo.z.badAmount', { amount: form.values.amount });
      const actor = await actorAllowed(this.core, this.manager, form.kind === 'float' ? 'cash_float' : form.kind === 'in' ? 'cash_in' : 'cash_out', this.locale);
      const m = await this.core.closings.recordMovement({ kind: form.kind, amount, reason: form.values.reason, employeeId: this.manager.id }, actor);
      const label = this.text(`bo.z.cash.${form.kind}`);
      const money = formatMoney(m.amount, this.locale);
      this.backToList();
      this.set({ movements: await this.core.closings.movements(m.businessDate) });
      return this.say('bo.z.cashSaved', { label, amount: money, date: m.businessDate });
    }
    return { close: false };
  }
}

