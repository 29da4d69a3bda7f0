// The ticket: its lines (returns in another colour, the selected one in
// inverse), discounts, the total and the VAT per rate. Only the lines that fit
// are drawn (the last ones, or from the selection on), and only their text is
// built.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { formatQuantity, QTY_ONE } from '../../core/basics/quantity.js';
import type { LineTotals, Ticket, TicketLine, TicketTotals } from '../../core/sales/ticket.js';
import { formatRate } from '../../core/catalogue/vat.js';
import type { Translate } from '../i18n.js';
import { fit, spread, textWidth } from '../layout.js';
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

interface Row {
  key: string;
  text: string;
  selected: boolean;
  isReturn: boolean;
  discounted: boolean;
}

/**
 * A line's rows on the ticket: the line itself, the weight times the price per
 * kilo under a weighed line (« 0,251 kg × 19,90 €/kg », as the receipt says
 * it), and its discount.
 */
const rowCount = (line: Pick<TicketLine, 'unit'>, lt: LineTotals) => 1 + (line.unit === 'kg' ? 1 : 0) + (lt.lineDiscount ? 1 : 0);

/**
 * Where the drawn rows start: the line, and how many of its rows are scrolled
 * off. The last rows that fit are drawn, or from the selected line on when it
 * is above them. Only the lines on screen are looked at, so a scan on a
 * 1,000-line ticket costs what it costs on a 20-line one.
 */
export function ticketWindow(ticket: Pick<Ticket, 'lines'>, totals: TicketTotals, selected: number | null, room: number): { line: number; skip: number } {
  let line = totals.lines.length;
  let rows = 0;
  while (line > 0 && rows < room) {
    line -= 1;
    rows += rowCount(ticket.lines[line]!, totals.lines[line]!);
  }
  const skip = Math.max(0, rows - room);
  if (selected !== null && selected < totals.lines.length && (selected < line || (selected === line && skip > 0))) return { line: selected, skip: 0 };
  return { line, skip };
}

/**
 * The VAT per rate under the total, « dont TVA 20 % 2,48 · 5,5 % 0,45 », on
 * as many rows as it takes: a rate and its amount are never split nor cut.
 * One (empty) row without VAT, so the total does not jump.
 */
export function vatSummary(totals: TicketTotals, width: number, locale: Locale, t: Translate): string[] {
  const parts = totals.vat.map((v) => `${formatRate(v.rateBp, locale)} ${formatMoney(v.tax, locale, { symbol: false })}`);
  if (parts.length === 0) return [''];
  const rows: string[] = [];
  let row = t('sale.vatOf');
  for (const [i, part] of parts.entries()) {
    const joined = `${row}${i === 0 ? ' ' : ' · '}${part}`;
    if (textWidth(joined) <= width) row = joined;
    else {
      rows.push(row);
      row = `  ${part}`;
    }
  }
  rows.push(row);
  return rows;
}

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
  const lineRows = (i: number): Row[] => {
    const line = ticket.lines[i]!;
    const lt = totals.lines[i]!;
    const selected = props.selected === i;
    const rows: Row[] = [
      { key: `l${line.id}`, text: spread(lineLabel(line, locale), formatMoney(lt.gross, locale, { symbol: false }), w), selected, isReturn: line.quantity < 0, discounted: false },
    ];
    if (line.unit === 'kg') {
      const weight = formatQuantity(Math.abs(line.quantity), 'kg', locale);
      const perKilo = formatMoney(line.unitPrice, locale);
      rows.push({ key: `w${line.id}`, text: fit(`  ${weight} × ${perKilo}/kg`, w), selected, isReturn: line.quantity < 0, discounted: false });
    }
    if (lt.lineDiscount) {
      // An automatic discount (promotion, customer) shows its own label.
      const auto = line.discount ? null : line.autoDiscount;
      const label = auto ? `  ${auto.label}` : line.discount?.kind === 'percent' ? `  ${t('keys.discount').toLowerCase()} ${formatRate(line.discount.bp, locale)}` : `  ${t('keys.discount').toLowerCase()}`;
      rows.push({ key: `d${line.id}`, text: spread(label, formatMoney(-lt.lineDiscount, locale, { symbol: false }), w), selected, isReturn: false, discounted: true });
    }
    return rows;
  };
  const ticketDiscount = totals.lines.reduce((a, l) => a + l.ticketDiscount, 0);
  const vatRows = vatSummary(totals, w, locale, t);
  // Title, total and the VAT rows take the rest.
  const footer = 2 + vatRows.length + (ticketDiscount ? 1 : 0);
  const room = Math.max(1, props.height - 1 - footer);
  // Only the rows on screen are built: their text is what costs (terminal widths).
  const window = ticketWindow(ticket, totals, props.selected, room);
  const shown: Row[] = [];
  for (let i = window.line; i < ticket.lines.length && shown.length < window.skip + room; i++) shown.push(...lineRows(i));
  shown.splice(0, window.skip);
  shown.length = Math.min(shown.length, room);
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
      {vatRows.map((row, i) => (
        <Text key={`v${i}`} dimColor>
          {fit(row, w)}
        </Text>
      ))}
    </Box>
  );
});
