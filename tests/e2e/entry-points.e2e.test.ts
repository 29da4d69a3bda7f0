// What users run is what this runs: the shipped `bin/pos` (through the
// esbuild bundle), never the sources or the tsc output. Every command's
// --help answers, and every interactive entry point opens its first screen in
// a real 80x24 terminal, in French and in English: a bundle that breaks one
// of them (as it once broke `pos backoffice` with « createElement is not a
// function ») fails here.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runPos } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';

/** The subcommand names listed under "Commands:" in a --help text. */
function commandsIn(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1];
  if (!section) return [];
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1])
    .filter((name): name is string => !!name && name !== 'help');
}

/** Every command path of the program, found by walking the help texts from the top. */
function allCommandPaths(): { path: string[]; help: string; code: number | null; stderr: string }[] {
  const found: { path: string[]; help: string; code: number | null; stderr: string }[] = [];
  const walk = (path: string[]) => {
    const r = runPos([...path, '--help']);
    found.push({ path, help: r.stdout, code: r.code, stderr: r.stderr });
    for (const sub of commandsIn(r.stdout)) walk([...path, sub]);
  };
  walk([]);
  return found;
}

describe('the shipped binary', () => {
  test('runs through the bundle, not the tsc output', () => {
    expect(existsSync(join(ROOT, 'dist/bundle/main.js'))).toBe(true);
  });

  test('every command and subcommand answers --help', () => {
    const paths = allCommandPaths();
    // The program has dozens of commands: a walk that found only a handful means the help broke.
    expect(paths.length).toBeGreaterThan(60);
    const broken = paths.filter((p) => p.code !== 0 || !p.help.startsWith('Usage: pos'));
    expect(broken.map((p) => `pos ${p.path.join(' ')} --help → ${p.code} ${p.stderr.slice(0, 200)}`)).toEqual([]);
  });
});

describe('every interactive entry point opens at 80x24', () => {
  let dir: string;
  let seeded: string;
  const terminals: TmuxTill[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-entry-'));
    seeded = join(dir, 'seeded.sqlite3');
    const r = runPos(['db', 'seed', '--demo', '--days', '1', '--db', seeded]);
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterEach(() => {
    for (const t of terminals.splice(0)) t.stop();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let copies = 0;
  const open = (name: string, args: string[]) => {
    copies += 1;
    const db = join(dir, `pos-${copies}.sqlite3`);
    copyFileSync(seeded, db);
    const terminal = new TmuxTill(`${name}-${copies}`);
    terminals.push(terminal);
    terminal.start(['--db', db, '--printer', `file:${join(dir, `receipts-${copies}.txt`)}`, ...args]);
    return terminal;
  };
  const notCrashed = (screen: string) => expect(screen).not.toMatch(/erreur inattendue|unexpected error|is not a function/i);

  test.each([
    ['fr', 'Code PIN'],
    ['en', 'PIN'],
  ])('the till (pos, --lang %s) shows its sign-in and takes a PIN', async (lang, prompt) => {
    const till = open(`till-${lang}`, ['--lang', lang]);
    notCrashed(await till.waitFor(prompt, 30_000));
    till.type('0000');
    till.press('Enter');
    // Signed in: the sale screen's total line is drawn.
    notCrashed(await till.waitFor(/TOTAL/i, 30_000));
  });

  test.each([
    ['fr', /responsable|Code PIN/],
    ['en', /manager|PIN/i],
  ])('the back office (pos backoffice, --lang %s) shows its sign-in and opens its menu', async (lang, prompt) => {
    const office = open(`office-${lang}`, ['--lang', lang, 'backoffice']);
    notCrashed(await office.waitFor(prompt, 30_000));
    office.type('1234');
    office.press('Enter');
    notCrashed(await office.waitFor(lang === 'fr' ? 'Articles' : 'Articles', 30_000));
    notCrashed(await office.waitFor(lang === 'fr' ? 'Clôtures' : 'Closings', 30_000));
  });

  test('the stock count at the keyboard (pos stock count) asks for its first line', async () => {
    const count = open('count', ['stock', 'count', '--pin', '1234']);
    notCrashed(await count.waitFor('code quantité', 30_000));
  });
});
