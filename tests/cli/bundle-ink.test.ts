// What scripts/bundle.mjs puts in the program's bundle for its Ink screens
// (the till, pos backoffice): React's production build only, and Ink's line
// writer mended so that a frame can redraw only its changed lines (issue #19).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-pos.js';

const ESC = '\u001b';

test('the bundle holds React’s production build and no development build', () => {
  const inputs = Object.keys((JSON.parse(readFileSync(join(ROOT, 'dist/bundle/metafile.json'), 'utf8')) as { inputs: Record<string, unknown> }).inputs);
  expect(inputs).toEqual(expect.arrayContaining(['node_modules/react/cjs/react.production.js', 'node_modules/react-reconciler/cjs/react-reconciler.production.js']));
  expect(inputs.filter((file) => /\.development\.js$/.test(file))).toEqual([]);
});

describe('Ink bundled like the program, drawing only the changed lines', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-bundle-ink-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('climbs back to the top of a frame shorter than the terminal, and erases a changed line before writing it', () => {
    const built = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const { bundle } = await import(${JSON.stringify(join(ROOT, 'scripts/bundle.mjs'))}); await bundle('tests/fixtures/ink-changed-lines.mjs', ${JSON.stringify(dir)});`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(built.stderr).toBe('');
    // Ink draws nothing between frames when it believes it runs in CI (CI=true): the program runs as a user's would.
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CI;
    const run = spawnSync(process.execPath, [join(dir, 'main.js')], { encoding: 'utf8', env });
    expect(run.status).toBe(0);
    const [written, back] = JSON.parse(run.stdout) as [string, string];
    // Three lines and the row under them: three rows up is the frame's first line.
    expect(written).toContain(`${ESC}[3A${ESC}[E`);
    // Only the two changed lines are written, each erased first: « erase to end
    // of line » after a line as wide as the terminal would erase its last column.
    expect(written).toContain(`${ESC}[1G${ESC}[KBBB\n`);
    expect(written).toContain(`${ESC}[1G${ESC}[K${'d'.repeat(20)}\n`);
    expect(written).not.toContain('aaa');
    expect(written).not.toContain(`d${ESC}[K`);
    // The first frame again: its rows are drawn anew, not the ones Ink drew before them.
    expect(back).toContain(`${ESC}[1G${ESC}[Kbbb\n`);
    expect(back).toContain(`${ESC}[1G${ESC}[K${'c'.repeat(20)}\n`);
  });
});
