// The attached customer's past sales (F4), in place of the article grid: the
// sales on top (date, number, the shop when there are several, line count, total), the chosen sale's lines
// below, so the cashier sees what Enter will copy into the ticket.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { HistorySale } from '../../core/customers/customer-history.service.js';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { formatQuantity, QTY_ONE } from '../../core/basics/quantity.js';
import type { Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import { windowStart } from '../list-cursor.js';

function saleDate(localTime: string, locale: Locale): string {
  const [date = '', time = ''] = localTime.split('T');
  const [y, m, d] = date.split('-');
  return `${locale === 'fr' ? `${d}/${m}` : `${m}/${d}`}/${y?.slice(2)} ${time.slice(0, 5)}`;
}

export const HistoryPanel = memo(function HistoryPanel(props: {
  name: string;
  sales: HistorySale[];
  index: number;
  width: number;
  height: number;
  locale: Locale;
  t: Translate;
  /** the bottom line: the till's by default, none when null (the back office has its own) */
  hint?: string | null;
}) {
  const { sales, index, width, height, locale, t } = props;
  const listRows = Math.max(3, Math.floor((height - 3) / 2));
  const lineRows = Math.max(1, height - 3 - listRows);
  const start = windowStart(index, sales.length, listRows);
  const chosen = sales[index];
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{fit(t('history.title', { name: props.name }), width)}</Text>
      <Box flexDirection="column" height={listRows}>
        {sales.slice(start, start + listRows).map((s, i) => (
          <Text key={s.id} inverse={start + i === index} color={s.total < 0 ? 'magenta' : undefined}>
            {spread(`${saleDate(s.localTime, locale)}  ${t('history.number', { n: s.number })}  ${s.shop === null ? '' : `${s.shop}  `}${t('history.lines', { n: s.lineCount })}`, formatMoney(s.total, locale), width)}
          </Text>
        ))}
      </Box>
      <Text dimColor>{'─'.repeat(width)}</Text>
      <Box flexDirection="column" height={lineRows}>
        {(chosen?.lines ?? []).slice(0, lineRows).map((l) => (
          <Text key={l.lineNo} color={l.quantity < 0 ? 'magenta' : undefined}>
            {spread(`${l.unit === 'kg' || l.quantity !== QTY_ONE ? `${formatQuantity(l.quantity, l.unit, locale)} ` : ''}${l.name}`, formatMoney(l.total, locale, { symbol: false }), width)}
          </Text>
        ))}
      </Box>
      {props.hint === null ? null : <Text dimColor>{fit(props.hint ?? t('history.hint'), width)}</Text>}
    </Box>
  );
});
