// A network receipt printer (raw TCP, port 9100): a thin adapter of our own
// over net.Socket (the published network adapter logs every byte to the
// console, which would corrupt the till's screen). Every write and every
// status query has a timeout, so a printer that vanishes never hangs the till.
//
// A document counts as printed only when the printer took every byte and
// answered a status request (DLE EOT 1) sent after them: a printer that
// accepts the connection but never reads, or drops the link, fails the print
// and the job stays queued. Printers that cannot answer status requests are
// configured with `?status=none`: for them a print counts as done when the
// bytes left and the link was not reset shortly after.
import { Socket } from 'node:net';
import { DEFAULT_DRAWER_PULSE, drawerKick, type DrawerPulse } from './escpos.js';
import { UncertainPrintError, type SendHooks } from './print-delivery.js';
import type { ReceiptPrinter } from './receipt-printer.js';
import {
  DEFAULT_DRAWER_OPEN_LEVEL,
  isStatusByte,
  parseStatus,
  PRINTER_STATUS_QUERY,
  STATUS_QUERIES,
  type DrawerOpenLevel,
  type PrinterStatus,
} from './printer-status.js';

/** How long after the last byte a reset still counts as a failed print (status=none printers). */
const PRINT_GRACE_MS = 300;
/** DLE EOT 1 bit 3: the printer is offline (cover open, paper out, error): it would only buffer the bytes. */
const OFFLINE_BIT = 0x08;

export interface TcpPrinterOptions {
  timeoutMs?: number;
  pulse?: DrawerPulse;
  /** false for printers that never answer DLE EOT (`?status=none`) */
  answersStatus?: boolean;
}

export class TcpPrinter implements ReceiptPrinter {
  readonly description: string;
  readonly reportsSending = true;
  private readonly timeoutMs: number;
  private readonly pulse: DrawerPulse;
  readonly answersStatus: boolean;

  constructor(private readonly host: string, private readonly port: number, options: TcpPrinterOptions = {}) {
    this.description = `tcp://${host}:${port}`;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.pulse = options.pulse ?? DEFAULT_DRAWER_PULSE;
    this.answersStatus = options.answersStatus ?? true;
  }

  /**
   * Opens a connection, runs `work`, always closes; rejects on error or
   * timeout (as uncertain once `sent()` says so). The timeout counts the
   * printer's silence only: `hold()` stops it while the till records the send
   * (a slow disk is never blamed on the printer), `sent()` starts it again.
   */
  private session<T>(
    work: (socket: Socket, done: (value: T) => void, fail: (err: Error) => void, sent: () => void, hold: () => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const socket = new Socket();
      let settled = false;
      let bytesLeft = false;
      const finish = (err: Error | null, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners('data');
        socket.on('error', () => undefined);
        if (!err) socket.end();
        socket.destroy();
        if (err) reject(bytesLeft && !(err instanceof UncertainPrintError) ? new UncertainPrintError(err.message) : err);
        else resolve(value as T);
      };
      const silent = () => finish(new Error(`imprimante ${this.host}:${this.port} : pas de réponse`));
      let timer = setTimeout(silent, this.timeoutMs);
      socket.once('error', (err: NodeJS.ErrnoException) =>
        finish(new Error(err.code === 'ECONNREFUSED' ? `imprimante ${this.host}:${this.port} injoignable` : `imprimante : ${err.message}`)),
      );
      socket.once('close', () => finish(new Error(`imprimante ${this.host}:${this.port} : connexion coupée`)));
      socket.connect(this.port, this.host, () =>
        work(socket, (v) => finish(null, v), (e) => finish(e), () => {
          if (settled) return;
          bytesLeft = true;
          clearTimeout(timer);
          timer = setTimeout(silent, this.timeoutMs);
        }, () => clearTimeout(timer)),
      );
    });
  }

  /**
   * Asks DLE EOT 1 first (a printer that does not read, or is offline, gets
   * nothing: the job stays queued, certainly unprinted), then sends the bytes
   * followed by DLE EOT 1 again: its answer proves every byte before it was
   * taken. A failure after the bytes left is an UncertainPrintError.
   */
  print(bytes: Buffer, hooks: SendHooks = {}): Promise<void> {
    if (!this.answersStatus) return this.printUnconfirmed(bytes, hooks);
    return this.session<void>((socket, done, fail, sent, hold) => {
      let phase: 'ready?' | 'taken?' = 'ready?';
      socket.on('data', (data: Buffer) => {
        const answer = data[data.length - 1];
        if (!isStatusByte(answer)) return fail(new Error(`imprimante ${this.host}:${this.port} : réponse illisible`));
        if (phase === 'taken?') return done();
        if (answer & OFFLINE_BIT) return fail(new Error(`imprimante ${this.host}:${this.port} : hors ligne`));
        phase = 'taken?';
        hold();
        const send = hooks.beforeSend ? hooks.beforeSend() : Promise.resolve();
        send.then(
          () => {
            sent();
            socket.write(Buffer.concat([bytes, PRINTER_STATUS_QUERY]));
          },
          (err: unknown) => fail(err instanceof Error ? err : new Error(String(err))),
        );
      });
      socket.write(PRINTER_STATUS_QUERY);
    });
  }

  /**
   * status=none: sends the bytes and closes our side. The print counts as
   * done when the printer closes its side too, or when nothing went wrong for
   * a short grace period after the last byte left; a reset in between (cable
   * pulled, printer rebooting) fails it, as uncertain.
   */
  private printUnconfirmed(bytes: Buffer, hooks: SendHooks): Promise<void> {
    return this.session<void>((socket, done, fail, sent, hold) => {
      socket.removeAllListeners('close');
      let left = false;
      socket.once('close', (hadError: boolean) => {
        // Closed before our bytes left, or reset: not printed.
        if (hadError || !left) fail(new Error(`imprimante ${this.host}:${this.port} : connexion coupée`));
        else done();
      });
      hold();
      const send = hooks.beforeSend ? hooks.beforeSend() : Promise.resolve();
      send.then(
        () => {
          sent();
          left = true;
          socket.end(bytes, () => {
            setTimeout(() => done(), PRINT_GRACE_MS).unref();
          });
        },
        (err: unknown) => fail(err instanceof Error ? err : new Error(String(err))),
      );
    });
  }

  openDrawer(): Promise<void> {
    return this.print(drawerKick(this.pulse));
  }

  /** DLE EOT 1, 2, 4: one status byte each. */
  status(openLevel: DrawerOpenLevel = DEFAULT_DRAWER_OPEN_LEVEL): Promise<PrinterStatus> {
    return this.session<PrinterStatus>((socket, done) => {
      const answers: number[] = [];
      socket.on('data', (data: Buffer) => {
        answers.push(...data);
        if (answers.length >= STATUS_QUERIES.length) done(parseStatus(answers, openLevel));
      });
      socket.write(Buffer.concat(STATUS_QUERIES));
    });
  }
}
