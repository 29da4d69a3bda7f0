// A purchase order as the back office and the CLI see it, its statuses, and
// the rules that need no database: a line's quantity, the status in words,
// the last time an automatic send was due. Pure: purchasing.service.ts keeps
// the orders.
import { ValidationError } from '../basics/errors.js';
import { formatQuantity } from '../basics/quantity.js';
import type { OrderMailStatus } from './order-mail.js';

export const ORDER_STATUSES = ['draft', 'sent', 'partial', 'received', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Sent and not yet received in full: what a delivery can still be received against. */
export const OPEN_STATUSES: OrderStatus[] = ['sent', 'partial'];

export interface PurchaseOrderLine {
  id: number;
  articleId: number;
  plu: string | null;
  name: string;
  unit: 'unit' | 'kg';
  supplierRef: string;
  /** thousandths */
  quantity: number;
  receivedQty: number;
  /** still to come, never negative */
  due: number;
  /** cents per unit (or kg), excluding tax */
  unitCost: number;
  value: number;
}

export interface PurchaseOrder {
  id: number;
  reference: string;
  /** the shop that orders: delivered there, received into its stock */
  shopId: number;
  supplierId: number;
  supplierName: string;
  status: OrderStatus;
  automatic: boolean;
  notes: string;
  createdAt: string;
  sentAt: string | null;
  expectedAt: string | null;
  lines: PurchaseOrderLine[];
  /** cents at cost */
  value: number;
  minOrderValue: number;
  /** under the supplier's minimum order value (the shopkeeper may top it up) */
  belowMinimum: boolean;
  shortfall: number;
  /** an automatic draft under the minimum: auto-send keeps it as a draft until someone tops it up or sends it */
  autoSendHeld: boolean;
  /** its e-mail to the supplier, once sent with e-mail on: waiting, sent, given up, or why there is none */
  mail?: OrderMailStatus;
}

export interface SentOrder {
  order: PurchaseOrder;
  csv: string;
  text: string;
}

export interface ReceiptLine {
  articleId: number;
  /** thousandths received now */
  quantity: number;
  /** cents, when the delivery note says another cost */
  unitCost?: number;
}

/** A quantity on an order line, in thousandths (zero allowed when it clears the line). */
export function checkQuantity(quantity: number, zeroAllowed: boolean): void {
  if (!Number.isInteger(quantity) || quantity < 0 || (!zeroAllowed && quantity === 0) || quantity > 99_999_000) {
    throw new ValidationError(`Quantité invalide : ${Number.isInteger(quantity) ? formatQuantity(quantity, 'kg').replace(/,?0* kg$/, '') : quantity}`);
  }
}

export function statusLabel(status: string): string {
  const labels: Record<string, string> = { draft: 'en brouillon', sent: 'envoyée', partial: 'reçue en partie', received: 'reçue', cancelled: 'annulée' };
  return labels[status] ?? status;
}

/** The last instant at local HH:MM at or before `at`; null for a malformed time. */
export function lastScheduled(hhmm: string, at: Date): Date | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  if (!m) return null;
  const slot = new Date(at);
  slot.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (slot.getTime() > at.getTime()) slot.setDate(slot.getDate() - 1);
  return slot;
}
