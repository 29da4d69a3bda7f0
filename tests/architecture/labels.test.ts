// One way to write a screen's words: a key of the message tables
// (src/screens/i18n*.ts) read through the translator. A label written beside
// the code as { fr: …, en: … } or picked with `fr ? '…' : '…'` fails here with
// its file and line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/run-pos.js';

const SCREENS = join(ROOT, 'src', 'screens');
const TILL = join(ROOT, 'src', 'till');

function screenFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return screenFiles(path);
    if (!/\.tsx?$/.test(name) || /^i18n/.test(name)) return [];
    return [path];
  });
}

/** An inline pair `fr: '…'`, or a French/English choice of words (not of a number or date format). */
const INLINE_LABEL = /\bfr: ['"`]|\b(?:fr|locale === 'fr'|this\.locale === 'fr') \? (?!'fr-FR')['"`][^'"`$]*[A-Za-zÀ-ÿ]/;

describe('screen labels', () => {
  test('every screen word comes from the message tables', () => {
    const inline = [...screenFiles(SCREENS), ...screenFiles(TILL)].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (INLINE_LABEL.test(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(inline).toEqual([]);
  });
});
