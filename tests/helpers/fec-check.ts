// A checker of FEC files written apart from the exporter (it imports nothing
// from src/): it reads the file as the administration's rules say it must be
// (article A47 A-1 du LPF, Test Compta Demat's format checks) and returns the
// problems it found, so a test asserts an empty list and sees every fault.

export const FEC_HEADER = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef',
  'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
];

export interface FecRow {
  journal: string;
  num: number;
  date: string;
  account: string;
  accountLabel: string;
  auxNum: string;
  auxLabel: string;
  pieceRef: string;
  label: string;
  /** cents */
  debit: number;
  credit: number;
  validDate: string;
}

export interface FecCheck {
  problems: string[];
  rows: FecRow[];
}

const isDay = (text: string) => {
  if (!/^\d{8}$/.test(text)) return false;
  const [y, m, d] = [Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const cents = (text: string) => {
  const [whole, frac] = text.split(',');
  return Number(whole) * 100 + Number(frac);
};

/** Checks a FEC's text against its period (AAAAMMJJ bounds) and separator. */
export function checkFec(text: string, separator: '\t' | '|', period: { from: string; to: string }): FecCheck {
  const problems: string[] = [];
  const rows: FecRow[] = [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const header = lines[0] ?? '';
  if (header.includes(';')) problems.push('le séparateur est un point-virgule');
  if (header.split(separator).join('|') !== FEC_HEADER.join('|')) problems.push(`en-tête inattendu : ${JSON.stringify(header)}`);
  const seen = new Set<number>();
  let last = 0;
  for (const [i, line] of lines.slice(1).entries()) {
    const at = `ligne ${i + 2}`;
    const f = line.split(separator);
    if (f.length !== 18) {
      problems.push(`${at} : ${f.length} zones au lieu de 18`);
      continue;
    }
    const [journal, journalLib, num, date, account, accountLabel, auxNum, auxLabel, pieceRef, pieceDate, label, debit, credit, let_, dateLet, validDate, amountCur, currency] = f as [
      string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string, string,
    ];
    if (!journal || !journalLib) problems.push(`${at} : journal sans code ou libellé`);
    if (!/^[1-9]\d*$/.test(num)) problems.push(`${at} : EcritureNum « ${num} »`);
    const n = Number(num);
    if (n !== last) {
      if (n !== last + 1 || seen.has(n)) problems.push(`${at} : EcritureNum ${n} après ${last} (suite avec trou, ou écriture coupée)`);
      seen.add(n);
      last = n;
    }
    for (const [name, value] of [['EcritureDate', date], ['PieceDate', pieceDate], ['ValidDate', validDate]] as const) {
      if (!isDay(value)) problems.push(`${at} : ${name} « ${value} » n'est pas une date AAAAMMJJ`);
    }
    if (date < period.from || date > period.to) problems.push(`${at} : EcritureDate ${date} hors de la période ${period.from}-${period.to}`);
    if (validDate < date) problems.push(`${at} : ValidDate ${validDate} avant EcritureDate ${date}`);
    if (!/^\d{3,}$/.test(account)) problems.push(`${at} : CompteNum « ${account} »`);
    if (!accountLabel) problems.push(`${at} : CompteLib vide`);
    if (!pieceRef || !label) problems.push(`${at} : PieceRef ou EcritureLib vide`);
    if (Boolean(auxNum) !== Boolean(auxLabel)) problems.push(`${at} : CompAuxNum et CompAuxLib vont ensemble`);
    for (const [name, value] of [['Debit', debit], ['Credit', credit]] as const) {
      if (!/^\d+,\d{2}$/.test(value)) problems.push(`${at} : ${name} « ${value} » (virgule décimale, deux décimales, ni signe ni séparateur de milliers)`);
    }
    if (cents(debit) > 0 && cents(credit) > 0) problems.push(`${at} : débit et crédit sur la même ligne`);
    if (cents(debit) === 0 && cents(credit) === 0) problems.push(`${at} : ligne à zéro`);
    if (let_ || dateLet || amountCur || currency) problems.push(`${at} : lettrage ou devise inattendus`);
    rows.push({ journal, num: n, date, account, accountLabel, auxNum, auxLabel, pieceRef, label, debit: cents(debit), credit: cents(credit), validDate });
  }
  // One balanced entry per EcritureNum, each with one date, piece and journal.
  const entries = new Map<number, FecRow[]>();
  for (const r of rows) entries.set(r.num, [...(entries.get(r.num) ?? []), r]);
  for (const [n, entry] of entries) {
    const debit = entry.reduce((a, r) => a + r.debit, 0);
    const credit = entry.reduce((a, r) => a + r.credit, 0);
    if (debit !== credit) problems.push(`écriture ${n} déséquilibrée : ${debit} / ${credit}`);
    if (entry.length < 2) problems.push(`écriture ${n} d'une seule ligne`);
    if (new Set(entry.map((r) => `${r.date}/${r.pieceRef}/${r.journal}/${r.validDate}`)).size !== 1) problems.push(`écriture ${n} : dates, pièce ou journal différents entre ses lignes`);
  }
  const accountLabels = new Map<string, string>();
  for (const r of rows) {
    if (accountLabels.has(r.account) && accountLabels.get(r.account) !== r.accountLabel) problems.push(`compte ${r.account} sous deux libellés`);
    accountLabels.set(r.account, r.accountLabel);
  }
  return { problems, rows };
}

/** Net (debit - credit) per account on a day (AAAAMMJJ), or on the whole file: what is compared with the closings. */
export function netByAccount(rows: FecRow[], day?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    if (day !== undefined && r.date !== day) continue;
    out.set(r.account, (out.get(r.account) ?? 0) + r.debit - r.credit);
  }
  return out;
}

/** The same figures from a Z's totals, with the default accounts written out here again (not read from the exporter). */
export const DEFAULT_ACCOUNTS = {
  tenders: { cash: '530', cheque: '5112', card: '5115', meal_voucher: '5116', mobile: '5117', voucher: '4191', account: '411' } as Record<string, string>,
  sales: { 2000: '7071', 1000: '7072', 550: '7073', 210: '7074', 0: '7075' } as Record<number, string>,
  vat: { 2000: '445711', 1000: '445712', 550: '445713', 210: '445714' } as Record<number, string>,
};

export interface ZFigures {
  byMethod: Record<string, number>;
  byRate: Array<{ rateBp: number; base: number; tax: number }>;
  /** the payments received on account that day at that till (not in the Z's sales), by method */
  accountPayments?: Array<{ method: string; amount: number }>;
}

/** What the FEC must hold for some Z figures added together: net per account, sales and VAT as credits (negative). */
export function expectedNet(zs: ZFigures[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (account: string, amount: number) => out.set(account, (out.get(account) ?? 0) + amount);
  for (const z of zs) {
    for (const [method, amount] of Object.entries(z.byMethod)) add(DEFAULT_ACCOUNTS.tenders[method]!, amount);
    for (const r of z.byRate) {
      add(DEFAULT_ACCOUNTS.sales[r.rateBp]!, -r.base);
      if (r.tax !== 0) add(DEFAULT_ACCOUNTS.vat[r.rateBp]!, -r.tax);
    }
    // A payment on account: the money on its tender's account, the customer's 411 credited.
    for (const p of z.accountPayments ?? []) {
      add(DEFAULT_ACCOUNTS.tenders[p.method]!, p.amount);
      add(DEFAULT_ACCOUNTS.tenders.account!, -p.amount);
    }
  }
  for (const [k, v] of [...out]) if (v === 0) out.delete(k);
  return out;
}
