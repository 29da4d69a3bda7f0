// What the bench waits for on the 80x24 screen (an array of 24 row strings,
// as bench/terminal.mjs reads it from the headless terminal). Each marker is a
// sign of the work done, shared by the till and its Ink floor (floor-ink.mjs),
// whose screens have the same shapes.

/** The input line (« > » then the typed text) shows exactly `text`. */
export const inputLineIs = (text) => (rows) => rows.some((row) => row.trimEnd() === (text ? `> ${text}` : '>'));

/** The ticket counts `count` articles and its last painted line starts with `name` (its first 12 characters: long names are cut). */
export const ticketLinePainted = (count, name) => (rows) => {
  const top = rows.findIndex((row) => new RegExp(`TICKET\\s+${count} art\\.`).test(row));
  if (top < 0) return false;
  const column = rows[top].indexOf('TICKET');
  let last = '';
  for (let y = top + 1; y < rows.length; y++) {
    const cell = rows[y].slice(column).trim();
    if (cell.startsWith('TOTAL')) break;
    if (cell) last = cell;
  }
  return last.startsWith(name.slice(0, 12));
};

/** The search list headed « query » is shown with its first row. */
export const searchListShown = (query) => (rows) => {
  const header = `« ${query} »`;
  const top = rows.findIndex((row) => row.includes(header));
  if (top < 0 || top + 1 >= rows.length) return false;
  const column = rows[top].indexOf(header);
  return rows[top + 1].slice(column, column + 40).trim() !== '';
};

/** Any row contains `text` (login screen, first frame). */
export const shows = (text) => (rows) => rows.some((row) => row.includes(text));
