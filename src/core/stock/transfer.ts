// A transfer of stock between two shops of the company, and the rules that
// need no database: its statuses, what may happen to it in each, what a
// receipt takes in, and what was sent but never received. Pure:
// transfers.service.ts keeps the transfers and moves the stock.
//
// draft ──send──> sent ──receive──> partial ──receive──> received
//   │               │                  │
//   cancel          └──────close───────┴──> closed (the difference reported)
//   v
// cancelled
//
// Only a draft is cancelled: once sent, the goods have left the shelf of the
// shop they came from, and the transfer ends received or closed short.
import { ValidationError } from '../basics/errors.js';
import { formatQuantity, type Unit } from '../basics/quantity.js';
import { lineValue } from './reorder.js';

export const TRANSFER_STATUSES = ['draft', 'sent', 'partial', 'received', 'closed', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** Sent and not all received: the goods are on the road. */
export const IN_TRANSIT_STATUSES: TransferStatus[] = ['sent', 'partial'];

export type TransferAction = 'edit' | 'send' | 'receive' | 'close' | 'cancel';

/** The statuses in which each action is allowed. */
export const ALLOWED_IN: Record<TransferAction, readonly TransferStatus[]> = {
  edit: ['draft'],
  send: ['draft'],
  receive: ['sent', 'partial'],
  close: ['sent', 'partial'],
  cancel: ['draft'],
};

const STATUS_LABELS: Record<TransferStatus, string> = {
  draft: 'en brouillon',
  sent: 'envoyé',
  partial: 'reçu en partie',
  received: 'reçu',
  closed: 'clos avec écart',
  cancelled: 'annulé',
};

export function transferStatusLabel(status: string): string {
  return STATUS_LABELS[status as TransferStatus] ?? status;
}

const REFUSALS: Record<TransferAction, string> = {
  edit: 'seul un brouillon se modifie',
  send: "seul un brouillon s'envoie",
  receive: 'on ne reçoit que des transferts envoyés',
  close: 'seul un transfert envoyé et pas encore tout reçu se clôt',
  cancel: "seul un brouillon s'annule (un transfert envoyé se reçoit, ou se clôt avec écart)",
};

/** Refuses an action the transfer's status does not allow, saying why. */
export function checkAllowed(action: TransferAction, status: string, reference: string): void {
  if (!(ALLOWED_IN[action] as readonly string[]).includes(status)) {
    throw new ValidationError(`Le transfert ${reference} est ${transferStatusLabel(status)} : ${REFUSALS[action]}`);
  }
}

export interface TransferLine {
  id: number;
  articleId: number;
  plu: string | null;
  name: string;
  unit: Unit;
  /** thousandths sent (to send, on a draft) */
  quantity: number;
  /** thousandths received at the destination so far */
  receivedQty: number;
  /** still on the road: sent and not received (0 on a draft, and once closed) */
  inTransit: number;
  /** cents excl. tax a unit (or kg): the article's cost when the goods left */
  unitCost: number;
}

export interface Transfer {
  id: number;
  reference: string;
  fromShopId: number;
  fromShopCode: string;
  fromShopName: string;
  toShopId: number;
  toShopCode: string;
  toShopName: string;
  status: TransferStatus;
  notes: string;
  createdBy: number | null;
  createdAt: string;
  sentBy: number | null;
  sentAt: string | null;
  receivedBy: number | null;
  receivedAt: string | null;
  closedBy: number | null;
  closedAt: string | null;
  lines: TransferLine[];
}

/** What one receipt takes in for an article, in thousandths. */
export interface ReceiptQuantity {
  articleId: number;
  quantity: number;
}

type DueLine = Pick<TransferLine, 'articleId' | 'name' | 'unit' | 'quantity' | 'receivedQty'>;

/**
 * What a receipt takes in, checked against what is due: no lines asked means
 * everything still due; an article twice, an article not on the transfer, a
 * quantity that is not positive or more than is still due, are refused. The
 * result is in article order (the order stock rows are locked in).
 */
export function planReceipt(lines: readonly DueLine[], asked: readonly ReceiptQuantity[], reference: string): ReceiptQuantity[] {
  const wanted = asked.length > 0 ? asked : lines.filter((l) => l.quantity > l.receivedQty).map((l) => ({ articleId: l.articleId, quantity: l.quantity - l.receivedQty }));
  if (wanted.length === 0) throw new ValidationError(`Plus rien n'est attendu sur le transfert ${reference}`);
  const seen = new Set<number>();
  for (const r of wanted) {
    if (seen.has(r.articleId)) throw new ValidationError('Un article apparaît deux fois dans la réception');
    seen.add(r.articleId);
    const line = lines.find((l) => l.articleId === r.articleId);
    if (!line) throw new ValidationError(`L'article ${r.articleId} n'est pas sur le transfert ${reference}`);
    if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0) throw new ValidationError(`${line.name} : quantité reçue invalide`);
    const due = Math.max(0, line.quantity - line.receivedQty);
    if (r.quantity > due) {
      throw new ValidationError(`${line.name} : ${formatQuantity(r.quantity, line.unit)} reçu(s) mais seulement ${formatQuantity(due, line.unit)} attendu(s)`);
    }
  }
  return [...wanted].sort((a, b) => a.articleId - b.articleId);
}

/** After a receipt: received when every line is in full, else partial. */
export function statusAfterReceipt(lines: ReadonlyArray<Pick<TransferLine, 'quantity' | 'receivedQty'>>): 'partial' | 'received' {
  return lines.every((l) => l.receivedQty >= l.quantity) ? 'received' : 'partial';
}

/** One article sent and never received, valued at its cost when it left. */
export interface ShortLine {
  articleId: number;
  plu: string | null;
  name: string;
  unit: Unit;
  sent: number;
  received: number;
  /** thousandths sent and not received */
  missing: number;
  unitCost: number;
  /** cents excl. tax: missing × unit cost */
  value: number;
}

/** The difference of a transfer: each line with something missing, and its value at cost. */
export function shortfall(lines: readonly TransferLine[]): { lines: ShortLine[]; value: number } {
  const short = lines
    .filter((l) => l.quantity > l.receivedQty)
    .map((l) => {
      const missing = l.quantity - l.receivedQty;
      return { articleId: l.articleId, plu: l.plu, name: l.name, unit: l.unit, sent: l.quantity, received: l.receivedQty, missing, unitCost: l.unitCost, value: lineValue(l.unitCost, missing) };
    });
  return { lines: short, value: short.reduce((sum, l) => sum + l.value, 0) };
}
