// `pos scale test`: one weighing from the command line, to check the wiring
// and the protocol of a scale before the till uses it.
import { Command } from 'commander';
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { formatQuantity } from '../core/basics/quantity.js';
import { UsageError } from './context.js';
import { deviceUri } from './device-config.js';

const CONNECT_WAIT_MS = 5000;

export function scaleCommand(): Command {
  const scale = new Command('scale').description('balance série (Dialog 02/04/06 ou Toledo 8217)');
  scale
    .command('test')
    .description('demande un poids stable à la balance et l\'affiche (avec le montant calculé par une balance Dialog)')
    .option('--price <prix>', 'prix au kilo envoyé à une balance Dialog, ex. 19,90 (défaut 0)')
    .action(async (opts: { price?: string }, command: Command) => {
      const price = opts.price === undefined ? 0 : parseMoney(opts.price);
      if (price === null || price < 0) throw new UsageError(`--price : prix au kilo invalide « ${opts.price} »`);
      const uri = deviceUri('scale', command);
      const { scaleFromUri } = await import('../drivers/scale.js');
      let device;
      try {
        device = scaleFromUri(uri);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (!device) throw new UsageError('--scale serial:/dev/ttyS0?protocol=dialog (ou POS_SCALE) : quelle balance interroger ?');
      device.start();
      try {
        const start = Date.now();
        while (!device.state.connected && Date.now() - start < CONNECT_WAIT_MS) await new Promise((r) => setTimeout(r, 50));
        const result = await device.weigh(price);
        if (!result.ok) {
          process.stdout.write(`${device.description} : ${result.reason}\n`);
          process.exitCode = 1;
          return;
        }
        const { weight, unitPrice, amount } = result.reading;
        const priced = amount !== undefined ? ` × ${formatMoney(unitPrice ?? price)}/kg = ${formatMoney(amount)} (calculé par la balance)` : '';
        process.stdout.write(`${device.description} (${device.protocol}) : ${formatQuantity(weight, 'kg')}${priced}\n`);
      } finally {
        await device.stop();
      }
    });
  return scale;
}
