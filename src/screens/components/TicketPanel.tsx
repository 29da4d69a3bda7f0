// The ticket: its lines (returns in another colour, the selected one in
// inverse), discounts, the total and the VAT per rate. Only the lines that fit
// are drawn: the last ones, or those around the selection.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { formatMoney, type Locale } from '../../core/money.js';
import { formatQuantity, QTY_ONE } from '../../core/quantity.js';
import type { Ticket, TicketLine, TicketTotals } from '../../core/ticket.js';
import { formatRate } from '../../core/vat.js';
import type { Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import type { Theme } from '../theme.js';

function lineLabel(line: TicketLine, locale: Locale): string {
  const qty = line.unit === 'kg' ? formatQuantity(line.quantity, 'kg', locale) : formatQuantity(line.quantity, 'unit', locale);
  const showQty = line.unit === 'kg' || line.quantity !== QTY_ONE;
  return `${showQty ? `${qty} ` : ''}${line.name}`;
}

const TicketRow = memo(function TicketRow(props: { text: string; selected: boolean; isReturn: boolean; discounted: boolean; theme: Theme }) {
  return (
    <Text
      inverse={props.selected}
      color={props.isReturn ? props.theme.color('return') : props.discounted ? props.theme.color('success') : undefined}
      italic={props.isReturn && props.theme.level === 'none'}
    >
      {props.text}
    </Text>
  );
});

export const TicketPanel = memo(function TicketPanel(props: {
  ticket: Ticket;
  totals: TicketTotals;
  selected: number | null;
  width: number;
  height: number;
  theme: Theme;
  locale: Locale;
  t: Translate;
  focused: boolean;
}) {
  const { ticket, totals, width, locale, t, theme } = props;
  const w = width - 2;
  const rows: Array<{ key: string; text: string; selected: boolean; isReturn: boolean; discounted: boolean; lineIndex: number }> = [];
  ticket.lines.forEach((line, i) => {
    const lt = totals.lines[i]!;
    const selected = props.selected === i;
    rows.push({ key: `l${line.id}`, text: spread(lineLabel(line, locale), formatMoney(lt.gross, locale, { symbol: false }), w), selected, isReturn: line.quantity < 0, discounted: false, lineIndex: i });
    if (lt.lineDiscount) {
      // An automatic discount (promotion, customer) shows its own label.
      const auto = line.discount ? null : line.autoDiscount;
      const label = auto ? `  ${auto.label}` : line.discount?.kind === 'percent' ? `  ${t('keys.discount').toLowerCase()} ${formatRate(line.discount.bp, locale)}` : `  ${t('keys.discount').toLowerCase()}`;
      rows.push({ key: `d${line.id}`, text: spread(label, formatMoney(-lt.lineDiscount, locale, { symbol: false }), w), selected, isReturn: false, discounted: true, lineIndex: i });
    }
  });
  const ticketDiscount = totals.lines.reduce((a, l) => a + l.ticketDiscount, 0);
  // Title, blank, total, VAT lines take the rest.
  const footer = 3 + (ticketDiscount ? 1 : 0);
  const room = Math.max(1, props.height - 1 - footer);
  let start = Math.max(0, rows.length - room);
  if (props.selected !== null) {
    const first = rows.findIndex((r) => r.lineIndex === props.selected);
    if (first < start) start = first;
  }
  const shown = rows.slice(start, start + room);
  const vat = totals.vat.map((v) => `${formatRate(v.rateBp, locale)} ${formatMoney(v.tax, locale, { symbol: false })}`).join(' · ');
  return (
    <Box flexDirection="column" width={width} height={props.height} paddingLeft={1}>
      <Text bold underline={props.focused}>
        {spread(t('sale.ticket'), t('sale.items', { n: totals.itemCount }), w)}
      </Text>
      {ticket.lines.length === 0 ? <Text dimColor>{fit(t('sale.empty'), w)}</Text> : null}
      {shown.map((r) => (
        <TicketRow key={r.key} text={r.text} selected={r.selected} isReturn={r.isReturn} discounted={r.discounted} theme={theme} />
      ))}
      <Box flexGrow={1} />
      {ticketDiscount ? <Text>{spread(t('keys.discount'), formatMoney(-ticketDiscount, locale), w)}</Text> : null}
      <Text bold color={theme.color('accent')}>
        {spread(t('sale.total'), formatMoney(totals.total, locale), w)}
      </Text>
      <Text dimColor>{fit(vat ? `${t('sale.vatOf')} ${vat}` : '', w)}</Text>
    </Box>
  );
});
