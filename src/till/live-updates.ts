// What the till does with articles changed elsewhere (another till, the back
// room, an import): patched in place in the grid's page and the search
// results, or the page read again when the grid's shape may have changed. Pure.
import type { Article } from '../core/catalogue/article.js';
import { patch } from './step.js';
import type { TillState } from './state.js';
import { clampCursor } from '../screens/list-cursor.js';

/**
 * How far back each live poll looks before the previous one started: an
 * article change is stamped when its transaction begins but seen only once it
 * commits, possibly after a poll that started later. A change seen twice is
 * applied twice, which is harmless.
 */
export const LIVE_OVERLAP_MS = 5_000;
/** More changed articles than this in one poll (an import): re-read the grid instead of patching it. */
export const LIVE_PATCH_LIMIT = 500;

/** The state with the changes patched in, and whether the grid must be read again (membership or order changed). */
export function applyArticleChanges(state: TillState, changed: Article[]): { state: TillState; rereadGrid: boolean } {
  const byId = new Map(changed.map((a) => [a.id, a]));
  const { gridArticles, search } = state;
  const category = state.categories[state.categoryIndex];
  const onPage = new Set(gridArticles.map((a) => a.id));
  // The till holds one page of the category: when that is not the whole of it, an article
  // off the page may have joined, left or moved in the category, which the page cannot tell.
  const wholeCategory = state.gridOffset === 0 && gridArticles.length === state.gridCount;
  const reshaped =
    gridArticles.some((a) => {
      const c = byId.get(a.id);
      return c !== undefined && (!c.active || c.categoryId !== a.categoryId || c.gridPosition !== a.gridPosition || c.name !== a.name);
    }) ||
    (category !== undefined && changed.some((c) => !onPage.has(c.id) && (wholeCategory ? c.active && c.categoryId === category.id : true)));
  let s = state;
  if (!reshaped) {
    const patched = patchArticles(gridArticles, byId);
    if (patched !== gridArticles) s = patch(s, { gridArticles: patched });
  }
  if (search) {
    const patched = patchArticles(search.results, byId);
    const results = patched.some((a) => !a.active) ? patched.filter((a) => a.active) : patched;
    if (results !== search.results) s = patch(s, { search: { ...search, results, index: clampCursor(search.index, results.length) } });
  }
  return { state: s, rereadGrid: reshaped };
}

/** The list with each article replaced by its changed version; the same array when nothing differs. */
function patchArticles(list: Article[], byId: Map<number, Article>): Article[] {
  let differs = false;
  const next = list.map((a) => {
    const c = byId.get(a.id);
    if (!c || sameArticle(a, c)) return a;
    differs = true;
    return c;
  });
  return differs ? next : list;
}

function sameArticle(a: Article, b: Article): boolean {
  return (Object.keys(a) as Array<keyof Article>).every((k) => a[k] === b[k]);
}
