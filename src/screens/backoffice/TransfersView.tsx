// The back office's « Transferts » screen, drawn from its state: the
// transfers of this shop (reference, from → to, status, lines), the arrival
// shop being typed for a new one, or one transfer's lines with the quantity
// sent, received and still on the road, the difference of a transfer closed
// short (valued at cost), and the input line.
import { Box, Text } from 'ink';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { formatQuantity } from '../../core/basics/quantity.js';
import { shortfall } from '../../core/stock/transfer.js';
import { InputLine } from '../components/InputLine.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import { windowStart } from '../list-cursor.js';
import { transferStatus, type TransfersState } from './transfers-screen.js';

export function transfersHint(state: TransfersState | null): MessageKey {
  if (!state || state.view === 'list') return 'bo.h.transfers';
  if (state.view === 'new') return 'bo.h.transferNew';
  if (state.confirmEnd) return 'bo.h.confirm';
  const status = state.transfer?.status;
  if (status === 'draft') return 'bo.h.transferDraft';
  if (status === 'sent' || status === 'partial') return 'bo.h.transferSent';
  return 'bo.h.transferDone';
}

export function TransfersView(props: { state: TransfersState; width: number; height: number; locale: Locale; t: Translate }) {
  const { state, width, height, locale, t } = props;
  if (state.view === 'new') {
    return (
      <Box flexDirection="column">
        <Text bold>{fit(t('bo.t.new'), width)}</Text>
        <InputLine prompt={t('bo.t.toShop')} value={state.input} width={width} />
      </Box>
    );
  }
  if (state.view === 'transfer' && state.transfer) {
    const tr = state.transfer;
    const draft = tr.status === 'draft';
    const onTheRoad = tr.status === 'sent' || tr.status === 'partial';
    const short = tr.status === 'closed' ? shortfall(tr.lines) : null;
    const room = Math.max(1, height - 4);
    const start = windowStart(state.lineIndex, tr.lines.length, room);
    const numbers = (a: string, b: string, c: string) => `${a.padStart(11)} ${b.padStart(11)} ${c.padStart(11)}`;
    return (
      <Box flexDirection="column">
        <Text bold>{spread(`${tr.reference} · ${tr.fromShopCode} → ${tr.toShopCode} · ${transferStatus(tr.status, locale)}`, tr.notes, width)}</Text>
        <Text dimColor>{spread(t('bo.t.article'), numbers(t('bo.t.qty'), t('bo.t.received'), t('bo.t.onTheRoad')), width)}</Text>
        {tr.lines.slice(start, start + room).map((l, i) => (
          <Text key={l.id} inverse={start + i === state.lineIndex}>
            {spread(`${l.plu ?? ''} ${l.name}`, numbers(formatQuantity(l.quantity, l.unit, locale), formatQuantity(l.receivedQty, l.unit, locale), formatQuantity(l.inTransit, l.unit, locale)), width)}
          </Text>
        ))}
        {tr.lines.length === 0 ? <Text dimColor>{t('bo.t.noLine')}</Text> : null}
        {short ? <Text color="yellow">{fit(t('bo.t.shortfall', { value: formatMoney(short.value, locale) }), width)}</Text> : null}
        {draft || onTheRoad ? <InputLine prompt={t(draft ? 'bo.t.addPrompt' : 'bo.t.receivePrompt')} value={state.input} width={width} /> : null}
      </Box>
    );
  }
  const room = Math.max(1, height - 1);
  const start = windowStart(state.index, state.transfers.length, room);
  const row = (reference: string, route: string, status: string, lines: string) => spread(`${fit(reference, 13)} ${route}`, `${fit(status, 16)} ${lines.padStart(6)}`, width);
  return (
    <Box flexDirection="column">
      <Text dimColor>{row(t('bo.t.reference'), t('bo.t.route'), t('bo.t.status'), t('bo.t.lines'))}</Text>
      {state.transfers.slice(start, start + room - 1).map((tr, i) => (
        <Text key={tr.id} inverse={start + i === state.index} color={tr.status === 'sent' || tr.status === 'partial' ? 'yellow' : undefined}>
          {row(tr.reference, `${tr.fromShopCode} → ${tr.toShopCode}`, transferStatus(tr.status, locale), String(tr.lines.length))}
        </Text>
      ))}
      {state.transfers.length === 0 ? <Text dimColor>{t('bo.t.none')}</Text> : null}
    </Box>
  );
}
