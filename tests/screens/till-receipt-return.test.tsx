// The return screen at 80x24, through the real App (ink-testing-library):
// F8 on an empty line asks for the receipt's number, the sale's lines show
// what is left and the price paid, a quantity is picked, F12 puts it on the
// ticket, the refund proposes the card the sale was paid with. Then the
// receipt's code scanned at the input line opens it again for the rest.
import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { App } from '../../src/screens/App.js';
import { makeTheme } from '../../src/screens/theme.js';
import { computeTotals } from '../../src/core/sales/ticket.js';
import { saleBarcode } from '../../src/core/sales/receipt.js';
import { voidsTable } from '../../src/cli/report.js';
import { textWidth } from '../../src/screens/layout.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { renderApp } from '../helpers/render-app.js';
import { tillFixture } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { DOWN, ESC, F12, F8, UP } from '../helpers/key-codes.js';


describe('the return screen at 80x24', () => {
  const fx = tillFixture();

  /** every row of the frame fits 80 columns and the frame fits 24 rows */
  const fits = (frame: string) => {
    const rows = frame.split('\n');
    expect(rows.length).toBeLessThanOrEqual(24);
    for (const row of rows) expect(textWidth(row)).toBeLessThanOrEqual(80);
  };

  test('F8 on an empty line, the receipt number, one of two units, refunded by card; then the code scanned for the other', async () => {
    // The sale: 2 spreads and a wine, paid by card, at another moment.
    const original = fx.ticketOf(['nutella', 2000], ['wine', 1000]);
    const sale = await fx.core.sales.complete(original, [{ method: 'card', amount: computeTotals(original).total }], fx.shop.cashier.id);

    const { session, receipts } = await fx.till({ pin: '0000' });
    const { app, frame, type } = renderApp(session);
    try {
      await type(F8);
      expect(session.getState().screen).toBe('receipt-return');
      expect(frame()).toContain('RETOUR SUR TICKET');
      expect(frame()).toContain('N° du ticket >');
      fits(frame());

      await type(`${sale.number}\r`);
      const f = frame();
      expect(f).toContain(`Ticket n° ${sale.number} · caisse 1`);
      expect(f).toMatch(/Article\s+Vendu\s+Rendu\s+Reste\s+Prix payé\s+À rendre/);
      expect(f).toMatch(/Pâte à tartiner noisette\s+2\s+0\s+2\s+4,50/);
      expect(f).toMatch(/Bordeaux Supérieur 2022\s+1\s+0\s+1\s+12,90/);
      fits(f);

      // One of the two spreads.
      await type('1\r');
      expect(frame()).toMatch(/Pâte à tartiner noisette\s+2\s+0\s+2\s+4,50\s+1/);
      expect(frame()).toContain('À rembourser : 4,50 €');
      fits(frame());
      // More than is left is refused, and says how many.
      await type(`${DOWN}2\r`);
      expect(session.getState().message?.text).toMatch(/au plus 1 à rendre/);
      fits(frame());

      await type(F12);
      const st = session.getState();
      expect(st.screen).toBe('sale');
      expect(st.ticket.lines).toMatchObject([{ name: 'Pâte à tartiner noisette', quantity: -1000, unitPrice: 450, origin: { saleId: sale.id, lineNo: 1 } }]);
      expect(st.totals.total).toBe(-450);
      // The return belongs to the sale's customer (none here): a loyalty card scanned now is refused.
      await fx.core.customers.create({ code: '2900000000017', firstName: 'Alice', lastName: 'Martin' });
      await type('2900000000017\r');
      expect(session.getState().message?.text).toContain('le client reste celui de la vente d\'origine');
      expect(session.getState().ticket.customerId).toBeNull();

      // The refund proposes the card; Enter takes it.
      await type(F12);
      expect(session.getState().payment?.proposed).toBe('card');
      expect(session.getState().message?.text).toContain('Carte');
      await type('\r');
      expect(session.getState().screen).toBe('sale');
      const refund = (await fx.core.sales.getByNumber(1, session.getState().lastSale!.number))!;
      expect(refund.payments.map((p) => [p.method, p.amount])).toEqual([['card', -450]]);
      expect(refund.lines[0]!.origin).toEqual({ saleId: sale.id, lineNo: 1, tillId: 1, saleNumber: sale.number });

      // The receipt names the original sale.
      await session.spooler.idle();
      await until(() => decodeEscPos(readFileSync(receipts)).lines.some((l) => l.includes(`Retour du ticket n° ${sale.number} (caisse 1)`)), 'the refund receipt', 30_000);

      // The voids report names it too.
      const events = await fx.core.reports.voids({ from: '2000-01-01', to: '2100-01-01' });
      const ours = events.filter((e) => e.kind === 'refund' && e.saleId === sale.id);
      expect(ours.map((e) => e.originSale)).toEqual([`1/${sale.number}`]);
      expect(voidsTable(ours, { from: '2000-01-01', to: '2100-01-01' } as never)).toContain(`n° ${sale.number} caisse 1`);

      // Second go: the receipt's code scanned at the input line (a scanner's burst) opens it with one spread left.
      await type(`${saleBarcode(1, sale.number)}\r`);
      expect(session.getState().screen).toBe('receipt-return');
      expect(frame()).toMatch(/Pâte à tartiner noisette\s+2\s+1\s+1\s+4,50/);
      await type('\r'); // Enter alone: all that is left of the line
      await type(F12);
      expect(session.getState().ticket.lines).toMatchObject([{ quantity: -1000, origin: { lineNo: 1 } }]);
      await type(`${F12}\r`);
      const opened = await fx.core.receiptReturns.open({ tillId: 1, number: sale.number });
      expect(opened.lines.map((l) => l.returnable)).toEqual([0, 1000]);
    } finally {
      app.unmount();
    }
  });

  test('Échap goes back; an unknown number says so; F8 on a chosen line still turns it into a return', async () => {
    const { session, frame, type, app } = await (async () => {
      const till = await fx.till({ pin: '0000' });
      return { session: till.session, ...renderApp(till.session) };
    })();
    try {
      await type(`${F8}99999\r`);
      expect(session.getState().message?.text).toMatch(/introuvable/);
      fits(frame());
      await type(ESC);
      await type(ESC);
      expect(session.getState().screen).toBe('sale');
      // A return without a receipt keeps today's way: a chosen line, F8, a manager's PIN.
      await type(`101\r\t${UP}`);
      expect(session.getState().selectedLine).toBe(0);
      await type(`${F8}1234\r`);
      expect(session.getState().ticket.lines[0]).toMatchObject({ quantity: -1000, unitPrice: 450 });
      expect(session.getState().ticket.lines[0]!.origin ?? null).toBeNull();
      // With lines on the ticket but none chosen, F8 opens the return against a receipt.
      await type(ESC);
      expect(session.getState().selectedLine).toBeNull();
      await type(F8);
      expect(session.getState().screen).toBe('receipt-return');
      await type(ESC);
      expect(session.getState().screen).toBe('sale');
    } finally {
      app.unmount();
    }
  });

  test('in English the return screen speaks English, money and all', async () => {
    const original = fx.ticketOf(['wine', 1000]);
    const sale = await fx.core.sales.complete(original, [{ method: 'cash', amount: 1290 }], fx.shop.cashier.id);
    const { session } = await fx.till({ pin: '0000', locale: 'en' });
    const app = render(<App session={session} theme={makeTheme('none')} locale="en" size={{ columns: 80, rows: 24 }} now={() => new Date(2026, 10, 22, 10, 30)} bell={() => {}} />);
    const type = async (raw: string) => {
      app.stdin.write(raw);
      await new Promise((r) => setTimeout(r, 5));
      await session.idle();
    };
    try {
      await type(F8);
      expect(app.lastFrame()).toContain('RETURN AGAINST A RECEIPT');
      await type(`${sale.number}\r`);
      const f = app.lastFrame() ?? '';
      expect(f).toContain(`Receipt no. ${sale.number} · till 1`);
      expect(f).toMatch(/Article\s+Sold\s+Back\s+Left\s+Paid each\s+Return/);
      expect(f).toContain('€12.90');
      expect(f).not.toMatch(/Ticket|caisse|Vendu|Rendu|Reste|Échap|Entrée|12,90/);
      fits(f);
    } finally {
      app.unmount();
    }
  });
});
