// Real-time printer status (ESC/POS DLE EOT n): one byte per query, bits that
// say offline, cover open, paper near end, paper out, and the drawer sensor.

/** DLE EOT 1 (printer), 2 (offline cause), 4 (paper sensors). */
export const STATUS_QUERIES = [Buffer.from([0x10, 0x04, 1]), Buffer.from([0x10, 0x04, 2]), Buffer.from([0x10, 0x04, 4])];

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** drawer kick connector pin 3 level: open or closed depends on the drawer model; null if unknown */
  drawerOpen: boolean | null;
}

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;

export function parseStatus(bytes: number[]): PrinterStatus {
  const [printer = 0, offline = 0, paper = 0] = bytes;
  return {
    online: !bit(printer, 3),
    coverOpen: bit(offline, 2),
    paperOut: bit(paper, 5) && bit(paper, 6),
    paperNearEnd: bit(paper, 2) && bit(paper, 3),
    drawerOpen: !bit(printer, 2),
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
