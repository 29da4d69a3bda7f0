// The article grid: one cell an article, coloured by category. An article at
// or below its minimum stock turns red and shows what is left in large digits;
// an article out of stock is marked as such.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Article } from '../../core/catalogue/article.js';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { QTY_ONE } from '../../core/basics/quantity.js';
import { bigText } from '../big-digits.js';
import { translator } from '../i18n.js';
import { fit, wrapName, type SaleLayout } from '../layout.js';
import { categoryColor, type ColorLevel } from '../theme.js';

export function stockText(article: Article, locale: Locale): string {
  const q = article.stockQty;
  if (article.unit === 'kg') {
    const kg = q / QTY_ONE;
    return kg.toFixed(1).replace('.', locale === 'fr' ? ',' : '.');
  }
  return String(Math.trunc(q / QTY_ONE));
}

export function isLowStock(article: Article): boolean {
  return article.trackStock && article.stockQty <= article.minStock;
}

const ArticleCell = memo(function ArticleCell(props: {
  article: Article;
  color: string;
  selected: boolean;
  width: number;
  height: number;
  level: ColorLevel;
  locale: Locale;
}) {
  const { article, selected, width, height, level, locale } = props;
  const inner = width - 1;
  const low = isLowStock(article);
  const out = article.trackStock && article.stockQty <= 0;
  const price = `${formatMoney(article.price, locale)}${article.unit === 'kg' ? '/kg' : ''}`;
  const color = low ? categoryColor('red', level) : categoryColor(props.color, level);
  const rows: string[] = [];
  if (low) {
    const remaining = stockText(article, locale);
    const big = bigText(remaining);
    rows.push(fit(article.name, inner));
    if (out) {
      rows.push(fit(translator(locale)('sale.outOfStock'), inner), fit(price, inner));
    } else if (big && big[0].length <= inner && height >= 4) {
      rows.push(...big.map((r) => fit(r, inner)));
    } else {
      rows.push(fit(translator(locale)('sale.stockLeft', { n: remaining }), inner), fit(price, inner));
    }
  } else {
    // Name on two lines, price, then a blank line between cell rows.
    rows.push(...wrapName(article.name, inner, height - 2));
    while (rows.length < height - 2) rows.push(fit('', inner));
    rows.push(fit(price, inner));
  }
  while (rows.length < height) rows.push(fit('', inner));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {rows.slice(0, height).map((row, i) => (
        <Text
          key={i}
          color={color}
          inverse={selected}
          bold={selected || low}
          dimColor={out && !selected}
          strikethrough={out && level === 'none' && i === 0}
        >
          {row}
        </Text>
      ))}
    </Box>
  );
});

export const ArticleGrid = memo(function ArticleGrid(props: {
  /** the page the till holds: the category's articles from place `offset`, of `count` */
  articles: Article[];
  offset: number;
  count: number;
  color: string;
  cursor: number;
  layout: SaleLayout;
  level: ColorLevel;
  locale: Locale;
  active: boolean;
}) {
  const { articles, offset, count, cursor, layout } = props;
  const pageSize = layout.columns * layout.cellRows;
  const page = Math.floor(offset / pageSize);
  const visible = articles.slice(0, pageSize);
  const rows: Article[][] = [];
  for (let i = 0; i < visible.length; i += layout.columns) rows.push(visible.slice(i, i + layout.columns));
  return (
    <Box flexDirection="column" width={layout.gridWidth} height={layout.mainHeight}>
      {rows.map((row, r) => (
        <Box key={r} flexDirection="row">
          {row.map((a, c) => (
            <ArticleCell
              key={a.id}
              article={a}
              color={props.color}
              selected={props.active && offset + r * layout.columns + c === cursor}
              width={layout.cellWidth}
              height={layout.cellHeight}
              level={props.level}
              locale={props.locale}
            />
          ))}
        </Box>
      ))}
      {count > pageSize ? (
        <Text dimColor>{fit(`page ${page + 1}/${Math.ceil(count / pageSize)}`, layout.gridWidth)}</Text>
      ) : null}
    </Box>
  );
});
