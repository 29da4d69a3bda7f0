// The floor of the till's terminal measures: the least an interactive Ink
// program does for the same keys, bundled like the till (scripts/bundle.mjs)
// and rendered with the till's Ink options. Its screen has the till's shapes,
// so the bench reads both with the same markers (bench/markers.mjs):
// - an input line « > … » echoing every typed key (keystroke → echo);
// - Enter adds the typed code as a ticket line under « TICKET  n art. », the
//   last lines shown (scan → line painted);
// - two letters or more show a list headed « query » (key → list), built
//   from the query with no search behind it.
// Its first frame says « floor-ink ready » (start → first frame).
import { createElement as h, useState } from 'react';
import { Box, render, Text, useInput } from 'ink';

const LIST_ROWS = 14;

function Floor() {
  const [input, setInput] = useState('');
  const [lines, setLines] = useState([]);
  const submit = (code) => {
    if (code) setLines((all) => [...all, `Article ${code}`]);
    setInput('');
  };
  useInput((text, key) => {
    if (key.escape) setInput('');
    else if (key.return) submit(input);
    else if (key.backspace || key.delete) setInput((v) => v.slice(0, -1));
    // A scanner's burst (code + CR) comes as one chunk, like the till reads it.
    else if (text.includes('\r')) submit(input + text.slice(0, text.indexOf('\r')));
    else if (text) setInput((v) => v + text);
  });
  const searching = /^[a-z]{2,}$/i.test(input);
  const left = searching
    ? [`« ${input} »`, ...Array.from({ length: LIST_ROWS }, (_, i) => `${input} ${i + 1}`)]
    : ['floor-ink ready'];
  const right = [`TICKET ${String(lines.length).padStart(16)} art.`, ...lines.slice(-LIST_ROWS), 'TOTAL'];
  return h(
    Box,
    { flexDirection: 'column', width: 80, height: 24 },
    h(
      Box,
      { flexDirection: 'row', height: 20 },
      h(Box, { flexDirection: 'column', width: 48 }, ...left.map((t, i) => h(Text, { key: i, wrap: 'truncate' }, t))),
      h(Box, { flexDirection: 'column', width: 32 }, ...right.map((t, i) => h(Text, { key: i, wrap: 'truncate' }, t))),
    ),
    h(Text, null, `> ${input}`),
  );
}

render(h(Floor), { exitOnCtrlC: true, patchConsole: true, maxFps: 60 });
