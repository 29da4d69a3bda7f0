// A weighing scale on a serial line, spoken to in the Dialog protocol
// (Dialog 02/04/06) or the Toledo 8217 protocol. The till asks for a weight
// when a weighed article is chosen; every refusal of the scale (unstable,
// zero, negative, overloaded) comes back with its reason. Like the scanner,
// the port is reopened by itself after an unplug.
import { randomInt } from 'node:crypto';
import type { ScaleFault, ScaleReading } from '../core/sales/scale-reading.js';
import * as dialog from './dialog-protocol.js';
import * as toledo from './toledo8217-protocol.js';
import { SerialLink } from './serial-link.js';

export type ScaleProtocol = 'dialog' | 'toledo8217';

export interface ScaleState {
  description: string;
  connected: boolean;
  /** why it is unplugged, or why it did not answer last time */
  error: string | null;
}

export type ScaleResult = { ok: true; reading: ScaleReading } | { ok: false; reason: string; fault: ScaleFault };

export interface Scale {
  readonly description: string;
  readonly protocol: ScaleProtocol;
  readonly state: ScaleState;
  onState(listener: (state: ScaleState) => void): () => void;
  start(): void;
  stop(): Promise<void>;
  /** A stable weight for an article sold at `unitPrice` cents per kg (Dialog scales compute the amount with it). */
  weigh(unitPrice: number): Promise<ScaleResult>;
}

export interface SerialScaleOptions {
  protocol: ScaleProtocol;
  baudRate?: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  /** Dialog 06: the scale maker's generator polynomial for the checksum exchange */
  polynomial?: number | null;
  /** how often to try again after the port went away */
  reconnectMs?: number;
  /** how long one answer may take */
  replyTimeoutMs?: number;
  /** an unstable weight is asked again this many times in all before it is reported */
  stableTries?: number;
  stableDelayMs?: number;
}

class ScaleFailure extends Error {
  constructor(message: string, readonly fault: ScaleFault) {
    super(message);
  }
}

type Step = { ok: true; reading: ScaleReading } | { ok: false; reason: string; fault: ScaleFault; transient: boolean };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SerialScale implements Scale {
  readonly description: string;
  readonly protocol: ScaleProtocol;
  private readonly link: SerialLink;
  private buffer: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private stateListeners = new Set<(state: ScaleState) => void>();
  /** one conversation at a time on the line */
  private queue: Promise<unknown> = Promise.resolve();
  state: ScaleState;

  constructor(path: string, private readonly options: SerialScaleOptions) {
    this.description = `serial:${path}`;
    this.protocol = options.protocol;
    this.state = { description: this.description, connected: false, error: null };
    this.link = new SerialLink({
      path,
      baudRate: options.baudRate ?? 9600,
      dataBits: options.dataBits ?? 7,
      parity: options.parity ?? (this.protocol === 'dialog' ? 'odd' : 'even'),
      reconnectMs: options.reconnectMs,
      unplugged: 'débranchée',
      attach: (port) =>
        port.on('data', (data: Buffer) => {
          this.buffer = Buffer.concat([this.buffer, data]);
          this.wake?.();
        }),
      onChange: (connected, error) => {
        if (connected) this.buffer = Buffer.alloc(0);
        else this.wake?.(); // a question waiting for an answer learns the scale is gone
        this.setState({ connected, error });
      },
    });
  }

  /** The open port, or null while the scale is away. */
  private get port() {
    return this.link.port;
  }

  onState(listener: (state: ScaleState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setState(patch: Partial<ScaleState>): void {
    const next = { ...this.state, ...patch };
    if (next.connected === this.state.connected && next.error === this.state.error) return;
    this.state = next;
    for (const l of this.stateListeners) l(this.state);
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    const stopping = this.link.stop();
    this.wake?.();
    await stopping;
  }

  weigh(unitPrice: number): Promise<ScaleResult> {
    const run = this.queue.then(() => this.weighStable(unitPrice));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async weighStable(unitPrice: number): Promise<ScaleResult> {
    const tries = Math.max(1, this.options.stableTries ?? 6);
    for (let attempt = 1; ; attempt++) {
      let step: Step;
      try {
        if (!this.port) throw new ScaleFailure(this.state.error && this.state.error !== 'débranchée' ? `balance débranchée (${this.state.error})` : 'balance débranchée', 'unplugged');
        this.buffer = Buffer.alloc(0); // an answer to an abandoned question is no answer to this one
        step = this.protocol === 'dialog' ? await this.dialogWeigh(unitPrice) : await this.toledoWeigh();
        if (this.port && this.state.error) this.setState({ error: null });
      } catch (err) {
        if (!(err instanceof ScaleFailure)) throw err;
        if (this.port) this.setState({ error: err.message });
        return { ok: false, reason: err.message, fault: err.fault };
      }
      if (step.ok || !step.transient || attempt >= tries) return step.ok ? step : { ok: false, reason: step.reason, fault: step.fault };
      await sleep(this.options.stableDelayMs ?? 300);
    }
  }

  private async write(bytes: Buffer): Promise<void> {
    const port = this.port;
    if (!port) throw new ScaleFailure('balance débranchée', 'unplugged');
    await new Promise<void>((resolve, reject) => {
      port.write(bytes, (err) => (err ? reject(new ScaleFailure(err.message, 'unplugged')) : port.drain((e) => (e ? reject(new ScaleFailure(e.message, 'unplugged')) : resolve()))));
    });
  }

  private async read<T>(decode: (buffer: Buffer) => { reply: T; rest: Buffer } | null): Promise<T> {
    const deadline = Date.now() + (this.options.replyTimeoutMs ?? 2000);
    for (;;) {
      const got = decode(this.buffer);
      if (got) {
        this.buffer = got.rest;
        return got.reply;
      }
      if (!this.port) throw new ScaleFailure('balance débranchée', 'unplugged');
      const left = deadline - Date.now();
      if (left <= 0) throw new ScaleFailure('la balance ne répond pas', 'silent');
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
        const timer = setTimeout(done, left);
        this.wake = done;
      });
    }
  }

  /** One Dialog answer, acknowledged with EOT as the protocol wants every answer to be. */
  private async dialogAnswer(): Promise<dialog.DialogReply> {
    const reply = await this.read(dialog.decodeDialogReply);
    await this.write(dialog.END);
    return reply;
  }

  private async dialogWeigh(unitPrice: number): Promise<Step> {
    await this.write(dialog.encodeUnitPrice(unitPrice));
    let reply = await this.dialogAnswer();
    if (reply.kind === 'checksum') {
      const exchanged = await this.dialogChecksums(reply);
      if (exchanged) return exchanged;
      await this.write(dialog.encodeUnitPrice(unitPrice));
      reply = await this.dialogAnswer();
    }
    if (reply.kind === 'nak') return this.dialogStatus();
    if (reply.kind !== 'ack') return { ok: false, reason: `réponse inattendue de la balance au prix (${reply.kind})`, fault: 'protocol', transient: false };
    await this.write(dialog.WEIGHT_REQUEST);
    reply = await this.dialogAnswer();
    if (reply.kind === 'nak') return this.dialogStatus();
    if (reply.kind !== 'weight') return { ok: false, reason: `réponse inattendue de la balance à la demande de poids (${reply.kind})`, fault: 'protocol', transient: false };
    return { ok: true, reading: { weight: reply.weight, unitPrice: reply.unitPrice, amount: reply.amount } };
  }

  /** Record 08 → record 09: the reason of a NAK. */
  private async dialogStatus(): Promise<Step> {
    await this.write(dialog.STATUS_REQUEST);
    const reply = await this.dialogAnswer();
    if (reply.kind !== 'status') return { ok: false, reason: 'refus de la balance sans cause donnée', fault: 'fault', transient: false };
    return { ok: false, reason: dialog.dialogStatusReason(reply.code), fault: dialog.dialogStatusFault(reply.code), transient: dialog.isTransientStatus(reply.code) };
  }

  /** Dialog 06: record 11 asked for checksums; null once the scale accepted them. */
  private async dialogChecksums(request: Extract<dialog.DialogReply, { kind: 'checksum' }>): Promise<Step | null> {
    const polynomial = this.options.polynomial ?? null;
    if (polynomial === null) {
      return { ok: false, reason: 'la balance (Dialog 06) demande l’échange de sommes de contrôle : polynôme du fabricant non configuré (paramètre poly=)', fault: 'checksum', transient: false };
    }
    if (request.state !== '2' || request.z === null) return { ok: false, reason: 'demande de sommes de contrôle illisible', fault: 'checksum', transient: false };
    const values = dialog.dialogChecksums(polynomial, request.z, randomInt(0x10000));
    await this.write(dialog.encodeChecksums(values.checksum, values.correction));
    const answer = await this.dialogAnswer();
    if (answer.kind === 'nak') return this.dialogStatus();
    if (answer.kind !== 'ack') return { ok: false, reason: 'réponse inattendue aux sommes de contrôle', fault: 'checksum', transient: false };
    await this.write(dialog.WEIGHT_REQUEST);
    const verdict = await this.dialogAnswer();
    if (verdict.kind === 'checksum' && verdict.state === '1') return null;
    return { ok: false, reason: 'sommes de contrôle refusées par la balance (polynôme erroné ?)', fault: 'checksum', transient: false };
  }

  private async toledoWeigh(): Promise<Step> {
    await this.write(toledo.WEIGHT_REQUEST);
    const reply = await this.read(toledo.decodeToledoReply);
    if (reply.kind === 'status') return { ok: false, reason: toledo.toledoStatusReason(reply.status), fault: toledo.toledoStatusFault(reply.status), transient: toledo.isTransientToledoStatus(reply.status) };
    if (reply.kind !== 'weight') return { ok: false, reason: `réponse illisible de la balance (${reply.text})`, fault: 'protocol', transient: false };
    if (reply.weight === 0) return { ok: false, reason: 'poids nul', fault: 'zero', transient: false };
    return { ok: true, reading: { weight: reply.weight } };
  }
}

/** `serial:/dev/ttyS0?baud=9600&protocol=dialog[&poly=HEX]` or `protocol=toledo8217`, or `none`. */
export function scaleFromUri(uri: string | undefined, overrides: Partial<SerialScaleOptions> = {}): Scale | null {
  const value = (uri ?? '').trim();
  if (!value || value === 'none') return null;
  const m = /^serial:([^?]+)(?:\?(.*))?$/.exec(value);
  const usage = 'serial:/dev/ttyS0?baud=9600&protocol=dialog (ou protocol=toledo8217), ou none';
  if (!m) throw new Error(`balance « ${value} » : ${usage} attendu`);
  const params = new URLSearchParams(m[2] ?? '');
  const known = new Set(['baud', 'protocol', 'poly', 'parity', 'databits']);
  for (const key of params.keys()) if (!known.has(key)) throw new Error(`balance « ${value} » : paramètre inconnu « ${key} » (${[...known].join(', ')})`);
  const protocol = params.get('protocol');
  if (protocol !== 'dialog' && protocol !== 'toledo8217') throw new Error(`balance « ${value} » : protocol=dialog ou protocol=toledo8217 attendu`);
  const baud = params.get('baud');
  const baudRate = baud === null ? 9600 : Number(baud);
  if (!Number.isInteger(baudRate) || baudRate < 300 || baudRate > 921600) throw new Error(`balance « ${value} » : vitesse invalide`);
  const poly = params.get('poly');
  if (poly !== null && protocol !== 'dialog') throw new Error(`balance « ${value} » : poly= ne sert qu'au protocole Dialog 06`);
  if (poly !== null && !/^(0x)?[0-9a-fA-F]{1,8}$/.test(poly)) throw new Error(`balance « ${value} » : poly= attend un nombre hexadécimal (jusqu'à 8 chiffres)`);
  const polynomial = poly === null ? null : parseInt(poly.replace(/^0x/, ''), 16);
  if (polynomial === 0) throw new Error(`balance « ${value} » : poly=0 n'est pas un polynôme`);
  const parity = params.get('parity');
  if (parity !== null && parity !== 'none' && parity !== 'even' && parity !== 'odd') throw new Error(`balance « ${value} » : parity=none, even ou odd`);
  const bits = params.get('databits');
  if (bits !== null && bits !== '7' && bits !== '8') throw new Error(`balance « ${value} » : databits=7 ou 8`);
  return new SerialScale(m[1]!, {
    protocol,
    baudRate,
    polynomial,
    ...(parity ? { parity } : {}),
    ...(bits ? { dataBits: Number(bits) as 7 | 8 } : {}),
    ...overrides,
  });
}
