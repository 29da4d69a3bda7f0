// The terminal-side measures of `npm run bench`: the real `pos` binary in an
// 80x24 pseudo-terminal, read through a headless terminal (bench/terminal.mjs),
// each timing stopped when the screen shows the work done (bench/markers.mjs).
// Every figure has its floor measured in the same run, ALTERNATING with the
// till sample by sample (floor, till, floor, till…): the interactive minimal
// Ink program (floor-ink.mjs) bundled like the till (scripts/bundle.mjs).
// - start: process start → first frame (floor) / login screen painted, and
//   ready (started: a PIN signs in at once) (till);
// - resident memory signed in with a 40-line ticket (floor: 40 lines too);
//   the till's after the scans, and after it then sat idle (BENCH_IDLE_S);
// - keystroke → echo painted on the input line, with a 40-line ticket;
// - name search: a key → the list « query » shown with its first row, on each
//   shop of `shops` (1k, 10k, 100k articles: is it flat?);
// - scan (code + CR) → the ticket line painted with its article's name and
//   the new article count, first 100 and last 100 of BENCH_SCANS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../scripts/bundle.mjs';
import { startInPty, sleep } from './terminal.mjs';
import { inputLineIs, searchListShown, shows, ticketLinePainted } from './markers.mjs';
import { summarize } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const POS = join(ROOT, 'bin/pos');
const FLOOR_INK = join(ROOT, 'bench/floor-ink.mjs');
const STARTS = Number(process.env.BENCH_STARTS ?? 7);
const KEYS = Number(process.env.BENCH_KEYS ?? 300);
const SCANS = Number(process.env.BENCH_SCANS ?? 1000);
const SEARCH_WORDS = Number(process.env.BENCH_SEARCH_WORDS ?? 40);
const TICKET_LINES = 40;
const PIN = process.env.BENCH_PIN ?? '0000';
// Right after a burst, RSS is mostly garbage V8 has not collected yet; an idle
// till gives it back when V8's memory reducer runs (about 40 s measured).
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 45);
const ESC = '\u001b';

/** Resident memory (MiB) of the node process that `script` runs (script's own child). */
function rssMiB(scriptPid) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (!new RegExp(`^PPid:\\s+${scriptPid}$`, 'm').test(status)) continue;
      const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
      if (kb) return kb / 1024;
    } catch {
      // the process went away while we looked
    }
  }
  return NaN;
}

/**
 * Articles to scan and words to search, read from the shop itself through the CLI,
 * spread over the whole catalogue (unit articles with a price: a scan adds one at once).
 * A scan sends the article's barcode, as a scanner does (code + CR in one burst);
 * its PLU only when it has none (a PLU typed then Enter is typing, two keys' work).
 */
function pickArticles(db) {
  const r = spawnSync(process.execPath, [POS, 'export', 'articles', '--format', 'json', '--db', db], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`pos export articles: ${r.stderr}`);
  const articles = JSON.parse(r.stdout).filter((a) => a.active && a.unit === 'unit' && a.price > 0);
  const step = Math.max(1, Math.floor(articles.length / 200));
  const sample = articles.filter((_, i) => i % step === 0).slice(0, 200);
  const words = [...new Set(sample.flatMap((a) => a.name.toLowerCase().split(/\s+/)).filter((w) => /^[a-z]{4,}$/.test(w)).map((w) => w.slice(0, 4)))];
  return { catalogueSize: articles.length, articles: sample.map((a) => ({ code: a.barcodes?.[0] ?? a.plu, name: a.name })), words };
}

/** Each program in turn, one sample each, `count` times: the floor and the till share the machine's moments. */
async function alternate(count, programs, sample) {
  const samples = Object.fromEntries(Object.keys(programs).map((k) => [k, []]));
  for (let i = 0; i < count; i++) {
    for (const [name, program] of Object.entries(programs)) {
      const ms = await sample(program, i, name);
      if (ms !== undefined) samples[name].push(ms);
    }
  }
  return samples;
}

const summaries = (samples) => Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));

/** A till signed in on `db`, on its sale screen. */
async function openTill(args) {
  const till = startInPty(args);
  await till.waitFor(shows('Code PIN'), { what: 'the login screen' });
  till.child.stdin.write(`${PIN}\r`);
  await till.waitFor(shows('TICKET'), { what: 'the sale screen' });
  return till;
}

/** Clears the input line (Esc) and waits until it is empty and no list is shown. */
async function clearInput(program) {
  program.child.stdin.write(ESC);
  await program.waitFor((rows) => inputLineIs('')(rows) && !shows('« ')(rows), { timeout: 20_000, what: 'an empty input line' });
}

/** Name search as you type, alternating floor and till: from the second letter on, each key shows the list « query ». */
async function searchSamples(floor, till, words) {
  const samples = { floor: [], till: [] };
  for (const word of words.slice(0, SEARCH_WORDS)) {
    for (const [name, program] of [['floor', floor], ['till', till]]) {
      await program.measure(word[0], inputLineIs(word[0]), 'the first letter echoed');
    }
    for (let n = 2; n <= word.length; n++) {
      for (const [name, program] of [['floor', floor], ['till', till]]) {
        const query = word.slice(0, n);
        samples[name].push((await program.measure(word[n - 1], searchListShown(query), `the list « ${query} »`)).ms);
      }
    }
    await clearInput(floor);
    await clearInput(till);
  }
  return summaries(samples);
}

/**
 * shops: [{ label, articles, db }], the largest last: the till's main
 * measures run on it; the name search runs on each.
 */
export async function measureTill({ shops, printer }) {
  const main = shops[shops.length - 1];
  const tillArgs = (db) => [POS, '--db', db, '--printer', `file:${printer}`];
  const picked = pickArticles(main.db);
  const measures = { catalogueArticles: picked.catalogueSize };

  const floorDir = mkdtempSync(join(tmpdir(), 'pos-floor-ink-'));
  try {
    await bundle(FLOOR_INK, floorDir);
    const floorArgs = [join(floorDir, 'main.js')];

    const startOnce = async (args, marker) => {
      const p = startInPty(args);
      const at = await p.waitFor(marker, { what: 'the first frame' });
      await p.stop();
      return at - p.started;
    };
    // The till draws its login screen before its database is open (keys typed
    // meanwhile are kept): « login » is that screen painted, « ready » the
    // same screen once the till has started (the shop's name in its header,
    // the opening message gone), when a PIN signs in at once.
    const tillReady = [];
    const startTillOnce = async (args) => {
      const p = startInPty(args);
      const painted = await p.waitFor(shows('Code PIN'), { what: 'the login screen' });
      const ready = await p.waitFor((rows) => rows[0].includes(' · ') && !shows('Ouverture de la base')(rows), { what: 'the till started' });
      await p.stop();
      tillReady.push(ready - p.started);
      return painted - p.started;
    };
    measures.start = summaries(
      await alternate(STARTS, { node: ['-e', '0'], floor: floorArgs, till: tillArgs(main.db) }, async (args, _i, name) => {
        if (name === 'floor') return startOnce(args, shows('floor-ink ready'));
        if (name === 'till') return startTillOnce(args);
        const p = startInPty(args);
        return (await p.exited) - p.started;
      }),
    );
    measures.start.tillReady = summarize(tillReady);

    const floor = startInPty(floorArgs);
    await floor.waitFor(shows('floor-ink ready'), { what: 'the floor' });
    const till = await openTill(tillArgs(main.db));
    try {
      const { articles } = picked;
      let lines = 0;
      const scan = async (program, i) => {
        const a = articles[i % articles.length];
        const name = program === floor ? `Article ${a.code}` : a.name;
        return (await program.measure(`${a.code}\r`, ticketLinePainted(lines + 1, name), `the ticket line of ${name}`)).ms;
      };
      // A 40-line ticket on both.
      for (let i = 0; i < TICKET_LINES; i++) {
        await scan(floor, i);
        await scan(till, i);
        lines++;
      }
      await sleep(1000);
      measures.rss = { floor40: rssMiB(floor.child.pid), till40: rssMiB(till.child.pid) };

      // Keystroke → echo: ten digits, then Esc clears the line.
      let typed = '';
      const keysBytes = [];
      const keys = await alternate(KEYS, { floor, till }, async (program, i, name) => {
        const text = typed + String(i % 10);
        const { ms, bytes } = await program.measure(String(i % 10), inputLineIs(text), `the echo of « ${text} »`);
        if (name === 'till') {
          typed = text;
          if (i % 10 === 9) {
            await clearInput(floor);
            await clearInput(till);
            typed = '';
          }
          keysBytes.push(bytes);
        }
        return ms;
      });
      measures.keystroke = { ...summaries(keys), tillBytesPerKeyP50: summarize(keysBytes).p50 };
      if (typed) {
        await clearInput(floor);
        await clearInput(till);
      }

      measures.search = { [main.label]: await searchSamples(floor, till, picked.words) };

      const scans = await alternate(SCANS, { floor, till }, async (program, i, name) => {
        const ms = await scan(program, TICKET_LINES + i);
        if (name === 'till') lines++;
        return ms;
      });
      measures.scanFirst100 = summaries({ floor: scans.floor.slice(0, 100), till: scans.till.slice(0, 100) });
      measures.scanLast100 = summaries({ floor: scans.floor.slice(-100), till: scans.till.slice(-100) });
      await sleep(1000);
      measures.rss.tillAfterScans = rssMiB(till.child.pid);
      measures.rss.floorAfterScans = rssMiB(floor.child.pid);
      measures.rss.scans = SCANS;
      await sleep(IDLE_S * 1000);
      measures.rss.tillAfterIdle = rssMiB(till.child.pid);
      measures.rss.floorAfterIdle = rssMiB(floor.child.pid);
      measures.rss.idleSeconds = IDLE_S;
    } finally {
      await till.stop();
    }

    // Name search on the smaller shops, against the same floor (cleared first).
    await clearInput(floor);
    for (const shop of shops.slice(0, -1)) {
      const small = await openTill(tillArgs(shop.db));
      try {
        measures.search[shop.label] = await searchSamples(floor, small, pickArticles(shop.db).words);
      } finally {
        await small.stop();
      }
    }
    await floor.stop();
  } finally {
    rmSync(floorDir, { recursive: true, force: true });
  }
  return measures;
}
