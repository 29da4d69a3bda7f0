// The back office's articles and categories screens, drawn from their state:
// the article list (search line with the category shown, PLU, name, category,
// price, stock), the article form, the category tabs list and its form.
import { Box, Text } from 'ink';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { formatQuantity } from '../../core/basics/quantity.js';
import { FieldRow } from '../components/FieldRow.js';
import { CATEGORY_COLOURS } from '../../core/catalogue/article-rules.js';
import { InputLine } from '../components/InputLine.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import { categoryColor, colorLevel } from '../theme.js';
import { ARTICLE_FIELDS } from './article-form.js';
import type { ArticlesState } from './articles-screen.js';
import { CATEGORY_FIELDS, type CategoriesState } from './categories-screen.js';
import { windowStart } from '../list-cursor.js';

/** The key hints of the articles screen's current view. */
export function articlesHint(state: ArticlesState | null): MessageKey {
  return state?.view === 'form' ? 'bo.h.articleForm' : 'bo.h.articles';
}

export function categoriesHint(state: CategoriesState | null): MessageKey {
  return state?.view === 'form' ? 'bo.h.articleForm' : 'bo.h.categories';
}

function Form<K extends string>(props: { title: string; fields: readonly K[]; labelOf: (key: K) => string; values: Record<K, string>; index: number; width: number }) {
  return (
    <Box flexDirection="column">
      <Text bold>{fit(props.title, props.width)}</Text>
      {props.fields.map((key, i) => (
        <FieldRow key={key} label={props.labelOf(key)} labelWidth={26} value={props.values[key]} active={i === props.index} width={props.width} />
      ))}
    </Box>
  );
}

export function ArticlesView(props: { state: ArticlesState; width: number; height: number; locale: Locale; t: Translate }) {
  const { state, width, height, locale, t } = props;
  if (state.view === 'form' && state.form) {
    const form = state.form;
    return <Form title={form.articleId === null ? t('bo.a.new') : t('bo.a.edit')} fields={ARTICLE_FIELDS} labelOf={(key) => t(`bo.a.f.${key}`)} values={form.values} index={form.index} width={width} />;
  }
  const categories = new Map(state.categories.map((c) => [c.id, c.name]));
  const shown = state.categoryId === null ? t('bo.a.all') : categories.get(state.categoryId) ?? '';
  const room = Math.max(1, height - 2);
  const start = windowStart(state.index, state.rows.length, room);
  const nameWidth = Math.max(12, width - 48);
  const columns = (plu: string, name: string, category: string) => `${fit(plu, 6)} ${fit(name, nameWidth)} ${fit(category, 16)}`;
  const right = (price: string, stock: string) => `${price.padStart(10)} ${stock.padStart(11)}`;
  return (
    <Box flexDirection="column">
      <InputLine prompt={`${t('bo.a.search')} [${shown}]`} value={state.query} width={width} />
      <Text dimColor>{spread(columns(t('bo.a.plu'), t('bo.a.name'), t('bo.a.category')), right(t('bo.a.price'), t('bo.a.stock')), width)}</Text>
      {state.rows.slice(start, start + room - 1).map((a, i) => (
        <Text key={a.id} inverse={start + i === state.index} dimColor={!a.active}>
          {spread(
            columns(a.plu ?? '', a.active ? a.name : `${a.name} (${t('bo.a.off')})`, categories.get(a.categoryId) ?? ''),
            right(formatMoney(a.price, locale), formatQuantity(a.stockQty, a.unit, locale)),
            width,
          )}
        </Text>
      ))}
      {state.rows.length === 0 ? <Text dimColor>{t(state.query ? 'bo.a.noneFound' : 'bo.a.none')}</Text> : null}
    </Box>
  );
}

export function CategoriesView(props: { state: CategoriesState; width: number; locale: Locale; t: Translate }) {
  const { state, width, t } = props;
  if (state.view === 'form' && state.form) {
    const form = state.form;
    return <Form title={form.categoryId === null ? t('bo.cat.new') : t('bo.cat.edit')} fields={CATEGORY_FIELDS} labelOf={(key) => t(`bo.cat.f.${key}`, { colours: CATEGORY_COLOURS.join(', ') })} values={form.values} index={form.index} width={width} />;
  }
  const level = colorLevel();
  return (
    <Box flexDirection="column">
      <Text dimColor>{fit(`${fit(t('bo.cat.order'), 6)} ${fit(t('bo.a.category'), 30)} ${t('bo.cat.colour')}`, width)}</Text>
      {state.rows.map((c, i) => (
        <Text key={c.id} inverse={i === state.index}>
          {fit(`${fit(String(c.sortOrder), 6)} `, 7)}
          <Text color={categoryColor(c.color, level)}>{fit(c.name, 30)}</Text>
          {fit(` ${c.color}`, Math.max(1, width - 37))}
        </Text>
      ))}
    </Box>
  );
}
