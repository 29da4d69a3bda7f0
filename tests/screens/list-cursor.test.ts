import { clampCursor, listCursor, moveCursor, PAGE_ROWS, scrollStart, windowStart, wrapCursor } from '../../src/screens/list-cursor.js';

describe('list cursor', () => {
  test('a move stops at the first and last rows', () => {
    expect(moveCursor(0, -1, 5)).toBe(0);
    expect(moveCursor(4, 1, 5)).toBe(4);
    expect(moveCursor(2, 1, 5)).toBe(3);
    expect(moveCursor(3, -30, 5)).toBe(0);
  });

  test('an empty list keeps its cursor on 0', () => {
    expect(moveCursor(0, 1, 0)).toBe(0);
    expect(clampCursor(7, 0)).toBe(0);
    expect(wrapCursor(0, 1, 0)).toBe(0);
    expect(listCursor('end', 0, 0)).toBe(0);
  });

  test('a cursor left past a list that shrank comes back onto its last row', () => {
    expect(clampCursor(9, 3)).toBe(2);
    expect(clampCursor(-1, 3)).toBe(0);
  });

  test('a wrapping move goes round at both ends', () => {
    expect(wrapCursor(2, 1, 3)).toBe(0);
    expect(wrapCursor(0, -1, 3)).toBe(2);
    expect(wrapCursor(1, 7, 3)).toBe(2);
  });

  test('the list keys move by one, by a page, or to either end', () => {
    expect(listCursor('down', 0, 50)).toBe(1);
    expect(listCursor('up', 0, 50)).toBe(0);
    expect(listCursor('pagedown', 5, 50)).toBe(5 + PAGE_ROWS);
    expect(listCursor('pagedown', 45, 50)).toBe(49);
    expect(listCursor('pageup', 5, 50)).toBe(0);
    expect(listCursor('home', 30, 50)).toBe(0);
    expect(listCursor('end', 3, 50)).toBe(49);
    expect(listCursor('enter', 3, 50)).toBeNull();
  });

  test('the window keeps the cursor near its middle and never shows past the last row', () => {
    expect(windowStart(0, 100, 10)).toBe(0);
    expect(windowStart(50, 100, 10)).toBe(45);
    expect(windowStart(99, 100, 10)).toBe(90);
    expect(windowStart(3, 4, 10)).toBe(0);
  });

  test('a text scrolled past its end still shows a full last page', () => {
    expect(scrollStart(0, 100, 20)).toBe(0);
    expect(scrollStart(30, 100, 20)).toBe(30);
    expect(scrollStart(95, 100, 20)).toBe(80);
    expect(scrollStart(5, 10, 20)).toBe(0);
  });
});
