// CSV written by hand (src/core/basics/csv.ts says why): what it writes must
// be what csv-stringify writes, and read back through csv-parse unchanged.
// One deliberate difference: a lone CR is quoted too (csv-stringify leaves it
// bare; spreadsheets read a bare CR as a line break).
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeCsv } from '../../src/core/basics/csv.js';

const TRICKY = [
  'plain', '', 'a;b', 'a,b', 'say "hi"', '"', 'two\nlines', 'cr\rhere', 'crlf\r\nhere', ' spaced ', 'Café crème 1 L', '=SUM(A1)', '\u00a0', 'tab\there',
];

describe('writeCsv', () => {
  for (const separator of [';', ','] as const) {
    test(`writes what csv-stringify writes, separator « ${separator} »`, () => {
      const headers = ['code', 'label', 'amount'];
      const rows: Array<Array<string | number | null>> = TRICKY.filter((t) => !/\r(?!\n)/.test(t)).map((t, i) => [i, t, i % 2 ? null : 12.5]);
      const expected = stringify([headers, ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))], { delimiter: separator, record_delimiter: 'unix' });
      expect(writeCsv(headers, rows, separator)).toBe(expected);
    });

    test(`reads back unchanged through csv-parse, separator « ${separator} »`, () => {
      const rows = TRICKY.map((t) => [t, `${t}${t}`]);
      const back = parse(writeCsv(['a', 'b'], rows, separator), { delimiter: separator, relax_quotes: false }) as string[][];
      expect(back).toEqual([['a', 'b'], ...rows]);
    });
  }

  test('a lone CR is quoted, so a spreadsheet keeps the field on its row', () => {
    expect(writeCsv(['a'], [['cr\rhere']])).toBe('a\n"cr\rhere"\n');
  });

  test('a header alone is one line', () => {
    expect(writeCsv(['a', 'b'], [])).toBe('a;b\n');
  });
});
