// The purchase order as an A4 PDF, attached to the order's e-mail: the shop,
// the supplier, the reference and dates, one row per line (supplier's
// reference, article, quantity, unit cost, amount excluding tax) and the
// total, page numbers when it runs over a page. Not a pure rule (pdfkit reads
// its font files next to its own sources, which is why the bundle leaves it
// external) and not a device: src/documents holds what renders a document.
// pdfkit is loaded on first use, so nothing else of the program pays for it.
import { formatMoney } from '../core/basics/money.js';
import { formatQuantity } from '../core/basics/quantity.js';
import { frenchDay } from '../core/basics/calendar.js';
import type { ShopIdentity } from '../core/stock/purchase-order-document.js';
import type { PurchaseOrder } from '../core/stock/purchase-order.js';
import type { Supplier } from '../core/stock/suppliers.service.js';

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false });

const MARGIN = 50;
const A4_HEIGHT = 841.89;
const BOTTOM = A4_HEIGHT - MARGIN - 20; // room for the page number
/** x and width of each column; the article takes what the numbers leave */
const COLUMNS = {
  ref: { x: MARGIN, width: 85 },
  article: { x: MARGIN + 90, width: 200 },
  qty: { x: MARGIN + 295, width: 60 },
  cost: { x: MARGIN + 360, width: 65 },
  value: { x: MARGIN + 430, width: 65 },
};
const TABLE_RIGHT = MARGIN + 495;

/** The PDF's bytes. The reference is in the document's title too (the PDF's Info, readable without inflating a page). */
export async function renderPurchaseOrderPdf(order: PurchaseOrder, shop: ShopIdentity, supplier: Supplier): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Bon de commande ${order.reference}`, Author: shop.name, Subject: `Commande ${order.reference} pour ${supplier.name}`, Creator: 'pos' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // The shop, top left; the order, top right.
  const top = MARGIN;
  doc.font('Helvetica-Bold').fontSize(14).text(shop.name, MARGIN, top, { width: 280 });
  doc.font('Helvetica').fontSize(9);
  for (const line of shop.address) doc.text(line, { width: 280 });
  if (shop.siret) doc.text(`SIRET ${shop.siret}`, { width: 280 });
  const shopBottom = doc.y;
  doc.font('Helvetica-Bold').fontSize(16).text('BON DE COMMANDE', 330, top, { width: 215, align: 'right' });
  doc.font('Helvetica').fontSize(10);
  doc.text(`Référence : ${order.reference}`, 330, doc.y + 4, { width: 215, align: 'right' });
  doc.text(`Date : ${frenchDay(order.sentAt ?? order.createdAt)}`, { width: 215, align: 'right' });
  if (order.expectedAt) doc.text(`Livraison souhaitée : ${frenchDay(order.expectedAt)}`, { width: 215, align: 'right' });

  // The supplier, in a box.
  const boxTop = Math.max(shopBottom, doc.y) + 20;
  const supplierLines = [supplier.contact ? `À l'attention de ${supplier.contact}` : '', supplier.email, supplier.phone ? `Tél. ${supplier.phone}` : ''].filter(Boolean);
  const boxHeight = 28 + supplierLines.length * 12;
  doc.rect(300, boxTop, 245, boxHeight).lineWidth(0.5).stroke('#888888');
  doc.fillColor('#555555').fontSize(8).text('FOURNISSEUR', 310, boxTop + 6);
  doc.fillColor('#000000').font('Helvetica-Bold').fontSize(11).text(supplier.name, 310, doc.y + 1, { width: 225 });
  doc.font('Helvetica').fontSize(9);
  for (const line of supplierLines) doc.text(line, { width: 225 });

  // The lines.
  let y = boxTop + boxHeight + 25;
  const header = () => {
    doc.font('Helvetica-Bold').fontSize(9).fillColor('#000000');
    doc.text('Réf. fournisseur', COLUMNS.ref.x, y, { width: COLUMNS.ref.width });
    doc.text('Article', COLUMNS.article.x, y, { width: COLUMNS.article.width });
    doc.text('Quantité', COLUMNS.qty.x, y, { width: COLUMNS.qty.width, align: 'right' });
    doc.text('P.U. HT', COLUMNS.cost.x, y, { width: COLUMNS.cost.width, align: 'right' });
    doc.text('Montant HT', COLUMNS.value.x, y, { width: COLUMNS.value.width, align: 'right' });
    y += 14;
    doc.moveTo(MARGIN, y).lineTo(TABLE_RIGHT, y).lineWidth(0.5).stroke('#000000');
    y += 5;
    doc.font('Helvetica').fontSize(9);
  };
  header();
  for (const l of order.lines) {
    const name = l.plu ? `${l.name} (PLU ${l.plu})` : l.name;
    const height = Math.max(doc.heightOfString(name, { width: COLUMNS.article.width }), doc.heightOfString(l.supplierRef || '-', { width: COLUMNS.ref.width })) + 5;
    if (y + height > BOTTOM) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    doc.text(l.supplierRef || '-', COLUMNS.ref.x, y, { width: COLUMNS.ref.width });
    doc.text(name, COLUMNS.article.x, y, { width: COLUMNS.article.width });
    doc.text(formatQuantity(l.quantity, l.unit), COLUMNS.qty.x, y, { width: COLUMNS.qty.width, align: 'right' });
    doc.text(money(l.unitCost), COLUMNS.cost.x, y, { width: COLUMNS.cost.width, align: 'right' });
    doc.text(money(l.value), COLUMNS.value.x, y, { width: COLUMNS.value.width, align: 'right' });
    y += height;
  }
  if (y + 60 > BOTTOM) {
    doc.addPage();
    y = MARGIN;
  }
  doc.moveTo(MARGIN, y).lineTo(TABLE_RIGHT, y).lineWidth(0.5).stroke('#000000');
  y += 8;
  const count = order.lines.length;
  doc.font('Helvetica-Bold').fontSize(10);
  doc.text(`Total HT (${count} ligne${count > 1 ? 's' : ''})`, COLUMNS.article.x, y, { width: 260 });
  doc.text(`${money(order.value)} EUR`, COLUMNS.cost.x - 40, y, { width: TABLE_RIGHT - COLUMNS.cost.x + 40, align: 'right' });
  y += 24;
  if (order.notes) {
    doc.font('Helvetica-Bold').fontSize(9).text('Remarques', MARGIN, y);
    doc.font('Helvetica').text(order.notes, MARGIN, doc.y + 2, { width: TABLE_RIGHT - MARGIN });
  }

  // Page numbers, once the page count is known.
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // written in the bottom margin: without this, pdfkit would open a new page for it
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor('#555555');
    doc.text(`${order.reference} - page ${i + 1}/${pages.count}`, MARGIN, A4_HEIGHT - MARGIN, { width: TABLE_RIGHT - MARGIN, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
