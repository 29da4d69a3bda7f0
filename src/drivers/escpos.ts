// ESC/POS bytes for a receipt, through @node-escpos/core: init, the code page
// (CP858 by default, `ESC t 19`, so é, è, à, ç and € print right), the lines
// already laid out by the pure receipt builder, an EAN-13 of the sale, the
// cut, and the drawer kick when asked.
import type { ReceiptDocument } from '../core/sales/receipt.js';
import { stripControls } from '../core/basics/text-fields.js';

/** `ESC t n` numbers of the code pages a French shop may need. */
export const CODE_PAGES: Record<string, number> = {
  cp437: 0,
  cp850: 2,
  cp860: 3,
  cp863: 4,
  cp865: 5,
  cp1252: 16,
  cp852: 18,
  cp858: 19,
};

export interface DrawerPulse {
  pin: 2 | 5;
  /** pulse on and off times in ms (sent in 2 ms units) */
  onMs: number;
  offMs: number;
}

export const DEFAULT_DRAWER_PULSE: DrawerPulse = { pin: 2, onMs: 100, offMs: 500 };

export interface EscPosOptions {
  codePage?: string;
  columns?: number;
}

/** Collects what the printer library would send to a device. */
class BufferAdapter {
  readonly chunks: Buffer[] = [];
  open(callback?: (error?: Error | null) => void) {
    callback?.(null);
    return this;
  }
  write(data: Buffer | string, callback?: (error?: Error | null) => void) {
    this.chunks.push(Buffer.from(data));
    callback?.(null);
    return this;
  }
  close(callback?: (error?: Error | null) => void) {
    callback?.(null);
    return this;
  }
  read() {
    return this;
  }
}

export function checkCodePage(codePage: string): number {
  const n = CODE_PAGES[codePage.toLowerCase()];
  if (n === undefined) throw new RangeError(`page de codes inconnue : ${codePage} (${Object.keys(CODE_PAGES).join(', ')})`);
  return n;
}

/** ESC p m t1 t2: the drawer kick, through the printer's drawer port. */
export function drawerKick(pulse: DrawerPulse = DEFAULT_DRAWER_PULSE): Buffer {
  const units = (ms: number) => Math.max(1, Math.min(255, Math.round(ms / 2)));
  return Buffer.from([0x1b, 0x70, pulse.pin === 5 ? 1 : 0, units(pulse.onMs), units(pulse.offMs)]);
}

// @node-escpos/core pulls in image decoders (get-pixels) that take a few hundred
// ms to load: loaded at the first receipt, not at the till's start-up.
let escposCore: Promise<typeof import('@node-escpos/core')> | null = null;

export async function encodeReceipt(doc: ReceiptDocument, options: EscPosOptions = {}): Promise<Buffer> {
  const codePage = (options.codePage ?? 'cp858').toLowerCase();
  const table = checkCodePage(codePage);
  const adapter = new BufferAdapter();
  const { Printer } = await (escposCore ??= import('@node-escpos/core'));
  const printer = new Printer(adapter as never, { encoding: codePage, width: options.columns ?? 42 });
  printer.raw(Buffer.from([0x1b, 0x40])); // ESC @: a clean start whatever came before
  printer.setCharacterCodeTable(table);
  for (const line of doc.lines) {
    if (line.bold) printer.style('B');
    if (line.big) printer.size(2, 2);
    // Second guard: a control character in a name (typed before the fields were
    // checked, or written by hand in the database) would be a printer command.
    printer.text(stripControls(line.text));
    if (line.big) printer.size(1, 1);
    if (line.bold) printer.style('NORMAL');
  }
  if (doc.barcode && /^\d{12,13}$/.test(doc.barcode)) {
    printer.align('CT');
    // The library wants the 12 data digits and lets the printer add the check digit.
    printer.barcode(doc.barcode.slice(0, 12), 'EAN13', { width: 2, height: 60, position: 'BLW', font: 'A' });
    printer.align('LT');
  }
  printer.cut();
  await printer.flush();
  return Buffer.concat(adapter.chunks);
}
