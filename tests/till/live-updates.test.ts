// Articles changed elsewhere, as a pure step: patched in place in the grid and
// the search results, or the category read again when the grid's shape changed.
import { describe, expect, it } from '@jest/globals';
import type { Category } from '../../src/core/catalogue/article.js';
import { applyArticleChanges } from '../../src/till/live-updates.js';
import { baguette, comte, croissants, signedIn } from './fixtures.js';

const categories: Category[] = [
  { id: 1, name: 'Boulangerie', color: 'yellow', sortOrder: 1 },
  { id: 2, name: 'Crèmerie', color: 'white', sortOrder: 2 },
];
/** The grid shows the first category: the baguette and the croissants. */
const showing = (changes = {}) => signedIn({ categories, categoryIndex: 0, gridArticles: [baguette, croissants], gridOffset: 0, gridCount: 2, ...changes });

describe('applyArticleChanges', () => {
  it('a new price is patched in place, the grid not read again', () => {
    const state = showing();
    const dearer = { ...croissants, price: 480 };
    const { state: next, rereadGrid } = applyArticleChanges(state, [dearer]);
    expect(rereadGrid).toBe(false);
    expect(next.gridArticles).toEqual([baguette, dearer]);
    expect(next.gridArticles[0]).toBe(baguette);
    expect(state.gridArticles[1]!.price).toBe(450);
  });

  it('nothing that differs: the same state and the same array', () => {
    const state = showing();
    const { state: next, rereadGrid } = applyArticleChanges(state, [{ ...baguette }, comte]);
    expect(rereadGrid).toBe(false);
    expect(next).toBe(state);
    expect(next.gridArticles).toBe(state.gridArticles);
  });

  it('an article leaving the shown category asks a re-read, leaving the grid as it is', () => {
    const state = showing();
    const { state: next, rereadGrid } = applyArticleChanges(state, [{ ...croissants, categoryId: 2, price: 999 }]);
    expect(rereadGrid).toBe(true);
    expect(next.gridArticles).toBe(state.gridArticles);
  });

  it('an article taken off sale, or moved in the grid, or renamed asks a re-read', () => {
    expect(applyArticleChanges(showing(), [{ ...baguette, active: false }]).rereadGrid).toBe(true);
    expect(applyArticleChanges(showing(), [{ ...baguette, gridPosition: 9 }]).rereadGrid).toBe(true);
    expect(applyArticleChanges(showing(), [{ ...baguette, name: 'Tradition' }]).rereadGrid).toBe(true);
  });

  it('an article joining the shown category asks a re-read; one joining another does not', () => {
    expect(applyArticleChanges(showing(), [{ ...comte, categoryId: 1 }]).rereadGrid).toBe(true);
    expect(applyArticleChanges(showing(), [{ ...comte, categoryId: 2 }]).rereadGrid).toBe(false);
  });

  it('search results are patched, and an article taken off sale leaves them', () => {
    const state = showing({ search: { query: 'c', results: [croissants, comte], index: 1 } });
    const { state: next } = applyArticleChanges(state, [{ ...comte, active: false }, { ...croissants, price: 470 }]);
    expect(next.search).toEqual({ query: 'c', results: [{ ...croissants, price: 470 }], index: 0 });
  });
});
