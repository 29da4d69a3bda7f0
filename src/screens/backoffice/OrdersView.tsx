// The back office's supplier orders screen, drawn from its state: the open
// orders (reference, supplier, status, lines, value HT, under-minimum flag),
// or one order's lines with ordered, received and still-due quantities and
// the quantity being typed for the selected line. An order whose e-mail did
// not go says so: flagged in the list, the reason on the order's own screen.
import { Box, Text } from 'ink';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { formatQuantity } from '../../core/basics/quantity.js';
import { InputLine } from '../components/InputLine.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import { orderMailWaits as mailWaits } from '../../core/stock/order-mail.js';
import { orderMailLine, orderStatus, type OrdersState } from './orders-screen.js';
import { windowStart } from '../list-cursor.js';

export function ordersHint(state: OrdersState | null): MessageKey {
  if (state?.view !== 'order' || !state.order) return 'bo.h.orders';
  return state.order.status === 'draft' ? 'bo.h.orderDraft' : 'bo.h.orderSent';
}

export function OrdersView(props: { state: OrdersState; width: number; height: number; locale: Locale; t: Translate }) {
  const { state, width, height, locale, t } = props;
  const money = (c: number) => formatMoney(c, locale, { symbol: false });
  if (state.view === 'order' && state.order) {
    const order = state.order;
    const sent = order.status !== 'draft';
    const room = Math.max(1, height - 4 - (order.mail ? 1 : 0));
    const start = windowStart(state.lineIndex, order.lines.length, room);
    const numbers = (a: string, b: string, c: string, d: string) => `${a.padStart(11)} ${b.padStart(11)} ${c.padStart(8)} ${d.padStart(9)}`;
    const head = sent ? numbers(t('bo.o.qty'), t('bo.o.due'), t('bo.o.cost'), t('bo.o.value')) : numbers(t('bo.o.qty'), '', t('bo.o.cost'), t('bo.o.value'));
    return (
      <Box flexDirection="column">
        <Text bold>
          {spread(`${order.reference} · ${order.supplierName} · ${orderStatus(order.status, locale)}`, `${money(order.value)} HT`, width)}
        </Text>
        <Text color={order.belowMinimum ? 'yellow' : undefined} dimColor={!order.belowMinimum}>
          {fit(order.belowMinimum ? t(order.autoSendHeld ? 'bo.o.belowHeld' : 'bo.o.below', { min: money(order.minOrderValue), missing: money(order.shortfall) }) : `${t('bo.o.expected')} ${order.expectedAt?.slice(0, 10) ?? '-'}`, width)}
        </Text>
        <Text dimColor>{spread(t('bo.o.article'), head, width)}</Text>
        {order.lines.slice(start, start + room).map((l, i) => (
          <Text key={l.id} inverse={start + i === state.lineIndex}>
            {spread(
              `${l.plu ?? ''} ${l.name}`,
              numbers(formatQuantity(l.quantity, l.unit, locale), sent ? formatQuantity(l.due, l.unit, locale) : '', money(l.unitCost), money(l.value)),
              width,
            )}
          </Text>
        ))}
        {order.lines.length === 0 ? <Text dimColor>{t('bo.o.noLine')}</Text> : null}
        {order.mail ? (
          <Text color={mailWaits(order.mail) ? 'yellow' : undefined} dimColor={!mailWaits(order.mail)}>
            {fit(orderMailLine(order.mail, t), width)}
          </Text>
        ) : null}
        <InputLine prompt={t(sent ? 'bo.o.received' : 'bo.o.newQty')} value={state.input} width={width} />
      </Box>
    );
  }
  const room = Math.max(1, height - 1);
  const start = windowStart(state.index, state.orders.length, room);
  return (
    <Box flexDirection="column">
      <Text dimColor>{spread(`${fit(t('bo.o.reference'), 13)} ${t('bo.o.supplier')}`, `${fit(t('bo.o.status'), 16)} ${t('bo.o.value').padStart(10)}`, width)}</Text>
      {state.orders.slice(start, start + room - 1).map((o, i) => (
        <Text key={o.id} inverse={start + i === state.index} color={o.belowMinimum || mailWaits(o.mail) ? 'yellow' : undefined}>
          {spread(
            `${fit(o.reference, 13)} ${o.supplierName}${o.automatic ? ' (auto)' : ''}${o.belowMinimum ? ' !' : ''}${mailWaits(o.mail) ? ` · ${t('bo.o.mailFlag')}` : ''}`,
            `${fit(orderStatus(o.status, locale), 16)} ${money(o.value).padStart(10)}`,
            width,
          )}
        </Text>
      ))}
      {state.orders.length === 0 ? <Text dimColor>{t('bo.o.none')}</Text> : null}
    </Box>
  );
}
