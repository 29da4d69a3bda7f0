// `pos accounts …`: customer accounts from the back room. Monthly statements
// and balances (text to print, CSV or JSON on stdout) and payments received
// on account away from the till.
import { Command, InvalidArgumentError, Option } from 'commander';
import { balancesCsv, balancesText, statementCsv, statementText } from '../core/customers/account-statement.js';
import { ACCOUNT_PAYMENT_METHODS, type AccountPaymentMethod } from '../core/customers/account-payment.js';
import { NotFoundError } from '../core/basics/errors.js';
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { actorFromPin, withCore } from './context.js';

function parseMonth(value: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new InvalidArgumentError(`--month attend AAAA-MM, par ex. 2026-11 (reçu « ${value} »)`);
  return value;
}

function parseAmount(value: string): number {
  const cents = parseMoney(value);
  if (cents === null || cents <= 0) throw new InvalidArgumentError(`--amount attend un montant positif, par ex. 20,00 (reçu « ${value} »)`);
  return cents;
}

const formatOption = () => new Option('--format <format>', 'sortie').choices(['text', 'csv', 'json']).default('text');

export function accountsCommand(): Command {
  const accounts = new Command('accounts').description('comptes clients : relevés, soldes, versements');

  accounts
    .command('statement')
    .description('relevé mensuel de compte, par client (texte imprimable, CSV ou JSON)')
    .requiredOption('--month <AAAA-MM>', 'mois du relevé', parseMonth)
    .option('--customer <code>', 'un seul client (son code)')
    .addOption(formatOption())
    .addOption(new Option('--separator <sep>', 'séparateur CSV').choices([';', ',']).default(';'))
    .action(async (opts: { month: string; customer?: string; format: 'text' | 'csv' | 'json'; separator: ';' | ',' }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const statements = await core.accounts.statement(opts.month, opts.customer);
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(statements, null, 2)}\n`);
        else if (opts.format === 'csv') process.stdout.write(statementCsv(statements, opts.separator));
        else {
          const settings = await core.settings.all();
          process.stdout.write(statementText(statements, { name: settings['shop.name'], address: settings['shop.address'] }));
        }
      });
    });

  accounts
    .command('balances')
    .description('solde et limite de découvert de chaque client ayant un compte')
    .addOption(formatOption())
    .addOption(new Option('--separator <sep>', 'séparateur CSV').choices([';', ',']).default(';'))
    .action(async (opts: { format: 'text' | 'csv' | 'json'; separator: ';' | ',' }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const balances = await core.accounts.balances();
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(balances, null, 2)}\n`);
        else if (opts.format === 'csv') process.stdout.write(balancesCsv(balances, opts.separator));
        else process.stdout.write(balancesText(balances));
      });
    });

  accounts
    .command('pay')
    .description('enregistre un versement reçu sur le compte d\'un client (ce n\'est pas une vente)')
    .requiredOption('--customer <code>', 'code du client')
    .requiredOption('--amount <montant>', 'montant reçu, par ex. 20,00', parseAmount)
    .addOption(new Option('--method <method>', 'moyen de paiement').choices([...ACCOUNT_PAYMENT_METHODS]).default('cash'))
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (opts: { customer: string; amount: number; method: AccountPaymentMethod; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'account_payment');
        const customer = await core.customers.byCode(opts.customer);
        if (!customer) throw new NotFoundError(`Client ${opts.customer} introuvable`);
        const result = await core.accounts.receivePayment({ customerId: customer.id, amount: opts.amount, method: opts.method, employeeId: actor.employeeId });
        process.stdout.write(`Versement de ${formatMoney(opts.amount)} enregistré pour ${customer.code} ; solde ${formatMoney(result.balance)}\n`);
      });
    });

  return accounts;
}
