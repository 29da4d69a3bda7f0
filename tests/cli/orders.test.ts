// pos suppliers / pos orders through the real compiled program: propose,
// edit, send (files written, CSV parsed back), a partial receipt (stock
// moved, what is still due shown), then the rest; bad command lines exit 2
// and change nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openCore } from '../../src/core/shop/core.service.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

describe('pos suppliers and pos orders', () => {
  let dir: string;
  let db: string;
  // the demo manager's PIN, for the commands that now ask for one
  const pos = (...args: string[]) => runPos([...args, '--db', db], { POS_PIN: '1234' });
  const read = async <T>(work: (core: Awaited<ReturnType<typeof openCore>>) => Promise<T>): Promise<T> => {
    const core = await openCore({ db });
    try {
      return await work(core);
    } finally {
      await core.close();
    }
  };
  const stock = (plu: string) => read(async (core) => (await core.catalog.lookup(plu))!.article.stockQty);
  const ledger = (plu: string) => read(async (core) => core.stock.ledgerQuantity((await core.catalog.lookup(plu))!.article.id));
  let reference = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-orders-'));
    db = join(dir, 'pos.sqlite3');
    await read(async (core) => {
      const shop = await smallShop(core);
      const supplier = await core.suppliers.create({ name: 'Huilerie Dupont', contact: 'Anne Dupont', email: 'cde@dupont.example', phone: '', leadTimeDays: 4, minOrderValue: 0 });
      await core.catalog.createArticle({
        plu: '501', name: "Huile d'olive 1 L", categoryId: shop.nutella.categoryId, price: 1290, taxRateId: shop.nutella.taxRateId,
        cost: 700, initialStock: 2000, minStock: 10000, supplierId: supplier.id, supplierRef: 'HO-1L', packSize: 6000,
      });
      await core.catalog.createArticle({
        plu: '10501', name: 'Olives noires', categoryId: shop.nutella.categoryId, price: 1800, taxRateId: shop.nutella.taxRateId, unit: 'kg',
        cost: 900, initialStock: 500, minStock: 2000, supplierId: supplier.id, supplierRef: 'OL-N', packSize: 500,
      });
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('suppliers: add, set, list; a bad value exits 2 and changes nothing', () => {
    const added = pos('suppliers', 'add', 'Savonnerie du Midi', '--lead-time', '6', '--min-order', '120,00', '--email', 'pro@savon.example');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Savonnerie du Midi .*pro@savon\.example .*6 +7 +120,00/);
    expect(pos('suppliers', 'set', 'savonnerie du midi', '--review', '14', '--notes', 'franco 120 €').code).toBe(0);
    const bad = pos('suppliers', 'set', 'Savonnerie du Midi', '--email', 'pas un email');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/e-mail invalide/);
    expect(pos('suppliers', 'add', 'Sans délai', '--lead-time', 'demain').code).toBe(2);
    expect(pos('suppliers', 'set', 'Inconnu', '--review', '3').code).toBe(2);
    const list = pos('suppliers', 'list', '--format', 'csv');
    const rows = parse(list.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.nom)).toEqual(['Huilerie Dupont', 'Savonnerie du Midi']);
    expect(rows[1]).toMatchObject({ email: 'pro@savon.example', delai_jours: '6', periode_jours: '14', minimum_ht: '120,00', notes: 'franco 120 €' });
  });

  test('propose creates the draft from minimum stocks and packs', () => {
    const r = pos('orders', 'propose', '--format', 'json');
    expect(r.code).toBe(0);
    const orders = JSON.parse(r.stdout) as Array<{ reference: string; status: string; supplierName: string; lines: Array<{ plu: string; quantity: number; supplierRef: string }> }>;
    expect(orders).toHaveLength(1);
    reference = orders[0]!.reference;
    expect(reference).toMatch(/^PO-\d{4}-0001$/);
    expect(orders[0]).toMatchObject({ status: 'draft', supplierName: 'Huilerie Dupont' });
    // 10 - 2 = 8 -> 2 packs of 6; 2 kg - 0,5 kg = 1,5 kg in 500 g packs
    expect(orders[0]!.lines.map((l) => [l.plu, l.quantity, l.supplierRef])).toEqual([
      ['501', 12000, 'HO-1L'],
      ['10501', 1500, 'OL-N'],
    ]);
    const table = pos('orders', 'show', reference);
    expect(table.stdout).toContain(`${reference}  Huilerie Dupont  en brouillon`);
    expect(table.stdout).toMatch(/10501 +Olives noires +OL-N +1,500 kg +9,00 +13,50/);
  });

  test('edit the draft: set, add, remove; bad lines exit 2', () => {
    expect(pos('orders', 'set', reference, '501', '18').code).toBe(0);
    expect(pos('orders', 'add', reference, '101', '6').code).toBe(0);
    const removed = pos('orders', 'set', reference, '3017620422003', '0');
    expect(removed.code).toBe(0);
    expect(removed.stdout).not.toContain('Pâte à tartiner');
    expect(removed.stdout).toMatch(/501 +Huile d'olive 1 L +HO-1L +18 +7,00 +126,00/);
    const unknown = pos('orders', 'set', reference, '999999', '1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/article inconnu : « 999999 »/);
    expect(pos('orders', 'set', reference, '501', 'douze').code).toBe(2);
    expect(pos('orders', 'add', reference, '501', '1,5').stderr).toMatch(/entière/);
    expect(pos('orders', 'show', 'PO-1999-0042').code).toBe(2);
  });

  test('send writes REF.csv and REF.txt and marks it sent', () => {
    const out = join(dir, 'bons');
    const paper = join(dir, 'printer.bin');
    const r = pos('orders', 'send', reference, '--out', out, '--print', '--printer', `file:${paper}`);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${reference} imprimée sur`);
    const printed = readFileSync(paper).toString('latin1');
    expect(printed).toContain(`BON DE COMMANDE ${reference}`);
    expect(printed).toContain('HO-1L');
    expect(r.stdout.trim().split('\n')).toEqual([join(out, `${reference}.csv`), join(out, `${reference}.txt`)]);
    expect(r.stderr).toMatch(/envoyée, livraison attendue le \d{4}-\d{2}-\d{2}/);
    const rows = parse(readFileSync(join(out, `${reference}.csv`), 'utf8'), { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      { reference, fournisseur: 'Huilerie Dupont', ref_fournisseur: 'HO-1L', plu: '501', article: "Huile d'olive 1 L", unite: 'unit', quantite: '18', cout_unitaire: '7,00', montant: '126,00' },
      { reference, fournisseur: 'Huilerie Dupont', ref_fournisseur: 'OL-N', plu: '10501', article: 'Olives noires', unite: 'kg', quantite: '1,500', cout_unitaire: '9,00', montant: '13,50' },
    ]);
    const text = readFileSync(join(out, `${reference}.txt`), 'utf8');
    expect(text).toContain(`BON DE COMMANDE ${reference}`);
    expect(text).toContain("A l'attention de : Anne Dupont");
    expect(text).toMatch(/TOTAL HT \(2 lignes\) +139,50 EUR/);
    expect(pos('orders', 'list', '--status', 'sent').stdout).toContain(`${reference}  Huilerie Dupont  envoyée`);
    const again = pos('orders', 'send', reference, '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/seul un brouillon/);
  });

  test('a partial receipt moves the stock and shows what is still due', async () => {
    const r = pos('orders', 'receive', reference, '501', '12', '--cost', '7,20', '10501', '0,5');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reçue en partie');
    expect(r.stdout).toMatch(/501 +Huile d'olive 1 L +HO-1L +18 +7,20 +129,60 +12 +6/);
    expect(r.stdout).toMatch(/10501 +Olives noires +OL-N +1,500 kg +9,00 +13,50 +0,500 kg +1,000 kg/);
    expect(await stock('501')).toBe(2000 + 12000);
    expect(await ledger('501')).toBe(2000 + 12000);
    expect(await stock('10501')).toBe(1000);

    const tooMany = pos('orders', 'receive', reference, '501', '7');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/7 reçu\(s\) mais seulement 6 dû/);
    expect(pos('orders', 'receive', reference, '501').code).toBe(2);
    expect(pos('orders', 'receive', reference, '501', '1', '--cost', 'gratuit').code).toBe(2);
    expect(await stock('501')).toBe(14000);
  });

  test('receiving without lines takes everything still due; a received order cannot be cancelled', async () => {
    const r = pos('orders', 'receive', reference);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${reference}  Huilerie Dupont  reçue`);
    expect(await stock('501')).toBe(20000);
    expect(await ledger('10501')).toBe(2000);
    expect(pos('orders', 'cancel', reference).code).toBe(2);
    expect(pos('orders', 'list').stderr).toBe('Aucune commande\n');
  });

  test('automatic ordering settings: one command changing three keys writes one audit event naming them', async () => {
    const settingsEvents = () => read(async (core) => core.knex('audit_events').where({ kind: 'settings' }).orderBy('id').select('employee_id', 'details'));
    const before = (await settingsEvents()).length;
    expect(pos('orders', 'settings').stdout).toBe('orders.auto\toff\norders.autoSend\toff\norders.autoSendAt\t19:00\n');
    expect(pos('orders', 'settings', '--auto', 'on', '--auto-send', 'on', '--at', '18:30', '--pin', '1234').stdout).toBe('orders.auto\ton\norders.autoSend\ton\norders.autoSendAt\t18:30\n');
    const events = await settingsEvents();
    expect(events).toHaveLength(before + 1);
    const manager = await read(async (core) => (await core.staff.authenticate('1234'))!);
    expect(Number(events.at(-1)!.employee_id)).toBe(manager.id);
    expect(JSON.parse(events.at(-1)!.details)).toEqual({
      keys: ['orders.auto', 'orders.autoSend', 'orders.autoSendAt'],
      values: { 'orders.auto': true, 'orders.autoSend': true, 'orders.autoSendAt': '18:30' },
      shopId: 1, // a shop's own settings (issue #22) name the shop
    });
    expect(pos('orders', 'settings', '--at', '25:00').code).toBe(2);
    expect(pos('orders', 'settings', '--auto', 'oui').code).toBe(2);
    const cashier = pos('orders', 'settings', '--auto', 'off', '--pin', '0000');
    expect([cashier.code, cashier.stderr]).toEqual([1, 'pos: Code PIN refusé : « Modifier les paramètres » demande un responsable\n']);
    expect(pos('orders', 'settings').stdout).toContain('orders.auto\ton\n');
    expect(await settingsEvents()).toHaveLength(before + 1); // showing and refusals record nothing
    const cron = pos('orders', 'auto-send', '--out', join(dir, 'auto'));
    expect(cron.code).toBe(0);
    expect(cron.stderr).toBe('Aucune commande à envoyer\n');
    expect(existsSync(join(dir, 'auto'))).toBe(false);
  });

  test('auto-send keeps an automatic draft under the supplier\'s minimum as a draft and says why (issue #17, defect 8)', async () => {
    // auto-send is on since the settings test; an automatic draft from long ago, under a 500,00 minimum
    const reference = await read(async (core) => {
      const supplier = await core.suppliers.create({ name: 'Grossiste Minimum', contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 50000 });
      const draft = await core.purchasing.createDraft(supplier.id);
      await core.purchasing.addLine(draft.id, (await core.catalog.lookup('501'))!.article.id, 6000);
      await core.knex('purchase_orders').where({ id: draft.id }).update({ automatic: true, created_at: '2020-01-01T00:00:00.000Z' });
      return draft.reference;
    });
    const cron = pos('orders', 'auto-send', '--out', join(dir, 'held'));
    expect(cron.code).toBe(0);
    expect(cron.stderr).toContain(`${reference} reste en brouillon : sous le minimum de commande de 500,00 HT de Grossiste Minimum (manque `);
    expect(existsSync(join(dir, 'held'))).toBe(false);
    expect((await read((core) => core.purchasing.byReference(reference))).status).toBe('draft');
    const list = pos('orders', 'list');
    expect(list.stdout.split('\n').find((l) => l.startsWith(reference))).toContain("pas d'envoi automatique sous le minimum");
  });
});
