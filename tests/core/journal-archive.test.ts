// The archive's pure rules (#21): which periods are accepted, the stable code
// table of the technical events, and an archive written and read back that
// keeps every stored text byte for byte (so its hashes still hold), checked
// with its own signature.
import * as crypto from 'node:crypto';
import {
  archiveDigest,
  buildArchiveXml,
  checkArchive,
  parseArchivePeriod,
  parseArchiveXml,
  type ArchiveContent,
} from '../../src/core/fiscal/journal-archive.js';
import { canonicalAuditEvent, canonicalClosing, canonicalSale, chainHash, GENESIS_HASH } from '../../src/core/fiscal/journal.js';
import { generateTillKeyPair, signerFromPem } from '../../src/core/fiscal/journal-signature.js';
import { TECHNICAL_EVENT_CODES, technicalEventCode } from '../../src/core/fiscal/technical-events.js';

test('a month or a year that exists; anything else is refused', () => {
  expect(parseArchivePeriod('2026-11')).toEqual({ kind: 'month', period: '2026-11', firstDay: '2026-11-01', nextDay: '2026-12-01' });
  expect(parseArchivePeriod('2026-12')).toMatchObject({ nextDay: '2027-01-01' });
  expect(parseArchivePeriod('2026')).toEqual({ kind: 'year', period: '2026', firstDay: '2026-01-01', nextDay: '2027-01-01' });
  for (const bad of ['2026-13', '2026-00', '2026-02-30', '2026-11-01', '26', '2026-1', '', 'novembre', '0000']) expect(parseArchivePeriod(bad)).toBeNull();
});

test('the technical event codes are stable and unique', () => {
  // Changing this table changes what old archives mean: add codes, never renumber.
  expect(TECHNICAL_EVENT_CODES.map((e) => `${e.code} ${e.kind}`)).toEqual([
    '010 till_start', '020 till_stop', '030 offline_on', '040 offline_off', '050 till_added', '070 data_init',
    '080 journal_key', '090 closing', '100 archive_month', '110 archive_year',
  ]);
  expect(technicalEventCode('closing')).toBe('090');
  expect(technicalEventCode('void_line')).toBeNull();
});

describe('an archive written and read back', () => {
  const signer = signerFromPem(generateTillKeyPair().privateKeyPem);
  const tricky = 'Pâté « maison » & <fin>\n\t"2" \'x\'\r';

  function content(): ArchiveContent {
    const sale = {
      tillId: 1, number: 1, ticketId: 't-1', createdAt: '2026-11-20T12:00:00.000Z', businessDate: '2026-11-20', localTime: '13:00',
      employeeId: 2, customerId: null, lineCount: 1, grossTotal: 450, discountTotal: 0, total: 450, taxTotal: 23, tenderedTotal: 450,
      changeGiven: 0, ticketDiscount: '', grandTotal: 450, grandTotalAbs: 450,
      lines: [{ lineNo: 1, articleId: null, code: '101', name: tricky, unit: 'unit', quantity: 1000, unitPrice: 450, listPrice: 450, taxRateBp: 550, gross: 450, lineDiscount: 0, ticketDiscount: 0, total: 450, priceOverridden: false }],
      taxes: [{ rateBp: 550, total: 450, tax: 23, base: 427 }],
      payments: [{ lineNo: 1, method: 'cash', amount: 450, tendered: 500, reference: '' }],
    };
    const saleHash = chainHash(GENESIS_HASH, canonicalSale(sale));
    const day = {
      tillId: 1, seq: 1, kind: 'day', period: '2026-11-20', firstSaleNumber: 1, lastSaleNumber: 1, salesCount: 1, total: 450, grandTotal: 450,
      cashExpected: 450, cashCounted: 450, totals: JSON.stringify({ byRate: [{ rateBp: 550, total: 450, tax: 23, base: 427 }] }), employeeId: 2,
      createdAt: '2026-11-20T20:00:00.000Z', lastSaleHash: saleHash,
    };
    const dayHash = chainHash(GENESIS_HASH, canonicalClosing(day));
    const month = { ...day, seq: 2, kind: 'month', period: '2026-11', cashExpected: null, cashCounted: null, totals: '{}', createdAt: '2026-12-01T09:00:00.000Z' };
    const monthHash = chainHash(dayHash, canonicalClosing(month));
    const event = { tillId: 1, seq: 1, kind: 'closing', employeeId: 2, approverId: null, saleId: null, articleId: null, details: JSON.stringify({ note: tricky }), createdAt: '2026-11-20T20:00:00.000Z' };
    const eventHash = chainHash(GENESIS_HASH, canonicalAuditEvent(event));
    const { tillId: _a, ...s } = sale;
    const { tillId: _b, ...d } = day;
    const { tillId: _c, ...m } = month;
    const { tillId: _d, ...e } = event;
    return {
      tillId: 1, period: '2026-11', periodKind: 'month', createdAt: '2026-12-02T10:00:00.000Z',
      keys: [{ keyNo: 1, publicKey: signer.publicKey, firstSaleNumber: 1, firstClosingSeq: 1, firstAuditSeq: 1, employeeId: null, createdAt: '2026-11-01T00:00:00.000Z' }],
      sales: [{ ...s, prevHash: GENESIS_HASH, hash: saleHash, signature: signer.sign(saleHash) }],
      closings: [
        { ...d, prevHash: GENESIS_HASH, hash: dayHash, signature: signer.sign(dayHash) },
        { ...m, prevHash: dayHash, hash: monthHash, signature: signer.sign(monthHash) },
      ],
      events: [{ ...e, prevHash: GENESIS_HASH, hash: eventHash, signature: signer.sign(eventHash) }],
    };
  }
  const write = (c: ArchiveContent) => {
    const digest = archiveDigest(c);
    return buildArchiveXml(c, { keyNo: 1, publicKey: signer.publicKey, digest, value: signer.sign(digest) });
  };

  test('keeps quotes, ampersands, tabs, new lines and carriage returns exactly, so it checks whole', () => {
    const c = content();
    const parsed = parseArchiveXml(write(c));
    expect(parsed.content.sales[0]!.lines[0]!.name).toBe(tricky);
    expect(JSON.parse(parsed.content.events[0]!.details).note).toBe(tricky);
    expect(parsed.content).toEqual(c);
    expect(parsed.stated).toEqual({ sales: 1, closings: 2, events: 1, codes: ['090'] });
    expect(checkArchive(parsed).problems).toEqual([]);
    // The signature is plain Ed25519 over the digest's bytes, as documented.
    const sig = parsed.signature;
    const key = crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(sig.publicKey, 'hex')]), format: 'der', type: 'spki' });
    expect(crypto.verify(null, Buffer.from(sig.digest, 'hex'), key, Buffer.from(sig.value, 'hex'))).toBe(true);
  });

  test('a closing that does not match its sales is named', () => {
    const c = content();
    c.sales[0]!.taxes[0]!.tax = 24; // rewritten with its hash: only the closing's VAT tells
    c.sales[0]!.hash = chainHash(GENESIS_HASH, canonicalSale({ ...c.sales[0]!, tillId: 1 }));
    const problems = checkArchive(parseArchiveXml(write(c))).problems.map((p) => `${p.where} : ${p.reason}`);
    expect(problems).toContain('/journalArchive/closings/closing[1] (clôture n° 1, day 2026-11-20) : TVA 5,5 % : 23 annoncé, 24 dans les ventes');
    expect(problems.some((p) => p.includes('sale[1] (vente n° 1) : signature invalide'))).toBe(true);
  });

  test('a count or an event code changed in the file is named, though neither is signed', () => {
    const xml = write(content()).replace('<sales count="1"', '<sales count="2"').replace('code="090"', 'code="010"');
    const problems = checkArchive(parseArchiveXml(xml)).problems.map((p) => `${p.where} : ${p.reason}`);
    expect(problems).toEqual([
      '/journalArchive/sales/@count : 2 annoncées, 1 dans le fichier',
      '/journalArchive/events/event[1]/@code (événement n° 1) : code 010 au lieu de 090 pour « closing »',
    ]);
  });

  test('a control character XML cannot carry is refused, naming the sale', () => {
    const c = content();
    c.sales[0]!.lines[0]!.name = 'bip\u0007';
    expect(() => write(c)).toThrow('la vente n° 1 contient un caractère de contrôle');
  });
});
