// Barcode scanners on a serial port (or a USB scanner in serial/CDC mode):
// 9600 8N1 by default, one code a frame ending in CR, LF or CRLF. The port is
// reopened by itself after an unplug, so a scanner that comes back just works.
import { SerialLink } from './serial-link.js';

export interface ScannerState {
  description: string;
  connected: boolean;
  error: string | null;
}

export interface Scanner {
  readonly description: string;
  onScan(listener: (code: string) => void): () => void;
  onState(listener: (state: ScannerState) => void): () => void;
  start(): void;
  stop(): Promise<void>;
}

export interface SerialScannerOptions {
  baudRate?: number;
  /** how often to try again after the port went away */
  reconnectMs?: number;
}

export class SerialScanner implements Scanner {
  readonly description: string;
  private readonly link: SerialLink;
  private scanListeners = new Set<(code: string) => void>();
  private stateListeners = new Set<(state: ScannerState) => void>();
  state: ScannerState;

  constructor(path: string, options: SerialScannerOptions = {}) {
    this.description = `serial:${path}`;
    this.state = { description: this.description, connected: false, error: null };
    this.link = new SerialLink({
      path,
      baudRate: options.baudRate ?? 9600,
      dataBits: 8,
      parity: 'none',
      reconnectMs: options.reconnectMs,
      unplugged: 'débranché',
      attach: (port, { RegexParser }) => {
        const parser = port.pipe(new RegexParser({ regex: /\r\n|\r|\n/ }));
        parser.on('data', (frame: string) => {
          const code = frame.trim();
          if (code) for (const l of this.scanListeners) l(code);
        });
      },
      onChange: (connected, error) => {
        if (connected || this.state.connected || this.state.error !== error) this.setState({ connected, error });
      },
    });
  }

  onScan(listener: (code: string) => void): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  onState(listener: (state: ScannerState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(patch: Partial<ScannerState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.stateListeners) l(this.state);
  }

  start(): void {
    this.link.start();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}

/** `serial:/dev/ttyUSB0?baud=9600`, or `none`. */
export function scannerFromUri(uri: string | undefined): Scanner | null {
  const value = (uri ?? '').trim();
  if (!value || value === 'none') return null;
  const m = /^serial:([^?]+)(?:\?(.*))?$/.exec(value);
  if (!m) throw new Error(`lecteur « ${value} » : serial:/dev/ttyUSB0?baud=9600 ou none attendu`);
  const params = new URLSearchParams(m[2] ?? '');
  const baud = params.get('baud');
  const baudRate = baud === null ? 9600 : Number(baud);
  if (!Number.isInteger(baudRate) || baudRate < 300 || baudRate > 921600) throw new Error(`lecteur « ${value} » : vitesse invalide`);
  return new SerialScanner(m[1]!, { baudRate });
}
