// bin/pos runs the esbuild bundle when `npm run build` made one, else the tsc
// output; a bundle that is there but broken is reported, not silently replaced.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, runPos } from '../helpers/run-pos.js';

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the bundle built by npm run build', () => {
  test('runs the program and knows its version', () => {
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const { main } = await import('./dist/bundle/main.js'); process.exitCode = await main(['node', 'pos', '--version']);"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(PACKAGE_VERSION);
  });

  test('bin/pos gives the same version', () => {
    expect(runPos(['--version']).stdout.trim()).toBe(PACKAGE_VERSION);
  });
});

describe('bin/pos chooses what it runs', () => {
  let dir: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const answering = (name: string, code = 0) =>
    `export async function main(argv) { process.stdout.write('${name} ' + argv.slice(2).join(' ')); return ${code}; }\n`;
  const run = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'bin/pos'), ...args], { encoding: 'utf8' });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-entry-'));
    write('package.json', '{ "type": "module" }\n');
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(ROOT, 'bin/pos'), join(dir, 'bin/pos'));
    write('dist/src/cli/main.js', answering('tsc'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('the tsc output when there is no bundle', () => {
    const r = run('a', 'b');
    expect(r.stdout).toBe('tsc a b');
    expect(r.status).toBe(0);
  });

  test('the bundle when there is one, with its exit code', () => {
    write('dist/bundle/main.js', answering('bundle', 3));
    const r = run('a');
    expect(r.stdout).toBe('bundle a');
    expect(r.status).toBe(3);
  });

  test('a bundle missing one of its chunks fails with one clear sentence, without running the tsc output', () => {
    write('dist/bundle/main.js', `import './chunks/gone.js';\n${answering('bundle')}`);
    const r = run();
    expect(r.stdout).toBe('');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^pos: le programme n'est pas compilé ou est endommagé .*chunks\/gone\.js.*lancez npm install\n$/);
  });
});
