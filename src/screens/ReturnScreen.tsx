// The return screen (returns against the original receipt): the receipt's
// number being typed, then that sale's lines with what was sold, what earlier
// returns took back, what is left, the price actually paid and the quantity
// picked. It only shows the session's state; the keys are in
// till-receipt-return.ts.
import { Box, Text } from 'ink';
import { formatMoney, type Locale } from '../core/basics/money.js';
import { formatQuantity, QTY_ONE } from '../core/basics/quantity.js';
import { paidUnitAmounts, refundAmount } from '../core/sales/returns.js';
import { StatusBar } from './components/StatusBar.js';
import type { Translate } from './i18n.js';
import { fit, spread, type SaleLayout } from './layout.js';
import type { Theme } from './theme.js';
import type { TillState } from '../till/state.js';
import { windowStart } from './list-cursor.js';

const dateOf = (iso: string, locale: Locale) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = locale === 'fr' ? `${pad(d.getDate())}/${pad(d.getMonth() + 1)}` : `${pad(d.getMonth() + 1)}/${pad(d.getDate())}`;
  return `${day}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export function ReturnScreen(props: { state: TillState; layout: SaleLayout; theme: Theme; locale: Locale; t: Translate }) {
  const { state, layout, theme, locale, t } = props;
  const width = layout.width;
  const form = state.receiptReturn!;
  const receipt = form.receipt;
  const money = (c: number) => formatMoney(c, locale, { symbol: false });
  const qty = (q: number, unit: 'unit' | 'kg') => (unit === 'kg' ? formatQuantity(q, 'kg', locale) : String(q / QTY_ONE));
  // header, sale, column titles … input, status, hint
  const listRows = Math.max(3, layout.height - 8);
  const nameWidth = width - 50;
  const cell = (text: string, w: number) => text.slice(0, w).padStart(w);
  const columns = ([name = '', ...rest]: string[]) => fit(name, nameWidth) + rest.map((c, i) => cell(c, [7, 7, 7, 11, 10][i]!)).join('');
  const picked = new Map(form.picks);
  let refund = 0;
  if (receipt) {
    for (const l of receipt.lines) {
      const q = picked.get(l.lineNo) ?? 0;
      if (q > 0) refund += refundAmount(l, l.returned, q);
    }
  }
  const paid = new Map(receipt ? paidUnitAmounts(receipt.lines).map((p) => [p.lineNo, p.unitPaid] as const) : []);
  const start = receipt ? windowStart(form.index, receipt.lines.length, listRows) : 0;
  return (
    <Box flexDirection="column" width={width} height={layout.height}>
      <Text bold inverse>
        {fit(` ${t('return.title')} · ${state.tillName} · ${state.employee?.name ?? ''}`, width)}
      </Text>
      <Text bold>
        {fit(
          receipt
            ? t('return.sale', { n: receipt.number, till: receipt.tillId, date: dateOf(receipt.createdAt, locale), total: formatMoney(receipt.total, locale) })
            : t('return.typeNumber'),
          width,
        )}
      </Text>
      <Text dimColor>{fit(receipt ? columns(t('return.cols').split('|')) : '', width)}</Text>
      <Box flexDirection="column" height={listRows}>
        {(receipt?.lines ?? []).slice(start, start + listRows).map((l, i) => {
          const q = picked.get(l.lineNo) ?? 0;
          const row = columns([
            l.name,
            qty(l.quantity, l.unit),
            qty(l.returned, l.unit),
            qty(l.returnable, l.unit),
            money(paid.get(l.lineNo) ?? 0),
            q > 0 ? qty(q, l.unit) : '',
          ]);
          return (
            <Text key={l.lineNo} inverse={start + i === form.index} color={q > 0 ? theme.color('return') : l.returnable === 0 ? 'gray' : undefined}>
              {fit(row, width)}
            </Text>
          );
        })}
      </Box>
      <Text bold>{receipt ? spread('', t('return.toRefund', { a: formatMoney(refund, locale) }), width) : fit('', width)}</Text>
      <Text>
        <Text bold>{`${receipt ? '' : `${t('return.prompt')} `}> `}</Text>
        <Text>{form.input}</Text>
        <Text inverse> </Text>
      </Text>
      <StatusBar printer={state.printer} databaseOk={state.database.ok} offline={state.offline} scanner={state.scanner} message={state.message} width={width} theme={theme} t={t} />
      <Text dimColor>{fit(receipt ? t('return.hint') : t('return.hintLookup'), width)}</Text>
    </Box>
  );
}
