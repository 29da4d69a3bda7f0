// The receipt printer as the till sees it: something that takes receipt lines
// and a drawer kick. Adapters decide how bytes reach the device; the file
// adapter appends them to a file (receipts captured for tests, or a printer
// exposed as a device file such as /dev/usb/lp0).
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface ReceiptPrinter {
  /** what the status bar shows, e.g. "file:/tmp/receipts.txt" */
  readonly description: string;
  print(lines: string[]): Promise<void>;
  openDrawer(): Promise<void>;
}

/** ESC p m t1 t2: pulse drawer pin 2 for 50 ms on, 500 ms off (ESC/POS). */
const DRAWER_KICK = Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]);

export class FilePrinter implements ReceiptPrinter {
  readonly description: string;
  constructor(private readonly path: string) {
    this.description = `file:${path}`;
  }

  async print(lines: string[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${lines.join('\n')}\n\n\n`, 'utf8');
  }

  async openDrawer(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, DRAWER_KICK);
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

/** `file:/path`, a plain path, or `none`. USB, serial and network adapters come with the hardware drivers. */
export function printerFromUri(uri: string | undefined): ReceiptPrinter {
  const value = (uri ?? '').trim();
  if (!value || value === 'none') return new NoPrinter();
  if (value.startsWith('file:')) return new FilePrinter(value.slice('file:'.length));
  if (/^[a-z]+:/i.test(value)) throw new Error(`imprimante « ${value} » : seuls file:CHEMIN et none sont pris en charge dans cette version`);
  return new FilePrinter(value);
}
