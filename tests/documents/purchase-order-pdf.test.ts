// The order's PDF (pdfkit): an A4 document whose title names the order, with
// the shop, the supplier, every line and the total on its pages; a long order
// runs over several pages, each numbered. The text is read back with
// pdftotext when the machine has it (poppler-utils), else only the structure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPurchaseOrderPdf } from '../../src/documents/purchase-order-pdf.js';
import type { PurchaseOrder, PurchaseOrderLine } from '../../src/core/stock/purchase-order.js';
import type { Supplier } from '../../src/core/stock/suppliers.service.js';

const shop = { name: 'Épicerie du Port', address: ['3 quai des Pêcheurs', '29900 Concarneau'], siret: '123 456 789 00012' };
const supplier: Supplier = { id: 1, name: 'Huilerie Dupont', contact: 'Anne Dupont', email: 'cde@dupont.example', phone: '02 98 00 00 00', leadTimeDays: 4, reviewPeriodDays: 7, minOrderValue: 0, notes: '' };

function line(i: number, extra: Partial<PurchaseOrderLine> = {}): PurchaseOrderLine {
  return { id: i, articleId: i, plu: String(500 + i), name: `Article numéro ${i}`, unit: 'unit', supplierRef: `REF-${i}`, quantity: 6000, receivedQty: 0, due: 6000, unitCost: 150, value: 900, ...extra };
}

function order(lines: PurchaseOrderLine[]): PurchaseOrder {
  return {
    id: 1, reference: 'PO-2026-0042', shopId: 1, supplierId: 1, supplierName: supplier.name, status: 'sent', automatic: false, notes: 'Livrer par la cour arrière',
    createdAt: '2026-11-02T09:00:00.000Z', sentAt: '2026-11-03T09:00:00.000Z', expectedAt: '2026-11-07T09:00:00.000Z',
    lines, value: lines.reduce((s, l) => s + l.value, 0), minOrderValue: 0, belowMinimum: false, shortfall: 0, autoSendHeld: false,
  };
}

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

function pdfText(pdf: Buffer): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'pos-pdf-'));
  try {
    writeFileSync(join(dir, 'o.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'o.pdf'), '-'], { encoding: 'utf8' });
  } catch {
    return null; // no pdftotext here
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('one page: the shop, the order, the supplier, each line with its supplier reference and the total', async () => {
  const pdf = await renderPurchaseOrderPdf(order([line(1, { name: "Huile d'olive vierge 1 L", supplierRef: 'HO-1L', quantity: 12000, unitCost: 705, value: 8460 }), line(2, { name: 'Olives noires', unit: 'kg', supplierRef: 'OL-N', quantity: 2500, unitCost: 900, value: 2250 })]), shop, supplier);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.toString('latin1')).toContain('(Bon de commande PO-2026-0042)'); // the document's title
  expect(pageCount(pdf)).toBe(1);
  const text = pdfText(pdf);
  if (text === null) return;
  for (const expected of ['Épicerie du Port', 'SIRET 123 456 789 00012', 'BON DE COMMANDE', 'Référence : PO-2026-0042', 'Date : 03/11/2026', 'Livraison souhaitée : 07/11/2026', 'Huilerie Dupont', "À l'attention de Anne Dupont", 'cde@dupont.example', 'Livrer par la cour arrière', 'PO-2026-0042 - page 1/1']) {
    expect(text).toContain(expected);
  }
  expect(text).toMatch(/HO-1L +Huile d'olive vierge 1 L \(PLU 501\) +12 +7,05 +84,60/);
  expect(text).toMatch(/OL-N +Olives noires \(PLU 502\) +2,500 kg +9,00 +22,50/);
  expect(text).toMatch(/Total HT \(2 lignes\) +107,10 EUR/);
});

test('a long order runs over numbered pages, every line on one of them', async () => {
  const lines = Array.from({ length: 90 }, (_, i) => line(i + 1));
  const pdf = await renderPurchaseOrderPdf(order(lines), shop, supplier);
  const pages = pageCount(pdf);
  expect(pages).toBeGreaterThan(1);
  const text = pdfText(pdf);
  if (text === null) return;
  for (let i = 1; i <= 90; i++) expect(text).toContain(`Article numéro ${i} (PLU ${500 + i})`);
  expect(text).toContain(`PO-2026-0042 - page ${pages}/${pages}`);
  expect(text).toMatch(/Total HT \(90 lignes\) +810,00 EUR/);
});
