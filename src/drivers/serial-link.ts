// One serial device that comes back by itself after an unplug (the barcode
// scanner, the weighing scale): the port is opened, watched, and reopened
// every `reconnectMs` while it is gone. What the device says on the line is
// its driver's business (`attach`); this file only keeps the line up.
import { access } from 'node:fs/promises';
import type { SerialPort } from 'serialport';
import { loadSerialPort } from './serialport-module.js';

export type SerialPortModule = Awaited<ReturnType<typeof loadSerialPort>>;

export interface SerialLinkOptions {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  /** how often to try again after the port went away */
  reconnectMs?: number;
  /** the word for a device that went away, as the status bar says it (« débranché », « débranchée ») */
  unplugged: string;
  /** wires a freshly created port (its data listeners, its parser) before it opens */
  attach(port: SerialPort, module: SerialPortModule): void;
  /** the line is up (error null), or lost with why */
  onChange(connected: boolean, error: string | null): void;
}

export class SerialLink {
  private current: SerialPort | null = null;
  private timer: NodeJS.Timeout | null = null;
  private watch: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(private readonly options: SerialLinkOptions) {}

  /** The open port, or null while the device is away. */
  get port(): SerialPort | null {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    void this.open();
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const module = await loadSerialPort();
    if (this.stopped) return;
    const { path, baudRate, dataBits, parity } = this.options;
    const port = new module.SerialPort({ path, baudRate, dataBits, parity, stopBits: 1, autoOpen: false });
    this.options.attach(port, module);
    port.on('close', () => this.lost(this.options.unplugged));
    port.on('error', (err: Error) => this.lost(err.message));
    port.open((err) => {
      if (err) {
        this.lost(err.message);
        return;
      }
      this.current = port;
      this.options.onChange(true, null);
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
      access(this.options.path).catch(() => {
        if (this.current === port) this.lost(this.options.unplugged);
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
    if (this.current) {
      this.current.removeAllListeners();
      this.current.on('error', () => undefined);
      if (this.current.isOpen) this.current.close(() => undefined);
      this.current = null;
    }
    this.options.onChange(false, error);
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
    const port = this.current;
    this.current = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
