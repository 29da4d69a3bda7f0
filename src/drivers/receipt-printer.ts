// The receipt printer as the till sees it: something that takes ESC/POS bytes
// and kicks the cash drawer. Adapters decide how bytes reach the device; the
// file adapter appends them to a file (receipts captured for tests, or a
// printer exposed as a device file such as /dev/usb/lp0).
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DEFAULT_DRAWER_PULSE, drawerKick, type DrawerPulse } from './escpos.js';
import { UncertainPrintError, type SendHooks } from './print-delivery.js';
import type { DrawerOpenLevel, PrinterStatus } from './printer-status.js';
import { SerialPrinter } from './serial-printer.js';
import { TcpPrinter } from './tcp-printer.js';
import { parseUsbUri, UsbPrinter } from './usb-printer.js';

export interface ReceiptPrinter {
  /** what the status bar shows, e.g. "file:/tmp/receipts.bin" */
  readonly description: string;
  /**
   * true when print() calls hooks.beforeSend just before the first byte
   * leaves and fails with UncertainPrintError once bytes left; for the
   * others the spooler records the send itself, before calling print().
   */
  readonly reportsSending?: boolean;
  /** resolves once the document is delivered (for a network printer: confirmed by a status answer) */
  print(bytes: Buffer, hooks?: SendHooks): Promise<void>;
  openDrawer(): Promise<void>;
  /** false for a printer configured as never answering status requests (tcp …?status=none): never polled */
  readonly answersStatus?: boolean;
  /** real-time status (DLE EOT), for printers that can answer; the drawer sensor read with that polarity */
  status?(openLevel?: DrawerOpenLevel): Promise<PrinterStatus>;
}

export class FilePrinter implements ReceiptPrinter {
  readonly description: string;
  readonly reportsSending = true;
  constructor(private readonly path: string, private readonly pulse: DrawerPulse = DEFAULT_DRAWER_PULSE) {
    this.description = `file:${path}`;
  }

  async print(bytes: Buffer, hooks: SendHooks = {}): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await hooks.beforeSend?.();
    try {
      await appendFile(this.path, bytes);
    } catch (err) {
      throw new UncertainPrintError(err instanceof Error ? err.message : String(err));
    }
  }

  async openDrawer(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, drawerKick(this.pulse));
  }
}

/** No printer configured: receipts are not printed, and the screen says so. */
export class NoPrinter implements ReceiptPrinter {
  readonly description = 'none';
  async print(): Promise<void> {
    throw new Error('aucune imprimante configurée');
  }
  async openDrawer(): Promise<void> {
    throw new Error('aucune imprimante configurée');
  }
}

/**
 * `usb:VID:PID`, `usb:auto`, `serial:/dev/ttyS0?baud=9600`, `tcp://host:9100`
 * (`?timeout=MS`, `?status=none` for a printer that never answers DLE EOT),
 * `file:/path`, a plain path, or `none`.
 */
export function printerFromUri(uri: string | undefined): ReceiptPrinter {
  const raw = (uri ?? '').trim();
  // Drawer settings ride on any printer address: ?drawer=2|5&on=MS&off=MS.
  const [base, query = ''] = raw.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  const pulse = drawerPulseFrom(params, raw);
  for (const k of ['drawer', 'on', 'off']) params.delete(k);
  const rest = params.toString();
  const value = rest ? `${base}?${rest}` : base;
  if (!value || value === 'none') return new NoPrinter();
  if (value.startsWith('file:')) return new FilePrinter(value.slice('file:'.length), pulse);
  if (/^tcp:\/\//i.test(value)) {
    const url = new URL(value);
    const port = url.port ? Number(url.port) : 9100;
    if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`imprimante réseau « ${value} » : tcp://HÔTE:PORT attendu`);
    const timeout = url.searchParams.get('timeout');
    const status = url.searchParams.get('status') ?? 'dle-eot';
    if (status !== 'none' && status !== 'dle-eot') throw new Error(`imprimante réseau « ${value} » : status=none (imprimante qui ne répond pas) ou rien`);
    return new TcpPrinter(url.hostname, port, { timeoutMs: timeout ? Number(timeout) : undefined, pulse, answersStatus: status !== 'none' });
  }
  if (/^usb:/i.test(value)) return new UsbPrinter(parseUsbUri(value), { pulse });
  const serial = /^serial:([^?]+)(?:\?(.*))?$/.exec(value);
  if (serial) {
    const params = new URLSearchParams(serial[2] ?? '');
    const baud = params.get('baud');
    const baudRate = baud === null ? 9600 : Number(baud);
    if (!Number.isInteger(baudRate) || baudRate < 300 || baudRate > 921600) throw new Error(`imprimante « ${value} » : vitesse invalide`);
    return new SerialPrinter(serial[1]!, { baudRate, pulse });
  }
  if (/^[a-z]+:/i.test(value)) throw new Error(`imprimante « ${value} » : usb:VID:PID, tcp://HÔTE:PORT, serial:/dev/ttyS0, file:CHEMIN ou none`);
  return new FilePrinter(value, pulse);
}

function drawerPulseFrom(params: URLSearchParams, uri: string): DrawerPulse {
  const pin = params.get('drawer') ?? String(DEFAULT_DRAWER_PULSE.pin);
  const on = Number(params.get('on') ?? DEFAULT_DRAWER_PULSE.onMs);
  const off = Number(params.get('off') ?? DEFAULT_DRAWER_PULSE.offMs);
  if (pin !== '2' && pin !== '5') throw new Error(`imprimante « ${uri} » : drawer=2 ou drawer=5 (broche du tiroir)`);
  if (![on, off].every((ms) => Number.isInteger(ms) && ms >= 2 && ms <= 510)) throw new Error(`imprimante « ${uri} » : on et off en millisecondes, de 2 à 510`);
  return { pin: pin === '5' ? 5 : 2, onMs: on, offMs: off };
}
