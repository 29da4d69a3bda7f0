// The consolidated view (a column a shop, then the company) as an aligned
// table, CSV or JSON: amounts in euros, the shops' codes as column titles.
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney } from '../core/basics/money.js';
import { unbalancedRows, type ShopColumnsReport } from '../core/fiscal/shop-columns.js';

export type ColumnsFormat = 'table' | 'text' | 'csv' | 'json';

const money = (c: number) => formatMoney(c, 'fr', { symbol: false });
const euros = (c: number) => (c / 100).toFixed(2);

/**
 * title: the table's first line; rowTitle: the first column's; countLabel:
 * what the count of the foot is (« ventes », « articles »), or null to show
 * amounts only.
 */
export function formatShopColumns(report: ShopColumnsReport, format: ColumnsFormat, labels: { title: string; rowTitle: string; countLabel: string | null; countsOnly?: boolean; formatCount?: (n: number) => string }): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const codes = report.shops.map((s) => s.code);
  if (format === 'csv') {
    const head = ['key', 'label', ...codes.map((c) => `${c}_total`), 'company_total', ...(labels.countLabel ? [...codes.map((c) => `${c}_count`), 'company_count'] : [])];
    const line = (key: string, label: string, cells: Array<{ total: number; count: number }>) => [key, label, ...cells.map((c) => euros(c.total)), ...(labels.countLabel ? cells.map((c) => c.count) : [])];
    if (labels.countsOnly) {
      const rows = [...report.rows.map((r) => [r.key, r.label, ...[...r.byShop, r.company].map((c) => c.count)]), ['total', 'TOTAL', ...[...report.totals.byShop, report.totals.company].map((c) => c.count)]];
      return writeCsv(['key', 'label', ...codes, 'company'], rows, ',');
    }
    return writeCsv(head, [...report.rows.map((r) => line(r.key, r.label, [...r.byShop, r.company])), line('total', 'TOTAL', [...report.totals.byShop, report.totals.company])], ',');
  }
  const head = [labels.rowTitle, ...codes, 'Société'];
  const right = head.map((_, i) => i).filter((i) => i > 0);
  const count = labels.formatCount ?? String;
  const shown = (c: { total: number; count: number }) => (labels.countsOnly ? count(c.count) : money(c.total));
  const body = report.rows.map((r) => [r.label, ...[...r.byShop, r.company].map(shown)]);
  const cells = [...report.totals.byShop, report.totals.company];
  const foot = ['TOTAL', ...cells.map(shown)];
  const counts = labels.countLabel && !labels.countsOnly ? [`${labels.countLabel[0]!.toUpperCase()}${labels.countLabel.slice(1)}`, ...cells.map((c) => count(c.count))] : null;
  const legend = report.shops.map((s) => `${s.code} : ${s.name}`).join(' ; ');
  const feet = counts ? [foot, counts] : [foot];
  const all = [head, ...body, ...feet];
  const widths = head.map((_, i) => Math.min(32, Math.max(...all.map((r) => r[i]!.length))));
  const line = (r: string[]) => r.map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.slice(0, widths[i]).padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(line(head).length);
  const out = [labels.title, legend, '', line(head), rule, ...body.map(line)];
  if (report.rows.length === 0) out.push('Aucune ligne sur la période');
  out.push(rule, ...feet.map(line));
  // Read shop by shop then for the company: a sale made in between would show here.
  const off = unbalancedRows(report);
  if (off.length > 0) out.push(`Attention : les boutiques ne s'additionnent pas pour ${off.slice(0, 5).join(', ')} (une vente pendant la lecture ? relancez)`);
  return `${out.join('\n')}\n`;
}
