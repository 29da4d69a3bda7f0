// The till's state machine driven by raw key sequences, on a real SQLite
// file, with receipts captured by the file printer.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { TillSession } from '../../src/till/session.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { tillFixture } from '../helpers/shop.js';
import { CTRL_A, CTRL_E, CTRL_Y, DELETE, DOWN, ESC, F10, F12, F5, F6, F8, F9, TAB, UP } from '../helpers/key-codes.js';

describe('till session', () => {
  /** how far the core's clock is moved on (the PIN lockout lives in the database, on the core's clock) */
  let coreOffset = 0;
  const fx = tillFixture('sqlite', { clock: () => new Date(Date.now() + coreOffset) });
  let receipts: string;
  let clock = 1_000_000;

  // Every session prints to the same file: the tests read the receipts in order.
  const newSession = async () => (await fx.till({ printer: new FilePrinter(receipts), now: () => clock })).session;
  const type = async (session: TillSession, raw: string) => {
    await session.feed(decodeKeys(raw));
  };
  const login = async (session: TillSession, pin = '0000') => type(session, `${pin}\r`);

  beforeAll(async () => {
    receipts = join(fx.dir, 'receipts.txt');
  });

  test('login by PIN; a wrong PIN only says so; five wrong tries lock for 30 s', async () => {
    const s = await newSession();
    expect(s.getState().screen).toBe('login');
    await type(s, '9999\r');
    expect(s.getState()).toMatchObject({ screen: 'login', employee: null, message: { kind: 'error', text: 'Code incorrect' } });
    for (let i = 0; i < 4; i++) await type(s, '9999\r');
    expect(s.getState().lockedUntil).toBe(clock + 30_000);
    await type(s, '0000\r');
    expect(s.getState().screen).toBe('login');
    expect(s.getState().message?.text).toContain('patientez');
    // Each wrong PIN is on record, with no employee.
    expect(await fx.core.knex('audit_events').where({ kind: 'pin_failed', employee_id: null }).count({ n: '*' }).first()).toEqual({ n: 6 });
    clock += 30_001;
    coreOffset += 30_001;
    await type(s, '0000\r');
    expect(s.getState()).toMatchObject({ screen: 'sale', employee: { name: 'Léa Caissière' } });
    const events = await fx.core.audit.recent();
    expect(events[0]).toMatchObject({ kind: 'login', employeeId: fx.shop.cashier.id });
  });

  test('a scanner burst adds the article at once; bursts back to back keep their order', async () => {
    const s = await newSession();
    await login(s);
    await type(s, '3017620422003\r3760123450010\r');
    const st = s.getState();
    expect(st.ticket.lines.map((l) => l.name)).toEqual(['Pâte à tartiner noisette', 'Bordeaux Supérieur 2022']);
    expect(st.input).toBe('');
    expect(st.totals.total).toBe(450 + 1290);
    // Saved on every change.
    expect((await fx.core.tickets.restore())?.lines).toHaveLength(2);
    await type(s, `${CTRL_A}1234\ro`);
    expect(s.getState().ticket.lines).toHaveLength(0);
  });

  test('quantity prefix, weighed quantity, returns, unknown codes', async () => {
    const s = await newSession();
    await login(s);
    await type(s, '3*3017620422003\r');
    expect(s.getState().ticket.lines[0]).toMatchObject({ quantity: 3000 });
    await type(s, '0,250*10001\r');
    expect(s.getState().ticket.lines[1]).toMatchObject({ quantity: 250, unit: 'kg' });
    await type(s, '-201\r1234\r');
    expect(s.getState().ticket.lines[2]).toMatchObject({ quantity: -1000, name: 'Bordeaux Supérieur 2022' });
    const before = s.getState().ticket;
    const bell = s.getState().bell;
    await type(s, '1234567890128\r');
    expect(s.getState().ticket).toBe(before);
    expect(s.getState().bell).toBe(bell + 1);
    expect(s.getState().message).toEqual({ kind: 'error', text: 'Code inconnu : 1234567890128' });
    await type(s, '1,5*201\r');
    expect(s.getState().ticket).toBe(before);
    expect(s.getState().message?.text).toContain('entière');
    await type(s, `${CTRL_A}1234\ro`);
  });

  test('search by name as you type, arrows and Enter choose', async () => {
    const s = await newSession();
    await login(s);
    await type(s, 'bord');
    expect(s.getState().search?.results.map((a) => a.name)).toEqual(['Bordeaux Supérieur 2022']);
    await type(s, '\r');
    expect(s.getState().ticket.lines.map((l) => l.name)).toEqual(['Bordeaux Supérieur 2022']);
    expect(s.getState().search).toBeNull();
    await type(s, '2*PÂTE');
    expect(s.getState().search?.results).toHaveLength(1);
    await type(s, '\r');
    expect(s.getState().ticket.lines[1]).toMatchObject({ name: 'Pâte à tartiner noisette', quantity: 2000 });
    await type(s, 'zzzz\r');
    expect(s.getState().message?.text).toBe('Aucun article pour « zzzz »');
    await type(s, `${ESC}${CTRL_A}1234\ro`);
  });

  test('ticket editing: select, change quantity, return, void (audited), repeat', async () => {
    const s = await newSession();
    await login(s);
    await type(s, '101\r201\r');
    await type(s, TAB); // Tab selects the last line at once (#17)
    expect(s.getState().selectedLine).toBe(1);
    await type(s, UP);
    expect(s.getState().selectedLine).toBe(0);
    await type(s, '4*\r');
    expect(s.getState().ticket.lines[0]!.quantity).toBe(4000);
    await type(s, `${F8}1234\r`);
    expect(s.getState().ticket.lines[0]!.quantity).toBe(-4000);
    await type(s, `${DELETE}1234\r`);
    expect(s.getState().ticket.lines.map((l) => l.name)).toEqual(['Bordeaux Supérieur 2022']);
    expect((await fx.core.audit.recent())[0]).toMatchObject({ kind: 'void_line', employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id });
    await type(s, CTRL_E);
    expect(s.getState().ticket.lines).toHaveLength(2);
    await type(s, `${TAB}${CTRL_A}1234\ro`);
  });

  test('discounts: within the limit at once, beyond it only with a manager PIN', async () => {
    const s = await newSession();
    await login(s);
    await type(s, '201\r');
    await type(s, `5%${F6}`);
    expect(s.getState().totals.total).toBe(1290 - 65);
    await type(s, `30%${F6}`);
    expect(s.getState().screen).toBe('manager-pin');
    await type(s, '0000\r');
    expect(s.getState()).toMatchObject({ screen: 'manager-pin', message: { kind: 'error' } });
    expect(s.getState().totals.total).toBe(1290 - 65);
    await type(s, '1234\r');
    expect(s.getState().screen).toBe('sale');
    expect(s.getState().totals.total).toBe(1290 - 387);
    expect((await fx.core.audit.recent())[0]).toMatchObject({ kind: 'discount', employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id });
    await type(s, `abc${F6}`);
    expect(s.getState().message?.kind).toBe('error');
    await type(s, `${ESC}${CTRL_A}1234\ro`);
  });

  test('a discount the ticket refuses (99 € on a 4,50 € ticket) says why and does not flag the database', async () => {
    const s = await newSession();
    await login(s);
    await type(s, '101\r');
    const before = s.getState().totals.total;
    await type(s, `99${F6}`);
    expect(s.getState().message?.kind).toBe('error');
    expect(s.getState().database.ok).toBe(true);
    expect(s.getState().totals.total).toBe(before);
    await type(s, `${ESC}${CTRL_A}1234\ro`);
  });

  test('park several tickets, resume one; cancel asks to confirm and is audited', async () => {
    const s = await newSession();
    await login(s);
    await type(s, '101\r');
    await type(s, F5);
    await type(s, '201\r201\r');
    await type(s, F5);
    expect(s.getState().ticket.lines).toHaveLength(0);
    await type(s, F5);
    expect(s.getState().screen).toBe('parked');
    expect(s.getState().parked.map((p) => p.total)).toEqual([450, 2580]);
    await type(s, `${DOWN}\r`);
    expect(s.getState().screen).toBe('sale');
    expect(s.getState().ticket.lines[0]).toMatchObject({ quantity: 2000 });
    await type(s, CTRL_A);
    expect(s.getState()).toMatchObject({ screen: 'manager-pin', pending: { label: 'Annuler le ticket' } });
    await type(s, '1234\r');
    expect(s.getState().screen).toBe('confirm-cancel');
    await type(s, 'n');
    expect(s.getState().ticket.lines).toHaveLength(1);
    await type(s, `${CTRL_A}1234\ro`);
    expect(s.getState().ticket.lines).toHaveLength(0);
    expect((await fx.core.audit.recent())[0]).toMatchObject({ kind: 'cancel_ticket', employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id });
    expect((await fx.core.tickets.listParked()).map((p) => p.total)).toEqual([450]);
  });

  test('pay cash with change: sale committed, then receipt and drawer; grid stock updated', async () => {
    const s = await newSession();
    await login(s);
    const stockBefore = (await fx.core.catalog.getArticle(fx.shop.nutella.id))!.stockQty;
    await type(s, '2*3017620422003\r201\r');
    await type(s, F12);
    expect(s.getState().screen).toBe('payment');
    expect(s.getState().payment?.due).toBe(900 + 1290);
    await type(s, '10c');
    expect(s.getState().payment?.tenders).toEqual([{ method: 'card', amount: 1000, reference: undefined }]);
    await type(s, '20e');
    const st = s.getState();
    expect(st.screen).toBe('sale');
    expect(st.lastSale).toMatchObject({ total: 2190, change: 3000 - 2190 });
    expect(st.ticket.lines).toHaveLength(0);
    const sale = await fx.core.sales.getByNumber(fx.core.tillId, st.lastSale!.number);
    expect(sale!.payments.map((p) => [p.method, p.amount])).toEqual([['card', 1000], ['cash', 1190]]);
    expect((await fx.core.catalog.getArticle(fx.shop.nutella.id))!.stockQty).toBe(stockBefore - 2000);
    await s.spooler.idle();
    const printed = decodeEscPos(readFileSync(receipts));
    expect(printed.lines.some((l) => l.startsWith(`Vente n° ${sale!.number} `))).toBe(true);
    expect(printed.lines.some((l) => /^Rendu\s+8,10$/.test(l))).toBe(true);
    // Cash moved: the drawer opens, then the receipt prints and is cut.
    const names = printed.commands.map((c) => c.name);
    expect(names.at(-1)).toBe('cut');
    expect(names.lastIndexOf('drawerKick')).toBeLessThan(names.lastIndexOf('init'));
    expect(names.lastIndexOf('drawerKick')).toBeGreaterThan(-1);
    expect(st.printer).toMatchObject({ ok: true });
    // The reprint key sends a numbered duplicate and audits it.
    await type(s, CTRL_Y);
    await s.spooler.idle();
    const again = decodeEscPos(readFileSync(receipts));
    expect(again.lines.some((l) => l.includes('DUPLICATA 1'))).toBe(true);
    expect((await fx.core.audit.recent())[0]).toMatchObject({ kind: 'reprint', saleId: sale!.id });
    expect(await fx.core.tickets.restore()).toBeNull();
  });

  test('a refund pays out; a printer fault leaves the sale committed and says so', async () => {
    const broken = join(receipts, 'cannot', 'be', 'a', 'directory');
    const { session: s } = await fx.till({ printer: new FilePrinter(broken) });
    await login(s);
    await type(s, '-201\r1234\r');
    await type(s, F12);
    expect(s.getState().payment?.due).toBe(-1290);
    await type(s, 'e');
    expect(s.getState().lastSale).toMatchObject({ total: -1290, change: 0 });
    await s.spooler.idle();
    expect(s.getState().printer).toMatchObject({ ok: false, queued: 1 });
    expect(existsSync(broken)).toBe(false);
    expect(await fx.core.printQueue.countPending()).toBe(1);
    // The queued receipt prints when a working printer takes over (next start).
    const { session: fixed } = await fx.till({ printer: new FilePrinter(`${receipts}.fixed`) });
    await fixed.spooler.idle();
    expect(await fx.core.printQueue.countPending()).toBe(0);
    expect(decodeEscPos(readFileSync(`${receipts}.fixed`)).lines.some((l) => /TOTAL\s+-12,90 €/.test(l))).toBe(true);
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('F10 opens the back office; a cashier needs a manager PIN there; Esc comes back to the sale', async () => {
    const s = await newSession();
    await login(s);
    await type(s, F10);
    expect(s.getState().screen).toBe('backoffice');
    expect(s.backOffice?.getState().view).toBe('login');
    await type(s, '1234\r');
    expect(s.backOffice?.getState().view).toBe('menu');
    await type(s, ESC);
    expect(s.getState().screen).toBe('sale');
    expect(s.backOffice).toBeNull();
  });

  test('no sale (F9) opens the drawer only with a manager PIN, audited with both names', async () => {
    const s = await newSession();
    await login(s);
    const before = existsSync(receipts) ? readFileSync(receipts).length : 0;
    await type(s, F9);
    expect(s.getState().screen).toBe('manager-pin');
    await type(s, '0000\r');
    expect(s.getState().screen).toBe('manager-pin');
    await type(s, '1234\r');
    expect(s.getState().screen).toBe('sale');
    const after = readFileSync(receipts);
    expect(after.length).toBe(before + 5);
    expect(after.subarray(before)).toEqual(Buffer.from([0x1b, 0x70, 0x00, 50, 250]));
    expect((await fx.core.audit.recent())[0]).toMatchObject({ kind: 'no_sale', employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id });
  });

  test('the open ticket comes back after a restart', async () => {
    const s = await newSession();
    await login(s);
    await type(s, '101\r101\r201\r');
    const again = await newSession();
    expect(again.getState().ticket.lines.map((l) => l.quantity)).toEqual([2000, 1000]);
    expect(again.getState().message?.text).toBe('Ticket en cours restauré');
    await login(again);
    await type(again, `${CTRL_A}1234\ro`);
  });
});
