// A checkout scale at the far end of a socat pseudo-terminal pair, speaking
// the Dialog protocol (02/04/06, with the checksum exchange when given a
// polynomial) or Toledo 8217, with the state the test sets: the weight on the
// plate, and whether it is stable, at zero, negative or overloaded.
import { SerialPort } from 'serialport';
import {
  ACK,
  NAK,
  decodeTillFrame,
  encodeChecksumRequest,
  encodeStatusRecord,
  encodeWeightRecord,
  parseChecksumRecord,
  verifyDialogChecksums,
} from '../../src/drivers/dialog-protocol.js';
import { TOLEDO_STATUS, encodeToledoStatus, encodeToledoWeight } from '../../src/drivers/toledo8217-protocol.js';
import { lineAmount } from '../../src/core/basics/quantity.js';

export type PlateState = 'stable' | 'unstable' | 'negative' | 'over';

export class ScaleEmulator {
  private port: SerialPort | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  /** grams on the plate */
  grams = 0;
  plate: PlateState = 'stable';
  /** answers "unstable" this many more times before the plate settles */
  unstableAnswers = 0;
  /** Dialog: the amount the scale shows when the test wants it to differ from price × weight */
  amountOverride: number | null = null;
  /** Dialog 06: the maker's polynomial; with it set, the next record 01 is answered by a checksum request */
  polynomial: number | null = null;
  checksumsNeeded = false;
  z = 0x5a;
  /** every record and request the till sent, as text (`01 001990`, `ENQ`, `W`…) */
  readonly heard: string[] = [];
  private price = 0;
  private lastStatus = '00';
  private verdict: '0' | '1' | null = null;

  constructor(private readonly path: string, readonly protocol: 'dialog' | 'toledo8217') {}

  async start(): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('data', (data: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      this.serve();
    });
    port.on('error', () => undefined);
    this.port = port;
  }

  async stop(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private send(bytes: Buffer): void {
    this.port?.write(bytes);
  }

  private serve(): void {
    if (this.protocol === 'toledo8217') {
      let i: number;
      while ((i = this.buffer.indexOf(0x57 /* W */)) >= 0) {
        this.buffer = this.buffer.subarray(i + 1);
        this.heard.push('W');
        this.answerToledo();
      }
      return;
    }
    for (let got = decodeTillFrame(this.buffer); got; got = decodeTillFrame(this.buffer)) {
      this.buffer = got.rest;
      if (got.frame.kind === 'enq') {
        this.heard.push('ENQ');
        this.answerEnq();
      } else {
        this.heard.push(got.frame.text.replace(/\u001b/g, ' ').trim());
        this.answerRecord(got.frame.text);
      }
    }
  }

  private settleState(): 'stable' | PlateState {
    if (this.unstableAnswers > 0) {
      this.unstableAnswers--;
      return 'unstable';
    }
    return this.plate;
  }

  private answerRecord(text: string): void {
    const no = text.slice(0, 2);
    if (no === '01') {
      if (this.polynomial !== null && this.checksumsNeeded) {
        this.send(encodeChecksumRequest('2', this.z));
        return;
      }
      const m = /^01\u001b(\d{6})\u001b?$/.exec(text);
      if (!m) {
        this.lastStatus = '11';
        this.send(Buffer.from([NAK]));
        return;
      }
      this.price = Number(m[1]);
      this.send(Buffer.from([ACK]));
    } else if (no === '08') {
      this.send(encodeStatusRecord(this.lastStatus));
    } else if (no === '10') {
      const values = parseChecksumRecord(text);
      this.verdict = values && this.polynomial !== null && verifyDialogChecksums(this.polynomial, this.z, values) ? '1' : '0';
      this.send(Buffer.from([ACK]));
    } else {
      this.lastStatus = '10';
      this.send(Buffer.from([NAK]));
    }
  }

  private answerEnq(): void {
    if (this.verdict !== null) {
      const verdict = this.verdict;
      this.verdict = null;
      if (verdict === '1') this.checksumsNeeded = false;
      this.send(encodeChecksumRequest(verdict));
      return;
    }
    const state = this.settleState();
    const code = state === 'unstable' ? '20' : state === 'negative' ? '31' : state === 'over' ? '32' : this.grams <= 0 ? '30' : null;
    if (code) {
      this.lastStatus = code;
      this.send(Buffer.from([NAK]));
      return;
    }
    this.lastStatus = '00';
    this.send(encodeWeightRecord(this.grams, this.price, this.amountOverride ?? lineAmount(this.price, this.grams)));
  }

  private answerToledo(): void {
    const state = this.settleState();
    const s = TOLEDO_STATUS;
    if (state === 'unstable') this.send(encodeToledoStatus(s.motion));
    else if (state === 'negative') this.send(encodeToledoStatus(s.under));
    else if (state === 'over') this.send(encodeToledoStatus(s.over));
    else if (this.grams <= 0) this.send(encodeToledoStatus(s.zero));
    else this.send(encodeToledoWeight(this.grams));
  }
}
