// The back office's categories screen (F2 from the articles): the till's
// category tabs in their order, each with its name and colour. Enter edits,
// Inser creates, F7/F8 move a category one tab earlier or later.
import type { Category } from '../../core/catalogue/article.js';
import type { Core } from '../../core/shop/core.service.js';
import { translator } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import type { ScreenMessage } from './customers-screen.js';
import { formStep } from './field-form.js';
import { clampCursor, listCursor } from '../list-cursor.js';

export const CATEGORY_FIELDS = ['name', 'color'] as const;

export type CategoryFieldKey = (typeof CATEGORY_FIELDS)[number];

export interface CategoriesState {
  view: 'list' | 'form';
  rows: Category[];
  index: number;
  form: { categoryId: number | null; values: Record<CategoryFieldKey, string>; index: number } | null;
}

export type CategoriesOutcome = { close: true } | { close: false; message?: ScreenMessage };

export class CategoriesScreen {
  state: CategoriesState = { view: 'list', rows: [], index: 0, form: null };

  constructor(private readonly core: Core, private readonly locale: 'fr' | 'en', private readonly onChange: (state: CategoriesState) => void) {}

  private set(patch: Partial<CategoriesState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  async open(): Promise<void> {
    const rows = await this.core.categories.all();
    this.set({ rows, index: clampCursor(this.state.index, rows.length) });
  }

  async handle(event: KeyEvent): Promise<CategoriesOutcome> {
    if (this.state.view === 'form') return this.handleForm(event);
    const { rows, index } = this.state;
    if (event.type === 'ctrl' && event.letter === 'n') return this.openForm(null);
    if (event.type !== 'key') return { close: false };
    const selected = rows[index];
    const moved = listCursor(event.name, index, rows.length);
    if (moved !== null) this.set({ index: moved });
    else if (event.name === 'insert') return this.openForm(null);
    else if (event.name === 'enter' && selected) return this.openForm(selected);
    else if ((event.name === 'f7' || event.name === 'f8') && selected) {
      const moved = await this.core.categories.move(selected.id, index + (event.name === 'f7' ? -1 : 1));
      this.set({ rows: moved, index: moved.findIndex((c) => c.id === selected.id) });
    } else if (event.name === 'escape') return { close: true };
    return { close: false };
  }

  private openForm(category: Category | null): CategoriesOutcome {
    this.set({ view: 'form', form: { categoryId: category?.id ?? null, values: { name: category?.name ?? '', color: category?.color ?? 'white' }, index: 0 } });
    return { close: false, message: null };
  }

  private async handleForm(event: KeyEvent): Promise<CategoriesOutcome> {
    const step = formStep(this.state.form!, CATEGORY_FIELDS, event);
    if (step.kind === 'edit') this.set({ form: step.form });
    else if (step.kind === 'save') return this.save();
    else if (step.kind === 'cancel') {
      this.set({ view: 'list', form: null });
      return { close: false, message: null };
    }
    return { close: false };
  }

  private async save(): Promise<CategoriesOutcome> {
    const form = this.state.form!;
    const { name, color } = form.values;
    const saved = form.categoryId === null
      ? await this.core.categories.create({ name, color, sortOrder: Math.max(0, ...this.state.rows.map((c) => c.sortOrder)) + 1 })
      : await this.core.categories.update(form.categoryId, { name, color });
    this.set({ view: 'list', form: null });
    await this.open();
    this.set({ index: Math.max(0, this.state.rows.findIndex((c) => c.id === saved.id)) });
    return { close: false, message: { text: translator(this.locale)('bo.cat.saved', { name: saved.name }), kind: 'success' } };
  }
}
