// The back office, drawn from its session's state: a menu of screens, the
// settings form and the read-only sales journal (list and one sale).
import { Box, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { shortHash } from '../../core/fiscal/journal.js';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { PAYMENT_LABELS } from '../../core/sales/payment.js';
import { formatQuantity } from '../../core/basics/quantity.js';
import type { Sale } from '../../core/sales/sales.service.js';
import { formatRate } from '../../core/catalogue/vat.js';
import { FieldRow } from '../components/FieldRow.js';
import { InputLine } from '../components/InputLine.js';
import { fit, spread } from '../layout.js';
import type { MessageKey, Translate } from '../i18n.js';
import type { Theme } from '../theme.js';
import { MENU, MENU_LABELS, type BackOfficeSession, type BackOfficeState } from './backoffice-session.js';
import { ArticlesView, articlesHint, CategoriesView, categoriesHint } from './ArticlesView.js';
import { CustomersView, customersHint } from './CustomersView.js';
import { StockView, stockHint } from './StockView.js';
import { OrdersView, ordersHint } from './OrdersView.js';
import { StaffView, staffHint } from './StaffView.js';
import { PermissionsView, permissionsHint } from './PermissionsView.js';
import { ReportsView, reportsHint } from './ReportsView.js';
import { ClosingsView, closingsHint } from './ClosingsView.js';
import { LoyaltyView, loyaltyHint } from './LoyaltyView.js';
import { GroupsView, groupsHint } from './GroupsView.js';
import { TransfersView, transfersHint } from './TransfersView.js';
import { windowStart } from '../list-cursor.js';

function Title({ text, width }: { text: string; width: number }) {
  return (
    <Text bold inverse>
      {fit(` ${text}`, width)}
    </Text>
  );
}

function SaleDetail({ sale, width, locale, t }: { sale: Sale; width: number; locale: Locale; t: Translate }) {
  const m = (c: number) => formatMoney(c, locale, { symbol: false });
  return (
    <Box flexDirection="column">
      <Text>{spread(t('bo.j.sale', { n: sale.number, till: sale.tillId }), sale.localTime.replace('T', ' '), width)}</Text>
      <Text dimColor>{fit(t('bo.j.hashes', { hash: shortHash(sale.hash), previous: shortHash(sale.prevHash), grandTotal: m(sale.grandTotal) }), width)}</Text>
      <Text> </Text>
      {sale.lines.map((l) => (
        <Text key={l.lineNo}>
          {spread(`${formatQuantity(l.quantity, l.unit, locale)} ${l.name} ${t('bo.j.at')} ${m(l.unitPrice)}${l.lineDiscount ? ` (${t('keys.discount').toLowerCase()} ${m(l.lineDiscount)})` : ''}`, m(l.total), width)}
        </Text>
      ))}
      <Text bold>{spread('TOTAL', formatMoney(sale.total, locale), width)}</Text>
      {sale.taxes.map((tax) => (
        <Text key={tax.rateBp} dimColor>
          {spread(t('bo.j.vatOn', { rate: formatRate(tax.rateBp, locale), base: m(tax.base) }), m(tax.tax), width)}
        </Text>
      ))}
      {sale.payments.map((p) => (
        <Text key={p.lineNo}>{spread(`${PAYMENT_LABELS[p.method][locale]}${p.reference ? ` ${p.reference}` : ''}`, m(p.tendered), width)}</Text>
      ))}
      {sale.changeGiven ? <Text>{spread(t('sale.change'), m(sale.changeGiven), width)}</Text> : null}
    </Box>
  );
}

function Body({ state, width, height, locale, t }: { state: BackOfficeState; width: number; height: number; locale: Locale; t: Translate }) {
  switch (state.view) {
    case 'login':
      return (
        <Box flexDirection="column">
          <Text>{t('bo.managerPin')}</Text>
          <FieldRow label="PIN" labelWidth={3} value={state.pin} active width={40} mask="•" />
        </Box>
      );
    case 'menu':
      return (
        <Box flexDirection="column">
          {MENU.map((entry, i) => (
            <Text key={entry} inverse={i === state.menuIndex} dimColor={!MENU_LABELS[entry].ready}>
              {fit(`  ${t(MENU_LABELS[entry].title)}${MENU_LABELS[entry].ready ? '' : t('bo.next')}`, Math.min(width, 50))}
            </Text>
          ))}
          {state.weakPins.length > 0 ? (
            <>
              <Text> </Text>
              <Text color="yellow" bold>{fit(t('bo.weakPins', { n: state.weakPins.length }), width)}</Text>
              <Text color="yellow">{fit(state.weakPins.join(', '), width)}</Text>
            </>
          ) : null}
        </Box>
      );
    case 'unavailable': {
      const entry = MENU[state.menuIndex]!;
      return <Text>{t('bo.unavailable', { name: t(MENU_LABELS[entry].title) })}</Text>;
    }
    case 'settings':
      return (
        <Box flexDirection="column">
          {state.fields.map((f, i) => {
            const editing = i === state.fieldIndex ? state.editing : null;
            // The chosen line is inverse until Enter opens it; then its TextField takes the typing.
            return editing === null ? (
              <Text key={f.id} inverse={i === state.fieldIndex}>
                {fit(`${fit(f.label, 32)} ${f.value}`, width)}
              </Text>
            ) : (
              <FieldRow key={f.id} label={f.label} labelWidth={32} value={editing} active width={width} />
            );
          })}
        </Box>
      );
    case 'journal': {
      const room = Math.max(1, height - 2);
      const start = windowStart(state.saleIndex, state.sales.length, room);
      return (
        <Box flexDirection="column">
          <InputLine prompt={t('bo.search')} value={state.query} width={width} />
          {state.sales.slice(start, start + room).map((s, i) => (
            <Text key={s.id} inverse={start + i === state.saleIndex} color={s.total < 0 ? 'magenta' : undefined}>
              {spread(`${String(s.number).padStart(6)}  ${s.localTime.replace('T', ' ').slice(0, 16)}  ${s.employeeName}  ${s.lineCount} l.`, formatMoney(s.total, locale), width)}
            </Text>
          ))}
          {state.sales.length === 0 ? <Text dimColor>{t('bo.noSale')}</Text> : null}
        </Box>
      );
    }
    case 'sale':
      return state.sale ? <SaleDetail sale={state.sale} width={width} locale={locale} t={t} /> : null;
    case 'customers':
      return state.customers ? <CustomersView state={state.customers} width={width} height={height} locale={locale} t={t} /> : null;
    case 'articles':
      return state.articles ? <ArticlesView state={state.articles} width={width} height={height} locale={locale} t={t} /> : null;
    case 'categories':
      return state.categories ? <CategoriesView state={state.categories} width={width} locale={locale} t={t} /> : null;
    case 'stock':
      return state.stock ? <StockView state={state.stock} width={width} height={height} locale={locale} /> : null;
    case 'orders':
      return state.orders ? <OrdersView state={state.orders} width={width} height={height} locale={locale} t={t} /> : null;
    case 'staff':
      return state.staff ? <StaffView state={state.staff} width={width} height={height} locale={locale} t={t} /> : null;
    case 'permissions':
      return state.permissions ? <PermissionsView state={state.permissions} width={width} height={height} t={t} /> : null;
    case 'reports':
      return state.reports ? <ReportsView state={state.reports} width={width} height={height} t={t} /> : null;
    case 'closings':
      return state.closings ? <ClosingsView state={state.closings} width={width} height={height} locale={locale} t={t} /> : null;
    case 'loyalty':
      return state.loyalty ? <LoyaltyView state={state.loyalty} width={width} locale={locale} t={t} /> : null;
    case 'groups':
      return state.groups ? <GroupsView state={state.groups} width={width} height={height} locale={locale} t={t} /> : null;
    case 'transfers':
      return state.transfers ? <TransfersView state={state.transfers} width={width} height={height} locale={locale} t={t} /> : null;
  }
}

const HINTS: Record<BackOfficeState['view'], MessageKey> = {
  login: 'bo.h.login',
  menu: 'bo.h.menu',
  unavailable: 'bo.h.unavailable',
  settings: 'bo.h.settings',
  journal: 'bo.h.journal',
  sale: 'bo.h.sale',
  customers: 'bo.h.customers',
  articles: 'bo.h.articles',
  categories: 'bo.h.categories',
  stock: 'bo.h.menu',
  orders: 'bo.h.orders',
  staff: 'bo.h.staff',
  permissions: 'bo.h.permissions',
  reports: 'bo.h.reports',
  closings: 'bo.h.closings',
  loyalty: 'bo.h.loyalty',
  groups: 'bo.h.groups',
  transfers: 'bo.h.transfers',
};

export function BackOfficeScreen(props: { session: BackOfficeSession; width: number; height: number; theme: Theme; locale: Locale; shopName: string }) {
  const state = useSyncExternalStore(props.session.subscribe, props.session.getState);
  const { width, height, theme } = props;
  const t = props.session.t;
  const titles: Record<BackOfficeState['view'], string> = {
    login: t('bo.title'),
    menu: t('bo.title'),
    unavailable: t('bo.title'),
    settings: t('bo.settings'),
    journal: t('bo.journal'),
    sale: t('bo.journal'),
    customers: t('bo.customers'),
    articles: t('bo.articles'),
    categories: t('bo.categories'),
    stock: t('bo.stock'),
    orders: t('bo.orders'),
    staff: t('bo.staff'),
    permissions: t('bo.permissions'),
    reports: t('bo.reports'),
    closings: t('bo.closings'),
    loyalty: t('bo.loyalty'),
    groups: t('bo.groups'),
    transfers: t('bo.transfers'),
  };
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Title text={`${props.shopName} · ${titles[state.view]}${state.employee ? ` · ${state.employee.name}` : ''}`} width={width} />
      <Box flexDirection="column" height={height - 3} overflow="hidden">
        <Body state={state} width={width} height={height - 3} locale={props.locale} t={t} />
      </Box>
      <Text color={state.message ? theme.color(state.message.kind) : undefined} bold={state.message?.kind === 'error'}>
        {fit(state.message?.text ?? '', width)}
      </Text>
      <Text dimColor>
        {fit(
          state.view === 'stock'
            ? stockHint(state.stock, props.locale)
            : t(state.view === 'customers' ? customersHint(state.customers) : state.view === 'articles' ? articlesHint(state.articles) : state.view === 'categories' ? categoriesHint(state.categories) : state.view === 'orders' ? ordersHint(state.orders) : state.view === 'staff' ? staffHint(state.staff) : state.view === 'permissions' ? permissionsHint(state.permissions) : state.view === 'reports' ? reportsHint(state.reports) : state.view === 'closings' ? closingsHint(state.closings) : state.view === 'loyalty' ? loyaltyHint(state.loyalty) : state.view === 'groups' ? groupsHint(state.groups) : state.view === 'transfers' ? transfersHint(state.transfers) : HINTS[state.view]),
          width,
        )}
      </Text>
    </Box>
  );
}
