// The open ticket is saved as rows: a scan writes the header and one line row,
// not the whole ticket again; whatever was saved comes back whole in another
// process (a restart after a kill), after a void in the middle, a park and a
// resume, and after a save the database refused. Both engines.
import type { Knex } from 'knex';
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine, voidLine } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { expectRefused } from '../helpers/refused-writes.js';
import { coreFixture } from '../helpers/shop.js';

/** The line rows each statement of `work` writes into open_ticket_lines. */
async function lineRowsWritten(knex: Knex, work: () => Promise<unknown>): Promise<number> {
  let rows = 0;
  const count = (q: { sql: string; bindings?: unknown[] }) => {
    if (/^insert into [`"]?open_ticket_lines[`"]?/i.test(q.sql)) rows += (q.bindings?.length ?? 0) / 3;
  };
  knex.on('query', count);
  try {
    await work();
  } finally {
    knex.off('query', count);
  }
  return rows;
}

describe.each(ENGINES)('the open ticket as rows on %s', (engine) => {
  const fx = coreFixture(engine);

  test('a scan on a long ticket writes one line row; a restart finds the whole ticket', async () => {
    let ticket = fx.ticketOf(['nutella', 1000]);
    for (let i = 0; i < 40; i++) ticket = addLine(ticket, sellable(fx.shop[i % 2 ? 'wine' : 'comte']), 1000 + i);
    expect(await lineRowsWritten(fx.core.knex, () => fx.core.tickets.save(ticket, fx.shop.cashier.id))).toBe(41);
    const scanned = addLine(ticket, sellable(fx.shop.nutella), 3000);
    expect(await lineRowsWritten(fx.core.knex, () => fx.core.tickets.save(scanned, fx.shop.cashier.id))).toBe(1);

    // Another process (the till restarted after a kill) has written nothing yet: it reads rows only.
    const restarted = await fx.db.core();
    try {
      expect(await restarted.tickets.restore()).toEqual(scanned);
      // Its first save writes the whole ticket over whatever rows are there.
      const voided = voidLine(scanned, scanned.lines[5]!.id);
      expect(await lineRowsWritten(restarted.knex, () => restarted.tickets.save(voided, fx.shop.cashier.id))).toBe(voided.lines.length);
      expect(await restarted.tickets.restore()).toEqual(voided);
      // A void in the middle moves the lines after it; the ticket shrinks by one row.
      const again = voidLine(voided, voided.lines[1]!.id);
      expect(await lineRowsWritten(restarted.knex, () => restarted.tickets.save(again, fx.shop.cashier.id))).toBe(again.lines.length - 1);
      expect(await fx.core.tickets.restore()).toEqual(again);
      expect(await fx.core.knex('open_ticket_lines').where({ ticket_id: again.id }).count({ n: '*' }).first()).toEqual({ n: again.lines.length });
      await restarted.tickets.discard(again.id);
      expect(await fx.core.knex('open_ticket_lines').where({ ticket_id: again.id }).first()).toBeUndefined();
    } finally {
      await restarted.close();
    }
  });

  test('a refused save is written whole the next time, and parked tickets keep their lines', async () => {
    const ticket = fx.ticketOf(['nutella', 1000], ['wine', 2000]);
    await fx.core.tickets.save(ticket, fx.shop.cashier.id);
    const more = addLine(ticket, sellable(fx.shop.comte), 250);
    await expectRefused(fx.core.knex, 'open_ticket_lines', 'INSERT', () => fx.core.tickets.save(more, fx.shop.cashier.id));
    expect(await fx.core.tickets.restore()).toEqual(ticket);
    expect(await lineRowsWritten(fx.core.knex, () => fx.core.tickets.save(more, fx.shop.cashier.id))).toBe(3);
    expect(await fx.core.tickets.restore()).toEqual(more);

    await fx.core.tickets.park(more, fx.shop.cashier.id, 'Mme Durand');
    expect(await fx.core.tickets.restore()).toBeNull();
    expect((await fx.core.tickets.listParked()).find((p) => p.id === more.id)).toMatchObject({ label: 'Mme Durand', lineCount: 3 });
    expect(await fx.core.tickets.resume(more.id)).toEqual(more);
  });

  test('a ticket saved by an older version, its lines inside its row, is read as before', async () => {
    const ticket = fx.ticketOf(['wine', 1000], ['comte', 500]);
    await fx.core.knex('open_tickets').insert({
      id: ticket.id, till_id: fx.core.tillId, status: 'open', employee_id: null, customer_id: null,
      data: JSON.stringify(ticket), total: 0, line_count: 2, label: '', created_at: ticket.createdAt, updated_at: '2999-01-01T00:00:00.000Z',
    });
    expect(await fx.core.tickets.restore()).toEqual(ticket);
    await fx.core.tickets.discard(ticket.id);
  });
});
