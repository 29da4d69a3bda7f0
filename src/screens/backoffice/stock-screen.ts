// The back office's stock screens, as a small state machine the back office
// session hands its keys to: receiving goods, a correction with its reason,
// an inventory count (scan, type the counted quantity, see the difference,
// post them all with Ctrl+S) and the low-stock list. A code is typed then
// Enter, or scanned: a whole barcode arriving at once is looked up directly.
// Errors thrown here reach the session, which shows them and changes nothing.
import type { Article } from '../../core/catalogue/article.js';
import type { Core } from '../../core/shop/core.service.js';
import { PosError } from '../../core/basics/errors.js';
import { formatQuantity, parseQuantity } from '../../core/basics/quantity.js';
import type { LowStockRow, ManualReason } from '../../core/stock/stock.service.js';
import { parseCountedQuantity, type CountLine, type StockCount } from '../../core/stock/stock-count.js';
import type { Employee } from '../../core/staff/staff.js';
import type { KeyEvent } from '../keys.js';
import { listCursor } from '../list-cursor.js';
import type { ScreenMessage } from './customers-screen.js';
import { stockText, type StockTextKey } from './stock-text.js';
import { actorAllowed } from './not-allowed.js';

export const STOCK_MODES = ['receive', 'adjust', 'count', 'low'] as const;
export type StockMode = (typeof STOCK_MODES)[number];

/** One thing done on the receive or adjust screen, shown under the entry line. */
export interface StockDone {
  name: string;
  text: string;
}

export interface StockState {
  view: 'menu' | StockMode;
  menuIndex: number;
  /** the entry line: a code, then the quantity of `article` */
  step: 'code' | 'quantity';
  input: string;
  article: Article | null;
  reason: ManualReason;
  done: StockDone[];
  countLines: CountLine[];
  /** Esc pressed once on a count with lines: the next Esc abandons it */
  confirmAbandon: boolean;
  low: LowStockRow[];
  index: number;
}

export type StockOutcome = { close: true } | { close: false; message?: ScreenMessage };

/** A scanner delivers a whole code in one event; a person types digit by digit. */
const SCANNED = /^\d{8,14}$/;
const DONE_KEPT = 50;

export class StockScreen {
  state: StockState = { view: 'menu', menuIndex: 0, step: 'code', input: '', article: null, reason: 'adjustment', done: [], countLines: [], confirmAbandon: false, low: [], index: 0 };
  private count: StockCount | null = null;

  constructor(
    private readonly core: Core,
    private readonly employee: Employee | null,
    private readonly locale: 'fr' | 'en',
    private readonly onChange: (state: StockState) => void,
  ) {}

  private t(key: StockTextKey, vars: Record<string, string | number> = {}): string {
    return stockText(this.locale, key, vars);
  }

  private set(patch: Partial<StockState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  async handle(event: KeyEvent): Promise<StockOutcome> {
    switch (this.state.view) {
      case 'menu':
        return this.handleMenu(event);
      case 'low':
        return this.handleLow(event);
      default:
        return this.handleEntry(event);
    }
  }

  // --- menu -----------------------------------------------------------------------

  private async handleMenu(event: KeyEvent): Promise<StockOutcome> {
    if (event.type !== 'key') return { close: false };
    const n = STOCK_MODES.length;
    if (event.name === 'up') this.set({ menuIndex: (this.state.menuIndex - 1 + n) % n });
    else if (event.name === 'down') this.set({ menuIndex: (this.state.menuIndex + 1) % n });
    else if (event.name === 'escape') return { close: true };
    else if (event.name === 'enter') return this.open(STOCK_MODES[this.state.menuIndex]!);
    return { close: false };
  }

  async open(mode: StockMode): Promise<StockOutcome> {
    if (mode === 'low') {
      this.set({ view: 'low', low: await this.core.stock.lowStock(), index: 0 });
      return { close: false, message: null };
    }
    if (mode === 'count') this.count = this.core.stock.startCount();
    this.set({ view: mode, step: 'code', input: '', article: null, reason: 'adjustment', done: [], countLines: [], confirmAbandon: false });
    return { close: false, message: { text: this.t(`start.${mode}`), kind: 'info' } };
  }

  private back(): StockOutcome {
    this.count = null;
    this.set({ view: 'menu', step: 'code', input: '', article: null, countLines: [], done: [], confirmAbandon: false });
    return { close: false, message: null };
  }

  // --- low stock --------------------------------------------------------------------

  private handleLow(event: KeyEvent): StockOutcome {
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, this.state.index, this.state.low.length);
    if (moved !== null) this.set({ index: moved });
    else if (event.name === 'escape') return this.back();
    return { close: false };
  }

  // --- receive, adjust, count: a code, then a quantity ------------------------------

  private async handleEntry(event: KeyEvent): Promise<StockOutcome> {
    const { step, input } = this.state;
    if (event.type === 'text') {
      const text = event.text.replace(/[\r\n]/g, '');
      if (step === 'code' && input === '' && SCANNED.test(text)) return this.chooseArticle(text);
      this.set({ input: input + text, confirmAbandon: false });
      return { close: false };
    }
    if (event.type === 'ctrl' && event.letter === 's' && this.state.view === 'count') return this.postCount();
    if (event.type !== 'key') return { close: false };
    switch (event.name) {
      case 'backspace':
        this.set({ input: input.slice(0, -1) });
        return { close: false };
      case 'f2':
        if (this.state.view === 'adjust') this.set({ reason: this.state.reason === 'adjustment' ? 'loss' : 'adjustment' });
        return { close: false };
      case 'f12':
        return this.state.view === 'count' ? this.postCount() : { close: false };
      case 'enter':
        if (step === 'code') return input.trim() ? this.chooseArticle(input.trim()) : { close: false };
        return this.applyQuantity(input);
      case 'escape':
        if (step === 'quantity' || input) {
          this.set({ step: 'code', input: '', article: null });
          return { close: false, message: null };
        }
        if (this.state.view === 'count' && this.state.countLines.length > 0 && !this.state.confirmAbandon) {
          this.set({ confirmAbandon: true });
          return { close: false, message: { text: this.t('count.abandon?'), kind: 'error' } };
        }
        return this.back();
      default:
        return { close: false };
    }
  }

  private async chooseArticle(code: string): Promise<StockOutcome> {
    const found = await this.core.catalog.lookup(code);
    this.set({ input: '' });
    if (!found) throw new PosError(this.t('unknown', { code }));
    const article = found.article;
    if (!article.trackStock) throw new PosError(this.t('untracked', { name: article.name }));
    const fresh = await this.core.catalog.requireArticle(article.id);
    this.set({ step: 'quantity', article: fresh });
    const counted = this.count?.line(article.id);
    const key = this.state.view === 'count' ? 'ask.count' : this.state.view === 'adjust' ? 'ask.adjust' : 'ask.receive';
    const stock = formatQuantity(counted ? counted.expected : fresh.stockQty, fresh.unit, this.locale);
    return { close: false, message: { text: this.t(key, { name: fresh.name, stock }), kind: 'info' } };
  }

  private async applyQuantity(text: string): Promise<StockOutcome> {
    const article = this.state.article!;
    const view = this.state.view;
    const q = view === 'count' ? parseCountedQuantity(text, article.unit) : parseQuantity(text, article.unit);
    if (!q.ok) throw new PosError(q.error);
    const employeeId = this.employee?.id ?? null;
    const tillId = this.core.tillId;
    const fmt = (n: number) => formatQuantity(n, article.unit, this.locale);
    let message: string;
    if (view === 'count') {
      const line = await this.core.stock.record(this.count!, article.id, q.value);
      this.set({ countLines: this.count!.lines() });
      message = this.t('counted', { name: article.name, counted: fmt(line.counted), diff: `${line.difference > 0 ? '+' : ''}${fmt(line.difference)}` });
    } else if (view === 'receive') {
      if (q.value < 0) throw new PosError(this.t('positive'));
      const actor = await actorAllowed(this.core, this.employee, 'receive_goods', this.locale);
      const after = await this.core.stock.receive(article.id, q.value, { employeeId, tillId, note: this.t('note.bo') }, actor);
      message = this.t('received', { name: article.name, qty: fmt(q.value), stock: fmt(after) });
    } else {
      // A loss is typed as the quantity lost: "2" takes two off the shelf.
      const delta = this.state.reason === 'loss' ? -Math.abs(q.value) : q.value;
      const actor = await actorAllowed(this.core, this.employee, 'adjust_stock', this.locale);
      const after = await this.core.stock.adjust(article.id, delta, this.state.reason, { employeeId, tillId, note: this.t('note.bo') }, actor);
      message = this.t('adjusted', { name: article.name, qty: `${delta > 0 ? '+' : ''}${fmt(delta)}`, stock: fmt(after), reason: this.t(`reason.${this.state.reason}`) });
    }
    const done = view === 'count' ? this.state.done : [{ name: article.name, text: message }, ...this.state.done].slice(0, DONE_KEPT);
    this.set({ step: 'code', input: '', article: null, done });
    return { close: false, message: { text: message, kind: 'success' } };
  }

  private async postCount(): Promise<StockOutcome> {
    const count = this.count!;
    const actor = await actorAllowed(this.core, this.employee, 'adjust_stock', this.locale);
    const lines = await this.core.stock.postCount(count, { employeeId: this.employee?.id ?? null, tillId: this.core.tillId }, actor);
    const changed = lines.filter((l) => l.difference !== 0).length;
    this.back();
    return { close: false, message: { text: this.t('count.posted', { n: lines.length, changed }), kind: 'success' } };
  }
}
