// The grid holds one page of its category (issue #19): arrows move as before
// across the whole category, a move past the page held asks for the page it
// lands on, and that page's arrival puts the cursor there.
import { describe, expect, it } from '@jest/globals';
import type { Article, Category } from '../../src/core/catalogue/article.js';
import { applyArticleChanges } from '../../src/till/live-updates.js';
import { baguette, feed, key, only, signedIn } from './fixtures.js';

const categories: Category[] = [
  { id: 1, name: 'Boulangerie', color: 'yellow', sortOrder: 1 },
  { id: 2, name: 'Crèmerie', color: 'white', sortOrder: 2 },
];
/** the category's article at place i (0 first) */
const nth = (i: number): Article => ({ ...baguette, id: 100 + i, plu: String(100 + i), name: `Pain ${i}`, gridPosition: i + 1 });
const page = (offset: number, size: number, count: number) => Array.from({ length: Math.min(size, count - offset) }, (_, i) => nth(offset + i));

/** 20 articles in the category, 8 a page (4 columns in the fixtures' context), the page from `offset` held. */
const holding = (offset: number, cursor: number) =>
  signedIn({ categories, categoryIndex: 0, gridArticles: page(offset, 8, 20), gridOffset: offset, gridCount: 20, gridCursor: cursor });

describe('the grid by pages', () => {
  it('moves within the page held without reading anything', () => {
    const { state, effects } = feed(holding(0, 2), [key('right'), key('down')]);
    expect(state.gridCursor).toBe(7);
    expect(effects).toEqual([]);
  });

  it('a move past the page held asks for the page it lands on, the cursor unmoved until it comes', () => {
    const right = feed(holding(0, 7), [key('right')]);
    expect(only(right.effects, 'loadGridPage')).toEqual({ kind: 'loadGridPage', index: 0, cursor: 8 });
    expect(right.state.gridCursor).toBe(7);
    const down = feed(holding(8, 9), [key('down'), key('down')]);
    // the first Down lands on 13 (same page), the second leaves it for 17
    expect(down.state.gridCursor).toBe(13);
    expect(only(down.effects, 'loadGridPage')).toEqual({ kind: 'loadGridPage', index: 0, cursor: 17 });
    const up = feed(holding(8, 9), [key('up')]);
    expect(only(up.effects, 'loadGridPage')).toEqual({ kind: 'loadGridPage', index: 0, cursor: 5 });
  });

  it('the page read puts the cursor on its article; Enter sells the article under it', () => {
    const { state, effects } = feed(holding(0, 7), [
      key('right'),
      { type: 'categoryLoaded', index: 0, articles: page(8, 8, 20), offset: 8, count: 20, cursor: 8 },
      key('right'),
      key('enter'),
    ]);
    expect(state.gridOffset).toBe(8);
    expect(state.gridCursor).toBe(9);
    expect(only(effects, 'setTicket').ticket.lines.map((l) => l.name)).toEqual(['Pain 9']);
  });

  it('the category ends where it ends: no move and no read past its first or last article', () => {
    expect(feed(holding(16, 19), [key('right'), key('down')])).toMatchObject({ effects: [] });
    expect(feed(holding(16, 19), [key('right'), key('down')]).state.gridCursor).toBe(19);
    expect(feed(holding(0, 1), [key('left'), key('left'), key('up')]).state.gridCursor).toBe(0);
    expect(feed(holding(0, 1), [key('left'), key('left'), key('up')]).effects).toEqual([]);
  });

  it('PgUp and PgDn still change the category', () => {
    expect(only(feed(holding(8, 9), [key('pagedown')]).effects, 'loadCategory')).toEqual({ kind: 'loadCategory', index: 1 });
  });

  it('live changes: a price on the page is patched; an article off a page that is not the whole category asks a re-read', () => {
    const state = holding(8, 9);
    const dearer = { ...nth(9), price: 999 };
    const patched = applyArticleChanges(state, [dearer]);
    expect(patched.rereadGrid).toBe(false);
    expect(patched.state.gridArticles[1]).toEqual(dearer);
    expect(applyArticleChanges(state, [{ ...nth(2), price: 999 }]).rereadGrid).toBe(true);
    expect(applyArticleChanges(state, [{ ...nth(30), categoryId: 2 }]).rereadGrid).toBe(true);
  });
});
