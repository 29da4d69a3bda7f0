// The customer form's text fields read back: group by name (accents and case
// ignored, the default group when empty), discount in %, overdraft in euros,
// e-mail shape; a customer's fields shown and read back unchanged.
import type { Customer, CustomerGroup } from '../../src/core/customers/customers.service.js';
import { customerFormValues, parseCustomerForm } from '../../src/screens/backoffice/customer-form.js';

const groups: CustomerGroup[] = [
  { id: 1, name: 'Tous les clients', discountBp: 0, priceLevel: null, isDefault: true },
  { id: 2, name: 'Professionnels', discountBp: 500, priceLevel: 'wholesale', isDefault: false },
  { id: 3, name: 'Fidèles', discountBp: 200, priceLevel: null, isDefault: false },
];
const customer: Customer = {
  id: 9, code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', phone: '0612345678', email: 'h@example.com',
  website: 'h.example.com', social: '@h', address: '1 rue X', postalCode: '75004', city: 'Paris', country: 'France',
  groupId: 3, discountBp: 750, priceLevel: 'wholesale', overdraftLimit: 150000, notes: 'n', active: true, createdAt: '2026-11-01T00:00:00.000Z', marketingConsent: false, marketingConsentAt: null,
};

describe('customer form', () => {
  test("a customer's fields, and reading them back gives the same values", () => {
    const values = customerFormValues(customer, groups);
    expect(values).toMatchObject({ group: 'Fidèles', discount: '7,5 %', overdraftLimit: '1500,00', priceLevel: 'wholesale' });
    const { code, firstName, lastName, phone, email, website, social, address, postalCode, city, groupId, discountBp, priceLevel, overdraftLimit, notes } = customer;
    expect(parseCustomerForm(values, groups)).toEqual({ code, firstName, lastName, phone, email, website, social, address, postalCode, city, groupId, discountBp, priceLevel, overdraftLimit, notes, marketingConsent: false });
  });

  test('a new customer: the given card code, the default group, empty amounts read as zero', () => {
    const values = customerFormValues(null, groups, '2912345678901');
    expect(values).toMatchObject({ code: '2912345678901', group: 'Tous les clients', discount: '', overdraftLimit: '' });
    expect(parseCustomerForm({ ...values, lastName: 'Martin' }, groups)).toMatchObject({ groupId: 1, discountBp: 0, overdraftLimit: 0, priceLevel: null });
  });

  test.each([
    ['group', 'fideles', { groupId: 3 }],
    ['group', '  PROFESSIONNELS ', { groupId: 2 }],
    ['group', '', { groupId: 1 }],
    ['discount', '5', { discountBp: 500 }],
    ['discount', '12,25 %', { discountBp: 1225 }],
    ['overdraftLimit', '80', { overdraftLimit: 8000 }],
    ['overdraftLimit', '1 200,50', { overdraftLimit: 120050 }],
    ['priceLevel', '  ', { priceLevel: null }],
    ['firstName', '  Zoé  ', { firstName: 'Zoé' }],
  ] as const)('%s « %s » reads as %j', (field, text, expected) => {
    expect(parseCustomerForm({ ...customerFormValues(customer, groups), [field]: text }, groups)).toMatchObject(expected);
  });

  test.each([
    ['group', 'VIP', 'Groupe inconnu : « VIP » (Tous les clients, Professionnels, Fidèles)'],
    ['discount', '150', 'Remise illisible : « 150 » (ex. 5 ou 7,5)'],
    ['discount', 'cinq', 'Remise illisible : « cinq » (ex. 5 ou 7,5)'],
    ['overdraftLimit', '-20', 'Découvert illisible : « -20 » (ex. 150 ou 150,00)'],
    ['overdraftLimit', 'beaucoup', 'Découvert illisible : « beaucoup » (ex. 150 ou 150,00)'],
    ['email', 'pas-un-mail', 'E-mail invalide : « pas-un-mail »'],
  ] as const)('%s « %s » is refused: %s', (field, text, message) => {
    expect(() => parseCustomerForm({ ...customerFormValues(customer, groups), [field]: text }, groups)).toThrow(message);
  });
});
