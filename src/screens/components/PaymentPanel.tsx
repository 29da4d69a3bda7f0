// The payment screen: the amount due in large digits, the tender keys, the
// tenders taken so far, what is left, and the amount being typed.
import { Box, Text } from 'ink';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { PAYMENT_LABELS, type PaymentMethod } from '../../core/sales/payment.js';
import type { Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import type { Theme } from '../theme.js';
import type { PaymentState } from '../../till/state.js';
import type { KeyMap } from '../../core/shop/key-map.js';
import { bigAmount } from '../big-digits.js';
import { BigText } from './BigText.js';
import { TextField } from './TextField.js';

export function PaymentPanel(props: { payment: PaymentState; tenders: PaymentMethod[]; keys: KeyMap; width: number; height: number; theme: Theme; locale: Locale; t: Translate }) {
  const { payment, width, locale, t, theme } = props;
  const paid = payment.tenders.reduce((a, x) => a + x.amount, 0);
  const left = payment.due - paid;
  const refund = payment.due < 0;
  const amount = (c: number) => formatMoney(c, locale, { symbol: false });
  return (
    <Box flexDirection="column" width={width} height={props.height}>
      <Text bold inverse>
        {fit(` ${t('pay.title')}`, width)}
      </Text>
      <Text bold>{refund ? t('pay.refund') : t('pay.due')}</Text>
      <BigText text={bigAmount(Math.abs(payment.due), locale)} color={theme.color('accent')} width={width} />
      <Text> </Text>
      {payment.tenders.map((x, i) => (
        <Text key={i}>{spread(`  ${PAYMENT_LABELS[x.method][locale]}${x.reference ? ` ${x.reference}` : ''}`, amount(x.amount), Math.min(width, 40))}</Text>
      ))}
      <Text bold>{spread(`  ${t('pay.remaining')}`, amount(left), Math.min(width, 40))}</Text>
      <Text> </Text>
      <Box flexDirection="row" flexWrap="wrap" width={width}>
        {props.tenders.map((m) => (
          <Box key={m} width={Math.floor(width / 2)}>
            <Text>
              <Text inverse>{` ${props.keys.tenders[m].toUpperCase()} `}</Text>
              <Text>{` ${fit(PAYMENT_LABELS[m][locale], Math.floor(width / 2) - 5)}`}</Text>
            </Text>
          </Box>
        ))}
      </Box>
      <Text> </Text>
      <Box>
        <Text bold>{'> '}</Text>
        <TextField value={payment.input} focus width={Math.max(1, width - 2)} />
      </Box>
      <Box flexGrow={1} />
      <Text dimColor>{fit(t('pay.hint'), width)}</Text>
    </Box>
  );
}
