// A receipt printer on a serial port (or a USB printer exposed as a serial
// device): the port is opened for each job and closed after, so an unplugged
// printer is found again at the next job. Every write has a timeout.
import { loadSerialPort } from './serialport-module.js';
import { DEFAULT_DRAWER_PULSE, drawerKick, type DrawerPulse } from './escpos.js';
import type { ReceiptPrinter } from './receipt-printer.js';

export interface SerialPrinterOptions {
  baudRate?: number;
  timeoutMs?: number;
  pulse?: DrawerPulse;
}

export class SerialPrinter implements ReceiptPrinter {
  readonly description: string;
  constructor(private readonly path: string, private readonly options: SerialPrinterOptions = {}) {
    this.description = `serial:${path}`;
  }

  async print(bytes: Buffer): Promise<void> {
    const { SerialPort } = await loadSerialPort();
    return new Promise<void>((resolve, reject) => {
      const port = new SerialPort({ path: this.path, baudRate: this.options.baudRate ?? 9600, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
      let settled = false;
      const finish = (err: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        port.removeAllListeners();
        port.on('error', () => undefined);
        if (port.isOpen) port.close(() => undefined);
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error(`imprimante ${this.path} : pas de réponse`)), this.options.timeoutMs ?? 5000);
      port.on('error', (err) => finish(new Error(`imprimante ${this.path} : ${err.message}`)));
      port.open((err) => {
        if (err) return finish(new Error(`imprimante ${this.path} : ${err.message}`));
        port.write(bytes, (writeErr) => {
          if (writeErr) return finish(writeErr);
          port.drain((drainErr) => finish(drainErr ?? null));
        });
      });
    });
  }

  openDrawer(): Promise<void> {
    return this.print(drawerKick(this.options.pulse ?? DEFAULT_DRAWER_PULSE));
  }
}
