// The NF525 archive of a closed month (#21): written by `pos journal archive`,
// checked by Debian's xmllint against the shipped XSD and by a signature check
// written here apart from the project's verifier, then by `pos journal
// verify-archive` on the good file and on files tampered four ways.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('journal archive on %s', (engine) => {
  let now = new Date('2026-11-20T12:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });
  let dir: string;
  let archive: string;
  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-archive-'));
    const { core, shop } = fx;
    tick();
    await core.sales.complete(fx.ticketOf(['nutella', 2000], ['wine', 1000]), [{ method: 'cash', amount: 5000 }], shop.cashier.id);
    tick();
    await core.sales.complete(fx.ticketOf(['wine', 2000]), [{ method: 'card', amount: 2580 }], shop.cashier.id);
    tick();
    // A return: a negative line, money given back.
    await core.sales.complete(fx.ticketOf(['nutella', -1000]), [{ method: 'cash', amount: -450 }], shop.manager.id);
    tick();
    await core.audit.record({ kind: 'void_line', employeeId: shop.cashier.id, details: { ticket: 'a', name: 'Vin', quantity: 1000, unitPrice: 1290 } });
    await core.closings.zClose('2026-11-20', { cash: 4000 }, shop.manager.id);
    now = new Date('2026-11-21T12:00:00.000Z');
    await core.sales.complete(fx.ticketOf(['comte', 250]), [{ method: 'card', amount: 823 }], shop.cashier.id);
    tick();
    await core.closings.zClose('2026-11-21', { cash: 0 }, shop.manager.id);
    now = new Date('2026-12-02T12:00:00.000Z');
    await core.closings.closePeriod('month', '2026-11', shop.manager.id);
    // A sale of December: not in November's archive.
    tick();
    await core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], shop.cashier.id);
    archive = join(dir, 'novembre.xml');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const pos = (...args: string[]) => runPos([...args, '--db', fx.db.spec]);

  test('a bad period, a period not closed or no PIN is refused and writes nothing', () => {
    for (const bad of ['2026-13', '2026-02-30', '26', '2026-1']) {
      const r = pos('journal', 'archive', '--period', bad, '--pin', '1234', '--out', join(dir, 'bad.xml'));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/période invalide/i);
    }
    const open = pos('journal', 'archive', '--period', '2026-10', '--pin', '1234', '--out', join(dir, 'bad.xml'));
    expect(open.code).toBe(1);
    expect(open.stderr).toContain("La période 2026-10 n'est pas clôturée sur la caisse 1");
    const year = pos('journal', 'archive', '--period', '2026', '--pin', '1234', '--out', join(dir, 'bad.xml'));
    expect(year.code).toBe(1);
    expect(year.stderr).toContain('pos closing year 2026');
    const noPin = pos('journal', 'archive', '--period', '2026-11', '--out', join(dir, 'bad.xml'));
    expect(noPin.code).toBe(2);
    expect(existsSync(join(dir, 'bad.xml'))).toBe(false);
  });

  test('the archive holds the month and its schema, and Debian xmllint validates it', async () => {
    const r = pos('journal', 'archive', '--period', '2026-11', '--pin', '1234', '--out', archive);
    expect(r.stderr).toContain('4 ventes');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(archive);
    const xsd = join(dir, 'journal-archive.xsd');
    expect(readFileSync(xsd, 'utf8')).toBe(readFileSync(join(process.cwd(), 'schemas', 'journal-archive.xsd'), 'utf8'));
    const lint = spawnSync('xmllint', ['--noout', '--schema', xsd, archive], { encoding: 'utf8' });
    expect(lint.stderr).toContain('validates');
    expect(lint.status).toBe(0);
    const xml = readFileSync(archive, 'utf8');
    // The four sales of November, not December's; the return's negative line; both Z and the month closing.
    expect([...xml.matchAll(/<sale number="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2', '3', '4']);
    expect(xml).toMatch(/<line [^>]*quantity="-1000"/);
    expect([...xml.matchAll(/<closing seq="\d+" kind="(\w+)" period="([\d-]+)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['day 2026-11-20', 'day 2026-11-21', 'month 2026-11']);
    expect(xml).toContain('kind="void_line"');
    expect(xml).toMatch(/kind="closing" code="090"/);
    // The new database's technical events, with their codes.
    expect(xml).toMatch(/kind="data_init" code="070"/);
    expect(xml).toMatch(/kind="till_added" code="050"/);
    // The archiving is on the audit chain, named, and the journal still verifies.
    const event = await fx.core.knex('audit_events').where({ till_id: 1, kind: 'archive_month' }).first();
    expect(JSON.parse(event.details)).toMatchObject({ period: '2026-11', file: 'novembre.xml', sales: 4 });
    expect(Number(event.employee_id)).toBe(fx.shop.manager.id);
    const verify = pos('journal', 'verify', '--deep');
    expect(verify.stdout).toContain('OK 5 sales');
    expect(verify.code).toBe(0);
    // An archive is never overwritten.
    const again = pos('journal', 'archive', '--period', '2026-11', '--pin', '1234', '--out', archive);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('existe déjà');
  });

  test('its signature checks by hand: SHA-256 of the documented manifest, Ed25519 with the key in the file', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['key', 'sale', 'closing', 'event'].includes(n), parseAttributeValue: false });
    const root = parser.parse(readFileSync(archive, 'utf8')).journalArchive;
    const manifest = [
      'POS-JOURNAL-ARCHIVE 1',
      `till ${root.tillId}`,
      `period ${root.period}`,
      `created ${root.createdAt}`,
      ...root.keys.key.map((k: Record<string, string>) => `key ${k.keyNo} ${k.publicKey} ${k.firstSaleNumber} ${k.firstClosingSeq} ${k.firstAuditSeq}`),
      ...root.sales.sale.map((s: Record<string, string>) => `sale ${s.number} ${s.hash}`),
      ...root.closings.closing.map((c: Record<string, string>) => `closing ${c.seq} ${c.hash}`),
      ...root.events.event.map((e: Record<string, string>) => `event ${e.seq} ${e.hash}`),
    ].map((l) => `${l}\n`).join('');
    const digest = crypto.createHash('sha256').update(manifest).digest('hex');
    const sig = root.archiveSignature;
    expect(sig.digest).toBe(digest);
    // The raw Ed25519 public key as a DER SubjectPublicKeyInfo (what openssl reads too).
    const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(sig.publicKey, 'hex')]);
    const key = crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
    expect(crypto.verify(null, Buffer.from(digest, 'hex'), key, Buffer.from(sig.value, 'hex'))).toBe(true);
    expect(crypto.verify(null, Buffer.from(digest.replace(/^./, (c) => (c === '0' ? '1' : '0')), 'hex'), key, Buffer.from(sig.value, 'hex'))).toBe(false);
  });

  test('verify-archive passes the good file with no database', () => {
    const r = runPos(['journal', 'verify-archive', archive, '--db', join(dir, 'absent', 'none.sqlite3')]);
    expect(r.stdout).toContain('OK schéma XSD');
    expect(r.stdout).toContain('4 ventes');
    expect(r.code).toBe(0);
  });

  const tampered = (name: string, change: (xml: string) => string) => {
    const xml = readFileSync(archive, 'utf8');
    const out = change(xml);
    expect(out).not.toBe(xml);
    const path = join(dir, name);
    writeFileSync(path, out);
    return runPos(['journal', 'verify-archive', path]);
  };

  test('an amount changed is found at its sale', () => {
    const r = tampered('amount.xml', (xml) => xml.replace(/(<sale number="2"[^>]*? total=")(\d+)"/, (_m, head: string, v: string) => `${head}${Number(v) + 100}"`));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ERREUR /journalArchive/sales/sale[2] (vente n° 2) : empreinte différente');
  });

  test('a sale taken away is found', () => {
    const r = tampered('removed.xml', (xml) => xml.replace(/<sale number="3"[\s\S]*?<\/sale>\s*/, ''));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('vente n° 3 manquante');
    expect(r.stdout).toContain("/journalArchive/archiveSignature : empreinte de l'archive différente");
  });

  test('a broken signature is found', () => {
    const r = tampered('signature.xml', (xml) => xml.replace(/(<archiveSignature[^>]*value=")(.)/, (_m, head: string, c: string) => `${head}${c === '0' ? '1' : '0'}`));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("/journalArchive/archiveSignature : signature de l'archive invalide");
  });

  test('a file that breaks the schema is refused with the line', () => {
    const r = tampered('schema.xml', (xml) => xml.replace(/unit="unit"/, 'unit="carton"'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ERREUR schéma XSD \(ligne \d+\) : .*unit/);
  });

  test('a year of another till: --till picks the till, the year closing is its period', async () => {
    // Till 2 sold in 2025 and closed that year; November 2026 of till 1 is not in its archive.
    now = new Date('2025-06-10T12:00:00.000Z');
    const two = await fx.db.core({ tillId: 2, clock: () => now });
    try {
      const ticket = () => {
        let t = two.tickets.create();
        t = addLine(t, sellable(fx.shop.wine), 1000);
        return t;
      };
      await two.sales.complete(ticket(), [{ method: 'card', amount: 1290 }], fx.shop.cashier.id);
      await two.closings.zClose('2025-06-10', { cash: 0 }, fx.shop.manager.id);
      now = new Date('2026-12-03T12:00:00.000Z');
      const early = pos('journal', 'archive', '--till', '2', '--period', '2025', '--pin', '1234', '--out', join(dir, 'early.xml'));
      expect(early.code).toBe(1);
      expect(early.stderr).toContain("La période 2025 n'est pas clôturée sur la caisse 2");
      await two.closings.closePeriod('year', '2025', fx.shop.manager.id);
    } finally {
      await two.close();
    }
    const year = join(dir, 'annee.xml');
    const r = pos('journal', 'archive', '--till', '2', '--period', '2025', '--pin', '1234', '--out', year);
    expect(r.stderr).toContain('Archive de la caisse 2, période 2025 : 1 ventes, 2 clôtures');
    expect(r.code).toBe(0);
    const lint = spawnSync('xmllint', ['--noout', '--schema', join(dir, 'journal-archive.xsd'), year], { encoding: 'utf8' });
    expect(lint.status).toBe(0);
    const xml = readFileSync(year, 'utf8');
    expect(xml).toMatch(/<journalArchive [^>]*tillId="2" period="2025" periodKind="year"/);
    expect(xml).toMatch(/<closing seq="2" kind="year" period="2025"/);
    const ok = runPos(['journal', 'verify-archive', year]);
    expect(ok.stdout).toContain('OK schéma XSD');
    expect(ok.code).toBe(0);
    const event = await fx.core.knex('audit_events').where({ till_id: 2, kind: 'archive_year' }).first();
    expect(JSON.parse(event.details)).toMatchObject({ period: '2025', sales: 1, closings: 2 });
    expect(pos('journal', 'verify').code).toBe(0);
  });

  test('a file that is not there is bad input', () => {
    const r = runPos(['journal', 'verify-archive', join(dir, 'nope.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Archive illisible');
  });
});
