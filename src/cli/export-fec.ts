// `pos export fec`: the FEC of a fiscal year (or of --from/--to), written as
// a file named as the administration expects (<SIREN>FEC<AAAAMMJJ>.txt) in
// --dir. Only the days closed by their Z go in; a day with sales but no Z is
// refused (named, with what to do) unless --skip-open-days leaves it out.
// The entries are built in core/fiscal/fec.ts; this reads the options, writes
// the file in one rename (never half a file) and says what it holds.
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { calendarDateMessage, isCalendarDate } from '../core/basics/calendar.js';
import { loadCodePages } from '../core/basics/code-pages.js';
import { formatMoney } from '../core/basics/money.js';
import { localDate } from '../core/basics/clock.js';
import { PosError, ValidationError } from '../core/basics/errors.js';
import { fecText, fecTotals, type FecSeparator } from '../core/fiscal/fec.js';
import { UsageError, withCore } from './context.js';
import { shopOf, shopOption, withGlobalShop } from './shop-option.js';

interface FecOptions {
  year?: string;
  from?: string;
  to?: string;
  separator: 'tab' | 'pipe';
  encoding: 'utf-8' | 'iso-8859-15';
  dir: string;
  skipOpenDays?: boolean;
  shop?: string;
}

/** --year AAAA (the calendar year) or --from and --to (a fiscal year that is not one): checked before the database opens. */
export function fecPeriodOf(opts: Pick<FecOptions, 'year' | 'from' | 'to'>): { from: string; to: string } {
  if (opts.year !== undefined) {
    if (opts.from !== undefined || opts.to !== undefined) throw new UsageError('choisissez --year ou --from/--to, pas les deux');
    if (!/^\d{4}$/.test(opts.year) || Number(opts.year) < 1) throw new UsageError(`--year attend une année AAAA (reçu « ${opts.year} »)`);
    return { from: `${opts.year}-01-01`, to: `${opts.year}-12-31` };
  }
  if (opts.from === undefined || opts.to === undefined) throw new UsageError("donnez l'exercice : --year AAAA, ou --from AAAA-MM-JJ et --to AAAA-MM-JJ (sa date de clôture)");
  for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
    if (!isCalendarDate(value)) throw new UsageError(calendarDateMessage(name, value));
  }
  if (opts.from > opts.to) throw new UsageError(`l'exercice commence (${opts.from}) après sa clôture (${opts.to})`);
  return { from: opts.from, to: opts.to };
}

const frenchDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

export function fecExportCommand(): Command {
  return new Command('fec')
    .description("FEC (fichier des écritures comptables) de l'exercice : journal des ventes des journées clôturées (Z), fichier <SIREN>FEC<AAAAMMJJ>.txt")
    .option('--year <AAAA>', 'exercice = année civile (clôture au 31/12)')
    .option('--from <date>', "premier jour de l'exercice, AAAA-MM-JJ")
    .option('--to <date>', "date de clôture de l'exercice, AAAA-MM-JJ (donne le nom du fichier)")
    .addOption(new Option('--separator <sep>', 'séparateur des zones').choices(['tab', 'pipe']).default('tab'))
    .addOption(new Option('--encoding <codage>', 'codage des caractères').choices(['utf-8', 'iso-8859-15']).default('utf-8'))
    .option('--dir <dossier>', 'dossier où écrire le fichier', '.')
    .option('--skip-open-days', 'laisse de côté les journées vendues sans Z au lieu de refuser')
    .addOption(shopOption("le FEC d'une boutique : les Z de ses caisses (défaut : toute la société)"))
    .action(async (opts: FecOptions, cmd: Command) => {
      opts = withGlobalShop(opts, cmd);
      const period = fecPeriodOf(opts);
      const dir = resolve(opts.dir);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--dir : le dossier « ${opts.dir} » n'existe pas`);
      await withCore(cmd, async (core) => {
        // A shop's FEC: the Z of its tills only; the company's (the default): every till, as before shops.
        const shop = await shopOf(core, opts);
        const fec = await core.fec.build(period, shop?.id ?? 'company');
        if (fec.openDays.length > 0) {
          const list = fec.openDays.map((d) => `${d.date} caisse ${d.tillId} (${d.sales} vente${d.sales > 1 ? 's' : ''}, ${formatMoney(d.total)})`).join(', ');
          if (!opts.skipOpenDays) {
            throw new ValidationError(`journées vendues sans Z, donc pas dans le FEC : ${list}. Faites leur Z (pos closing z --date …) ou relancez avec --skip-open-days pour les laisser de côté`);
          }
          process.stderr.write(`Attention : journées sans Z laissées de côté : ${list}\n`);
        }
        const separator: FecSeparator = opts.separator === 'pipe' ? '|' : '\t';
        const text = fecText(fec.entries, fec.config, separator);
        let bytes: Buffer;
        if (opts.encoding === 'iso-8859-15') {
          const iconv = await loadCodePages();
          bytes = iconv.encode(text, 'iso-8859-15');
          if (iconv.decode(bytes, 'iso-8859-15') !== text) process.stderr.write('Attention : des caractères hors ISO-8859-15 (noms de clients…) sont écrits « ? »\n');
        } else {
          bytes = Buffer.from(text, 'utf8');
        }
        const path = join(dir, fec.fileName);
        const temporary = `${path}.${process.pid}.tmp`;
        try {
          writeFileSync(temporary, bytes);
          renameSync(temporary, path);
        } catch (err) {
          throw new PosError(`impossible d'écrire ${path} : ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        } finally {
          rmSync(temporary, { force: true });
        }
        const totals = fecTotals(fec.entries);
        const { accountPayments, cashIn, cashOut, floats } = fec.leftOut;
        process.stderr.write(
          [
            `FEC${shop ? ` de la boutique ${shop.code} (${shop.name})` : ''} du ${frenchDate(period.from)} au ${frenchDate(period.to)} : ${fec.entries.length} écriture(s) (${fec.config.entryPer === 'day' ? 'une par Z' : 'une par vente'}), ${totals.lines} ligne(s), ${fec.closings.length} Z, journal ${fec.config.journalCode}`,
            `Total débit ${formatMoney(totals.debit)} = total crédit ${formatMoney(totals.credit)}`,
            ...(period.to >= localDate(new Date()) ? [`Attention : l'exercice n'est pas terminé (clôture le ${frenchDate(period.to)}) : ce FEC est provisoire`] : []),
            `Hors FEC (pas des ventes) : ${accountPayments.count} versement(s) sur compte client d'un jour sans Z (${formatMoney(accountPayments.amount)}), ${cashIn.count} entrée(s) d'espèces (${formatMoney(cashIn.amount)}), ${cashOut.count} sortie(s) (${formatMoney(cashOut.amount)}), ${floats.count} fond(s) de caisse`,
            '',
          ].join('\n'),
        );
        process.stdout.write(`${path}\n`);
      }, { registerTill: false });
    });
}
