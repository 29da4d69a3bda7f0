// `pos outbox status|send`: the sales a till made during an outage of the
// PostgreSQL server, and the shifts clocked meanwhile, waiting in its local
// offline file (issue #9). `status`
// reads only the local file (it works while the server is down); `send`
// replays them on the server, in order, once, as the till does by itself
// when the server answers again.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { parseDbTarget } from '../core/basics/db.service.js';
import { formatMoney } from '../core/basics/money.js';
import type { OutboxEntry } from '../core/shop/outbox.service.js';
import { computeTotals } from '../core/sales/ticket.js';
import { globalsOf, UsageError, withCore } from './context.js';
import { offlinePathOf } from './offline-path.js';

function offlineFileOf(command: Command): string {
  const globals = globalsOf(command);
  const path = offlinePathOf(command, parseDbTarget(globals.db), globals.till ?? 1);
  if (!path) throw new UsageError('pas de ventes hors ligne : la caisse vend sur un fichier SQLite local (ou --offline-db none)');
  return resolve(path);
}

function describeEntry(e: OutboxEntry): string {
  const total = formatMoney(computeTotals(e.payload.ticket).total);
  const state = e.sentAt
    ? `envoyée${e.serverNumber !== e.saleNumber || e.serverHash !== e.saleHash ? ` sous le n° ${e.serverNumber} (DIFFÉRENCE)` : ''}`
    : e.lastError
      ? `en attente : refusée par le serveur (${e.lastError})`
      : 'en attente';
  return `n° ${e.saleNumber}\t${e.payload.at}\t${total}\t${state}`;
}

export function outboxCommand(): Command {
  const outbox = new Command('outbox').description('ventes faites pendant une coupure du serveur, en attente d\'envoi');

  outbox
    .command('status')
    .description('liste les ventes hors ligne (fichier local de la caisse, lisible serveur coupé)')
    .option('--all', 'aussi les ventes déjà envoyées')
    .addOption(new Option('--format <format>', 'sortie').choices(['text', 'json']).default('text'))
    .action(async (opts: { all?: boolean; format: 'text' | 'json' }, command: Command) => {
      const file = offlineFileOf(command);
      if (!existsSync(file)) {
        process.stdout.write(`Aucune vente hors ligne (pas de fichier ${file})\n`);
        return;
      }
      const globals = globalsOf(command);
      // Loaded here, not at start-up: help and bad command lines don't need the services.
      const [{ openCore }, { OutboxService }] = await Promise.all([import('../core/shop/core.service.js'), import('../core/shop/outbox.service.js')]);
      const local = await openCore({ db: { engine: 'sqlite', location: file }, tillId: globals.till, keyDir: globals.keyDir, setupEvents: false });
      try {
        const service = new OutboxService(local.knex, local.clock);
        const entries = opts.all ? (await service.list(1000)).reverse() : await service.pending();
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(entries.map(({ payload, ...e }) => ({ ...e, at: payload.at, total: computeTotals(payload.ticket).total })), null, 2)}\n`);
          return;
        }
        for (const e of entries) process.stdout.write(`${describeEntry(e)}\n`);
        const pending = entries.filter((e) => !e.sentAt).length;
        process.stdout.write(`${pending} vente(s) en attente d'envoi\n`);
        // Shifts clocked offline: the file keeps only those still to send.
        const shifts = await local.timeClock.listShifts();
        for (const shift of shifts) {
          const name = (await local.staff.get(shift.employeeId))?.name ?? `n° ${shift.employeeId}`;
          process.stdout.write(`pointage\t${name}\tarrivée ${shift.clockIn}\tdépart ${shift.clockOut ?? '-'}\ten attente\n`);
        }
        process.stdout.write(`${shifts.length} pointage(s) en attente d'envoi\n`);
      } finally {
        await local.close();
      }
    });

  outbox
    .command('send')
    .description('envoie maintenant au serveur les ventes hors ligne, dans l\'ordre, une seule fois chacune')
    .action(async (_opts: unknown, command: Command) => {
      const file = offlineFileOf(command);
      if (!existsSync(file)) {
        process.stdout.write('Aucune vente hors ligne à envoyer\n');
        return;
      }
      await withCore(command, async (core) => {
        // Opening the till's offline side drains its outbox when sales wait (as the till does at start).
        const { openOfflineTill } = await import('../core/shop/offline-till.service.js');
        const till = await openOfflineTill(core, file);
        try {
          const report = await till.drain();
          const status = till.status();
          const sent = (await till.outbox.list(1000)).filter((e) => e.sentAt !== null).length;
          if (status.problem) process.stderr.write(`${status.problem}\n`);
          if (report.error) process.stderr.write(`Envoi interrompu : ${report.error}\n`);
          process.stdout.write(`${sent} vente(s) hors ligne sur le serveur, ${status.pending} en attente\n`);
          const shifts = (await till.local.timeClock.listShifts()).length;
          if (shifts > 0) process.stdout.write(`${shifts} pointage(s) hors ligne en attente\n`);
          if (status.pending > 0 || shifts > 0) process.exitCode = 1;
        } finally {
          await till.close();
        }
      });
    });

  return outbox;
}
