// The bench's markers and percentiles (bench/*.mjs, plain JavaScript outside
// the typed sources, so loaded by path). Speed itself is never asserted.
import { fileURLToPath } from 'node:url';

const load = (file: string) => import(fileURLToPath(new URL(`../../bench/${file}`, import.meta.url)));

const screen = (rows: Record<number, string>) => Array.from({ length: 24 }, (_, y) => rows[y] ?? '');

describe('bench markers', () => {
  test('the input line must show exactly the typed text', async () => {
    const { inputLineIs } = await load('markers.mjs');
    expect(inputLineIs('12')(screen({ 20: '> 12 ' }))).toBe(true);
    expect(inputLineIs('12')(screen({ 20: '> 1' }))).toBe(false);
    expect(inputLineIs('')(screen({ 20: '>  ' }))).toBe(true);
  });

  test('a scan is painted when the count is new and the last ticket line is the article', async () => {
    const { ticketLinePainted } = await load('markers.mjs');
    const ticket = screen({
      2: 'grid                                             TICKET                  2 art.',
      3: 'grid                                             Baguette artisanal 250 g  1,71',
      4: 'grid                                             Nectar artisanal x6      13,01',
      18: '                                                 TOTAL                  14,72 €',
    });
    expect(ticketLinePainted(2, 'Nectar artisanal x6')(ticket)).toBe(true);
    // the count already painted but not the line, or the line of an earlier scan
    expect(ticketLinePainted(3, 'Nectar artisanal x6')(ticket)).toBe(false);
    expect(ticketLinePainted(2, 'Baguette artisanal 250 g')(ticket)).toBe(false);
  });

  test('a search key is done when the list of that query shows a row', async () => {
    const { searchListShown } = await load('markers.mjs');
    expect(searchListShown('bagu')(screen({ 2: '« bagu »', 3: 'Baguette artisanal 250 g   1,71 €' }))).toBe(true);
    expect(searchListShown('bagu')(screen({ 2: '« bag »', 3: 'Baguette artisanal 250 g   1,71 €' }))).toBe(false);
    expect(searchListShown('bagu')(screen({ 2: '« bagu »' }))).toBe(false);
  });
});

describe('bench percentiles', () => {
  test('nearest rank, ignoring missing samples', async () => {
    const { percentile, ratio } = await load('stats.mjs');
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([3, NaN, 1, 2], 50)).toBe(2);
    expect(percentile([], 50)).toBeNaN();
    expect(ratio(30, 10)).toBe(3);
    expect(ratio(30, NaN)).toBeNaN();
  });
});
