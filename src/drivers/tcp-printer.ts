// A network receipt printer (raw TCP, port 9100): a thin adapter of our own
// over net.Socket (the published network adapter logs every byte to the
// console, which would corrupt the till's screen). Every write and every
// status query has a timeout, so a printer that vanishes never hangs the till.
import { Socket } from 'node:net';
import { DEFAULT_DRAWER_PULSE, drawerKick, type DrawerPulse } from './escpos.js';
import type { ReceiptPrinter } from './receipt-printer.js';
import { parseStatus, STATUS_QUERIES, type PrinterStatus } from './printer-status.js';

/** How long after the last byte a reset still counts as a failed print. */
const PRINT_GRACE_MS = 300;

export interface TcpPrinterOptions {
  timeoutMs?: number;
  pulse?: DrawerPulse;
}

export class TcpPrinter implements ReceiptPrinter {
  readonly description: string;
  private readonly timeoutMs: number;
  private readonly pulse: DrawerPulse;

  constructor(private readonly host: string, private readonly port: number, options: TcpPrinterOptions = {}) {
    this.description = `tcp://${host}:${port}`;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.pulse = options.pulse ?? DEFAULT_DRAWER_PULSE;
  }

  /** Opens a connection, runs `work`, always closes; rejects on error or timeout. */
  private session<T>(work: (socket: Socket, done: (value: T) => void, fail: (err: Error) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const socket = new Socket();
      let settled = false;
      const finish = (err: Error | null, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('data');
        socket.on('error', () => undefined);
        socket.destroy();
        if (err) reject(err);
        else resolve(value as T);
      };
      const timer = setTimeout(() => finish(new Error(`imprimante ${this.host}:${this.port} : pas de réponse`)), this.timeoutMs);
      socket.once('error', (err: NodeJS.ErrnoException) =>
        finish(new Error(err.code === 'ECONNREFUSED' ? `imprimante ${this.host}:${this.port} injoignable` : `imprimante : ${err.message}`)),
      );
      socket.once('close', () => finish(new Error(`imprimante ${this.host}:${this.port} : connexion coupée`)));
      socket.connect(this.port, this.host, () => work(socket, (v) => finish(null, v), (e) => finish(e)));
    });
  }

  /**
   * Sends the bytes and closes our side. The print counts as done when the
   * printer closes its side too, or when nothing went wrong for a short grace
   * period after the last byte left (some printers keep the connection open);
   * a reset in between (cable pulled, printer rebooting) is a failure and the
   * job stays queued.
   */
  print(bytes: Buffer): Promise<void> {
    return this.session<void>((socket, done) => {
      socket.removeAllListeners('close');
      socket.once('close', (hadError: boolean) => {
        if (!hadError) done();
      });
      socket.end(bytes, () => {
        setTimeout(() => done(), PRINT_GRACE_MS).unref();
      });
    });
  }

  openDrawer(): Promise<void> {
    return this.print(drawerKick(this.pulse));
  }

  /** DLE EOT 1, 2, 4 (and 1 again for the drawer): one status byte each. */
  status(): Promise<PrinterStatus> {
    return this.session<PrinterStatus>((socket, done) => {
      const answers: number[] = [];
      socket.on('data', (data: Buffer) => {
        answers.push(...data);
        if (answers.length >= STATUS_QUERIES.length) done(parseStatus(answers));
      });
      socket.write(Buffer.concat(STATUS_QUERIES));
    });
  }
}
