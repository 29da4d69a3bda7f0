// Real-time printer status (ESC/POS DLE EOT n): one byte per query, bits that
// say offline, cover open, paper near end, paper out, and the drawer sensor.

/** DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensors). */
export const STATUS_QUERIES = [Buffer.from([0x10, 0x04, 1]), Buffer.from([0x10, 0x04, 2]), Buffer.from([0x10, 0x04, 4])];

/** DLE EOT 1 alone: the cheapest "are you there, and did you take what came before?" */
export const PRINTER_STATUS_QUERY = STATUS_QUERIES[0]!;

/**
 * Which level of the drawer kick connector's pin 3 means "open". Drawers
 * differ; most close a switch to ground when shut, so the pin reads high
 * (bit set) when the drawer is open: that is the default.
 */
export type DrawerOpenLevel = 'high' | 'low';
export const DEFAULT_DRAWER_OPEN_LEVEL: DrawerOpenLevel = 'high';

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** from the drawer kick connector pin 3, read with the configured polarity; null if unknown */
  drawerOpen: boolean | null;
}

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;

/** A real status byte has bits 1 and 4 set, bits 0 and 7 clear (ESC/POS); anything else is noise. */
export function isStatusByte(byte: number | undefined): byte is number {
  return byte !== undefined && (byte & 0b1001_0011) === 0b0001_0010;
}

/** The drawer from DLE EOT 1's bit 2 (0x04): pin 3 high or low, read with the drawer's polarity. */
export function drawerOpenFrom(printerByte: number | undefined, openLevel: DrawerOpenLevel = DEFAULT_DRAWER_OPEN_LEVEL): boolean | null {
  if (!isStatusByte(printerByte)) return null;
  const pinHigh = bit(printerByte, 2);
  return openLevel === 'high' ? pinHigh : !pinHigh;
}

export function parseStatus(bytes: number[], openLevel: DrawerOpenLevel = DEFAULT_DRAWER_OPEN_LEVEL): PrinterStatus {
  const [printer = 0, offline = 0, paper = 0] = bytes;
  return {
    online: !bit(printer, 3),
    coverOpen: bit(offline, 2),
    paperOut: bit(paper, 5) && bit(paper, 6),
    paperNearEnd: bit(paper, 2) && bit(paper, 3),
    drawerOpen: drawerOpenFrom(bytes[0], openLevel),
  };
}

/** One short sentence for the status bar, or null when all is well. */
export function describeStatus(status: PrinterStatus): string | null {
  if (status.coverOpen) return 'capot ouvert';
  if (status.paperOut) return 'plus de papier';
  if (!status.online) return 'hors ligne';
  if (status.paperNearEnd) return 'papier bientôt fini';
  return null;
}
