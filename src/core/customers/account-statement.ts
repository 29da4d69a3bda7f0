// Customer account statements as a shop prints them (fixed-width text, one
// page per customer, separated by form feeds) and as a spreadsheet reads them
// (CSV, one row per entry). Pure functions over AccountsService.statement().
import type { CustomerBalance, CustomerStatement } from './accounts.service.js';
import { writeCsv } from '../basics/csv.js';
import { formatMoney } from '../basics/money.js';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const WIDTH = 78;

const amount = (c: number) => formatMoney(c, 'fr', { symbol: false });
const left = (s: string, w: number) => (s.length > w ? s.slice(0, w) : s.padEnd(w));
const right = (s: string, w: number) => (s.length > w ? s.slice(0, w) : s.padStart(w));
const center = (s: string) => `${' '.repeat(Math.max(0, Math.floor((WIDTH - s.length) / 2)))}${s}`;

/** "novembre 2026" for '2026-11'. */
export function monthName(month: string): string {
  const [y, m] = month.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** The last day of a 'YYYY-MM' month, as dd/mm/yyyy. */
function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

function row(date: string, sale: string, label: string, debit: string, credit: string, balance: string): string {
  return `${left(date, 10)} ${right(sale, 6)}  ${left(label, 26)} ${right(debit, 10)} ${right(credit, 10)} ${right(balance, 10)}`.trimEnd();
}

/** One printable statement per customer; the shop's name and address head each page. */
export function statementText(statements: CustomerStatement[], shop: { name: string; address: string[] }): string {
  const pages = statements.map((s) => {
    const out: string[] = [shop.name, ...shop.address, '', center(`RELEVÉ DE COMPTE CLIENT - ${monthName(s.month).toUpperCase()}`), ''];
    out.push(`Client : ${s.customer.name} (${s.customer.code})`);
    if (s.customer.address) out.push(`         ${s.customer.address}`);
    const town = `${s.customer.postalCode} ${s.customer.city}`.trim();
    if (town) out.push(`         ${town}`);
    out.push('', row('Date', 'Vente', 'Libellé', 'Débit', 'Crédit', 'Solde'), '-'.repeat(WIDTH));
    out.push(row('', '', `Solde au 01/${s.month.slice(5)}/${s.month.slice(0, 4)}`, '', '', amount(s.opening)));
    for (const l of s.lines) {
      const [y, m, d] = l.date.split('-');
      out.push(row(`${d}/${m}/${y}`, l.saleNumber === null ? '' : String(l.saleNumber), l.label, l.debit ? amount(l.debit) : '', l.credit ? amount(l.credit) : '', amount(l.balance)));
    }
    out.push('-'.repeat(WIDTH), row('', '', 'Totaux du mois', amount(s.totalDebit), amount(s.totalCredit), ''));
    out.push(row('', '', `Solde au ${lastDay(s.month)}`, '', '', amount(s.closing)));
    out.push('', s.closing > 0 ? `Reste dû : ${formatMoney(s.closing)}` : s.closing < 0 ? `En votre faveur : ${formatMoney(-s.closing)}` : 'Compte soldé', '');
    return out.join('\n');
  });
  return pages.length === 0 ? 'Aucun mouvement de compte client pour ce mois.\n' : `${pages.join('\f\n')}`;
}

/** One row per entry, plus an opening and a closing row per customer; amounts in euros with a comma. */
export function statementCsv(statements: CustomerStatement[], separator: ';' | ',' = ';'): string {
  const rows: Array<Array<string | number | null>> = [];
  for (const s of statements) {
    rows.push([s.customer.code, s.customer.name, `${s.month}-01`, null, 'Solde initial', '', '', amount(s.opening)]);
    for (const l of s.lines) rows.push([s.customer.code, s.customer.name, l.date, l.saleNumber, l.label, l.debit ? amount(l.debit) : '', l.credit ? amount(l.credit) : '', amount(l.balance)]);
    rows.push([s.customer.code, s.customer.name, null, null, 'Solde final', amount(s.totalDebit), amount(s.totalCredit), amount(s.closing)]);
  }
  return writeCsv(['code_client', 'client', 'date', 'vente', 'libelle', 'debit', 'credit', 'solde'], rows, separator);
}

export function balancesText(balances: CustomerBalance[]): string {
  const lines = [`${left('Code', 16)} ${left('Client', 30)} ${right('Solde', 12)} ${right('Limite', 12)}`, '-'.repeat(73)];
  for (const b of balances) lines.push(`${left(b.code, 16)} ${left(b.name, 30)} ${right(amount(b.balance), 12)} ${right(amount(b.overdraftLimit), 12)}`);
  const owed = balances.reduce((a, b) => a + Math.max(0, b.balance), 0);
  const credit = balances.reduce((a, b) => a + Math.max(0, -b.balance), 0);
  lines.push('-'.repeat(73), `Total dû par les clients : ${formatMoney(owed)}   Avoirs en compte : ${formatMoney(credit)}`);
  return `${lines.join('\n')}\n`;
}

export function balancesCsv(balances: CustomerBalance[], separator: ';' | ',' = ';'): string {
  return writeCsv(['code_client', 'client', 'solde', 'limite'], balances.map((b) => [b.code, b.name, amount(b.balance), amount(b.overdraftLimit)]), separator);
}
