// Barcode scanners on a serial port (or a USB scanner in serial/CDC mode):
// 9600 8N1 by default, one code a frame ending in CR, LF or CRLF. The port is
// reopened by itself after an unplug, so a scanner that comes back just works.
import { access } from 'node:fs/promises';
import type { SerialPort } from 'serialport';
import { loadSerialPort } from './serialport-module.js';

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
  private port: SerialPort | null = null;
  private scanListeners = new Set<(code: string) => void>();
  private stateListeners = new Set<(state: ScannerState) => void>();
  private timer: NodeJS.Timeout | null = null;
  private watch: NodeJS.Timeout | null = null;
  private stopped = true;
  state: ScannerState;

  constructor(private readonly path: string, private readonly options: SerialScannerOptions = {}) {
    this.description = `serial:${path}`;
    this.state = { description: this.description, connected: false, error: null };
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
    this.stopped = false;
    void this.open();
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const { RegexParser, SerialPort } = await loadSerialPort();
    if (this.stopped) return;
    const port = new SerialPort({
      path: this.path,
      baudRate: this.options.baudRate ?? 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      autoOpen: false,
    });
    const parser = port.pipe(new RegexParser({ regex: /\r\n|\r|\n/ }));
    parser.on('data', (frame: string) => {
      const code = frame.trim();
      if (code) for (const l of this.scanListeners) l(code);
    });
    port.on('close', () => this.lost('débranché'));
    port.on('error', (err: Error) => this.lost(err.message));
    port.open((err) => {
      if (err) {
        this.lost(err.message);
        return;
      }
      this.port = port;
      this.setState({ connected: true, error: null });
      this.watchDevice(port);
    });
  }

  // The port's own close or error event is how an unplug is usually seen, but
  // it can stay silent (some USB-serial adapters, a pseudo-terminal whose far
  // end died while the machine was busy): the device file disappearing says
  // it too, so it is checked now and then while connected.
  private watchDevice(port: SerialPort): void {
    this.stopWatch();
    const every = Math.max(250, (this.options.reconnectMs ?? 1000) * 5);
    this.watch = setInterval(() => {
      access(this.path).catch(() => {
        if (this.port === port) this.lost('débranché');
      });
    }, every);
    this.watch.unref();
  }

  private stopWatch(): void {
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
  }

  private lost(error: string): void {
    this.stopWatch();
    if (this.port) {
      this.port.removeAllListeners();
      this.port.on('error', () => undefined);
      if (this.port.isOpen) this.port.close(() => undefined);
      this.port = null;
    }
    if (this.state.connected || this.state.error !== error) this.setState({ connected: false, error });
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.open();
    }, this.options.reconnectMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopWatch();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
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
