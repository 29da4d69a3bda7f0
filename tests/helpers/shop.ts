// A tiny shop for service tests: three tax rates, two categories, a few
// articles (one weighed), two employees. Built through the services only.
import type { Core } from '../../src/core/core.js';
import type { Article } from '../../src/core/catalog.js';
import type { Employee } from '../../src/core/staff.js';

export interface SmallShop {
  nutella: Article;
  wine: Article;
  comte: Article;
  cashier: Employee;
  manager: Employee;
}

export async function smallShop(core: Core): Promise<SmallShop> {
  const r20 = await core.catalog.createTaxRate({ code: 'C', label: 'TVA 20 %', rateBp: 2000 });
  const r55 = await core.catalog.createTaxRate({ code: 'A', label: 'TVA 5,5 %', rateBp: 550 });
  const grocery = await core.catalog.createCategory({ name: 'Épicerie', color: 'yellow', sortOrder: 1 });
  const cellar = await core.catalog.createCategory({ name: 'Cave', color: 'magenta', sortOrder: 2 });
  const nutella = await core.catalog.createArticle({
    plu: '101', name: 'Pâte à tartiner noisette', categoryId: grocery.id, price: 450, taxRateId: r55.id,
    cost: 210, barcodes: ['3017620422003'], initialStock: 20000, minStock: 5000, gridPosition: 1,
  });
  const wine = await core.catalog.createArticle({
    plu: '201', name: 'Bordeaux Supérieur 2022', categoryId: cellar.id, price: 1290, taxRateId: r20.id,
    cost: 620, barcodes: ['3760123450010'], initialStock: 12000, minStock: 3000,
  });
  const comte = await core.catalog.createArticle({
    plu: '10001', name: 'Comté 18 mois', categoryId: grocery.id, price: 3290, taxRateId: r55.id,
    cost: 1800, unit: 'kg', initialStock: 5000, minStock: 1000, gridPosition: 2,
  });
  const cashier = await core.staff.create({ name: 'Léa Caissière', role: 'cashier', pin: '0000' });
  const manager = await core.staff.create({ name: 'Marc Gérant', role: 'manager', pin: '1234' });
  return { nutella, wine, comte, cashier, manager };
}
