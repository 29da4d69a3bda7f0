// Every key of the till (F1) as the shop set them (settings till.keys), one
// key a row, paged when the terminal is too short for them all: the page
// number shows in the title, PgSuiv/PgPréc (or the arrows) turn the pages,
// round and round.
import { Box, Text } from 'ink';
import type { Translate } from './i18n.js';
import { fit, spread, textWidth } from './layout.js';
import { describeKeys, firstKey, TILL_ACTIONS, type KeyMap, type TillAction } from '../core/shop/key-map.js';
import { wrapCursor } from './list-cursor.js';

const LABELS: Record<TillAction, Parameters<Translate>[0]> = {
  help: 'keys.help',
  customer: 'sale.customer',
  search: 'keys.search',
  park: 'keys.park',
  discount: 'keys.discount',
  price: 'keys.price',
  return: 'help.returnKey',
  backoffice: 'keys.backoffice',
  repeat: 'keys.repeat',
  pay: 'keys.pay',
  void: 'keys.void',
  cancel: 'keys.cancel',
  logout: 'keys.logout',
  focus: 'keys.focus',
  nosale: 'keys.nosale',
  reprint: 'keys.reprint',
  accountPayment: 'keys.accountPayment',
  loyalty: 'keys.loyalty',
  history: 'keys.history',
  repeatSale: 'keys.repeatSale',
  owedDrawer: 'keys.owedDrawer',
};

/** Every row of the help: the key (or what to type) and what it does. */
export function helpEntries(t: Translate, keys: KeyMap, locale: 'fr' | 'en'): Array<[string, string]> {
  const first = (action: TillAction) => firstKey(keys, action, locale);
  return [
    ...TILL_ACTIONS.map((action): [string, string] => [describeKeys(keys, action, locale), t(LABELS[action])]),
    [`${t('help.digits')} ${t('key.enter')}`, t('help.barcode')],
    ['3*code  3xcode', t('help.quantity')],
    [t('help.weightExample'), t('help.weighed')],
    ['-code', t('keys.return').toLowerCase()],
    [t('help.receiptCode'), t('return.title').toLowerCase()],
    [`3*  ${t('key.enter')}`, t('help.lineQuantity')],
    [t('help.letters'), t('help.searchByName')],
    [`10%  ${t('help.amountExample')}  ${first('discount')}`, t('help.discount')],
    [`${t('help.priceExample')}  ${first('price')}`, t('help.newPrice')],
    ['↑ ↓ ← →', t('help.arrows')],
    [t('key.pages'), t('keys.category')],
    [t('key.escape'), t('help.escape')],
  ];
}

/** The help cut into pages of `rows` rows. */
export function helpPages(entries: Array<[string, string]>, rows: number): Array<Array<[string, string]>> {
  const per = Math.max(1, rows);
  const pages: Array<Array<[string, string]>> = [];
  for (let i = 0; i < entries.length; i += per) pages.push(entries.slice(i, i + per));
  return pages.length ? pages : [[]];
}

export function HelpScreen(props: { width: number; height: number; t: Translate; locale: 'fr' | 'en'; keys: KeyMap; page?: number }) {
  const { width, t } = props;
  const entries = helpEntries(t, props.keys, props.locale);
  // Title and the closing hint take a row each.
  const pages = helpPages(entries, props.height - 2);
  const n = pages.length;
  // The session counts pages on without bound; the help turns round.
  const index = wrapCursor(props.page ?? 0, 0, n);
  const keyWidth = Math.min(24, Math.max(...entries.map(([key]) => textWidth(key)))) + 2;
  return (
    <Box flexDirection="column" width={width} height={props.height}>
      <Text bold inverse>
        {n > 1 ? spread(` ${t('help.title')}`, `${t('help.page', { n: index + 1, of: n })} `, width) : fit(` ${t('help.title')}`, width)}
      </Text>
      {pages[index]!.map(([key, label]) => (
        <Text key={key}>
          <Text bold>{fit(` ${key}`, keyWidth)}</Text>
          <Text>{fit(label, width - keyWidth)}</Text>
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text dimColor>{fit(n > 1 ? t('help.closePaged', { key: firstKey(props.keys, 'help', props.locale) }) : t('help.close', { key: firstKey(props.keys, 'help', props.locale) }), width)}</Text>
    </Box>
  );
}
