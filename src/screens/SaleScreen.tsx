// The sale screen: header, category tabs, the article grid (or the search
// results, the parked tickets, the payment) beside the ticket, then the input
// line, the status bar and the key hints. Fits 80x24 and uses larger terminals.
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { customerName } from '../core/customers/customer-name.js';
import { formatMoney, type Locale } from '../core/basics/money.js';
import { describeKey, type KeyMap, type TillAction } from '../core/shop/key-map.js';
import { AccountPaymentPanel, accountBadge } from './components/AccountPanel.js';
import { ArticleGrid } from './components/ArticleGrid.js';
import { bigAmount } from './big-digits.js';
import { BigText } from './components/BigText.js';
import { CategoryTabs } from './components/CategoryTabs.js';
import { Header } from './components/Header.js';
import { loyaltyBadge } from '../till/loyalty-badge.js';
import { HistoryPanel } from './components/HistoryPanel.js';
import { InputLine } from './components/InputLine.js';
import { KeyHints } from './components/KeyHints.js';
import { PaymentPanel } from './components/PaymentPanel.js';
import { PickList } from './components/PickList.js';
import { StatusBar } from './components/StatusBar.js';
import { TicketPanel } from './components/TicketPanel.js';
import type { Translate } from './i18n.js';
import { tillLabel } from './till-name.js';
import { fit, type SaleLayout } from './layout.js';
import type { Theme } from './theme.js';
import type { TillState } from '../till/state.js';
import { TextField } from './components/TextField.js';
import { firstKey } from '../core/shop/key-map.js';

function clockText(now: Date, locale: Locale): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = locale === 'fr' ? `${pad(now.getDate())}/${pad(now.getMonth() + 1)}` : `${pad(now.getMonth() + 1)}/${pad(now.getDate())}`;
  return `${date} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

function LeftPanel(props: { state: TillState; layout: SaleLayout; theme: Theme; locale: Locale; t: Translate }) {
  const { state, layout, theme, locale, t } = props;
  const width = layout.gridWidth;
  const height = layout.mainHeight;
  if (state.screen === 'payment' && state.payment) {
    return <PaymentPanel payment={state.payment} tenders={state.tenders} keys={state.keys} width={width} height={height} theme={theme} locale={locale} t={t} />;
  }
  if (state.screen === 'account-payment' && state.customer) {
    return <AccountPaymentPanel state={state} width={width} height={height} theme={theme} locale={locale} t={t} />;
  }
  if (state.screen === 'customer' && state.newCustomer) {
    const form = state.newCustomer;
    const labels = [t('sale.firstName'), t('sale.lastName'), t('sale.phone')];
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text bold>{t('sale.newCustomer')}</Text>
        {labels.map((label, i) => (
          <Box key={label} width={width}>
            <Text inverse={i === form.index}>{`${fit(label, 12)} `}</Text>
            <TextField value={form.fields[i]} focus={i === form.index} width={Math.max(1, width - 13)} />
          </Box>
        ))}
        <Text>{fit(`${fit(t('sale.consent'), 12)} ${t(form.consent ? 'bo.c.consentYes' : 'bo.c.consentNo')}`, width)}</Text>
        <Box flexGrow={1} />
        <Text dimColor>{fit(t('sale.newCustomerHint'), width)}</Text>
      </Box>
    );
  }
  if (state.screen === 'customer' && state.customerSearch) {
    const cs = state.customerSearch;
    const items = cs.results.map((c) => ({ key: String(c.id), left: customerName(c), right: `${c.phone}  ${c.code}` }));
    if (cs.query.trim()) items.push({ key: 'new', left: `+ ${t('sale.addCustomer', { q: cs.query.trim() })}`, right: '' });
    return (
      <PickList
        title={`${t('sale.customerTitleQuery', { q: cs.query })}█`}
        hint={t('sale.customerHint')}
        items={items}
        index={cs.index}
        width={width}
        height={height}
        empty={cs.query ? t('sale.noCustomerFound', { q: cs.query }) : t('sale.customerHint')}
      />
    );
  }
  if (state.screen === 'history' && state.history) {
    return (
      <HistoryPanel
        name={state.customer ? customerName(state.customer.customer) : ''}
        sales={state.history.sales}
        index={state.history.index}
        width={width}
        height={height}
        locale={locale}
        t={t}
      />
    );
  }
  if (state.screen === 'parked') {
    return (
      <PickList
        title={t('sale.parkedTitle')}
        hint={t('sale.searchHint')}
        items={state.parked.map((p) => ({
          key: p.id,
          left: `${new Date(p.parkedAt).toLocaleTimeString(locale === 'fr' ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit' })}  ${p.label || t('history.lines', { n: p.lineCount })}`,
          right: formatMoney(p.total, locale),
        }))}
        index={state.parkedIndex}
        width={width}
        height={height}
        empty={t('sale.noParked')}
      />
    );
  }
  if (state.search) {
    return (
      <PickList
        title={t('sale.searchTitle', { q: state.search.query })}
        hint={t('sale.searchHint')}
        items={state.search.results.map((a) => ({
          key: String(a.id),
          left: a.name,
          right: `${formatMoney(a.price, locale)}${a.unit === 'kg' ? '/kg' : ''}`,
          dim: a.trackStock && a.stockQty <= 0,
        }))}
        index={state.search.index}
        width={width}
        height={height}
        empty={t('sale.noResult', { q: state.search.query })}
      />
    );
  }
  if (state.lastSale) {
    const { change, total } = state.lastSale;
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text bold>{t('sale.saleDone', { n: state.lastSale.number })}</Text>
        <Text>{`${t('sale.total')} ${formatMoney(total, locale)}`}</Text>
        <Text> </Text>
        {change > 0 ? (
          <>
            <Text bold>{t('sale.change')}</Text>
            <BigText text={bigAmount(change, locale)} color={theme.color('success')} width={width} />
          </>
        ) : null}
      </Box>
    );
  }
  const category = state.categories[state.categoryIndex];
  return (
    <ArticleGrid
      articles={state.gridArticles}
      offset={state.gridOffset}
      count={state.gridCount}
      color={category?.color ?? 'white'}
      cursor={state.gridCursor}
      layout={layout}
      level={theme.level}
      locale={locale}
      active={state.focus === 'grid'}
    />
  );
}

/** The key hints of the bottom line: each action's first key as the shop set it, Ctrl written ^ to save room. */
function keyHints(keys: KeyMap, now: { paying: boolean; hasCustomer: boolean; loyaltyFirst: boolean }, locale: Locale, t: Translate): Array<[string, string]> {
  const key = (action: TillAction) => describeKey(keys.actions[action][0]!, locale).replace(/^Ctrl\+/, '^');
  const hints: Array<[string, string]> = now.paying
    ? [[t('key.escape'), t('sale.ticket')]]
    : [
        [key('help'), t('keys.help')],
        ...(now.hasCustomer ? ([[key('history'), t('keys.history')]] as Array<[string, string]>) : []),
        [key('park'), t('keys.park')],
        [key('discount'), t('keys.discount')],
        [key('price'), t('keys.price')],
        [key('return'), t('keys.return')],
        [key('pay'), t('keys.pay')],
        [key('void'), t('keys.void')],
        [key('focus'), t('keys.focus')],
        [key('cancel'), t('keys.cancel')],
        [key('logout'), t('keys.logout')],
      ];
  // A complete loyalty card puts its key first, where the cashier looks.
  return now.loyaltyFirst ? [[key('loyalty'), t('keys.loyalty')], ...hints] : hints;
}

export function SaleScreen(props: { state: TillState; layout: SaleLayout; theme: Theme; locale: Locale; t: Translate; now: Date }) {
  const { state, layout, theme, locale, t } = props;
  const pinPrompt = state.screen === 'manager-pin';
  const paying = state.screen === 'payment' || state.screen === 'account-payment';
  const hasCustomer = Boolean(state.customer);
  const loyaltyFirst = state.screen !== 'payment' && Boolean(state.loyalty?.complete && !state.loyalty.reward);
  // Built again only when one of these changes: KeyHints (memo) is left alone by the input line's keys.
  // The owed drawer with the shop's key for it, kept the same object while neither changes (StatusBar is memo).
  const owed = state.drawerOwed;
  const drawerOwed = useMemo(() => (owed ? { saleNumber: owed.saleNumber, key: firstKey(state.keys, 'owedDrawer', locale) } : null), [owed, state.keys, locale]);
  const hints = useMemo(() => keyHints(state.keys, { paying, hasCustomer, loyaltyFirst }, locale, t), [state.keys, paying, hasCustomer, loyaltyFirst, locale, t]);
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <Header
        shop={state.shopName}
        till={tillLabel(state.tillName, t)}
        cashier={state.employee?.name ?? ''}
        customer={t('sale.customerSlot', { name: state.customer ? `${customerName(state.customer.customer)} (${state.customer.group})` : t('sale.noCustomer') })}
        loyalty={state.loyalty ? loyaltyBadge(state.loyalty, t) : undefined}
        account={accountBadge(state.account, t, locale)}
        clock={clockText(props.now, locale)}
        width={layout.width}
      />
      <CategoryTabs categories={state.categories} index={state.categoryIndex} width={layout.width} level={theme.level} />
      <Box flexDirection="row" height={layout.mainHeight}>
        <LeftPanel state={state} layout={layout} theme={theme} locale={locale} t={t} />
        <Box width={1} />
        <TicketPanel
          ticket={state.ticket}
          totals={state.totals}
          selected={state.selectedLine}
          width={layout.ticketWidth}
          height={layout.mainHeight}
          theme={theme}
          locale={locale}
          t={t}
          focused={state.focus === 'ticket'}
        />
      </Box>
      {pinPrompt ? (
        <InputLine prompt={t('sale.approvalPrompt', { action: state.pending?.label ?? '' })} value={state.pin} width={layout.width} mask />
      ) : state.screen === 'confirm-cancel' ? (
        <Text bold color={theme.color('error')}>
          {fit(t('sale.cancelAsk'), layout.width)}
        </Text>
      ) : (
        <InputLine prompt=">" value={state.screen === 'payment' || state.screen === 'account-payment' ? '' : state.input} width={layout.width} />
      )}
      <StatusBar printer={state.printer} databaseOk={state.database.ok} offline={state.offline} scanner={state.scanner} scale={state.scale} message={state.message} alert={state.loyaltyAlert} drawerOwed={drawerOwed} width={layout.width} theme={theme} t={t} />
      <KeyHints hints={hints} width={layout.width} />
    </Box>
  );
}
