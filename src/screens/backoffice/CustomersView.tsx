// The back office's customers screen, drawn from its state: the list (search
// line, name, code, phone, group, account balance), the customer form, or a
// customer's sales with the chosen sale's lines.
import { Box, Text } from 'ink';
import { customerName } from '../../core/customers/customer-name.js';
import { formatProgress } from '../../core/customers/loyalty.js';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { FieldRow } from '../components/FieldRow.js';
import { HistoryPanel } from '../components/HistoryPanel.js';
import { InputLine } from '../components/InputLine.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import { CUSTOMER_FIELDS } from './customer-form.js';
import type { CustomersState } from './customers-screen.js';
import { windowStart } from '../list-cursor.js';
import { parseConsent } from '../../core/customers/consent.js';
import { localDate } from '../../core/basics/clock.js';
import { frenchDay } from '../../core/basics/calendar.js';

/** The consent toggle in the reader's words, with the date it last changed (set by the program). */
function consentText(value: string, at: string | null, t: Translate, locale: Locale): string {
  const answer = t(parseConsent(value) ? 'bo.c.consentYes' : 'bo.c.consentNo');
  return at ? `${answer} ${t('bo.c.consentAt', { date: locale === 'fr' ? frenchDay(at) : localDate(new Date(at)) })}` : answer;
}

/** The profile's second line, as the till's header shows it: the loyalty card's progress, then the store credit. */
function profileLine(s: NonNullable<CustomersState['sales']>, locale: Locale, t: Translate): string {
  const card = s.loyalty
    ? `${t('bo.c.loyalty', { progress: formatProgress(s.loyalty.criterion, s.loyalty.progress, s.loyalty.threshold, locale) })}${s.loyalty.complete ? t('bo.c.loyaltyComplete') : ''}`
    : t('bo.c.loyaltyOff');
  return `${card} · ${t('bo.c.credit', { credit: formatMoney(s.storeCredit, locale) })}`;
}

/** The key hints of the customers screen's current view. */
export function customersHint(state: CustomersState | null): MessageKey {
  if (state?.view === 'form') return 'bo.h.customerForm';
  if (state?.view === 'sales') return 'bo.h.customerSales';
  return 'bo.h.customers';
}

export function CustomersView(props: { state: CustomersState; width: number; height: number; locale: Locale; t: Translate }) {
  const { state, width, height, locale, t } = props;
  if (state.view === 'form' && state.form) {
    const form = state.form;
    return (
      <Box flexDirection="column">
        <Text bold>{fit(form.customerId === null ? t('bo.c.new') : t('bo.c.edit'), width)}</Text>
        {CUSTOMER_FIELDS.map((key, i) => (
          <FieldRow key={key} label={t(`bo.c.f.${key}`)} labelWidth={26} value={key === 'consent' ? consentText(form.values.consent, form.consentAt ?? null, t, locale) : form.values[key]} active={i === form.index} width={width} />
        ))}
      </Box>
    );
  }
  if (state.view === 'sales' && state.sales) {
    const s = state.sales;
    return (
      <Box flexDirection="column">
        <Text>
          {fit(
            t('bo.c.summary', { n: s.saleCount, spent: formatMoney(s.spent, locale), balance: formatMoney(s.balance, locale) }),
            width,
          )}
        </Text>
        <Text>{fit(profileLine(s, locale, t), width)}</Text>
        {s.sales.length === 0 ? (
          <Text dimColor>{t('history.none', { name: customerName(s.customer) })}</Text>
        ) : (
          <HistoryPanel name={customerName(s.customer)} sales={s.sales} index={s.index} width={width} height={height - 2} locale={locale} t={t} hint={null} />
        )}
      </Box>
    );
  }
  const room = Math.max(1, height - 2);
  const start = windowStart(state.index, state.rows.length, room);
  const columns = (name: string, code: string, phone: string, group: string) =>
    `${fit(name, Math.max(12, width - 60))} ${fit(code, 14)} ${fit(phone, 15)} ${fit(group, 16)}`;
  return (
    <Box flexDirection="column">
      <InputLine prompt={t('bo.c.search')} value={state.query} width={width} />
      <Text dimColor>{spread(columns(t('bo.c.name'), t('bo.c.code'), t('bo.c.phone'), t('bo.c.group')), fit(t('bo.c.balance'), 11), width)}</Text>
      {state.rows.slice(start, start + room - 1).map((r, i) => (
        <Text key={r.customer.id} inverse={start + i === state.index} dimColor={!r.customer.active}>
          {spread(columns(customerName(r.customer), r.customer.code, r.customer.phone, r.group), formatMoney(r.balance, locale).padStart(11), width)}
        </Text>
      ))}
      {state.rows.length === 0 ? <Text dimColor>{t(state.query ? 'bo.c.noneFound' : 'bo.c.none')}</Text> : null}
    </Box>
  );
}
