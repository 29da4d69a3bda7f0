// A USB receipt printer, through @node-escpos/usb-adapter (libusb). The device
// is opened for each job and released after, so the kernel's usblp driver and
// the till don't fight over it, and an unplugged printer is found again at the
// next job. The adapter is loaded only when a USB printer is configured.
import { DEFAULT_DRAWER_PULSE, drawerKick, type DrawerPulse } from './escpos.js';
import type { ReceiptPrinter } from './receipt-printer.js';

/** What the till needs of a USB adapter (the @node-escpos one, or a test double). */
export interface UsbAdapterLike {
  open(callback?: (error: Error | null) => void): unknown;
  write(data: Buffer, callback?: (error?: Error | null) => void): unknown;
  close(callback?: (error: Error | null) => void): unknown;
}

export type UsbSelector = { vid: number; pid: number } | 'auto';

export interface UsbPrinterOptions {
  timeoutMs?: number;
  pulse?: DrawerPulse;
  /** builds the adapter; by default the real one, on the real USB bus */
  adapterFactory?: (selector: UsbSelector) => Promise<UsbAdapterLike>;
}

async function realAdapter(selector: UsbSelector): Promise<UsbAdapterLike> {
  const { default: USBAdapter } = await import('@node-escpos/usb-adapter');
  try {
    return (selector === 'auto' ? new USBAdapter() : new USBAdapter(selector.vid, selector.pid)) as unknown as UsbAdapterLike;
  } catch (err) {
    throw new Error(selector === 'auto' ? 'aucune imprimante USB trouvée' : `imprimante USB ${hex(selector.vid)}:${hex(selector.pid)} introuvable (${(err as Error).message})`);
  }
}

const hex = (n: number) => n.toString(16).padStart(4, '0');

export class UsbPrinter implements ReceiptPrinter {
  readonly description: string;
  constructor(private readonly selector: UsbSelector, private readonly options: UsbPrinterOptions = {}) {
    this.description = selector === 'auto' ? 'usb:auto' : `usb:${hex(selector.vid)}:${hex(selector.pid)}`;
  }

  async print(bytes: Buffer): Promise<void> {
    const adapter = await (this.options.adapterFactory ?? realAdapter)(this.selector);
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try {
          adapter.close(() => undefined);
        } catch {
          /* already gone */
        }
        if (err) reject(new Error(`${this.description} : ${err.message}`));
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error('pas de réponse')), this.options.timeoutMs ?? 5000);
      try {
        adapter.open((openErr) => {
          if (openErr) return finish(openErr);
          adapter.write(bytes, (writeErr) => finish(writeErr ?? null));
        });
      } catch (err) {
        finish(err as Error);
      }
    });
  }

  openDrawer(): Promise<void> {
    return this.print(drawerKick(this.options.pulse ?? DEFAULT_DRAWER_PULSE));
  }
}

/** `usb:auto` or `usb:VID:PID` (hexadecimal, as lsusb shows them). */
export function parseUsbUri(value: string): UsbSelector {
  if (value === 'usb:auto') return 'auto';
  const m = /^usb:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(value);
  if (!m) throw new Error(`imprimante « ${value} » : usb:VID:PID (ex. usb:04b8:0202) ou usb:auto attendu`);
  return { vid: Number.parseInt(m[1]!, 16), pid: Number.parseInt(m[2]!, 16) };
}
