// Device and database state, and the last message (errors in red with the bell).
import { Text } from 'ink';
import { memo } from 'react';
import type { Translate } from '../i18n.js';
import { fit, textWidth } from '../layout.js';
import type { Theme } from '../theme.js';
import type { Message } from '../../till/state.js';

export const StatusBar = memo(function StatusBar(props: {
  printer: { description: string; ok: boolean; error: string | null; queued: number; drawerOpen?: boolean | null };
  databaseOk: boolean;
  /** selling through an outage: "hors ligne · 3 vente(s) en attente" replaces the database state */
  offline?: { offline: boolean; pending: number; cacheProblem?: string | null } | null;
  scanner?: { connected: boolean } | null;
  /** the serial scale: ok, unplugged, or in error since it last failed to answer (the message said why) */
  scale?: { connected: boolean; error: string | null } | null;
  message: Message | null;
  /** an alert that must be seen (loyalty card complete): replaces the message, bold and inverse */
  alert?: string | null;
  /** a cash sale's drawer that did not open: said first, so it stays readable at 80 columns */
  /** a cash sale's drawer still owed, and the key that opens it as the shop set it */
  drawerOwed?: { saleNumber: number; key: string } | null;
  width: number;
  theme: Theme;
  t: Translate;
}) {
  const { printer, t, theme } = props;
  const printerText =
    printer.description === 'none' ? `${t('status.printer')} ${t('status.none')}` : `${t('status.printer')} ${printer.ok ? t('status.ok') : `${t('status.error')} (${printer.error ?? ''})`}`;
  const offline = props.offline;
  const dbText =
    offline && (offline.offline || offline.pending > 0)
      ? `${t('status.offline')} · ${t('status.offlinePending', { n: offline.pending })}`
      : `${t('status.db')} ${props.databaseOk ? t('status.ok') : t('status.error')}${offline?.cacheProblem ? ` (${t('status.offlineCopyStale')})` : ''}`;
  const queued = printer.queued > 0 ? ` (${t('status.queued', { n: printer.queued })})` : '';
  const drawer = printer.drawerOpen === null || printer.drawerOpen === undefined ? '' : ` · ${printer.drawerOpen ? t('status.drawerOpen') : t('status.drawerClosed')}`;
  const scannerText = props.scanner ? ` · ${t('status.scanner')} ${props.scanner.connected ? t('status.ok') : t('status.unplugged')}` : '';
  const scale = props.scale;
  const scaleText = scale ? ` · ${t('status.scale')} ${!scale.connected ? t('status.scaleUnplugged') : scale.error ? t('status.error') : t('status.ok')}` : '';
  const scaleOk = !scale || (scale.connected && !scale.error);
  const devices = `${printerText}${queued}${drawer}${scannerText}${scaleText} · ${dbText} · `;
  const message = props.message;
  const color = message ? theme.color(message.kind) : undefined;
  const owed = props.drawerOwed ? `${t('sale.drawerOwed', { n: props.drawerOwed.saleNumber, key: props.drawerOwed.key })} · ` : '';
  const width = Math.max(0, props.width - owed.length);
  // A message (or an alert) always wins: the device summary keeps its place
  // only when both fit whole, else it gives way until the message is gone.
  const said = props.alert ?? message?.text ?? '';
  const devicesShown = said && textWidth(devices) + textWidth(said) > width ? '' : devices;
  return (
    <Text>
      {owed ? (
        <Text color={theme.color('error')} bold inverse={theme.level === 'none'}>
          {fit(owed, Math.min(owed.length, props.width))}
        </Text>
      ) : null}
      <Text
        color={printer.ok && props.databaseOk && props.scanner?.connected !== false && scaleOk ? theme.color('muted') : theme.color('error')}
        bold={!printer.ok || !props.databaseOk || props.scanner?.connected === false || !scaleOk}
      >
        {fit(devicesShown, Math.min(devicesShown.length, width))}
      </Text>
      {props.alert ? (
        <Text color={theme.color('accent')} bold inverse>
          {fit(props.alert, Math.max(0, width - devicesShown.length))}
        </Text>
      ) : (
        <Text color={color} bold={message?.kind === 'error'} inverse={message?.kind === 'error' && theme.level === 'none'}>
          {fit(message?.text ?? '', Math.max(0, width - devicesShown.length))}
        </Text>
      )}
    </Text>
  );
});
