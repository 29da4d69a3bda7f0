// The till and its printer when things go wrong: a cash sale while the
// printer (which drives the drawer) is down, a send cut in the middle, a
// till killed mid-send. Waits are on the real condition, with generous
// timeouts: CI runs under load.
import { render } from 'ink-testing-library';
import { DEFAULT_KEY_MAP } from '../../src/core/shop/key-map.js';
import { printerFromUri } from '../../src/drivers/receipt-printer.js';
import { StatusBar } from '../../src/screens/components/StatusBar.js';
import { HelpScreen } from '../../src/screens/HelpScreen.js';
import { translator } from '../../src/screens/i18n.js';
import { makeTheme } from '../../src/screens/theme.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { PrinterEmulator } from '../helpers/printer-emulator.js';
import { tillFixture } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { receiptsIn } from '../e2e/receipt-kill.js';
import { CTRL_Q, F12 } from '../helpers/key-codes.js';
const WAIT = 30_000;

test('the owed-drawer key is in the F1 help, at 80x24', () => {
  const help = render(<HelpScreen width={80} height={24} t={translator('fr')} locale="fr" keys={DEFAULT_KEY_MAP} />);
  expect(help.lastFrame()).toContain('Ctrl+Q / Alt+o');
  expect(help.lastFrame()).toMatch(/Ctrl\+Q \/ Alt\+o +Tiroir non ouvert/);
  help.unmount();
});

describe('receipts and the drawer through printer faults', () => {
  const fx = tillFixture();
  let emulator: PrinterEmulator;
  beforeEach(async () => {
    emulator = new PrinterEmulator();
    await emulator.start();
  });
  afterEach(async () => {
    await emulator.stop();
  });

  const kicks = () => emulator.jobs.flatMap((j) => decodeEscPos(j).commands).filter((c) => c.name === 'drawerKick').length;
  const receiptOf = (n: number) => receiptsIn(emulator.jobs).filter((r) => r.sale === n && r.complete);

  test('printer down during a cash sale: the sale commits, « tiroir non ouvert », and the key opens the drawer once the printer answers, once, audited', async () => {
    const port = emulator.port;
    await emulator.stop();
    const { session: s, type } = await fx.till({
      printer: printerFromUri(`tcp://127.0.0.1:${port}?timeout=5000`),
      printRetryMs: 100,
      statusPollMs: 200,
      pin: '0000',
    });
    const count = await fx.core.sales.count();
    await type(`101\r${F12}e`);
    expect(await fx.core.sales.count()).toBe(count + 1);
    const sale = s.getState().lastSale!;
    await until(() => s.getState().drawerOwed !== null, 'the drawer owed to the sale', WAIT);
    expect(s.getState().drawerOwed).toMatchObject({ saleNumber: sale.number });

    // Said first on the status bar, whole, at 80 columns, even with a long printer error.
    const bar = render(
      <StatusBar printer={s.getState().printer} databaseOk drawerOwed={s.getState().drawerOwed && { saleNumber: s.getState().drawerOwed!.saleNumber, key: 'Ctrl+Q' }} message={s.getState().message} width={80} theme={makeTheme('none')} t={translator('fr')} />,
    );
    expect(bar.lastFrame()).toContain(`Vente ${sale.number} : tiroir non ouvert (Ctrl+Q)`);
    bar.unmount();

    // The printer still down: the key says so and the drawer stays owed.
    await type(CTRL_Q);
    expect(s.getState().message?.text).toContain('Tiroir non ouvert');
    expect(s.getState().drawerOwed).not.toBeNull();

    // The printer answers again: the receipt prints at once (retried every 100 ms), and the key opens the drawer.
    await emulator.start(port);
    await until(() => receiptOf(sale.number).length === 1, 'the receipt once the printer is back', WAIT);
    const before = kicks();
    await type(CTRL_Q);
    expect(s.getState().drawerOwed).toBeNull();
    expect(s.getState().message?.text).toContain(`Tiroir ouvert pour la vente n° ${sale.number}`);
    await until(() => kicks() === before + 1, 'the drawer kick', WAIT);
    const audit = await fx.core.knex('audit_events').where({ kind: 'drawer_owed_open' });
    expect(audit).toHaveLength(1);
    expect(Number(audit[0].employee_id)).toBe(fx.shop.cashier.id);

    // Once: the key again opens nothing.
    await type(CTRL_Q);
    expect(s.getState().message?.text).toBe('Aucun tiroir en attente');
    expect(await fx.core.knex('audit_events').where({ kind: 'drawer_owed_open' })).toHaveLength(1);
    await s.spooler.idle();
    expect(kicks()).toBe(before + 1);
    expect(receiptOf(sale.number)).toEqual([{ sale: sale.number, duplicate: false, complete: true }]);
  });

  test('the link drops in the middle of a receipt: it prints again as DUPLICATA 1, audited', async () => {
    const { session: s, type } = await fx.till({ printer: printerFromUri(`tcp://127.0.0.1:${emulator.port}?timeout=5000`), printRetryMs: 100, statusPollMs: 60_000, pin: '0000' });
    await s.spooler.idle();
    emulator.dropAfter = 3 + 40; // the "ready?" status request, then part of the receipt
    await type(`201\r${F12}c`);
    const sale = s.getState().lastSale!;
    await until(() => receiptOf(sale.number).length > 0, 'the receipt after the drop', WAIT);
    expect(receiptOf(sale.number)).toEqual([{ sale: sale.number, duplicate: true, complete: true }]);
    const [job] = await fx.core.knex('print_jobs').where({ kind: 'duplicate' }).orderBy('id', 'desc');
    expect(job).toMatchObject({ status: 'printed', duplicate: 1 });
    const audit = await fx.core.knex('audit_events').where({ kind: 'reprint' }).orderBy('id', 'desc').first();
    expect(JSON.parse(String(audit.details))).toEqual({ duplicate: 1, reason: 'uncertain-send' });
  });

  test('restart after a kill: a receipt sent but unconfirmed prints as DUPLICATA, one never sent prints normally, each once', async () => {
    const { core, shop } = fx;
    const sent = await core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], shop.cashier.id);
    const unsent = await core.sales.complete(fx.ticketOf(['nutella', 1000]), [{ method: 'card', amount: 450 }], shop.cashier.id);
    await core.printQueue.markSending((await core.printQueue.ofSale(sent.id))[0]!.id); // the kill fell here
    const { session: s } = await fx.till({ printer: printerFromUri(`tcp://127.0.0.1:${emulator.port}?timeout=5000`), printRetryMs: 100, statusPollMs: 60_000 });
    await until(async () => (await core.printQueue.countPending()) === 0, 'the queue to empty', WAIT);
    await s.spooler.idle();
    expect(receiptOf(sent.number)).toEqual([{ sale: sent.number, duplicate: true, complete: true }]);
    expect(receiptOf(unsent.number)).toEqual([{ sale: unsent.number, duplicate: false, complete: true }]);
  });

  test('the drawer sensor read with the setting drawer.openLevel: low turns 0x16 into closed, 0x12 into open', async () => {
    await fx.core.settings.set('drawer.openLevel', 'low', { employeeId: fx.shop.manager.id });
    try {
      emulator.status.printer = 0x16;
      const { session: s } = await fx.till({ printer: printerFromUri(`tcp://127.0.0.1:${emulator.port}?timeout=5000`), statusPollMs: 50 });
      await until(() => s.getState().printer.drawerOpen === false, 'the drawer closed (0x16, open = low)', WAIT);
      emulator.status.printer = 0x12;
      await until(() => s.getState().printer.drawerOpen === true, 'the drawer open (0x12, open = low)', WAIT);
    } finally {
      await fx.core.settings.set('drawer.openLevel', 'high', { employeeId: fx.shop.manager.id });
    }
  });

  test('a printer that never answers status requests, configured ?status=none, still prints', async () => {
    emulator.silent = true;
    const { session: s, type } = await fx.till({ printer: printerFromUri(`tcp://127.0.0.1:${emulator.port}?timeout=5000&status=none`), printRetryMs: 100, statusPollMs: 50, pin: '0000' });
    await type(`201\r${F12}c`);
    const sale = s.getState().lastSale!;
    await until(() => receiptOf(sale.number).length === 1, 'the receipt', WAIT);
    expect(emulator.jobs.every((j) => !decodeEscPos(j).commands.some((c) => c.name === 'statusQuery'))).toBe(true);
    expect(s.getState().printer.ok).toBe(true);
  });
});
