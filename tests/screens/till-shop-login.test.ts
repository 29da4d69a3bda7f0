// The till of a second shop (issue #22), driven by keys on both engines: a
// manager of the first shop is refused at its login and for an approval, with
// the sentence that says why; a cashier assigned there signs in; the owner
// approves anywhere.
import { join } from 'node:path';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { TillSession } from '../../src/till/session.js';
import { ENGINES } from '../helpers/engines.js';
import { tillFixture } from '../helpers/shop.js';

describe.each(ENGINES)('the till of a second shop on %s', (engine) => {
  const fx = tillFixture(engine);
  let portCore: Core;
  let session: TillSession;
  const type = (raw: string) => session.feed(decodeKeys(raw));

  beforeAll(async () => {
    const owner = await fx.core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' }, { pinRule: 'weak-allowed' });
    const byOwner = actorOf(owner, fx.core.tillId);
    const port = await fx.core.shops.add({ code: 'port', name: 'Épicerie du Port' }, byOwner);
    await fx.core.shops.placeTill(2, port.id, byOwner);
    await fx.core.staff.assignShop(fx.shop.cashier.id, port.id, byOwner);
    portCore = await fx.db.core({ tillId: 2 });
    session = new TillSession(portCore, { printer: new FilePrinter(join(fx.dir, 'port-receipts.bin')) });
    await session.start();
  });
  afterAll(async () => {
    await session.close();
    await portCore.close();
  });

  test('login and approvals: only staff of the shop, and owners', async () => {
    const bell = session.getState().bell;
    await type('1234\r');
    expect(session.getState()).toMatchObject({ screen: 'login', employee: null, message: { kind: 'error', text: "Marc Gérant n'est pas affecté à la boutique « Épicerie du Port »" } });
    expect(session.getState().bell).toBe(bell + 1);
    expect(Number((await portCore.knex('audit_events').where({ kind: 'login', till_id: 2 }).count({ n: '*' }).first())?.n)).toBe(0);

    await type('0000\r');
    expect(session.getState()).toMatchObject({ screen: 'sale', employee: { name: 'Léa Caissière' } });
    // A return needs a manager: Marc's PIN is refused here, the owner's is not.
    await type('-201\r1234\r');
    expect(session.getState().ticket.lines).toHaveLength(0);
    expect(session.getState().message).toEqual({ kind: 'error', text: "Marc Gérant n'est pas affecté à la boutique « Épicerie du Port »" });
    await type('\u001b-201\r739184\r');
    expect(session.getState().ticket.lines[0]).toMatchObject({ quantity: -1000, name: 'Bordeaux Supérieur 2022' });
  });
});
