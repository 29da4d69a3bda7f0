// `pos permissions` with the real program: the table in three formats, an
// owner's change (audited, applied to the next command), and refusals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

describe('pos permissions', () => {
  let dir: string;
  let db: string;
  const pos = (...args: string[]) => runPos([...args, '--db', db]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-permissions-'));
    db = join(dir, 'pos.sqlite3');
    const core = await openCore({ db });
    try {
      await smallShop(core);
      await core.staff.create({ name: 'Claire Patronne', role: 'owner', pin: '9999' }, { pinRule: 'weak-allowed' });
    } finally {
      await core.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('list shows the defaults; bad action, bad role or a manager refused, nothing changed; an owner changes one', async () => {
    const table = pos('permissions', 'list');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/void_line\s+Annuler une ligne\s+responsable\n/);
    expect(table.stdout).toMatch(/reprint\s+Réimprimer un ticket\s+caissier\n/);

    const badAction = pos('permissions', 'set', 'teleport', 'cashier', '--pin', '9999');
    expect(badAction.code).toBe(2);
    expect(badAction.stderr).toContain('Action inconnue : « teleport »');
    const badRole = pos('permissions', 'set', 'refund', 'boss', '--pin', '9999');
    expect([badRole.code, badRole.stderr]).toEqual([2, 'pos: Rôle inconnu : « boss » (cashier, manager, owner)\n']);
    const manager = pos('permissions', 'set', 'refund', 'cashier', '--pin', '1234');
    expect([manager.code, manager.stderr]).toEqual([1, "pos: Code PIN refusé : il faut celui d'un patron\n"]);

    const set = pos('permissions', 'set', 'refund', 'cashier', '--pin', '9999');
    expect(set.code).toBe(0);
    expect(set.stderr).toBe('« Rembourser (retour) » : caissier au minimum (Claire Patronne)\n');
    const json = JSON.parse(pos('permissions', 'list', '--format', 'json').stdout) as Array<{ action: string; role: string; default: string }>;
    expect(json.find((r) => r.action === 'refund')).toEqual({ action: 'refund', label: 'Rembourser (retour)', role: 'cashier', default: 'manager' });
    expect(json.filter((r) => r.role !== r.default)).toHaveLength(1);

    const core = await openCore({ db });
    try {
      const events = await core.knex('audit_events').where({ kind: 'settings' });
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0].details)).toMatchObject({ keys: ['permissions'], action: 'refund', from: 'manager', to: 'cashier' });
    } finally {
      await core.close();
    }
  });
});
