// A completed sale's rows, read from and written to the sales, sale_lines,
// sale_taxes and sale_payments tables: one mapping both ways, used by the
// sale's commit, the busy-shop seed, the journal and the return rules (apart
// from sales.ts so those can read a sale without importing its service).
import type { CanonicalPayment, CanonicalSale } from '../fiscal/journal.js';
import type { PaymentMethod } from './payment.js';
import type { ReturnOrigin } from './returns.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import type { Sale, SaleLine, SalePayment, SaleTax } from './sales.service.js';

export function rowToSaleHead(r: Record<string, unknown>): Omit<Sale, 'lines' | 'taxes' | 'payments'> {
  return {
    id: num(r.id),
    tillId: num(r.till_id),
    number: num(r.number),
    ticketId: String(r.ticket_id),
    createdAt: String(r.created_at),
    businessDate: String(r.business_date),
    localTime: String(r.local_time),
    employeeId: num(r.employee_id),
    customerId: numOrNull(r.customer_id),
    lineCount: num(r.line_count),
    grossTotal: num(r.gross_total),
    discountTotal: num(r.discount_total),
    total: num(r.total),
    taxTotal: num(r.tax_total),
    tenderedTotal: num(r.tendered_total),
    changeGiven: num(r.change_given),
    ticketDiscount: String(r.ticket_discount),
    grandTotal: num(r.grand_total),
    grandTotalAbs: num(r.grand_total_abs),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

export function rowToSaleLine(r: Record<string, unknown>): SaleLine {
  return {
    lineNo: num(r.line_no),
    articleId: numOrNull(r.article_id),
    code: String(r.code),
    name: String(r.name),
    categoryId: numOrNull(r.category_id),
    unit: r.unit === 'kg' ? 'kg' : 'unit',
    quantity: num(r.quantity),
    unitPrice: num(r.unit_price),
    listPrice: num(r.list_price),
    taxRateBp: num(r.tax_rate_bp),
    gross: num(r.gross),
    lineDiscount: num(r.line_discount),
    ticketDiscount: num(r.ticket_discount),
    total: num(r.total),
    cost: num(r.cost),
    priceOverridden: bool(r.price_overridden),
    loyaltyPoints: num(r.loyalty_points),
    discountLabel: String(r.discount_label ?? ''),
    promotionId: numOrNull(r.promotion_id),
    origin: originOfRow(r),
  };
}

function originOfRow(r: Record<string, unknown>): ReturnOrigin | null {
  const saleId = numOrNull(r.origin_sale_id);
  if (saleId === null) return null;
  return { saleId, lineNo: num(r.origin_line_no), tillId: num(r.origin_till_id), saleNumber: num(r.origin_sale_number) };
}

export function rowToSalePayment(r: Record<string, unknown>): SalePayment {
  return {
    lineNo: num(r.line_no),
    method: String(r.method) as PaymentMethod,
    amount: num(r.amount),
    tendered: num(r.tendered),
    reference: String(r.reference),
  };
}

export function rowToSaleTax(r: Record<string, unknown>): SaleTax {
  return { rateBp: num(r.rate_bp), total: num(r.total), tax: num(r.tax), base: num(r.base) };
}

// The writers matching the readers above: the sale and the busy-shop seed
// store a sale through these, so both write the same columns.

/** The sales row of a hashed sale. */
export function saleRow(head: Omit<CanonicalSale, 'lines' | 'taxes' | 'payments'>, prevHash: string, hash: string): Record<string, unknown> {
  return {
    till_id: head.tillId,
    number: head.number,
    ticket_id: head.ticketId,
    created_at: head.createdAt,
    business_date: head.businessDate,
    local_time: head.localTime,
    employee_id: head.employeeId,
    customer_id: head.customerId,
    line_count: head.lineCount,
    gross_total: head.grossTotal,
    discount_total: head.discountTotal,
    total: head.total,
    tax_total: head.taxTotal,
    tendered_total: head.tenderedTotal,
    change_given: head.changeGiven,
    ticket_discount: head.ticketDiscount,
    grand_total: head.grandTotal,
    grand_total_abs: head.grandTotalAbs,
    prev_hash: prevHash,
    hash,
  };
}

export function saleLineRow(saleId: number, l: SaleLine): Record<string, unknown> {
  return {
    sale_id: saleId,
    line_no: l.lineNo,
    article_id: l.articleId,
    code: l.code,
    name: l.name,
    category_id: l.categoryId,
    unit: l.unit,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    list_price: l.listPrice,
    tax_rate_bp: l.taxRateBp,
    gross: l.gross,
    line_discount: l.lineDiscount,
    ticket_discount: l.ticketDiscount,
    total: l.total,
    cost: l.cost,
    price_overridden: l.priceOverridden,
    loyalty_points: l.loyaltyPoints,
    discount_label: l.discountLabel,
    promotion_id: l.promotionId,
    origin_sale_id: l.origin?.saleId ?? null,
    origin_line_no: l.origin?.lineNo ?? null,
    origin_till_id: l.origin?.tillId ?? null,
    origin_sale_number: l.origin?.saleNumber ?? null,
  };
}

export function saleTaxRow(saleId: number, t: SaleTax): Record<string, unknown> {
  return { sale_id: saleId, rate_bp: t.rateBp, total: t.total, tax: t.tax, base: t.base };
}

export function salePaymentRow(saleId: number, p: CanonicalPayment): Record<string, unknown> {
  return { sale_id: saleId, line_no: p.lineNo, method: p.method, amount: p.amount, tendered: p.tendered, reference: p.reference };
}
