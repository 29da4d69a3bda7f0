// How stock lists leave the program: an aligned table for the shopkeeper, CSV
// (`;`, quantities as decimals with a dot, euros with two decimals) or JSON
// (raw integers: thousandths and cents) for other programs.
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney } from '../core/basics/money.js';
import { formatQuantity, type Unit } from '../core/basics/quantity.js';
import type { LowStockRow, StockMove } from '../core/stock/stock.service.js';
import type { SlowMover, StockValuation } from '../core/stock/stock-reports.service.js';

export type ListFormat = 'table' | 'csv' | 'json';
export const LIST_FORMATS: ListFormat[] = ['table', 'csv', 'json'];

const qtyCsv = (q: number) => (q / 1000).toFixed(3);
const eurosCsv = (cents: number) => (cents / 100).toFixed(2);
const qty = (q: number, unit: Unit) => formatQuantity(q, unit);
const money = (c: number) => formatMoney(c, 'fr', { symbol: false });

export const REASON_LABELS: Record<string, string> = {
  initial: 'Stock initial',
  sale: 'Vente',
  return: 'Retour',
  receipt: 'Réception',
  adjustment: 'Correction',
  count: 'Inventaire',
  loss: 'Perte',
  transfer: 'Transfert',
};

/** Aligned columns; `right` lists the columns aligned to the right (numbers). */
export function renderTable(head: string[], rows: string[][], right: number[], foot?: string[]): string {
  const all = foot ? [head, ...rows, foot] : [head, ...rows];
  const widths = head.map((_, i) => Math.min(32, Math.max(...all.map((r) => (r[i] ?? '').length))));
  const line = (r: string[]) =>
    r.map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.slice(0, widths[i]).padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(line(head).length);
  const out = [line(head), rule, ...rows.map(line)];
  if (foot) out.push(rule, line(foot));
  return `${out.join('\n')}\n`;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function formatLowStock(rows: LowStockRow[], format: ListFormat): string {
  if (format === 'json') return json(rows);
  if (format === 'csv') {
    return writeCsv(
      ['plu', 'name', 'category', 'unit', 'stock', 'min_stock', 'on_order', 'supplier', 'supplier_ref'],
      rows.map((r) => [r.plu, r.name, r.category, r.unit, qtyCsv(r.stockQty), qtyCsv(r.minStock), qtyCsv(r.onOrder), r.supplier, r.supplierRef]),
    );
  }
  if (rows.length === 0) return 'Aucun article sous son stock minimum\n';
  return renderTable(
    ['PLU', 'Article', 'Rayon', 'Stock', 'Minimum', 'Commandé', 'Fournisseur'],
    rows.map((r) => [r.plu ?? '', r.name, r.category, qty(r.stockQty, r.unit), qty(r.minStock, r.unit), qty(r.onOrder, r.unit), r.supplier]),
    [3, 4, 5],
  );
}

/** `opening`: the stock before the first listed move, so the running total is the real stock. */
export function formatMoves(article: { name: string; unit: Unit }, moves: StockMove[], format: ListFormat, opening = 0): string {
  if (format === 'json') return json(moves);
  if (format === 'csv') {
    return writeCsv(
      ['date', 'reason', 'quantity', 'employee', 'till', 'sale_id', 'purchase_order_id', 'note', 'transfer_id'],
      moves.map((m) => [m.createdAt, m.reason, qtyCsv(m.quantity), m.employeeName, m.tillId, m.saleId, m.purchaseOrderId, m.note, m.transferId]),
    );
  }
  let running = opening;
  const rows = moves.map((m) => {
    running += m.quantity;
    const signed = `${m.quantity > 0 ? '+' : ''}${qty(m.quantity, article.unit)}`;
    return [m.createdAt.replace('T', ' ').slice(0, 16), REASON_LABELS[m.reason] ?? m.reason, signed, qty(running, article.unit), m.employeeName, m.note];
  });
  const title = `Mouvements de stock : ${article.name}\n\n`;
  if (moves.length === 0) return `${title}Aucun mouvement sur la période\n`;
  return title + renderTable(['Date (UTC)', 'Motif', 'Quantité', 'Cumul', 'Employé', 'Note'], rows, [2, 3]);
}

/** shopName: the shop whose stock it is, named in the title (none: the till's shop, as before shops). */
export function formatValuation(v: StockValuation, format: ListFormat, shopName?: string): string {
  if (format === 'json') return json(v);
  if (format === 'csv') {
    return writeCsv(
      ['category', 'articles', 'value'],
      [...v.rows.map((r) => [r.category, r.articles, eurosCsv(r.value)]), ['TOTAL', v.total.articles, eurosCsv(v.total.value)]],
    );
  }
  return `Valeur du stock au prix de revient HT${shopName ? ` (boutique ${shopName})` : ''}\n\n${renderTable(
    ['Rayon', 'Articles', 'Valeur HT'],
    v.rows.map((r) => [r.category, String(r.articles), money(r.value)]),
    [1, 2],
    ['TOTAL', String(v.total.articles), money(v.total.value)],
  )}`;
}

export function formatSlowMovers(rows: SlowMover[], days: number, format: ListFormat): string {
  if (format === 'json') return json(rows);
  if (format === 'csv') {
    return writeCsv(
      ['plu', 'name', 'category', 'unit', 'stock', 'value', 'last_sale'],
      rows.map((r) => [r.plu, r.name, r.category, r.unit, qtyCsv(r.stockQty), eurosCsv(r.value), r.lastSale]),
    );
  }
  const title = `Articles sans vente depuis ${days} jours\n\n`;
  if (rows.length === 0) return `${title}Aucun\n`;
  return (
    title +
    renderTable(
      ['PLU', 'Article', 'Rayon', 'Stock', 'Valeur HT', 'Dernière vente'],
      rows.map((r) => [r.plu ?? '', r.name, r.category, qty(r.stockQty, r.unit), money(r.value), r.lastSale ? r.lastSale.slice(0, 10) : 'jamais']),
      [3, 4],
    )
  );
}
