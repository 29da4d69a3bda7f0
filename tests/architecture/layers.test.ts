// The layers DESIGN.md asks for, checked on the sources at every `npm test`:
// no import cycle, no knex outside the core, no screen, driver or command
// line inside the core. An import that breaks one fails here with its file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { ROOT } from '../helpers/run-pos.js';

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

interface Import {
  spec: string;
  /** the file it names inside src, for a relative import */
  target: string | null;
  /** `import type` / `export type`: gone at run time, so it makes no cycle */
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\s+from\s+)?'([^']+)'/gm)) {
    const spec = m[2]!;
    let target: string | null = null;
    if (spec.startsWith('.')) {
      const base = normalize(join(dirname(file), spec)).replace(/\.js$/, '');
      target = ['.ts', '.tsx'].map((ext) => base + ext).find((p) => existsSync(p)) ?? null;
    }
    found.push({ spec, target, typeOnly: Boolean(m[1]) });
  }
  for (const m of text.matchAll(/import\(\s*'([^']+)'\s*\)/g)) found.push({ spec: m[1]!, target: null, typeOnly: false });
  return found;
}

const files = sourceFiles(SRC);
const imports = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(ROOT, f);

test('the sources are found', () => {
  expect(files.length).toBeGreaterThan(150);
  expect(imports.get(join(SRC, 'core/sales/sales.service.ts'))!.some((i) => i.spec === '../fiscal/journal.js')).toBe(true);
});

test('no import cycle at run time', () => {
  const graph = new Map(files.map((f) => [f, imports.get(f)!.filter((i) => !i.typeOnly && i.target).map((i) => i.target!)]));
  // Tarjan's strongly connected components: any with two files or more is a cycle.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  expect(cycles).toEqual([]);
});

test('no knex outside the core: screens, drivers and commands go through its services', () => {
  const offenders = files
    .filter((f) => !f.startsWith(join(SRC, 'core')))
    .filter((f) => imports.get(f)!.some((i) => i.spec === 'knex' || i.spec.startsWith('knex/')))
    .map(rel);
  expect(offenders).toEqual([]);
});

test('the core imports no screen, driver, document renderer, server, command line, Ink or React', () => {
  const outward = /^(\.\.\/)+(screens|drivers|documents|server|cli)\/|^(ink|react|ink-.*|commander|serialport|@node-escpos\/.*)$/;
  const offenders = files
    .filter((f) => f.startsWith(join(SRC, 'core')))
    .flatMap((f) => imports.get(f)!.filter((i) => outward.test(i.spec)).map((i) => `${rel(f)} → ${i.spec}`));
  expect(offenders).toEqual([]);
});

// The convention of src/core: `<concept>.service.ts` takes a knex handle (or the
// core that holds one); every other file is a pure rule, tested without a database.
const IO_MODULES = /^(knex|knex\/.*|sqlite3|pg|node:(fs|fs\/promises|net|http|https|child_process|dgram|tls)|fs|net|http|https|child_process)$/;

test('the pure rules of the core do no I/O: no knex, file, socket or service at run time', () => {
  const pure = files.filter((f) => f.startsWith(join(SRC, 'core')) && !f.endsWith('.service.ts'));
  expect(pure.length).toBeGreaterThan(40);
  const offenders = pure.flatMap((f) =>
    imports.get(f)!
      .filter((i) => IO_MODULES.test(i.spec) || (!i.typeOnly && i.target !== null && i.target.endsWith('.service.ts')))
      .map((i) => `${rel(f)} → ${i.spec}`),
  );
  expect(offenders).toEqual([]);
});

test('every file of the core sits in a domain folder', () => {
  const loose = files.filter((f) => dirname(f) === join(SRC, 'core')).map(rel);
  expect(loose).toEqual([]);
});

// The till's reducers (src/till) are pure: they read the state and an event and
// return the next state and the effects; the runner and the session do the I/O.
const TILL_IO = new Set(['runner.ts', 'session.ts', 'timers.ts', 'offline-print-store.ts', 'auto-send.ts', 'scale-weighing.ts', 'ticket-pricer.ts']);

test("the till's reducers do no I/O: no knex, file, socket, driver, service, Ink or React at run time", () => {
  const reducers = files.filter((f) => dirname(f) === join(SRC, 'till') && !TILL_IO.has(f.slice(dirname(f).length + 1)));
  expect(reducers.length).toBeGreaterThan(10);
  const offenders = reducers.flatMap((f) =>
    imports.get(f)!
      .filter((i) => !i.typeOnly)
      .filter((i) => IO_MODULES.test(i.spec) || /^(ink|react)$/.test(i.spec) || /\/drivers\//.test(i.spec) || (i.target !== null && (i.target.endsWith('.service.ts') || TILL_IO.has(i.target.slice(dirname(i.target).length + 1)))))
      .map((i) => `${rel(f)} → ${i.spec}`),
  );
  expect(offenders).toEqual([]);
});

// src/documents renders documents (the order's PDF) from what the core read:
// it may use the core's pure rules and types, never a service, the database,
// a screen, a driver or the command line.
test('the document renderers read no database and call no service, screen, driver or command line', () => {
  const renderers = files.filter((f) => f.startsWith(join(SRC, 'documents')));
  expect(renderers.length).toBeGreaterThan(0);
  const offenders = renderers.flatMap((f) =>
    imports.get(f)!
      .filter((i) => !i.typeOnly)
      .filter((i) => IO_MODULES.test(i.spec) || /^(\.\.\/)+(screens|drivers|cli)\//.test(i.spec) || /^(ink|react)$/.test(i.spec) || (i.target !== null && i.target.endsWith('.service.ts')))
      .map((i) => `${rel(f)} → ${i.spec}`),
  );
  expect(offenders).toEqual([]);
});
