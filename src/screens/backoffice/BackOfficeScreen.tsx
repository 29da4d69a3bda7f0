// The back office, drawn from its session's state: a menu of screens, the
// settings form and the read-only sales journal (list and one sale).
import { Box, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { shortHash } from '../../core/journal.js';
import { formatMoney, type Locale } from '../../core/money.js';
import { PAYMENT_LABELS } from '../../core/payment.js';
import { formatQuantity } from '../../core/quantity.js';
import type { Sale } from '../../core/sales.js';
import { formatRate } from '../../core/vat.js';
import { InputLine } from '../components/InputLine.js';
import { fit, spread } from '../layout.js';
import type { Theme } from '../theme.js';
import { MENU, MENU_LABELS, type BackOfficeSession, type BackOfficeState } from './backoffice-session.js';

function Title({ text, width }: { text: string; width: number }) {
  return (
    <Text bold inverse>
      {fit(` ${text}`, width)}
    </Text>
  );
}

function SaleDetail({ sale, width, locale }: { sale: Sale; width: number; locale: Locale }) {
  const m = (c: number) => formatMoney(c, locale, { symbol: false });
  return (
    <Box flexDirection="column">
      <Text>{spread(`Vente n° ${sale.number} · caisse ${sale.tillId}`, sale.localTime.replace('T', ' '), width)}</Text>
      <Text dimColor>{fit(`Empreinte ${shortHash(sale.hash)} · précédente ${shortHash(sale.prevHash)} · grand total ${m(sale.grandTotal)}`, width)}</Text>
      <Text> </Text>
      {sale.lines.map((l) => (
        <Text key={l.lineNo}>
          {spread(`${formatQuantity(l.quantity, l.unit, locale)} ${l.name} à ${m(l.unitPrice)}${l.lineDiscount ? ` (remise ${m(l.lineDiscount)})` : ''}`, m(l.total), width)}
        </Text>
      ))}
      <Text bold>{spread('TOTAL', formatMoney(sale.total, locale), width)}</Text>
      {sale.taxes.map((t) => (
        <Text key={t.rateBp} dimColor>
          {spread(`TVA ${formatRate(t.rateBp, locale)} sur ${m(t.base)}`, m(t.tax), width)}
        </Text>
      ))}
      {sale.payments.map((p) => (
        <Text key={p.lineNo}>{spread(`${PAYMENT_LABELS[p.method][locale]}${p.reference ? ` ${p.reference}` : ''}`, m(p.tendered), width)}</Text>
      ))}
      {sale.changeGiven ? <Text>{spread('Rendu', m(sale.changeGiven), width)}</Text> : null}
    </Box>
  );
}

function Body({ state, width, height, locale }: { state: BackOfficeState; width: number; height: number; locale: Locale }) {
  switch (state.view) {
    case 'login':
      return (
        <Box flexDirection="column">
          <Text>Code PIN d'un responsable (gérant ou patron)</Text>
          <InputLine prompt="PIN" value={state.pin} width={40} mask />
        </Box>
      );
    case 'menu':
      return (
        <Box flexDirection="column">
          {MENU.map((entry, i) => (
            <Text key={entry} inverse={i === state.menuIndex} dimColor={!MENU_LABELS[entry].ready}>
              {fit(`  ${MENU_LABELS[entry][locale]}${MENU_LABELS[entry].ready ? '' : locale === 'fr' ? ' (prochaine version)' : ' (next version)'}`, Math.min(width, 50))}
            </Text>
          ))}
        </Box>
      );
    case 'unavailable': {
      const entry = MENU[state.menuIndex]!;
      return <Text>{`${MENU_LABELS[entry][locale]} : cet écran arrive dans une prochaine version. Entrée ou Échap pour revenir.`}</Text>;
    }
    case 'settings':
      return (
        <Box flexDirection="column">
          {state.fields.map((f, i) => (
            <Text key={f.id} inverse={i === state.fieldIndex && state.editing === null}>
              {fit(`${fit(f.label, 32)} ${i === state.fieldIndex && state.editing !== null ? `${state.editing}█` : f.value}`, width)}
            </Text>
          ))}
        </Box>
      );
    case 'journal': {
      const room = Math.max(1, height - 2);
      const start = Math.max(0, Math.min(state.saleIndex - Math.floor(room / 2), state.sales.length - room));
      return (
        <Box flexDirection="column">
          <InputLine prompt="Recherche (n°, jour, mois)" value={state.query} width={width} />
          {state.sales.slice(start, start + room).map((s, i) => (
            <Text key={s.id} inverse={start + i === state.saleIndex} color={s.total < 0 ? 'magenta' : undefined}>
              {spread(`${String(s.number).padStart(6)}  ${s.localTime.replace('T', ' ').slice(0, 16)}  ${s.employeeName}  ${s.lineCount} l.`, formatMoney(s.total, locale), width)}
            </Text>
          ))}
          {state.sales.length === 0 ? <Text dimColor>Aucune vente</Text> : null}
        </Box>
      );
    }
    case 'sale':
      return state.sale ? <SaleDetail sale={state.sale} width={width} locale={locale} /> : null;
  }
}

const HINTS: Record<BackOfficeState['view'], string> = {
  login: 'Entrée valider · Échap quitter',
  menu: '↑↓ choisir · Entrée ouvrir · Échap quitter',
  unavailable: 'Échap revenir',
  settings: '↑↓ choisir · Entrée modifier puis Entrée enregistrer · Échap revenir',
  journal: 'tapez un n° ou une date · ↑↓ PgPréc PgSuiv · Entrée ouvrir · Échap revenir',
  sale: 'Échap revenir à la liste',
};

export function BackOfficeScreen(props: { session: BackOfficeSession; width: number; height: number; theme: Theme; locale: Locale; shopName: string }) {
  const state = useSyncExternalStore(props.session.subscribe, props.session.getState);
  const { width, height, theme } = props;
  const titles: Record<BackOfficeState['view'], string> = {
    login: 'Gestion',
    menu: 'Gestion',
    unavailable: 'Gestion',
    settings: 'Paramètres',
    journal: 'Journal des ventes (lecture seule)',
    sale: 'Journal des ventes (lecture seule)',
  };
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Title text={`${props.shopName} · ${titles[state.view]}${state.employee ? ` · ${state.employee.name}` : ''}`} width={width} />
      <Box flexDirection="column" height={height - 3} overflow="hidden">
        <Body state={state} width={width} height={height - 3} locale={props.locale} />
      </Box>
      <Text color={state.message ? theme.color(state.message.kind) : undefined} bold={state.message?.kind === 'error'}>
        {fit(state.message?.text ?? '', width)}
      </Text>
      <Text dimColor>{fit(HINTS[state.view], width)}</Text>
    </Box>
  );
}
