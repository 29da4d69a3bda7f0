// Selling through an outage (issue #9). The till works on the server's core;
// when a call fails because the server cannot be reached, it switches to a
// local core on its own SQLite file (a cache of what selling needs) and
// completes sales there with the same SalesService, so an offline sale takes
// the next number and the next hash of the till's chain, and an outbox row
// commits with it. When the server answers again, the outbox is replayed in
// order, one sale per server transaction, with the sale's own instant and
// origin uuid (then the shifts clocked offline, the audit events and the
// parked tickets): a sale the server already has is recognised and skipped, a
// sale is never lost, never counted twice. Each till owns its numbering and
// its chain, so nobody else can have taken the numbers meanwhile; if the
// server still gives another number or hash, the sale is kept and the
// mismatch is written loudly in the server's audit trail.
import { deleteOpenTicket } from '../sales/open-tickets.service.js';
import { randomUUID } from 'node:crypto';
import { openCore, type Core } from './core.service.js';
import { rowToAuditEvent } from '../fiscal/audit.service.js';
import { TECHNICAL_EVENTS } from '../fiscal/technical-events.js';
import { isConnectionLost } from '../basics/connection.js';
import { ValidationError } from '../basics/errors.js';
import { LocalCache } from './local-cache.service.js';
import { OutboxService, recordOutbox, type OutboxEntry, type OutboxPayload } from './outbox.service.js';
import type { Tender } from '../sales/payment.js';
import { AlreadyRecordedError, type CompleteOptions, type Sale } from '../sales/sales.service.js';
import type { Ticket } from '../sales/ticket.js';
import { writeTransaction } from '../basics/transaction.service.js';

export interface OfflineStatus {
  offline: boolean;
  /** offline sales not yet on the server */
  pending: number;
  /** the last replay problem (refused sale, number/hash mismatch), for the screen */
  problem: string | null;
  /** why the last copy of the catalogue into the local file failed (null once a copy succeeds): an outage would sell from an older copy */
  cacheProblem: string | null;
}

export interface DrainReport {
  /** sales the server took from the outbox */
  sent: number;
  /** sales it already had (their uuid was there): marked sent, not doubled */
  skipped: number;
  /** sales the server numbered or hashed differently than offline (kept, audited) */
  mismatches: number;
  /** sales still waiting (the link dropped again, or the server refused one); -1: the sales are in, audit events or parked tickets still wait */
  pending: number;
  /** why the drain stopped early, if it did */
  error: string | null;
}

export interface OfflineOptions {
  /**
   * How long a sale (or a probe) waits for the server before the till treats
   * it as unreachable (default 8 s): a server cut off without closing the
   * connection (a pulled cable) never answers, and the customer is waiting.
   */
  serverTimeoutMs?: number;
}

/** The server did not answer in time: treated as a lost connection. */
export class ServerTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`Le serveur ne répond pas (${ms} ms)`);
  }
}

/** The work's answer, or ServerTimeoutError after `ms`; the work itself goes on and its late answer is ignored. */
export function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ServerTimeoutError(ms)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Tenders that need the server's ledgers (customer account, vouchers and credit notes). */
const SERVER_ONLY_TENDERS = new Set(['account', 'voucher']);

export class OfflineTill {
  private offline = false;
  private pendingCount = 0;
  private problem: string | null = null;
  private cacheProblem: string | null = null;
  private draining: Promise<DrainReport> | null = null;
  private listeners = new Set<(status: OfflineStatus) => void>();
  readonly outbox: OutboxService;
  readonly cache: LocalCache;

  private readonly serverTimeoutMs: number;

  constructor(readonly server: Core, readonly local: Core, options: OfflineOptions = {}) {
    this.serverTimeoutMs = options.serverTimeoutMs ?? 8000;
    this.outbox = new OutboxService(local.knex, local.clock);
    this.cache = new LocalCache(server.knex, local.knex, server.tillId, server.shopId);
  }

  /** The core the till works on now: the server's, or the local one during an outage. */
  get current(): Core {
    return this.offline ? this.local : this.server;
  }

  status(): OfflineStatus {
    return { offline: this.offline, pending: this.pendingCount, problem: this.problem, cacheProblem: this.cacheProblem };
  }

  onChange(listener: (status: OfflineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const status = this.status();
    for (const l of this.listeners) l(status);
  }

  /** Resolves when the catalogue copy started at till start is done (it never rejects). */
  cacheReady: Promise<void> = Promise.resolve();

  /**
   * At till start (the server answers): copies the till's row, and starts
   * copying the catalogue in the background (a large catalogue must not slow
   * the start). Offline sales an earlier run left unsent keep the till offline
   * until they are drained.
   */
  async start(): Promise<void> {
    this.pendingCount = await this.outbox.pendingCount();
    try {
      if (this.pendingCount === 0) await withinTime(this.cache.refreshTill(), this.serverTimeoutMs);
    } catch (err) {
      if (!isConnectionLost(err)) throw err;
      // Opening during an outage: the till sells from its copy, if it has one.
      if (!(await this.local.catalog.countArticles()) || !(await this.local.knex('employees').first('id'))) {
        throw new ValidationError('Serveur injoignable, et cette caisse n\'a pas encore de copie locale du catalogue : elle ne peut pas ouvrir hors ligne');
      }
      this.offline = true;
      await this.recordOfflineOn('start');
      this.changed();
      return;
    }
    this.cacheReady = this.refreshCache();
    if (this.pendingCount === 0) {
      // Shifts an earlier run clocked offline after its last sale was sent (with sales waiting, the drain below sends them).
      await this.sendShifts().catch((err: unknown) => {
        if (!isConnectionLost(err)) throw err;
      });
      // The shifts open on the server, soon (not awaited, like the catalogue): an outage in the next minutes must let their employees clock out.
      void this.followShifts();
    }
    if (this.pendingCount > 0) {
      this.offline = true;
      await this.recordOfflineOn('unsent');
      this.changed();
      await this.probe();
    }
  }

  /**
   * Copies the catalogue into the local file; never rejects. A failed copy
   * leaves the previous one in place and is told to the till through the
   * status (cacheProblem), so a stale offline catalogue is never a surprise;
   * the next copy that works clears it.
   */
  async refreshCache(): Promise<void> {
    let problem: string | null = null;
    try {
      await this.cache.refreshCatalogue();
      await this.cache.refreshOpenShifts();
    } catch (err) {
      // knex puts the whole statement before " - ": the reason is what follows.
      const reason = (err as Error).message.split(' - ').pop();
      problem = `Copie locale du catalogue impossible (une coupure vendrait aux prix de la copie précédente) : ${reason}`;
    }
    if (problem === this.cacheProblem) return;
    this.cacheProblem = problem;
    this.changed();
  }

  /**
   * Online: copies the shifts open on the server into the local file (at
   * start, back online, after a clock-in or out at the login screen), so
   * whoever is in can clock out during an outage. Never rejects: the
   * catalogue copy does it again later.
   */
  followShifts(): Promise<void> {
    if (this.offline) return Promise.resolve();
    const copy = withinTime(this.cache.refreshOpenShifts(), this.serverTimeoutMs).catch(() => undefined);
    // close() waits for it: the local file must not close under the copy's transaction.
    this.following = this.following.then(() => copy);
    return copy;
  }

  private following: Promise<void> = Promise.resolve();

  /** The server stopped answering: from now on the till works on the local core. */
  goOffline(): void {
    if (this.offline) return;
    this.offline = true;
    // Not awaited: the sale that found the server gone goes on at once; local writes keep their order.
    void this.recordOfflineOn('lost');
    this.changed();
  }

  /**
   * NF525 technical event (technical-events.ts): the degraded mode begins, on
   * the local audit chain, which joins the server's with the offline sales.
   * Never fails the till: a lost event is less than a lost sale.
   */
  private recordOfflineOn(reason: 'start' | 'unsent' | 'lost'): Promise<void> {
    return this.local.audit
      .record({ kind: TECHNICAL_EVENTS.OFFLINE_ON, details: { reason } })
      .then(() => undefined)
      .catch(() => undefined);
  }

  /**
   * Completes a sale on the server, or, when it cannot be reached, locally
   * with an outbox row. A sale whose server commit failed on a lost link is
   * completed locally with the same uuid and instant: if the server did commit
   * it after all, the replay recognises it and adds nothing.
   */
  async complete(ticket: Ticket, tenders: Tender[], employeeId: number, options: Pick<CompleteOptions, 'accountOverrideBy'> = {}): Promise<Sale> {
    const originUuid = randomUUID();
    const at = this.server.clock();
    if (!this.offline) {
      try {
        // A server that does not answer in time is out of reach. Should its commit still land later, the
        // replay finds the uuid and adds nothing: the local sale has the same number, instant and hash.
        const sale = await withinTime(this.server.sales.complete(ticket, tenders, employeeId, { ...options, at, originUuid }), this.serverTimeoutMs);
        // The local head follows the server's, so the next offline sale gets the next number and hash.
        // Not awaited (a catalogue copy may hold the local file): local writes queue in order, so it
        // lands before any later offline sale.
        void this.cache.followSale(sale).catch(() => undefined);
        return sale;
      } catch (err) {
        if (!isConnectionLost(err)) throw err;
        this.goOffline();
      }
    }
    refuseOffline(ticket, tenders);
    const payload: OutboxPayload = { ticket, tenders, employeeId, at: at.toISOString() };
    const sale = await this.local.sales.complete(ticket, tenders, employeeId, {
      at,
      originUuid,
      // The till prints this receipt from memory now; the local file owes no device anything.
      deviceDuties: false,
      alsoWrite: (trx, made) => recordOutbox(trx, made, originUuid, payload),
    });
    this.pendingCount += 1;
    this.changed();
    return sale;
  }

  /**
   * While offline: asks the server whether it answers; when it does, drains
   * the outbox and, once it is empty, switches the till back to the server.
   * Returns true when the till is online again.
   */
  async probe(): Promise<boolean> {
    if (!this.offline) return true;
    try {
      await withinTime(this.server.knex.raw('select 1').then(() => undefined), this.serverTimeoutMs);
    } catch {
      return false;
    }
    const report = await this.drain();
    if (report.pending !== 0) return false;
    try {
      await this.cache.refreshTill();
    } catch (err) {
      if (isConnectionLost(err)) return false;
      throw err;
    }
    this.offline = false;
    // NF525 technical event: the degraded mode ends, once every offline sale and event is on the server.
    await this.server.audit.record({ kind: TECHNICAL_EVENTS.OFFLINE_OFF, details: { sent: report.sent, skipped: report.skipped, mismatches: report.mismatches } }).catch(() => undefined);
    this.changed();
    // Shifts clocked in or out elsewhere during the outage: the copies follow the server again.
    await this.followShifts();
    return true;
  }

  /** Sends the outbox strictly in order, one sale per server transaction; safe to call twice. */
  drain(): Promise<DrainReport> {
    // One drain at a time: a probe timer and `pos outbox send` never replay the same row together.
    this.draining ??= this.drainOnce().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drainOnce(): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, skipped: 0, mismatches: 0, pending: 0, error: null };
    const entries = await this.outbox.pending();
    for (const [i, entry] of entries.entries()) {
      let server: { number: number; hash: string };
      try {
        server = await this.replay(entry);
        report.sent += 1;
      } catch (err) {
        if (err instanceof AlreadyRecordedError) {
          server = { number: err.number, hash: err.hash };
          report.skipped += 1;
        } else {
          const lost = isConnectionLost(err);
          report.error = (err as Error).message;
          report.pending = entries.length - i;
          if (!lost) {
            // The server refused the sale: it stays in the outbox (never dropped) and the drain stops, to keep the order.
            await this.outbox.markError(entry.id, report.error);
            this.problem = `Vente hors ligne n° ${entry.saleNumber} refusée par le serveur : ${report.error}`;
          }
          break;
        }
      }
      if (server.number !== entry.saleNumber || server.hash !== entry.saleHash) {
        report.mismatches += 1;
        this.problem = `Vente hors ligne n° ${entry.saleNumber} enregistrée sur le serveur sous le n° ${server.number} (empreinte ${server.hash === entry.saleHash ? 'identique' : 'différente'})`;
        await this.server.audit
          .record({
            kind: 'offline_mismatch',
            employeeId: entry.payload.employeeId,
            details: { originUuid: entry.originUuid, offlineNumber: entry.saleNumber, offlineHash: entry.saleHash, serverNumber: server.number, serverHash: server.hash },
          })
          .catch(() => undefined);
      }
      await this.outbox.markSent(entry.id, server);
      this.pendingCount = Math.max(0, this.pendingCount - 1);
      this.changed();
    }
    this.pendingCount = await this.outbox.pendingCount();
    report.pending = this.pendingCount;
    if (report.pending === 0) {
      try {
        await this.sendShifts();
        await this.sendAuditEvents();
        await this.sendOpenTickets();
      } catch (err) {
        if (!isConnectionLost(err)) throw err;
        report.error = (err as Error).message;
        report.pending = -1; // the sales are in; the audit events follow at the next probe
      }
    }
    this.changed();
    return report;
  }

  /**
   * Shifts clocked in or out offline reach the server after the sales, each
   * once (its origin uuid): its own shifts and the server's copies clocked out
   * offline (listShifts). A closed one then leaves the local file; an open one
   * stays as a copy of the server's. A shift the server refuses (it overlaps
   * one opened at another till) stays local and is said, without holding the
   * others or the till back.
   */
  private async sendShifts(): Promise<void> {
    for (const shift of await this.local.timeClock.listShifts()) {
      try {
        await withinTime(this.server.timeClock.replayShift(shift), this.serverTimeoutMs);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const name = (await this.local.staff.get(shift.employeeId).catch(() => null))?.name ?? `n° ${shift.employeeId}`;
        this.problem = `Pointage hors ligne de ${name} (arrivée ${shift.clockIn}) refusé par le serveur : ${err.message}`;
        this.changed();
        continue;
      }
      // Still open: kept as the server's copy, so a later outage can clock it out.
      if (shift.clockOut === null) await this.local.timeClock.keepAsServerCopy(shift.id);
      else await this.local.timeClock.forgetShift(shift.id);
    }
  }

  /**
   * The audit events the till recorded offline (logins, voids, refunds,
   * drawer openings) join the server's audit trail after the sales, with when
   * and under which local number they happened. Only offline work writes the
   * local audit chain, so every local event is one to send.
   */
  private async sendAuditEvents(): Promise<void> {
    const local = this.local.knex;
    const mark = await local('outbox_marks').where({ name: 'audit_seq' }).first('value');
    const events = (await local('audit_events').where({ till_id: this.local.tillId }).andWhere('seq', '>', Number(mark?.value ?? 0)).orderBy('seq')).map(rowToAuditEvent);
    for (const e of events) {
      await withinTime(
        this.server.audit.record({
          kind: e.kind,
          employeeId: e.employeeId,
          approverId: e.approverId,
          articleId: e.articleId,
          details: { ...(JSON.parse(e.details) as Record<string, unknown>), offline: { at: e.createdAt, seq: e.seq, localSaleId: e.saleId } },
        }),
        this.serverTimeoutMs,
      );
      await local('outbox_marks').insert({ name: 'audit_seq', value: e.seq }).onConflict('name').merge();
    }
  }

  /**
   * Tickets parked (or left open) offline go to the server, where the till
   * finds them again; a ticket the server already sold is not brought back.
   * Upserted, so sending one twice changes nothing.
   */
  private async sendOpenTickets(): Promise<void> {
    const rows = await this.local.knex('open_tickets').where({ till_id: this.local.tillId }).orderBy('updated_at');
    for (const row of rows) {
      const lines = await this.local.knex('open_ticket_lines').where({ ticket_id: row.id }).orderBy('position');
      await withinTime(
        writeTransaction(this.server.knex, async (trx) => {
          if (await trx('sales').where({ ticket_id: row.id }).first('id')) return;
          await trx('open_tickets').insert(row).onConflict('id').merge();
          // Its lines as rows too (rows of an older local file keep them in the header).
          await trx('open_ticket_lines').where({ ticket_id: row.id }).delete();
          if (lines.length > 0) await trx('open_ticket_lines').insert(lines);
        }),
        this.serverTimeoutMs,
      );
      await deleteOpenTicket(this.local.knex, String(row.id));
    }
  }

  /** Completes one outbox sale on the server with its own instant and uuid; throws AlreadyRecordedError when it is there. */
  private async replay(entry: OutboxEntry): Promise<{ number: number; hash: string }> {
    const { ticket, tenders, employeeId, at } = entry.payload;
    // In time or not at all: a replay stuck behind a dead connection's lock must not hold the till (the uuid covers a late commit).
    const sale = await withinTime(
      this.server.sales.complete(ticket, tenders, employeeId, { at: new Date(at), originUuid: entry.originUuid, deviceDuties: false }),
      this.serverTimeoutMs,
    );
    return { number: sale.number, hash: sale.hash };
  }

  async close(): Promise<void> {
    await this.draining?.catch(() => undefined);
    await this.cacheReady;
    await this.following;
    await this.local.close();
  }
}

/** Refuses, changing nothing, what an offline sale cannot do: the customer's ledgers are on the server. */
function refuseOffline(ticket: Ticket, tenders: Tender[]): void {
  const tender = tenders.find((t) => SERVER_ONLY_TENDERS.has(t.method) && t.amount !== 0);
  if (tender) {
    throw new ValidationError(
      tender.method === 'account'
        ? 'Hors ligne : le paiement en compte attend le retour du serveur ; choisissez un autre moyen de paiement'
        : 'Hors ligne : bons d\'achat et avoirs attendent le retour du serveur ; choisissez un autre moyen de paiement',
    );
  }
  if (ticket.customerId !== null) {
    throw new ValidationError('Hors ligne : retirez le client du ticket avec F2 (fidélité et compte attendent le retour du serveur)');
  }
}

/** The shop a till's local file last knew it in (a till starting during an outage); 1 for a file from before shops. */
export async function localTillShop(localPath: string, tillId: number): Promise<number> {
  const local = await openCore({ db: { engine: 'sqlite', location: localPath }, tillId, migrate: false });
  try {
    return local.shopId;
  } finally {
    await local.close();
  }
}

/** Opens the till's local offline core (migrated with the same schema) and fills its cache from the server. */
export async function openOfflineTill(server: Core, localPath: string, options: OfflineOptions = {}): Promise<OfflineTill> {
  // The local file's links are signed with a key kept in the same folder as the server's till key.
  // A cache, not the shop's data: its first opening is no « data initialised » nor « till added » for the server's chain.
  // It works for the server's till's shop: its PINs are checked against that shop's staff.
  const local = await openCore({ db: { engine: 'sqlite', location: localPath }, tillId: server.tillId, clock: server.clock, keyDir: server.journal.keyDir(), setupEvents: false, shopId: server.shopId });
  const till = new OfflineTill(server, local, options);
  try {
    await till.start();
  } catch (err) {
    await local.close();
    throw err;
  }
  return till;
}
