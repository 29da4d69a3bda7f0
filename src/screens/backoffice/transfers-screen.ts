// The back office's « Transferts » screen (issue #22), as a small state
// machine the back office session hands its keys to: the transfers leaving or
// reaching this till's shop; Insert (Ctrl+N) prepares a new one (type the
// arrival shop's code or number, Enter). In a draft, type an article's code
// (or 3*code for a quantity) and Enter to add it, Suppr removes the chosen
// line, Ctrl+S sends it, Ctrl+X then O cancels it. In a sent transfer, type a
// quantity and Enter to receive it on the chosen line, Ctrl+R receives all
// that is on the road, Ctrl+X then O closes it short (the difference is shown,
// valued at cost). The permission table decides (transfer_stock; receiving:
// receive_goods); every change is audited under the signed-in employee by the
// core. Errors thrown here reach the session, which shows them; nothing has
// changed then.
import type { Core } from '../../core/shop/core.service.js';
import type { Actor } from '../../core/fiscal/audit.service.js';
import { PosError } from '../../core/basics/errors.js';
import { parseQuantity } from '../../core/basics/quantity.js';
import { formatMoney } from '../../core/basics/money.js';
import type { GuardedAction } from '../../core/staff/permissions.js';
import type { Employee } from '../../core/staff/staff.js';
import { transferStatusLabel, type Transfer } from '../../core/stock/transfer.js';
import { translator, type MessageKey, type Translate } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import { clampCursor, listCursor } from '../list-cursor.js';
import type { ScreenMessage } from './customers-screen.js';
import { actorAllowed } from './not-allowed.js';

/** A transfer's status as the screen says it: the core's French words, or the status itself in English. */
export function transferStatus(status: Transfer['status'], locale: 'fr' | 'en'): string {
  return locale === 'fr' ? transferStatusLabel(status) : status;
}

export interface TransfersState {
  view: 'list' | 'new' | 'transfer';
  transfers: Transfer[];
  index: number;
  transfer: Transfer | null;
  lineIndex: number;
  /** what is being typed: the arrival shop (new), an article code (draft) or a quantity received (sent) */
  input: string;
  /** Ctrl+X was pressed: O confirms (cancelling a draft, closing a sent transfer short) */
  confirmEnd: boolean;
}

export type TransfersOutcome = { close: true } | { close: false; message?: ScreenMessage };

export class TransfersScreen {
  state: TransfersState = { view: 'list', transfers: [], index: 0, transfer: null, lineIndex: 0, input: '', confirmEnd: false };
  private readonly t: Translate;

  constructor(private readonly core: Core, private readonly employee: Employee, private readonly locale: 'fr' | 'en', private readonly onChange: (state: TransfersState) => void) {
    this.t = translator(locale);
  }

  private set(patch: Partial<TransfersState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  private say(key: MessageKey, vars: Record<string, string | number>, kind: 'info' | 'success' = 'success'): TransfersOutcome {
    return { close: false, message: { text: this.t(key, vars), kind } };
  }

  private actor(action: GuardedAction): Promise<Actor> {
    return actorAllowed(this.core, this.employee, action, this.locale);
  }

  async open(): Promise<void> {
    const transfers = await this.core.transfers.list({ status: 'all', limit: 200 });
    this.set({ transfers, index: clampCursor(this.state.index, transfers.length) });
  }

  async handle(event: KeyEvent): Promise<TransfersOutcome> {
    if (this.state.view === 'new') return this.handleNew(event);
    if (this.state.view === 'transfer') return this.handleTransfer(event);
    return this.handleList(event);
  }

  // --- the list -------------------------------------------------------------

  private async handleList(event: KeyEvent): Promise<TransfersOutcome> {
    const { transfers, index } = this.state;
    if (event.type === 'ctrl' && event.letter === 'n') return this.startNew();
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, index, transfers.length);
    if (moved !== null) this.set({ index: moved });
    else if (event.name === 'insert') return this.startNew();
    else if (event.name === 'enter' && transfers[index]) {
      this.set({ view: 'transfer', transfer: transfers[index], lineIndex: 0, input: '', confirmEnd: false });
      return { close: false, message: null };
    } else if (event.name === 'escape') return { close: true };
    return { close: false };
  }

  private startNew(): TransfersOutcome {
    this.set({ view: 'new', input: '' });
    return { close: false, message: null };
  }

  private async handleNew(event: KeyEvent): Promise<TransfersOutcome> {
    if (event.type === 'text') {
      this.set({ input: (this.state.input + event.text).slice(0, 20) });
      return { close: false };
    }
    if (event.type !== 'key') return { close: false };
    if (event.name === 'backspace') this.set({ input: this.state.input.slice(0, -1) });
    else if (event.name === 'escape') {
      this.set({ view: 'list', input: '' });
      return { close: false, message: null };
    } else if (event.name === 'enter' && this.state.input.trim()) {
      const actor = await this.actor('transfer_stock');
      const to = await this.core.shops.resolve(this.state.input);
      const made = await this.core.transfers.create({ to: to.id }, actor);
      await this.open();
      this.set({ view: 'transfer', transfer: made, lineIndex: 0, input: '', confirmEnd: false });
      return this.say('bo.t.created', { reference: made.reference, to: made.toShopName });
    }
    return { close: false };
  }

  // --- one transfer ---------------------------------------------------------

  private async refresh(id: number): Promise<Transfer> {
    const transfer = (await this.core.transfers.get(id))!;
    this.set({ transfer, lineIndex: clampCursor(this.state.lineIndex, transfer.lines.length), input: '', confirmEnd: false });
    return transfer;
  }

  private async back(): Promise<void> {
    this.set({ view: 'list', transfer: null, input: '', confirmEnd: false });
    await this.open();
  }

  private async handleTransfer(event: KeyEvent): Promise<TransfersOutcome> {
    const { transfer, lineIndex, input, confirmEnd } = this.state;
    if (!transfer) return { close: false };
    const draft = transfer.status === 'draft';
    const onTheRoad = transfer.status === 'sent' || transfer.status === 'partial';
    if (confirmEnd) {
      this.set({ confirmEnd: false });
      if (!(event.type === 'text' && /^[oy]$/i.test(event.text))) return { close: false, message: null };
      if (draft) {
        await this.core.transfers.cancel(transfer.id, await this.actor('transfer_stock'));
        await this.refresh(transfer.id);
        return this.say('bo.t.cancelled', { reference: transfer.reference });
      }
      const closed = await this.core.transfers.close(transfer.id, await this.actor('transfer_stock'));
      await this.refresh(transfer.id);
      return this.say('bo.t.closed', { reference: transfer.reference, value: formatMoney(closed.value, this.locale) }, 'info');
    }
    if (event.type === 'text') {
      if (draft || (onTheRoad && /^[\d,.]+$/.test(event.text))) this.set({ input: (input + event.text).slice(0, 30) });
      return { close: false };
    }
    if (event.type === 'ctrl') {
      if (event.letter === 's' && draft) {
        const sent = await this.core.transfers.send(transfer.id, await this.actor('transfer_stock'));
        await this.refresh(transfer.id);
        return this.say('bo.t.sent', { reference: sent.reference, from: sent.fromShopName });
      }
      if (event.letter === 'r' && onTheRoad) {
        const { transfer: after } = await this.core.transfers.receive(transfer.id, [], await this.actor('receive_goods'));
        await this.refresh(transfer.id);
        return this.say('bo.t.allReceived', { reference: after.reference, to: after.toShopName });
      }
      if (event.letter === 'x' && (draft || onTheRoad)) {
        this.set({ confirmEnd: true });
        return this.say(draft ? 'bo.t.askCancel' : 'bo.t.askClose', { reference: transfer.reference }, 'info');
      }
      return { close: false };
    }
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, lineIndex, transfer.lines.length);
    if (moved !== null) {
      this.set({ lineIndex: moved, input: '' });
      return { close: false };
    }
    switch (event.name) {
      case 'backspace':
        this.set({ input: input.slice(0, -1) });
        return { close: false };
      case 'delete': {
        const line = transfer.lines[lineIndex];
        if (!draft || !line) return { close: false };
        await this.core.transfers.removeLine(transfer.id, line.articleId, await this.actor('transfer_stock'));
        await this.refresh(transfer.id);
        return this.say('bo.t.lineRemoved', { name: line.name });
      }
      case 'enter':
        if (!input.trim()) return { close: false };
        return draft ? this.addTyped(transfer) : onTheRoad ? this.receiveTyped(transfer) : { close: false };
      case 'escape':
        if (input) {
          this.set({ input: '' });
          return { close: false };
        }
        await this.back();
        return { close: false, message: null };
      default:
        return { close: false };
    }
  }

  /** `code` or `quantity*code` typed in a draft: the article added (one unit, or the quantity). */
  private async addTyped(transfer: Transfer): Promise<TransfersOutcome> {
    const typed = this.state.input.trim();
    this.set({ input: '' });
    const star = typed.indexOf('*');
    const code = (star >= 0 ? typed.slice(star + 1) : typed).trim();
    const found = await this.core.catalog.lookup(code);
    if (!found) throw new PosError(this.t('bo.t.unknownArticle', { code: code.slice(0, 30) }));
    const article = found.article;
    let quantity = 1000;
    if (star >= 0) {
      const parsed = parseQuantity(typed.slice(0, star), article.unit);
      if (!parsed.ok) throw new PosError(parsed.error);
      quantity = parsed.value;
    }
    const after = await this.core.transfers.addLine(transfer.id, article.id, quantity, await this.actor('transfer_stock'));
    const at = after.lines.findIndex((l) => l.articleId === article.id);
    await this.refresh(transfer.id);
    if (at >= 0) this.set({ lineIndex: at });
    return this.say('bo.t.lineAdded', { name: article.name });
  }

  /** A quantity typed on a line of a sent transfer: that much of it received. */
  private async receiveTyped(transfer: Transfer): Promise<TransfersOutcome> {
    const line = transfer.lines[this.state.lineIndex];
    const typed = this.state.input;
    this.set({ input: '' });
    if (!line) return { close: false };
    const parsed = parseQuantity(typed, line.unit);
    if (!parsed.ok) throw new PosError(parsed.error);
    const { transfer: after } = await this.core.transfers.receive(transfer.id, [{ articleId: line.articleId, quantity: parsed.value }], await this.actor('receive_goods'));
    await this.refresh(transfer.id);
    return this.say('bo.t.lineReceived', { name: line.name, status: transferStatus(after.status, this.locale) });
  }
}
