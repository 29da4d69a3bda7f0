// The back office's articles screen, as a small state machine the back office
// session hands its keys to: the list with search as you type (name words,
// PLU or barcode) and a category filter, the form to create or edit an
// article (every field, its barcodes and its place in the grid), and moving
// an article up or down its category's grid. Errors thrown here reach the
// session, which shows them; a refused form stays open with what was typed.
import type { Article, Category, TaxRate } from '../../core/catalogue/article.js';
import type { Core } from '../../core/shop/core.service.js';
import { ValidationError } from '../../core/basics/errors.js';
import type { Supplier } from '../../core/stock/suppliers.service.js';
import { translator } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import { ARTICLE_FIELDS, articleFormValues, parseArticleForm, type ArticleFormValues } from './article-form.js';
import type { ScreenMessage } from './customers-screen.js';
import { formStep } from './field-form.js';
import { clampCursor, listCursor, moveCursor } from '../list-cursor.js';

const FIELD_KEYS = ARTICLE_FIELDS;

export interface ArticleFormState {
  /** null for a new article */
  articleId: number | null;
  values: ArticleFormValues;
  index: number;
}

export interface ArticlesState {
  view: 'list' | 'form';
  query: string;
  /** the category shown, or null for all */
  categoryId: number | null;
  categories: Category[];
  rows: Article[];
  index: number;
  form: ArticleFormState | null;
}

export type ArticlesOutcome = { close: true } | { close: false; message?: ScreenMessage; openCategories?: true };

const LIST_LIMIT = 500;

export class ArticlesScreen {
  state: ArticlesState = { view: 'list', query: '', categoryId: null, categories: [], rows: [], index: 0, form: null };
  private taxRates: TaxRate[] = [];
  private suppliers: Supplier[] = [];

  constructor(
    private readonly core: Core,
    private readonly locale: 'fr' | 'en',
    private readonly employeeId: number | null,
    private readonly onChange: (state: ArticlesState) => void,
  ) {}

  private set(patch: Partial<ArticlesState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  async open(): Promise<void> {
    await this.reloadReferences();
    await this.refresh();
  }

  private async reloadReferences(): Promise<void> {
    const [categories, taxRates, suppliers] = await Promise.all([this.core.categories.all(), this.core.taxRates.list(), this.core.suppliers.list()]);
    this.taxRates = taxRates;
    this.suppliers = suppliers;
    this.set({ categories, categoryId: categories.some((c) => c.id === this.state.categoryId) ? this.state.categoryId : null });
  }

  async handle(event: KeyEvent): Promise<ArticlesOutcome> {
    if (this.state.view === 'form') return this.handleForm(event);
    return this.handleList(event);
  }

  // --- list -------------------------------------------------------------------------

  /** A category alone shows in grid order (so moving is visible); a search or all articles by name. */
  private async refresh(query = this.state.query): Promise<void> {
    this.set({ query });
    const { categoryId } = this.state;
    const rows = categoryId !== null && !query.trim()
      ? await this.core.catalog.articlesOfCategory(categoryId)
      : await this.core.catalog.listArticles({ query, categoryId: categoryId ?? undefined, limit: LIST_LIMIT });
    // The manager may have typed on while we searched: keep only a current answer.
    if (this.state.query !== query || this.state.categoryId !== categoryId) return;
    this.set({ rows, index: clampCursor(this.state.index, rows.length) });
  }

  private async handleList(event: KeyEvent): Promise<ArticlesOutcome> {
    const { rows, index, query } = this.state;
    if (event.type === 'text') {
      await this.refresh(query + event.text.replace(/[\r\n]/g, ''));
      this.set({ index: 0 });
      return { close: false };
    }
    const selected = rows[index];
    if (event.type === 'ctrl' && event.letter === 'n') return this.openForm(null);
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, index, rows.length);
    if (moved !== null) {
      this.set({ index: moved });
      return { close: false };
    }
    switch (event.name) {
      case 'backspace':
        await this.refresh(query.slice(0, -1));
        break;
      case 'f3':
        return this.nextCategory();
      case 'f2':
        return { close: false, openCategories: true };
      case 'f7':
      case 'f8':
        return this.moveInGrid(event.name === 'f7' ? -1 : 1);
      case 'insert':
        return this.openForm(null);
      case 'enter':
        if (selected) return this.openForm(selected);
        break;
      case 'escape':
        if (!query) return { close: true };
        await this.refresh('');
        break;
      default:
        break;
    }
    return { close: false };
  }

  /** F3: all articles, then each category in tab order, then all again. */
  private async nextCategory(): Promise<ArticlesOutcome> {
    const { categories, categoryId } = this.state;
    const at = categories.findIndex((c) => c.id === categoryId);
    const next = at + 1 < categories.length ? categories[at + 1]!.id : null;
    this.set({ categoryId: next, index: 0 });
    await this.refresh();
    return { close: false, message: null };
  }

  /** F7/F8: the selected article one place earlier or later in its category's grid. */
  private async moveInGrid(delta: -1 | 1): Promise<ArticlesOutcome> {
    const { categoryId, query, rows, index } = this.state;
    const selected = rows[index];
    if (categoryId === null || query.trim() || !selected) {
      throw new ValidationError(translator(this.locale)('bo.a.gridNeedsCategory'));
    }
    const target = moveCursor(index, delta, rows.length);
    const grid = await this.core.catalog.moveInGrid(selected.id, target);
    this.set({ rows: grid, index: grid.findIndex((a) => a.id === selected.id) });
    return { close: false, message: null };
  }

  // --- form -------------------------------------------------------------------------

  private async openForm(article: Article | null): Promise<ArticlesOutcome> {
    await this.reloadReferences();
    const barcodes = article ? await this.core.catalog.barcodesOf(article.id) : [];
    const values = articleFormValues(article, barcodes, this.context(), this.locale);
    // A new article starts in the category being shown.
    const shown = this.state.categories.find((c) => c.id === this.state.categoryId);
    if (!article && shown) values.category = shown.name;
    this.set({ view: 'form', form: { articleId: article?.id ?? null, values, index: 0 } });
    return { close: false, message: null };
  }

  private context() {
    return { categories: this.state.categories, taxRates: this.taxRates, suppliers: this.suppliers };
  }

  private async handleForm(event: KeyEvent): Promise<ArticlesOutcome> {
    const step = formStep(this.state.form!, FIELD_KEYS, event);
    if (step.kind === 'edit') this.set({ form: step.form });
    else if (step.kind === 'save') return this.save();
    else if (step.kind === 'cancel') {
      this.set({ view: 'list', form: null });
      return { close: false, message: null };
    }
    return { close: false };
  }

  /** Checks everything first (fields, then barcodes taken by another article), then writes. */
  private async save(): Promise<ArticlesOutcome> {
    const form = this.state.form!;
    const { patch, barcodes, gridPlace } = parseArticleForm(form.values, this.context());
    for (const code of barcodes) {
      const owner = await this.core.catalog.findByCode(code);
      if (owner && owner.id !== form.articleId) throw new ValidationError(`Le code-barres ${code} est déjà celui de « ${owner.name} »`);
    }
    let saved: Article;
    if (form.articleId === null) {
      saved = await this.core.catalog.createArticle({ ...patch, barcodes }, this.employeeId);
      if (patch.active === false) saved = await this.core.catalog.updateArticle(saved.id, { active: false }, this.employeeId);
    } else {
      saved = await this.core.catalog.updateArticle(form.articleId, patch, this.employeeId);
      const had = await this.core.catalog.barcodesOf(saved.id);
      for (const code of had.filter((c) => !barcodes.includes(c))) await this.core.catalog.removeBarcode(saved.id, code);
      for (const code of barcodes.filter((c) => !had.includes(c))) await this.core.catalog.addBarcode(saved.id, code);
    }
    if (gridPlace !== null && gridPlace !== saved.gridPosition) await this.core.catalog.moveInGrid(saved.id, gridPlace - 1);
    this.set({ view: 'list', form: null });
    await this.refresh();
    const at = this.state.rows.findIndex((a) => a.id === saved.id);
    if (at >= 0) this.set({ index: at });
    const text = translator(this.locale)(form.articleId === null ? 'bo.a.created' : 'bo.a.saved', { name: saved.name });
    return { close: false, message: { text, kind: 'success' } };
  }
}
