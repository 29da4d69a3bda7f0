// The ordering page served for a till of a second shop (issue #22), on both
// engines: a manager of the first shop is refused with the sentence that
// says why (403, no session), someone assigned there signs in, and their
// session ends when they are taken out of the shop.
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import type { Core } from '../../src/core/shop/core.service.js';
import type { Employee } from '../../src/core/staff/staff.js';
import { buildServer } from '../../src/server/app.js';
import { orderingPage, SESSION_COOKIE } from '../../src/server/ordering/plugin.js';
import { ENGINES } from '../helpers/engines.js';
import { FormClient, listenOnLoopback } from '../helpers/form-client.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('the ordering page of a second shop on %s', (engine) => {
  const fx = coreFixture(engine);
  let portCore: Core;
  let app: FastifyInstance;
  let base = '';
  let owner: Employee;

  beforeAll(async () => {
    owner = await fx.core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' }, { pinRule: 'weak-allowed' });
    const byOwner = actorOf(owner, fx.core.tillId);
    const port = await fx.core.shops.add({ code: 'port', name: 'Épicerie du Port' }, byOwner);
    await fx.core.shops.placeTill(2, port.id, byOwner);
    await fx.core.staff.assignShop(fx.shop.cashier.id, port.id, byOwner);
    portCore = await fx.db.core({ tillId: 2 });
    app = await buildServer(portCore, { plugins: [orderingPage] });
    base = await listenOnLoopback(app);
  });
  afterAll(async () => {
    await app?.close();
    await portCore?.close();
  });

  test('a manager of the first shop is refused; a cashier assigned here signs in', async () => {
    const refused = new FormClient(base);
    const res = await refused.signIn('1234');
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/Marc Gérant n(&#39;|&#x27;|')est pas affecté à la boutique « Épicerie du Port »/);
    expect(refused.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(Number((await fx.core.knex('web_sessions').count({ n: '*' }).first())?.n)).toBe(0);

    const lea = new FormClient(base);
    const ok = await lea.signIn('0000');
    expect([ok.statusCode, ok.location]).toEqual([303, '/']);
    expect(lea.cookies.has(SESSION_COOKIE)).toBe(true);
    expect((await lea.get('/')).statusCode).toBe(200);
    // Taken out of this shop, her open session ends as if she had been deactivated.
    await fx.core.staff.changeShops(fx.shop.cashier.id, { remove: [2] }, actorOf(owner, fx.core.tillId));
    expect(await lea.get('/')).toMatchObject({ statusCode: 303, location: '/sign-in' });
  });
});
