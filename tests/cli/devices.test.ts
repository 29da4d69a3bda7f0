// pos receipt / printer / drawer against a receipt file and a network printer
// emulator on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { PrinterEmulator } from '../helpers/printer-emulator.js';
import { runPos, runPosAsync } from '../helpers/run-pos.js';

describe('pos receipt, printer and drawer', () => {
  let dir: string;
  let db: string;
  let file: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-devices-'));
    db = join(dir, 'pos.sqlite3');
    file = join(dir, 'receipts.bin');
    const seeded = runPos(['db', 'seed', '--demo', '--days', '2', '--db', db]);
    if (seeded.code !== 0) throw new Error(seeded.stderr);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('receipt show prints the receipt layout as text', () => {
    const r = runPos(['receipt', 'show', '1', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Vente n° 1 /);
    expect(r.stdout).toContain('Épicerie Fine du Marais');
    expect(r.stdout).toMatch(/TOTAL\s+\d+,\d\d €/);
    const missing = runPos(['receipt', 'show', '999999', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('introuvable');
    expect(runPos(['receipt', 'show', 'abc', '--db', db]).code).toBe(2);
  });

  test('receipt print sends numbered duplicates, each audited with the employee behind the PIN', async () => {
    const noPin = runPos(['receipt', 'print', '1', '--db', db, '--printer', `file:${file}`]);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toContain('--pin');
    expect(existsSync(file)).toBe(false);
    for (const n of [1, 2]) {
      const r = runPos(['receipt', 'print', '1', '--db', db, '--printer', `file:${file}`, '--pin', '0000']);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`DUPLICATA ${n}`);
    }
    const printed = decodeEscPos(readFileSync(file));
    expect(printed.lines.filter((l) => l.includes('DUPLICATA')).map((l) => l.trim())).toEqual(['*** DUPLICATA 1 ***', '*** DUPLICATA 2 ***']);
    const core = await openCore({ db });
    try {
      expect(await core.audit.count({ kind: 'reprint' })).toBe(2);
      const lea = (await core.staff.list()).find((e) => e.name === 'Léa Morel')!;
      expect((await core.audit.recent(5)).filter((e) => e.kind === 'reprint').map((e) => e.employeeId)).toEqual([lea.id, lea.id]);
      expect((await core.journal.verify()).ok).toBe(true);
    } finally {
      await core.close();
    }
  });

  test('an unreachable printer: a clear message, exit 1, the duplicate waits in the queue', async () => {
    const r = runPos(['receipt', 'print', '2', '--db', db, '--printer', 'tcp://127.0.0.1:1?timeout=500', '--pin', '0000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("reste en file d'attente");
    const core = await openCore({ db });
    try {
      expect(await core.printQueue.countPending()).toBe(1);
    } finally {
      await core.close();
    }
  });

  test('printer test and status against a network printer', async () => {
    const emulator = new PrinterEmulator();
    await emulator.start();
    try {
      const t = await runPosAsync(['printer', 'test', '--db', db, '--printer', `tcp://127.0.0.1:${emulator.port}`]);
      expect(t.code).toBe(0);
      const page = decodeEscPos(emulator.jobs[0]!);
      expect(page.lines.join('\n')).toContain('é è ê à â ç ù ô î ï ë');
      expect(page.lines.join('\n')).toContain('12,50 €');
      // The page ends with its cut, then the status request whose answer confirmed it.
      expect(page.commands.filter((c) => c.name !== 'statusQuery').at(-1)?.name).toBe('cut');
      expect(page.commands.at(-1)).toEqual({ name: 'statusQuery', n: 1 });
      const ok = await runPosAsync(['printer', 'status', '--db', db, '--printer', `tcp://127.0.0.1:${emulator.port}`]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('prête');
      emulator.status.paper = 0x72;
      const out = await runPosAsync(['printer', 'status', '--db', db, '--printer', `tcp://127.0.0.1:${emulator.port}`]);
      expect(out.code).toBe(1);
      expect(out.stdout).toContain('plus de papier');
    } finally {
      await emulator.stop();
    }
  });

  test('drawer open needs a manager PIN', async () => {
    const drawerFile = join(dir, 'drawer.bin');
    expect(runPos(['drawer', 'open', '--db', db, '--printer', `file:${drawerFile}`]).code).toBe(2);
    const cashier = runPos(['drawer', 'open', '--pin', '0000', '--db', db, '--printer', `file:${drawerFile}`]);
    expect(cashier.code).toBe(1);
    expect(existsSync(drawerFile)).toBe(false);
    const manager = runPos(['drawer', 'open', '--pin', '1234', '--db', db, '--printer', `file:${drawerFile}`]);
    expect(manager.code).toBe(0);
    expect(decodeEscPos(readFileSync(drawerFile)).commands).toEqual([{ name: 'drawerKick', pin: 2, onMs: 100, offMs: 500 }]);
  });
});

describe('pos scanner listen and pos devices list', () => {
  test('prints the codes a serial scanner sends', async () => {
    const { spawn } = await import('node:child_process');
    const { PtyPair } = await import('../helpers/pty-pair.js');
    const { ROOT, POS_BIN } = await import('../helpers/run-pos.js');
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'pos-listen-'));
    const pair = new PtyPair(join(dir, 'dev'), join(dir, 'peer'));
    await pair.start();
    try {
      const child = spawn(process.execPath, [POS_BIN, 'scanner', 'listen', '--count', '2', '--scanner', `serial:${pair.device}`], { cwd: ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += String(d)));
      child.stderr.on('data', (d) => (stderr += String(d)));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const start = Date.now();
      while (!stderr.includes('connecté') && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 50));
      writeFileSync(pair.peer, '3017620422003\r\n96385074\r');
      expect(await exited).toBe(0);
      expect(stdout).toBe('3017620422003\n96385074\n');
    } finally {
      await pair.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('scanner listen without a scanner is a usage error; devices list never crashes', () => {
    expect(runPos(['scanner', 'listen']).code).toBe(2);
    const list = runPos(['devices', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.length).toBeGreaterThan(0);
  });
});

describe('pos.config.json beside the database', () => {
  test('names the printer; flags and env win over it; a malformed file is refused', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'pos-config-'));
    try {
      const db = join(dir, 'pos.sqlite3');
      const viaConfig = join(dir, 'via-config.bin');
      const viaFlag = join(dir, 'via-flag.bin');
      expect(runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]).code).toBe(0);
      writeFileSync(join(dir, 'pos.config.json'), JSON.stringify({ printer: `file:${viaConfig}` }));
      expect(runPos(['printer', 'test', '--db', db]).stdout).toContain(viaConfig);
      expect(existsSync(viaConfig)).toBe(true);
      expect(runPos(['printer', 'test', '--db', db, '--printer', `file:${viaFlag}`]).stdout).toContain(viaFlag);
      expect(runPos(['printer', 'test', '--db', db], { POS_PRINTER: 'none' }).code).toBe(1);
      writeFileSync(join(dir, 'pos.config.json'), '{ "printer": ');
      const bad = runPos(['printer', 'test', '--db', db]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('pos.config.json : JSON illisible');
      writeFileSync(join(dir, 'pos.config.json'), JSON.stringify({ printr: 'none' }));
      expect(runPos(['printer', 'test', '--db', db]).stderr).toContain('clé inconnue « printr »');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
