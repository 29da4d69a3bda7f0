// CSV files as French spreadsheets write them: UTF-8 (with or without BOM),
// `;` or `,` separators (guessed from the header line), a header row. Parsing
// goes through csv-parse; this module adds the separator guess, header
// aliases (French or English column names) and line-numbered errors.
// Writing is RFC 4180's one rule, done here: csv-stringify's general engine
// spent 3.6 times as long on each field (100,000 report rows: 2.1 s against
// 0.58 s, the largest part of `pos report sales --by article --format csv`
// past the SQL). tests/core/csv.test.ts reads what it writes back through
// csv-parse and compares it with csv-stringify's output.
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** line of the file where the record starts (the header is line 1) */
  line: number;
  values: Record<string, string>;
}

export type CsvResult = { ok: true; rows: CsvRow[]; separator: string } | { ok: false; errors: string[] };

/** `;` when the header line has more semicolons than commas (French spreadsheets), else `,`. */
export function guessSeparator(text: string): ';' | ',' {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => header.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Reads a CSV text. `columns` maps each canonical column to the header names
 * accepted for it (case, accents and spaces ignored); `required` must be there.
 */
export function readCsv(text: string, columns: Record<string, string[]>, required: string[]): CsvResult {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { ok: false, errors: ['ligne 1 : fichier vide (une ligne d\'en-tête est attendue)'] };
  const separator = guessSeparator(body);
  let records: string[][];
  let infos: Array<{ lines: number }>;
  try {
    const parsed = parse(body, { delimiter: separator, relax_column_count: false, skip_empty_lines: true, info: true, bom: true, trim: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    records = parsed.map((p) => p.record);
    infos = parsed.map((p) => p.info);
  } catch (err) {
    const e = err as { lines?: number; message: string };
    const length = /expect (\d+), got (\d+)/.exec(e.message);
    const why = length ? `${length[2]} colonne(s) au lieu de ${length[1]}` : e.message.replace(/ at line \d+.*$/, '');
    return { ok: false, errors: [`ligne ${e.lines ?? '?'} : ${why}`] };
  }
  const [header, ...data] = records;
  const normal = (h: string) => h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const index = new Map<string, number>();
  const errors: string[] = [];
  header!.forEach((h, i) => {
    const n = normal(h);
    const canonical = Object.entries(columns).find(([key, aliases]) => normal(key) === n || aliases.some((a) => normal(a) === n))?.[0];
    if (!canonical) errors.push(`ligne 1 : colonne inconnue « ${h} » (colonnes possibles : ${Object.keys(columns).join(', ')})`);
    else if (index.has(canonical)) errors.push(`ligne 1 : colonne « ${h} » en double`);
    else index.set(canonical, i);
  });
  for (const r of required) if (!index.has(r)) errors.push(`ligne 1 : colonne obligatoire « ${r} » absente`);
  if (errors.length) return { ok: false, errors };
  const rows = data.map((record, i) => {
    const values: Record<string, string> = {};
    for (const [key, col] of index) values[key] = record[col] ?? '';
    // info.lines is the line where the record ends; a record spanning lines starts earlier.
    return { line: infos[i + 1]!.lines - (record.join('').split('\n').length - 1), values };
  });
  return { ok: true, rows, separator };
}

/** A field as it goes between separators: quoted (its quotes doubled) only when it holds the separator, a quote or a line break. */
function csvField(value: string | number | null, separator: string): string {
  const text = value === null ? '' : String(value);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === separator || c === '"' || c === '\n' || c === '\r') return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

export function writeCsv(headers: string[], rows: Array<Array<string | number | null>>, separator: ';' | ',' = ';'): string {
  const out: string[] = [];
  for (const row of [headers, ...rows]) out.push(row.map((v) => csvField(v, separator)).join(separator));
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
