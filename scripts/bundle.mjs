// `npm run build`, after tsc: bundles the compiled program (dist/src/cli/main.js)
// into dist/bundle/ with esbuild, which bin/pos runs when it is there. Node
// then reads a few big files instead of resolving and compiling the hundreds
// of small ones of Ink, React, knex and their dependencies: the till opens
// sooner. The commands' lazy import()s (the till UI, drivers, knex, the demo
// shop) stay lazy: code splitting puts them in chunks loaded on demand, so
// `pos --help` still loads only commander and the command definitions.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}dist/bundle`;

// Left to Node at run time:
const external = [
  // native code (.node files found next to their package at run time)
  'sqlite3',
  'pg-native',
  'serialport',
  '@serialport/*',
  'usb',
  '@node-escpos/usb-adapter',
  // knex's drivers for engines the till does not use: knex requires them only
  // when such a client is asked for, and they are not installed
  'better-sqlite3',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
  'pg-query-stream',
  // its image code calls the deprecated Buffer(): Node prints a warning on
  // stderr for that unless the caller lies in node_modules
  '@node-escpos/core',
  // reads its font metrics (standard-fonts/*.afm) and colour profile from files
  // next to its own sources at run time: bundled, it looks for them beside
  // the bundle's chunks. Loaded only when an order's PDF is made.
  'pdfkit',
  // runs xmllint in a worker thread from a file next to its own sources, and
  // reads its WebAssembly from there too. Loaded only by `pos journal verify-archive`.
  'xmllint-wasm',
  // optional add-ons their users try to require and do without
  'bufferutil',
  'utf-8-validate',
  'react-devtools-core',
];

// Ink's layout engine, yoga, carries its WebAssembly inline (base64) but loads
// it with fetch() when there is one: on Node that first fetch() compiles
// Node's whole HTTP client (undici), ~70 ms of the till's start-up for a
// data: URL. Told there is no fetch, yoga decodes the same bytes itself.
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replaceAll('"function"!=typeof fetch', 'true');
      const warnings = contents === source ? [{ text: 'yoga-layout has changed: its WebAssembly is loaded with fetch() again' }] : [];
      return { contents, loader: 'js', warnings };
    });
  },
};

// Ink's drawing, mended in the bundle's copy (the tsc output runs Ink as
// installed). Each fix is a text replaced in one file of ink/build; one that
// no longer applies stops the build: review it against the new Ink.
const INK_FIXES = {
  // Ink 6.8 can redraw only the lines that changed (render's
  // incrementalRendering): a key then writes its line, not the 80x24 frame
  // (2.8 KB). Two faults in its line writer are mended, and the bundle says so
  // to the screens (inkDrawsChangedLines, src/cli/ink-options.ts):
  'log-update.js': [
    // It climbed one row too few before a frame shorter than the terminal (the
    // till's frames are one row shorter, layout.ts): every changed line landed
    // one row low. Ink 7 has this fix (ink#910) but needs Node 22.
    ['ansiEscapes.cursorUp(previousVisible - 1)', 'ansiEscapes.cursorUp(previousLines.length - 1)'],
    // It wrote a changed line, then « erase to end of line »: after a line that
    // fills the width the cursor waits on the last column, and xterm, VTE and
    // the Linux console erase that column (the clock's last digit in the
    // header). The line is erased first, then written; the frame is one
    // synchronized update, so no blank line shows in between.
    [/ansiEscapes\.cursorTo\(0\) \+\s*nextLines\[i\] \+\s*ansiEscapes\.eraseEndLine \+/, 'ansiEscapes.cursorTo(0) + ansiEscapes.eraseEndLine + nextLines[i] +'],
  ],
  // Every frame, Ink cuts each text of the screen into styled characters and
  // measures them, with caches that lived one frame: 60 % of the till's busy
  // time while typing went there (tokenize, styledCharsFromTokens,
  // string-width, and the garbage), though nearly every text is the one of
  // the frame before. The caches are kept from frame to frame, each emptied
  // when it reaches 1,024 texts (a screen shows a few hundred: after 600
  // scans the heap held 62 MB with 4,096, 32 MB with 1,024). Then each row of
  // the screen was turned back into text (styledCharsToString): a row made of the same characters as in
  // the frame before (the cached ones, and one shared blank) gives the same
  // text again.
  'output.js': [
    [
      'class OutputCaches {',
      `const BLANK_CHAR = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });
const framesRows = [];
const rowText = (rowIndex, chars) => {
    const previous = framesRows[rowIndex];
    if (previous && previous.chars.length === chars.length && previous.chars.every((char, i) => char === chars[i])) return previous.text;
    const text = styledCharsToString(chars).trimEnd();
    framesRows[rowIndex] = { chars, text };
    return text;
};
class OutputCaches {`,
    ],
    [/row\.push\(\{\s*type: 'char',\s*value: ' ',\s*fullWidth: false,\s*styles: \[\],\s*\}\);/, 'row.push(BLANK_CHAR);'],
    [/const generatedOutput = output\s*\.map\(line => \{/, 'const generatedOutput = output.map((line, rowIndex) => {'],
    ['return styledCharsToString(lineWithoutEmptyItems).trimEnd();', 'return rowText(rowIndex, lineWithoutEmptyItems);'],
    ['class OutputCaches {', 'class FramesCache extends Map {\n    set(key, value) {\n        if (this.size >= 1024) this.clear();\n        return super.set(key, value);\n    }\n}\nclass OutputCaches {'],
    ['widths = new Map();', 'widths = new FramesCache();'],
    ['blockWidths = new Map();', 'blockWidths = new FramesCache();'],
    ['styledChars = new Map();', 'styledChars = new FramesCache();'],
    ['export default class Output {', 'const framesCaches = new OutputCaches();\nexport default class Output {'],
    ['caches = new OutputCaches();', 'caches = framesCaches;'],
  ],
  // …and each text's width was measured again at every frame, outside the
  // cache Ink keeps for that (measure-text.js).
  'render-node-to-output.js': [
    ["import widestLine from 'widest-line';", "import measureText from './measure-text.js';"],
    ['const currentWidth = widestLine(text);', 'const currentWidth = measureText(text).width;'],
  ],
};
const inkFixes = {
  name: 'ink-fixes',
  setup(bundler) {
    bundler.onLoad({ filter: /[\\/]ink[\\/]build[\\/][\w-]+\.js$/ }, (args) => {
      const fixes = INK_FIXES[basename(args.path)];
      if (!fixes) return undefined;
      let contents = readFileSync(args.path, 'utf8');
      for (const [from, to] of fixes) {
        const next = contents.replace(from, to);
        if (next === contents) return { errors: [{ text: `${args.path} has changed: « ${String(from)} » not found (INK_FIXES, scripts/bundle.mjs)` }] };
        contents = next;
      }
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Bundles one entry (an ES module) into outdir/main.js and its chunks, the
 * way the program is bundled: bench/till.mjs bundles its minimal Ink program
 * with it too, so the floor it measures is built like the till.
 */
export async function bundle(entry, outdir) {
  rmSync(outdir, { recursive: true, force: true });
  return build({
    absWorkingDir: ROOT,
    entryPoints: { main: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external,
    // bin/pos runs React's production build; the bundle drops the development one.
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.POS_INK_CHANGED_LINES': '"fixed"' },
    // The CommonJS packages inside (knex, pg, React) call require() for Node's
    // own modules and for the externals above: ES modules have no require.
    banner: { js: "import { createRequire as __posCreateRequire } from 'node:module'; const require = __posCreateRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    plugins: [yogaWithoutFetch, inkFixes],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await bundle('dist/src/cli/main.js', OUT);
  // What went where, for a look with esbuild's analyzer (esbuild.github.io/analyze).
  writeFileSync(`${OUT}/metafile.json`, JSON.stringify(result.metafile));
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
  console.log(`bundle: dist/bundle/main.js and ${Object.keys(result.metafile.outputs).filter((f) => f.includes('/chunks/') && f.endsWith('.js')).length} chunks, ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
}
