// The table of one bench run: each figure of issue #19 with its floor measured
// in the same run, the ratio till / floor and the issue's target. run.mjs
// prints it; `node bench/table.mjs` writes it from bench/results.json into
// docs/developer.md, between the two bench-table markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ratio } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START = '<!-- bench-table:start (written by node bench/table.mjs) -->';
const END = '<!-- bench-table:end -->';

const ms = (v) => (Number.isFinite(v) ? `${v < 100 ? v.toFixed(1) : v.toFixed(0)} ms` : '—');
const sec = (v) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : '—');
const mib = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} MiB` : '—');
const x = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');
const both = (s, unit = ms) => `${unit(s.p50)} / ${unit(s.p99)}`;
const ratios = (till, floor) => `${x(ratio(till.p50, floor.p50))} / ${x(ratio(till.p99, floor.p99))}`;
const met = (ok) => (ok ? 'met' : 'not met');

/** [figure, floor, floor figure, till figure, ratio, target and whether it is met] for a results.json object. */
export function tableRows(results) {
  return [...(results.measures.till ? tillRows(results) : []), ...multiTillTableRows(results.measures.multiTill)];
}

/**
 * The multi-till rows (issue #22): at each N, the till's and the floor's p50 /
 * p99 and throughput (all tills, and a till), till / floor, and how the
 * till's figures grow from 1 till; then whether every run checked right.
 */
export function multiTillTableRows(m) {
  if (!m) return [];
  if (m.skipped || m.failed) return [['several tills on one PostgreSQL server', '', '', '', '', m.skipped ? `skipped: ${m.skipped}` : `ERROR: ${m.failed}`]];
  const rows = [];
  const figures = (s) => `${both(s)}, ${s.perSecond.toFixed(0)}/s (${s.perTill.toFixed(0)}/s a till)`;
  for (const [tills, f] of Object.entries(m.byTills).sort(([a], [b]) => Number(a) - Number(b))) {
    const g = f.growth.till;
    const gf = f.growth.floor;
    rows.push([
      `sale commit, ${tills} till${tills === '1' ? '' : 's'} at once on PostgreSQL, p50 / p99, sales/s`,
      `${tills} process${tills === '1' ? '' : 'es'}, raw pg, same statements`,
      figures(f.floor),
      figures(f.till),
      `${ratios(f.till, f.floor)}; ${x(f.throughputRatio)} throughput`,
      tills === '1' ? '(the base of the growth)' : `vs 1 till: p50 ${x(g.p50)}, p99 ${x(g.p99)}, a till's throughput ${x(g.perTill)} (floor ${x(gf.p50)}, ${x(gf.p99)}, ${x(gf.perTill)})`,
    ]);
  }
  rows.push(['multi-till runs checked', '', '', '', '', m.errors.length ? `ERROR: ${m.errors.length} problem(s): ${m.errors.slice(0, 3).join('; ')}` : 'every sale committed, numbers 1..n a till, stock = before − sold, every chain verifies']);
  return rows;
}

function tillRows(results) {
  const t = results.measures.till;
  const scales = results.measures.data?.scales ?? {};
  const largest = Object.keys(scales).sort((a, b) => Number(a) - Number(b)).pop();
  const data = largest ? scales[largest] : null;
  const echo = t.keystroke.floor;
  const vsEcho = (s) => [ratio(s.p50, echo.p50), ratio(s.p99, echo.p99)];
  const rows = [];
  const k = t.keystroke;
  const [k50, k99] = vsEcho(k.till);
  rows.push(['keystroke → echo painted (40-line ticket), p50 / p99', 'minimal Ink echo', both(echo), both(k.till), ratios(k.till, echo), `≤ 1.3× both: ${met(k50 <= 1.3 && k99 <= 1.3)}`]);
  for (const [label, s] of [['first 100', t.scanFirst100], [`last 100 of ${t.rss.scans}`, t.scanLast100]]) {
    const [s50, s99] = vsEcho(s.till);
    rows.push([`scan → ticket line painted, ${label}, p50 / p99`, 'minimal Ink: code + CR → line', both(s.floor), both(s.till), ratios(s.till, s.floor), `vs echo ${x(s50)} / ${x(s99)}; ≤ 2× / ≤ 3×: ${met(s50 <= 2 && s99 <= 3)}`]);
  }
  // Smallest catalogue first: the last row says whether the search is flat.
  const searches = Object.entries(t.search).sort(([a], [b]) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')));
  for (const [label, s] of searches) {
    const [s50] = vsEcho(s.till);
    rows.push([`name search key → list, ${label}, p50 / p99`, 'minimal Ink: key → list', both(s.floor), both(s.till), ratios(s.till, s.floor), `vs echo ${x(s50)}; ≤ 3×: ${met(s50 <= 3)}`]);
  }
  if (searches.length > 1) {
    const growth = ratio(searches[searches.length - 1][1].till.p50, searches[0][1].till.p50);
    rows.push([`name search p50, ${searches[searches.length - 1][0]} / ${searches[0][0]}`, '', '', '', x(growth), `flat (≈ 1×): ${met(growth <= 1.2)}`]);
  }
  const r = t.rss;
  rows.push(['RSS signed in, 40-line ticket', 'minimal Ink, 40 lines', mib(r.floor40), mib(r.till40), x(ratio(r.till40, r.floor40)), `≤ 1.5×: ${met(ratio(r.till40, r.floor40) <= 1.5)}`]);
  rows.push([`RSS after ${r.scans} scans / then ${r.idleSeconds} s idle`, 'same floor, same scans', `${mib(r.floorAfterScans)} / ${mib(r.floorAfterIdle)}`, `${mib(r.tillAfterScans)} / ${mib(r.tillAfterIdle)}`, `${x(ratio(r.tillAfterScans, r.floorAfterScans))} / ${x(ratio(r.tillAfterIdle, r.floorAfterIdle))}`, 'no growth once collected']);
  const st = t.start;
  rows.push(['start → login screen, p50 / p99', 'bundled minimal Ink → first frame', both(st.floor), both(st.till), ratios(st.till, st.floor), `≤ 1.5×: ${met(ratio(st.till.p50, st.floor.p50) <= 1.5)}`]);
  if (st.tillReady) rows.push(['start → login screen ready (database open, PIN signs in)', 'bundled minimal Ink → first frame', both(st.floor), both(st.tillReady), ratios(st.tillReady, st.floor), '(said, not a target)']);
  rows.push(['(start of `node -e 0` to its exit)', '', both(st.node), '', '', '']);
  if (data) {
    const c = data.saleSqlite;
    const f = data.saleSqliteRaw;
    const throughput = ratio(c.perSecond, f.perSecond);
    rows.push(['sale commit (5 lines, cash), p50 / p99, sales/s', 'raw node-sqlite3, same statements', `${both(f)}, ${f.perSecond.toFixed(0)}/s`, `${both(c)}, ${c.perSecond.toFixed(0)}/s`, `${x(throughput)} throughput`, `≥ 0.8×: ${met(throughput >= 0.8)}`]);
    const e = data.endToEnd;
    const lines = data.sizes?.lines ? `${data.sizes.lines.toLocaleString('en')} lines` : `scale ${largest}`;
    rows.push([`sales by article, ${lines}, end to end, p50 / max`, 'sqlite3 CLI, same SQL', both(e.report.floor, sec), both(e.report.pos, sec), x(ratio(e.report.pos.p50, e.report.floor.p50)), `≤ 1.3×: ${met(ratio(e.report.pos.p50, e.report.floor.p50) <= 1.3)}`]);
    rows.push(['`journal verify`, a year, end to end, p50 / max', 'sqlite3 CLI reading the same rows', both(e.verify.floor, sec), both(e.verify.pos, sec), x(ratio(e.verify.pos.p50, e.verify.floor.p50)), `≤ 1.5×: ${met(ratio(e.verify.pos.p50, e.verify.floor.p50) <= 1.5)}`]);
  }
  return rows;
}

const HEADER = ['figure', 'floor (same run, alternating)', 'floor', 'till', 'till / floor', 'target (issue #19) / growth (#22)'];

export function markdownTable(results) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...tableRows(results).map(line)].join('\n');
}

export function plainTable(results) {
  const rows = [HEADER, ...tableRows(results)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** Replaces the table between the markers of docs/developer.md. */
export function writeDocsTable(results, path = `${ROOT}docs/developer.md`) {
  const doc = readFileSync(path, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${path} has no ${START} … ${END} markers`);
  const m = results.machine;
  const on = (mm) => (mm ? `${mm.cpus} × ${mm.cpu}, ${mm.memoryGb} GiB, Node ${mm.node}` : '?');
  let when = `Run of ${results.date ?? '?'} (${results.durationS ? `${Math.round(results.durationS)} s` : '?'}), ${on(m)}, ${results.shop}.`;
  const mt = results.measures.multiTill;
  if (mt?.alone) {
    when += ` Multi-till rows: run of ${mt.date} (${Math.round(mt.durationS)} s, BENCH_ONLY=multitill), ${on(mt.machine)}, ${mt.salesPerTill} sales a till, ${mt.rounds} rounds, a pool of ${mt.pool} articles.`;
  }
  writeFileSync(path, `${doc.slice(0, from)}${START}\n${when}\n\n${markdownTable(results)}\n${doc.slice(to)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeDocsTable(JSON.parse(readFileSync(`${ROOT}bench/results.json`, 'utf8')));
}
