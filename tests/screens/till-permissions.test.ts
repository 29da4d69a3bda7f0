// The permission table at the till: a cashier's guarded action opens the
// approval prompt naming it; a wrong PIN changes nothing and records nothing;
// the right one runs the action and its audit event names both employees.
import { tillFixture } from '../helpers/shop.js';
import { CTRL_A, DELETE, ESC, F8, F9, UP } from '../helpers/key-codes.js';

describe('permissions at the till', () => {
  const fx = tillFixture();
  const auditCount = async () => Number((await fx.core.knex('audit_events').count({ n: '*' }).first())!.n);

  test("a cashier's void asks for a manager PIN; a wrong PIN changes nothing; the audit event names both", async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('101\r201\r');
    const ticket = s.getState().ticket;
    await type(DELETE);
    expect(s.getState()).toMatchObject({ screen: 'manager-pin', pending: { label: 'Annuler une ligne', role: 'manager' } });
    expect(s.getState().ticket).toBe(ticket);
    const events = await auditCount();
    // unknown PIN, then the cashier's own: refused, prompt kept, nothing changed; the unknown
    // PIN is a failed try on record (counted in the till's lockout), the cashier's is not
    for (const [pin, text, recorded] of [['5555', 'Code incorrect', 1], ['0000', 'Code refusé : « Annuler une ligne » demande un responsable', 0]] as const) {
      await type(`${pin}\r`);
      expect(s.getState()).toMatchObject({ screen: 'manager-pin', message: { kind: 'error', text } });
      expect(s.getState().ticket.lines).toHaveLength(2);
      expect((await fx.core.tickets.restore())?.lines).toHaveLength(2);
      expect(await auditCount()).toBe(events + 1);
      expect(recorded === 1 ? (await fx.core.audit.recent(1))[0] : undefined).toEqual(recorded === 1 ? expect.objectContaining({ kind: 'pin_failed', employeeId: null }) : undefined);
    }
    await type('1234\r');
    expect(s.getState().screen).toBe('sale');
    expect(s.getState().ticket.lines.map((l) => l.name)).toEqual(['Pâte à tartiner noisette']);
    const [event] = await fx.core.audit.recent(1);
    expect(event).toMatchObject({ kind: 'void_line', employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id, articleId: fx.shop.wine.id });
    expect(JSON.parse(event!.details)).toMatchObject({ name: 'Bordeaux Supérieur 2022', quantity: 1000, unitPrice: 1290 });
    // Esc leaves the prompt without voiding
    await type(DELETE);
    await type(ESC);
    expect(s.getState()).toMatchObject({ screen: 'sale', pending: null });
    expect(s.getState().ticket.lines).toHaveLength(1);
    await type(`${CTRL_A}1234\ro`);
    expect(s.getState().ticket.lines).toHaveLength(0);
  });

  test('a manager voids directly, named alone', async () => {
    const { session: s, type } = await fx.till({ pin: '1234' });
    await type('201\r');
    await type(DELETE);
    expect(s.getState().screen).toBe('sale');
    expect(s.getState().ticket.lines).toHaveLength(0);
    expect((await fx.core.audit.recent(1))[0]).toMatchObject({ kind: 'void_line', employeeId: fx.shop.manager.id, approverId: null });
  });

  test('turning a line into a return is a refund: approved, then audited for the voids report', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('201\r');
    // The line is chosen first: F8 with nothing chosen opens the return against a receipt (issue #17).
    await type(`\t${UP}`);
    await type(F8);
    expect(s.getState()).toMatchObject({ screen: 'manager-pin', pending: { label: 'Rembourser (retour)' } });
    expect(s.getState().ticket.lines[0]!.quantity).toBe(1000);
    await type('1234\r');
    expect(s.getState().ticket.lines[0]!.quantity).toBe(-1000);
    const [event] = await fx.core.audit.recent(1);
    expect(event).toMatchObject({ kind: 'refund', employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id });
    expect(JSON.parse(event!.details)).toMatchObject({ ticket: s.getState().ticket.id, name: 'Bordeaux Supérieur 2022', quantity: -1000, unitPrice: 1290 });
    const report = await fx.core.reports.voids({ from: '2000-01-01', to: '2100-12-31' });
    expect(report.find((e) => e.kind === 'refund')).toMatchObject({ employee: 'Léa Caissière', approver: 'Marc Gérant' });
    // back to a sale: no money given back, nothing to approve
    await type(F8);
    expect(s.getState()).toMatchObject({ screen: 'sale' });
    expect(s.getState().ticket.lines[0]!.quantity).toBe(1000);
    await type(`${CTRL_A}1234\ro`);
  });

  test('a table changed to let cashiers void lets them, and the change applies at once', async () => {
    const owner = await fx.core.staff.create({ name: 'Claire Patronne', role: 'owner', pin: '9999' }, { pinRule: 'weak-allowed' });
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('101\r');
    await fx.core.permissions.set('void_line', 'cashier', owner);
    await type(DELETE);
    expect(s.getState().screen).toBe('sale');
    expect(s.getState().ticket.lines).toHaveLength(0);
    expect((await fx.core.audit.recent(1))[0]).toMatchObject({ kind: 'void_line', employeeId: fx.shop.cashier.id, approverId: null });
    // and a table asking an owner for the drawer refuses a manager's PIN
    await fx.core.permissions.set('no_sale', 'owner', owner);
    await type(F9);
    expect(s.getState()).toMatchObject({ screen: 'manager-pin', pending: { label: 'Ouvrir le tiroir sans vente', role: 'owner' } });
    await type('1234\r');
    expect(s.getState().message?.text).toBe('Code refusé : « Ouvrir le tiroir sans vente » demande un patron');
    await type('9999\r');
    expect(s.getState().screen).toBe('sale');
    expect((await fx.core.audit.recent(1))[0]).toMatchObject({ kind: 'no_sale', employeeId: fx.shop.cashier.id, approverId: owner.id });
    await fx.core.permissions.set('void_line', 'manager', owner);
    await fx.core.permissions.set('no_sale', 'manager', owner);
  });
});
