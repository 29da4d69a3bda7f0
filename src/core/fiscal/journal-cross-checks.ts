// The checks across rows, once the chains are walked: each closing against
// the sales it covers, and each signing key against the chained audit event
// that announced it. Pure: the chain walks hand them what they read.
import { num } from '../basics/row-values.js';
import { KEY_CHANGE_EVENT, rowToCanonicalClosing } from './journal.js';
import type { TillKey } from './journal-keys.service.js';
import type { BrokenLink } from './journal-report.js';
import type { DaySales, SalesWalk, SeqRow } from './journal-chains.service.js';

/** The sales a closing covers, added up from the walk: its day, or every day of its month or year. */
function coveredBy(kind: string, period: string, days: Map<string, DaySales>): DaySales & { grandTotal: number } {
  const out = { count: 0, first: Infinity, last: -Infinity, total: 0, lastHash: '', grandTotal: 0 };
  for (const [date, d] of days) {
    const inPeriod = kind === 'day' ? date === period : date.startsWith(`${period}-`);
    // The perpetual total of a closing runs through the end of its period.
    if (date.slice(0, period.length) <= period) out.grandTotal += d.total;
    if (!inPeriod) continue;
    out.count += d.count;
    out.total += d.total;
    if (d.first < out.first) out.first = d.first;
    if (d.last > out.last) {
      out.last = d.last;
      out.lastHash = d.lastHash;
    }
  }
  return out;
}

/** Each closing against the sales it covers; the first that does not match, or null. */
export function checkClosingsCoverSales(closings: SeqRow[], walk: SalesWalk): BrokenLink | null {
  for (const { seq, row } of closings) {
    const c = rowToCanonicalClosing(row);
    const name = `clôture n° ${seq} (${c.kind === 'day' ? 'Z' : c.kind === 'month' ? 'mois' : 'année'} ${c.period})`;
    // Past a break in the sales chain, the walk did not add the sales up: the break is reported there.
    if (walk.brokenAt !== Infinity && (c.lastSaleNumber === null || c.lastSaleNumber >= walk.brokenAt)) continue;
    const found = coveredBy(c.kind, c.period, walk.days);
    const at = (reason: string): BrokenLink => ({ seq, id: num(row.id), reason: `${name} : ${reason}` });
    const range = (first: number | null, last: number | null) => (first === null ? 'aucune' : `n° ${first} à ${last}`);
    const foundFirst = found.count ? found.first : null;
    const foundLast = found.count ? found.last : null;
    if (found.count !== c.salesCount || foundFirst !== c.firstSaleNumber || foundLast !== c.lastSaleNumber) {
      return at(
        `${found.count} vente(s) trouvée(s) (${range(foundFirst, foundLast)}) au lieu des ${c.salesCount} qu'elle a scellées ` +
          `(${range(c.firstSaleNumber, c.lastSaleNumber)}) : des ventes de la période ont été supprimées, ajoutées ou renumérotées`,
      );
    }
    if (found.total !== c.total) return at(`total des ventes ${found.total} au lieu de ${c.total}`);
    if (c.lastSaleHash !== null && found.count > 0 && found.lastHash !== c.lastSaleHash) {
      return at(`la vente n° ${c.lastSaleNumber} n'est plus celle qu'elle a scellée (empreinte différente)`);
    }
    if (found.grandTotal !== c.grandTotal) return at(`grand total perpétuel ${found.grandTotal} au lieu de ${c.grandTotal}`);
  }
  return null;
}

/** Key changes: each key after the first arrives by a chained, signed audit event that names it. */
export function checkKeyChanges(keys: TillKey[], auditRows: SeqRow[], auditWhole: boolean, till: Record<string, unknown>): string | null {
  const bySeq = new Map(auditRows.map((r) => [r.seq, r.row]));
  for (const [i, k] of keys.entries()) {
    if (k.keyNo !== i + 1) return `clé n° ${i + 1} absente de till_keys (trouvée : n° ${k.keyNo})`;
    if (k.keyNo === 1) continue;
    const event = bySeq.get(k.firstAuditSeq);
    if (!event) {
      if (!auditWhole) continue; // the audit chain's break is reported there
      return `clé n° ${k.keyNo} sans l'événement chaîné qui l'annonce (événement n° ${k.firstAuditSeq})`;
    }
    let details: Record<string, unknown> = {};
    try {
      details = JSON.parse(String(event.details)) as Record<string, unknown>;
    } catch {
      // unreadable: not the announcement
    }
    if (String(event.kind) !== KEY_CHANGE_EVENT || details.publicKey !== k.publicKey) {
      return `clé n° ${k.keyNo} : l'événement n° ${k.firstAuditSeq} ne l'annonce pas (clé ajoutée hors de la caisse)`;
    }
    if (details.firstSaleNumber !== k.firstSaleNumber || details.firstClosingSeq !== k.firstClosingSeq) {
      return `clé n° ${k.keyNo} : ses premiers maillons diffèrent de ceux que l'événement n° ${k.firstAuditSeq} annonce (till_keys modifiée)`;
    }
  }
  const current = num(till.journal_key_no);
  const lastKey = keys.length ? keys[keys.length - 1]!.keyNo : 0;
  if (current !== lastKey) return `ligne de la caisse (tills) : clé en service n° ${current} au lieu de n° ${lastKey}`;
  return null;
}
