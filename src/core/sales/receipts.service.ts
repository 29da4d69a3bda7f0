// Everything a receipt needs besides the sale itself (shop, till, cashier,
// customer, layout settings), read once in one place for the till and the CLI.
import type { Knex } from 'knex';
import { customerName } from '../customers/customer-name.js';
import { LoyaltyService } from '../customers/loyalty.service.js';
import type { Locale } from '../basics/money.js';
import type { ReceiptInput } from './receipt.js';
import type { Sale } from './sales.service.js';
import { SettingsService } from '../shop/settings.service.js';
import type { Clock } from '../basics/clock.js';

export interface ReceiptSettings {
  codePage: string;
  columns: number;
}

export class ReceiptsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async inputFor(sale: Sale, options: { duplicate?: number; locale?: Locale } = {}): Promise<{ input: ReceiptInput; printer: ReceiptSettings }> {
    // The shop of the till that sold: its name, address and receipt lines.
    const till = await this.knex('tills').where({ id: sale.tillId }).first('name', 'shop_id');
    const settings = await new SettingsService(this.knex, this.clock, null, till ? Number(till.shop_id) : 1).all();
    const [employee, customer] = await Promise.all([
      this.knex('employees').where({ id: sale.employeeId }).first('name'),
      sale.customerId === null ? null : this.knex('customers').where({ id: sale.customerId }).first('first_name', 'last_name'),
    ]);
    return {
      input: {
        sale,
        shop: {
          name: settings['shop.name'],
          address: settings['shop.address'],
          header: settings['receipt.header'],
          footer: settings['receipt.footer'],
          siret: settings['shop.siret'],
          vatNumber: settings['shop.vatNumber'],
        },
        cashierName: employee ? String(employee.name) : '',
        customerName: customer ? customerName({ firstName: String(customer.first_name), lastName: String(customer.last_name) }) : null,
        tillName: till ? String(till.name) : `Caisse ${sale.tillId}`,
        columns: settings['receipt.columns'],
        locale: options.locale,
        duplicate: options.duplicate,
        loyalty: sale.customerId === null ? null : await new LoyaltyService(this.knex, this.clock).ofSale(sale.id),
      },
      printer: { codePage: settings['receipt.codePage'], columns: settings['receipt.columns'] },
    };
  }
}
