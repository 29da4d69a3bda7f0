// Every key of the till on one screen (F1).
import { Box, Text } from 'ink';
import type { Translate } from './i18n.js';
import { fit } from './layout.js';
import { KEYMAP, type Action } from './till-session.js';

const LABELS: Record<Action, Parameters<Translate>[0]> = {
  help: 'keys.help',
  customer: 'sale.customer',
  search: 'keys.search',
  park: 'keys.park',
  discount: 'keys.discount',
  price: 'keys.price',
  return: 'keys.return',
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

export function keyLabel(k: (typeof KEYMAP)[number]): string {
  const parts: string[] = [];
  if (k.fkey) parts.push(k.fkey === 'delete' ? 'Suppr' : k.fkey === 'tab' ? 'Tab' : k.fkey.toUpperCase());
  if (k.ctrl) parts.push(`Ctrl+${k.ctrl.toUpperCase()}`);
  if (k.alt) parts.push(`Alt+${k.alt}`);
  return parts.join(' / ');
}

export function HelpScreen(props: { width: number; height: number; t: Translate; locale: 'fr' | 'en' }) {
  const { width, t } = props;
  const fr = props.locale === 'fr';
  const entries: Array<[string, string]> = [
    ...KEYMAP.map((k): [string, string] => [keyLabel(k), t(LABELS[k.action])]),
    [fr ? 'chiffres Entrée' : 'digits Enter', fr ? 'code-barres ou PLU' : 'barcode or PLU'],
    ['3*code  3xcode', fr ? 'quantité' : 'quantity'],
    ['1,250*code', fr ? 'article pesé (kg)' : 'weighed article (kg)'],
    ['-code', fr ? 'retour' : 'return'],
    ['3*  Entrée', fr ? 'quantité de la ligne choisie' : 'quantity of the selected line'],
    [fr ? 'lettres' : 'letters', fr ? 'recherche par nom' : 'search by name'],
    ['10%  2,50  F6', fr ? 'remise (ligne choisie ou ticket)' : 'discount (selected line or ticket)'],
    ['12,50  F7', fr ? 'nouveau prix' : 'new price'],
    ['↑ ↓ ← →', fr ? 'grille ou ticket' : 'grid or ticket'],
    [fr ? 'PgPréc PgSuiv' : 'PgUp PgDn', t('keys.category')],
    [fr ? 'Échap' : 'Esc', fr ? 'efface, revient en arrière' : 'clear, back out'],
  ];
  const half = Math.ceil(entries.length / 2);
  const colWidth = Math.floor(width / 2);
  return (
    <Box flexDirection="column" width={width} height={props.height}>
      <Text bold inverse>
        {fit(` ${t('help.title')}`, width)}
      </Text>
      <Box flexDirection="row">
        {[entries.slice(0, half), entries.slice(half)].map((col, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {col.map(([key, label]) => (
              <Text key={key}>
                <Text bold>{fit(key, 18)}</Text>
                <Text>{fit(label, colWidth - 19)}</Text>
              </Text>
            ))}
          </Box>
        ))}
      </Box>
      <Box flexGrow={1} />
      <Text dimColor>{t('help.close')}</Text>
    </Box>
  );
}
