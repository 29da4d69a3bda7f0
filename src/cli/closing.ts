// `pos cash …` and `pos closing …`: the opening float and cash in/out with a
// reason, the X report (the day so far) and the Z closing (the day, counted
// and chained), month and year closings. Who does it is named by a PIN
// (--pin or POS_PIN); closings need a manager's.
import { Command, InvalidArgumentError, Option } from 'commander';
import { localDate } from '../core/basics/clock.js';
import { parseDenominations, type CashMovementKind } from '../core/fiscal/closing.js';
import { closingDocument, closingText, consolidatedClosingText, storedClosingText } from '../core/fiscal/closing-report.js';
import { isCalendarMonth } from '../core/basics/calendar.js';
import { byShopOption, checkShopOptions, shopColumnsOf, shopOf, shopOption, type ShopOptions, withGlobalShop } from './shop-option.js';
import { formatShopColumns } from './shop-columns-format.js';
import type { CashCount } from '../core/fiscal/closings.service.js';
import type { Core } from '../core/shop/core.service.js';
import { PosError } from '../core/basics/errors.js';
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { actorFromPin, authorizeFromPin, UsageError, withCore } from './context.js';
import { parseCalendarDate } from './context.js';
import { encodeReceipt, printerOf } from './devices.js';

type TextOrJson = 'text' | 'json';

const formatOption = () => new Option('--format <format>', 'sortie').choices(['text', 'json']).default('text');
const pinOption = () => new Option('--pin <pin>', "code PIN de l'employé (env POS_PIN)");

function parseAmount(name: string) {
  return (value: string): number => {
    const cents = parseMoney(value);
    if (cents === null || cents < 0) throw new InvalidArgumentError(`${name} attend un montant en euros, par ex. 150 ou 123,45 (reçu « ${value} »)`);
    return cents;
  };
}

const parseDate = parseCalendarDate('--date');

const zText = storedClosingText;

/** Prints a closing on the receipt printer; a failure leaves it in the print queue. */
async function printClosing(command: Command, core: Core, lines: string[]): Promise<void> {
  const settings = await core.settings.all();
  const printer = await printerOf(command, core);
  const bytes = await encodeReceipt(closingDocument(settings['shop.name'], lines), { codePage: settings['receipt.codePage'], columns: settings['receipt.columns'] });
  const job = await core.printQueue.enqueue('closing', bytes, null);
  try {
    await printer.print(bytes);
    await core.printQueue.markPrinted(job.id);
  } catch (err) {
    await core.printQueue.markFailed(job.id, (err as Error).message);
    throw new PosError(`Clôture enregistrée, mais ${(err as Error).message} : elle reste en file d'attente d'impression`);
  }
}

const write = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);

export function cashCommand(): Command {
  const cash = new Command('cash').description("fond de caisse, entrées et sorties d'espèces");
  const movement = (kind: CashMovementKind, description: string) =>
    cash
      .command(`${kind} <montant>`)
      .description(description)
      .option('--reason <motif>', 'motif (obligatoire pour in et out)')
      .addOption(pinOption())
      .action(async (amountText: string, opts: { reason?: string; pin?: string }, command: Command) => {
        const amount = parseMoney(amountText);
        if (amount === null || amount <= 0) throw new UsageError(`montant invalide : « ${amountText} » (par ex. 150 ou 12,50)`);
        if (kind !== 'float' && !opts.reason?.trim()) throw new UsageError('--reason : donnez le motif du mouvement');
        await withCore(command, async (core) => {
          const actor = await actorFromPin(core, opts.pin, kind === 'float' ? 'cash_float' : kind === 'in' ? 'cash_in' : 'cash_out');
          const employee = actor.employee;
          const m = await core.closings.recordMovement({ kind, amount, reason: opts.reason, employeeId: employee.id }, actor);
          const label = kind === 'float' ? 'Fond de caisse' : kind === 'in' ? "Entrée d'espèces" : "Sortie d'espèces";
          process.stderr.write(`${label} de ${formatMoney(m.amount)} enregistrée le ${m.businessDate} (caisse ${m.tillId}, ${employee.name})\n`);
        });
      });
  movement('float', 'fond de caisse du jour (une fois par jour)');
  movement('in', "entrée d'espèces (--reason)");
  movement('out', "sortie d'espèces (--reason)");
  cash
    .command('list')
    .description('mouvements d\'espèces du jour')
    .option('--date <date>', 'jour, AAAA-MM-JJ (défaut : aujourd\'hui)', parseDate)
    .addOption(formatOption())
    .action(async (opts: { date?: string; format: TextOrJson }, command: Command) => {
      await withCore(command, async (core) => {
        const moves = await core.closings.movements(opts.date ?? localDate(core.clock()));
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(moves, null, 2)}\n`);
        else write(moves.map((m) => `${m.createdAt.slice(0, 16).replace('T', ' ')}  ${m.kind.padEnd(5)} ${formatMoney(m.amount).padStart(12)}  ${m.reason}`));
      });
    });
  return cash;
}

export function closingCommand(): Command {
  const closing = new Command('closing').description('rapport X, clôture Z du jour, clôtures mensuelles et annuelles');

  closing
    .command('x')
    .description('rapport X : totaux du jour en cours, sans rien écrire')
    .option('--date <date>', 'jour, AAAA-MM-JJ (défaut : aujourd\'hui)', parseDate)
    .addOption(formatOption())
    .action(async (opts: { date?: string; format: TextOrJson }, command: Command) => {
      await withCore(command, async (core) => {
        const x = await core.closings.xReport(opts.date ?? localDate(core.clock()));
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(x, null, 2)}\n`);
        else write(closingText({ title: `RAPPORT X${x.closed ? ' (journée clôturée)' : ''}`, period: x.date, tillId: x.tillId, totals: x.totals }));
      });
    });

  closing
    .command('z')
    .description('clôture Z du jour : espèces comptées contre attendues, numérotée et chaînée (PIN responsable)')
    .option('--date <date>', 'jour, AAAA-MM-JJ (défaut : aujourd\'hui)', parseDate)
    .option('--counted <coupures>', 'espèces comptées par coupure, ex. "50x2,20x3,0.50x4"')
    .option('--cash <montant>', 'ou le total des espèces comptées, ex. 123,45', parseAmount('--cash'))
    .option('--print', 'imprime aussi la clôture sur l\'imprimante de tickets')
    .addOption(pinOption())
    .addOption(formatOption())
    .action(async (opts: { date?: string; counted?: string; cash?: number; pin?: string; print?: boolean; format: TextOrJson }, command: Command) => {
      if ((opts.counted === undefined) === (opts.cash === undefined)) throw new UsageError('donnez les espèces comptées : --counted "50x2,20x3" ou --cash 123,45 (un seul des deux)');
      let count: CashCount;
      if (opts.counted !== undefined) {
        const parsed = parseDenominations(opts.counted);
        if (!parsed.ok) throw new UsageError(`--counted : ${parsed.error}`);
        count = { denominations: parsed.value };
      } else {
        count = { cash: opts.cash! };
      }
      await withCore(command, async (core) => {
        const manager = await authorizeFromPin(core, opts.pin, 'close_day');
        const z = await core.closings.zClose(opts.date ?? localDate(core.clock()), count, manager.id);
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(z, null, 2)}\n`);
        else write(zText(z));
        process.stderr.write(`Clôture Z n° ${z.seq} du ${z.period} enregistrée (${manager.name}), écart ${formatMoney(z.totals.difference ?? 0)}\n`);
        if (opts.print) await printClosing(command, core, zText(z));
      });
    });

  const period = (kind: 'month' | 'year') =>
    closing
      .command(`${kind} [période]`)
      .description(kind === 'month' ? 'clôture mensuelle : somme des Z du mois (AAAA-MM, défaut : le mois dernier)' : "clôture annuelle : somme des Z de l'année (AAAA, défaut : l'an dernier)")
      .addOption(pinOption())
      .addOption(formatOption())
      .action(async (periodText: string | undefined, opts: { pin?: string; format: TextOrJson }, command: Command) => {
        if (periodText !== undefined && !(kind === 'month' ? /^\d{4}-(0[1-9]|1[0-2])$/ : /^\d{4}$/).test(periodText)) {
          throw new UsageError(`période invalide : « ${periodText} » (${kind === 'month' ? 'AAAA-MM' : 'AAAA'})`);
        }
        await withCore(command, async (core) => {
          const now = core.clock();
          const previous = kind === 'month' ? localDate(new Date(now.getFullYear(), now.getMonth() - 1, 1)).slice(0, 7) : String(now.getFullYear() - 1);
          const manager = await authorizeFromPin(core, opts.pin, 'close_day');
          const c = await core.closings.closePeriod(kind, periodText ?? previous, manager.id);
          if (opts.format === 'json') process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
          else write(zText(c));
          process.stderr.write(`Clôture ${kind === 'month' ? 'mensuelle' : 'annuelle'} n° ${c.seq} (${c.period}) enregistrée\n`);
        });
      });
  period('month');
  period('year');

  closing
    .command('report')
    .description('clôture mensuelle ou annuelle consolidée d\'une boutique (--shop) ou de la société : les clôtures des caisses additionnées (rien n\'est écrit)')
    .option('--month <AAAA-MM>', 'le mois')
    .option('--year <AAAA>', "l'année")
    .addOption(shopOption("une seule boutique (son code ou son numéro) : les clôtures de ses caisses"))
    .option('--company', 'toute la société (par défaut)')
    .addOption(byShopOption())
    .addOption(new Option('--format <format>', 'sortie').choices(['text', 'json', 'csv']).default('text'))
    .action(async (opts: ShopOptions & { month?: string; year?: string; company?: boolean; format: TextOrJson | 'csv' }, command: Command) => {
      opts = withGlobalShop(opts, command);
      if ((opts.month === undefined) === (opts.year === undefined)) throw new UsageError('donnez la période : --month AAAA-MM ou --year AAAA (un seul des deux)');
      if (opts.month !== undefined && !isCalendarMonth(opts.month)) throw new UsageError(`--month attend AAAA-MM (reçu « ${opts.month} »)`);
      if (opts.year !== undefined && !/^\d{4}$/.test(opts.year)) throw new UsageError(`--year attend AAAA (reçu « ${opts.year} »)`);
      if (opts.company && opts.shop !== undefined) throw new UsageError('--shop et --company ne vont pas ensemble');
      checkShopOptions(opts);
      if (opts.format === 'csv' && !opts.byShop) throw new UsageError('--format csv : avec --by-shop seulement (sinon text ou json)');
      const kind = opts.month !== undefined ? 'month' : 'year';
      const period = (opts.month ?? opts.year)!;
      await withCore(command, async (core) => {
        if (opts.byShop) {
          const columns = await core.consolidatedClosings.byShop(kind, period, await shopColumnsOf(core));
          if (opts.format === 'json') process.stdout.write(`${JSON.stringify(columns, null, 2)}\n`);
          else process.stdout.write(formatShopColumns(columns, opts.format === 'csv' ? 'csv' : 'table', { title: `Clôture ${kind === 'month' ? 'mensuelle' : 'annuelle'} ${period} par boutique (clôtures des caisses additionnées)`, rowTitle: 'Montant', countLabel: 'ventes' }));
          return;
        }
        const shop = await shopOf(core, opts);
        const c = await core.consolidatedClosings.report(kind, period, shop?.id ?? 'company');
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
        else write(consolidatedClosingText(c, shop ? `Boutique ${shop.code} (${shop.name})` : 'Société (toutes les boutiques)'));
        // It only reads: naming a till (--till 9) must not register it.
      }, { registerTill: false });
    });

  closing
    .command('list')
    .description('les clôtures de la caisse, la plus récente d\'abord')
    .addOption(new Option('--kind <kind>', 'genre').choices(['day', 'month', 'year']))
    .addOption(formatOption())
    .action(async (opts: { kind?: 'day' | 'month' | 'year'; format: TextOrJson }, command: Command) => {
      await withCore(command, async (core) => {
        const list = await core.closings.list({ kind: opts.kind });
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        else {
          write(list.map((c) =>
            `n° ${String(c.seq).padStart(4)}  ${c.kind.padEnd(5)} ${c.period.padEnd(10)} ${String(c.salesCount).padStart(5)} ventes ${formatMoney(c.total).padStart(14)}  perpétuel ${formatMoney(c.grandTotal)}`,
          ));
        }
      });
    });
  return closing;
}
