// The customer display (pole display, 2 lines of 20 characters) on a serial
// port, driven with the ESC/POS line-display commands: it shows the last
// article and the total while the sale goes on, then the amount paid and the
// change. A display fault is reported and never stops the sale.
import { stripControls } from '../core/basics/text-fields.js';
import { loadCodePages } from '../core/basics/code-pages.js';
import type { SerialPort } from 'serialport';
import { loadSerialPort } from './serialport-module.js';

export interface CustomerDisplay {
  readonly description: string;
  show(line1: string, line2: string): Promise<void>;
  close(): Promise<void>;
}

const WIDTH = 20;

/** ESC @ (init), then both lines placed with the cursor commands (US $ x y). */
export async function displayBytes(line1: string, line2: string, codePage = 'cp858'): Promise<Buffer> {
  const iconv = await loadCodePages();
  // Control characters stripped: the display obeys ESC/US commands too.
  const fit = (raw: string) => {
    const text = stripControls(raw);
    return text.length > WIDTH ? text.slice(0, WIDTH) : text.padEnd(WIDTH);
  };
  return Buffer.concat([
    Buffer.from([0x1b, 0x40, 0x0c]), // init, clear
    Buffer.from([0x1f, 0x24, 1, 1]),
    iconv.encode(fit(line1), codePage),
    Buffer.from([0x1f, 0x24, 1, 2]),
    iconv.encode(fit(line2), codePage),
  ]);
}

/** Two display lines: text on the left, amount on the right, in 20 columns. */
export function displayLine(left: string, right: string): string {
  const room = WIDTH - right.length - 1;
  return `${left.slice(0, Math.max(0, room)).padEnd(Math.max(0, room))} ${right}`.slice(0, WIDTH);
}

export class SerialCustomerDisplay implements CustomerDisplay {
  readonly description: string;
  private port: SerialPort | null = null;

  constructor(private readonly path: string, private readonly baudRate = 9600) {
    this.description = `serial:${path}`;
  }

  private async open(): Promise<SerialPort> {
    if (this.port?.isOpen) return this.port;
    const { SerialPort } = await loadSerialPort();
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
      port.on('error', () => undefined);
      port.on('close', () => {
        if (this.port === port) this.port = null;
      });
      port.open((err) => {
        if (err) return reject(new Error(`afficheur ${this.path} : ${err.message}`));
        this.port = port;
        resolve(port);
      });
    });
  }

  async show(line1: string, line2: string): Promise<void> {
    const port = await this.open();
    const bytes = await displayBytes(line1, line2);
    await new Promise<void>((resolve, reject) => {
      port.write(bytes, (err) => (err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve()))));
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

export function displayFromUri(uri: string | undefined): CustomerDisplay | null {
  const value = (uri ?? '').trim();
  if (!value || value === 'none') return null;
  const m = /^serial:([^?]+)(?:\?(.*))?$/.exec(value);
  if (!m) throw new Error(`afficheur « ${value} » : serial:/dev/ttyS0?baud=9600 ou none attendu`);
  const baud = new URLSearchParams(m[2] ?? '').get('baud');
  return new SerialCustomerDisplay(m[1]!, baud ? Number(baud) : 9600);
}
