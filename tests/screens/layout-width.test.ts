// Terminal widths of the till's texts: the one-column shortcut agrees with
// string-width on every character it takes, and fit/spread keep their columns.
import stringWidth from 'string-width';
import { fit, spread, textWidth } from '../../src/screens/layout.js';

test('textWidth agrees with string-width on Latin, French typography, emoji, wide and combining characters', () => {
  const samples: string[] = [];
  for (let c = 0x20; c <= 0x2ff; c++) if (c < 0x7f || c >= 0xa0) samples.push(String.fromCodePoint(c));
  samples.push('«', '»', '’', '–', '—', '…', '€', '\u202f', '•', '↑', '↓', '█', '©', '®', '\u00ad');
  samples.push('Crème brûlée', '1\u202f234,50\u00a0€', 'e\u0301clair', '日本茶', 'Café ☕', '🍷 Bordeaux', 'Sablés bretons ×3');
  for (const text of samples) expect([text, textWidth(text)]).toEqual([text, stringWidth(text)]);
});

test('fit pads or cuts to exactly the width, wide characters included', () => {
  expect(fit('Crème brûlée', 15)).toBe('Crème brûlée   ');
  expect(fit('Crème brûlée pistache', 10)).toBe('Crème brû…');
  expect(stringWidth(fit('日本茶の葉っぱ', 9))).toBe(9);
  expect(fit('abc', 0)).toBe('');
  expect(spread('Bordeaux', '12,90', 20)).toBe('Bordeaux       12,90');
  expect(spread('Sablés bretons au beurre', '1\u202f234,50', 20)).toBe('Sablés bre… 1\u202f234,50');
});
