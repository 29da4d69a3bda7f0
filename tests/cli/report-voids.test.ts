// `pos report voids` through the real program (SQLite and PostgreSQL): the
// void_line / cancel_ticket / refund audit events of the period, with the
// employee and approver named; other kinds and other days left out.
import { parse } from 'csv-parse/sync';
import { localDate } from '../../src/core/basics/clock.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';

describe.each(ENGINES)('pos report voids on %s', (engine) => {
  let db: TestDb;
  const pos = (...args: string[]) => runPos([...args, '--db', db.spec]);
  let names: string[];

  beforeAll(async () => {
    db = newTestDb(engine);
    expect(pos('db', 'seed', '--demo', '--days', '1').code).toBe(0);
    const core = await db.core();
    try {
      const staff = await core.knex('employees').orderBy('id').select('id', 'name');
      names = staff.map((e) => String(e.name));
      await core.audit.record({ kind: 'void_line', employeeId: Number(staff[0]!.id), approverId: Number(staff[1]!.id), details: { line: 2, name: 'Miel' } });
      await core.audit.record({ kind: 'cancel_ticket', employeeId: Number(staff[0]!.id) });
      await core.audit.record({ kind: 'reprint', employeeId: Number(staff[0]!.id) });
    } finally {
      await core.close();
    }
  }, 120_000);
  afterAll(() => db.cleanup());

  test('CSV: the two take-backs of today, names resolved, the reprint left out', () => {
    const r = pos('report', 'voids', '--format', 'csv');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const events = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    const ours = events.filter((e) => e.details.includes('Miel') || e.kind === 'cancel_ticket');
    expect(ours.map((e) => [e.kind, e.employee, e.approver])).toEqual([
      ['void_line', names[0], names[1]],
      ['cancel_ticket', names[0], ''],
    ]);
    expect(events.some((e) => e.kind === 'reprint')).toBe(false);
    expect(JSON.parse(ours[0]!.details)).toEqual({ line: 2, name: 'Miel' });
  });

  test('the table names the action and the approver; an earlier day has none of them', () => {
    const r = pos('report', 'voids');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`ligne annulée\\s+${names[0]}\\s+${names[1]}`));
    expect(r.stdout).toContain('ticket abandonné');
    const now = new Date();
    const longAgo = localDate(new Date(now.getFullYear() - 1, now.getMonth(), 1));
    const empty = pos('report', 'voids', '--from', longAgo, '--to', longAgo, '--format', 'json');
    expect(JSON.parse(empty.stdout)).toMatchObject({ from: longAgo, events: [] });
  });
});
