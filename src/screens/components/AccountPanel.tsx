// The customer account at the till: the header's badge ("doit 12,50 €",
// "Avoir 5,00 €") and the "Versement sur compte" panel opened by Ctrl+V.
import { Box, Text } from 'ink';
import { customerName } from '../../core/customers/customer-name.js';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import type { Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import type { Theme } from '../theme.js';
import type { TillState } from '../../till/state.js';
import { BigText } from './BigText.js';
import { TextField } from './TextField.js';

/** What the header adds after the customer's name: what they owe, and their store credit. Empty without either. */
export function accountBadge(account: TillState['account'], t: Translate, locale: Locale): string {
  if (!account) return '';
  const parts: string[] = [];
  if (account.balance > 0) parts.push(t('acct.owes', { a: formatMoney(account.balance, locale) }));
  if (account.storeCredit > 0) parts.push(t('acct.credit', { a: formatMoney(account.storeCredit, locale) }));
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}

export function AccountPaymentPanel(props: { state: TillState; width: number; height: number; theme: Theme; locale: Locale; t: Translate }) {
  const { state, width, locale, t, theme } = props;
  const customer = state.customer!.customer;
  const balance = state.account?.balance ?? 0;
  const typed = state.accountPayment?.input ?? '';
  const letter = (method: 'cash' | 'card' | 'cheque') => state.keys.tenders[method].toUpperCase();
  return (
    <Box flexDirection="column" width={width} height={props.height}>
      <Text bold inverse>
        {fit(` ${t('acct.title')}`, width)}
      </Text>
      <Text>{fit(`${customerName(customer)} (${customer.code})`, width)}</Text>
      <Text>{spread(t('acct.balance'), formatMoney(balance, locale), Math.min(width, 40))}</Text>
      <Text> </Text>
      <BigText text={typed || '0'} color={theme.color('accent')} width={width} />
      <Text> </Text>
      <Box>
        <Text bold>{'> '}</Text>
        <TextField value={typed} focus width={Math.max(1, width - 2)} />
      </Box>
      <Box flexGrow={1} />
      <Text dimColor>{fit(t('acct.hint', { cash: letter('cash'), card: letter('card'), cheque: letter('cheque') }), width)}</Text>
    </Box>
  );
}
