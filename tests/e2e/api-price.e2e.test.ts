// The API beside a running till, end to end: `pos serve` on a real port and
// the till in tmux (80x24) on the same SQLite file. A price changed through
// the API (GET for the ETag, PATCH under If-Match) shows on the till's grid by
// the till's own live update, with no restart. `pos serve` also serves HTTPS
// itself with --tls-cert/--tls-key.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { openCore } from '../../src/core/shop/core.service.js';
import { POS_BIN, ROOT, runPos } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';

/** Starts `pos serve --port 0 …` and resolves with its base URL once it says where it listens. */
function startServe(args: string[]): Promise<{ child: ChildProcess; base: string }> {
  const env = { ...process.env };
  delete env.CI;
  const child = spawn(process.execPath, [POS_BIN, 'serve', '--port', '0', ...args], { cwd: ROOT, env: { ...env, POS_DB: '', POS_TILL: '' } });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /(https?:\/\/[^\s]+\/api\/v1)/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    });
    child.stderr!.on('data', (d) => (err += String(d)));
    child.on('exit', (code) => reject(new Error(`pos serve stopped (${code}): ${err}`)));
  });
}

/** Stops a child this test started, by its own handle, and waits for it. */
async function stop(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
}

describe('the API beside a running till', () => {
  let dir: string;
  let dbFile: string;
  let secret: string;
  let serve: ChildProcess | null = null;
  let till: TmuxTill | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-e2e-api-'));
    dbFile = join(dir, 'pos.sqlite3');
    const seeded = runPos(['db', 'seed', '--demo', '--days', '1', '--db', dbFile]);
    if (seeded.code !== 0) throw new Error(seeded.stderr);
    const core = await openCore({ db: dbFile });
    try {
      // The till asks what changed every second.
      await core.settings.set('live.pollSeconds', 1);
      const owner = (await core.staff.list()).find((e) => e.role === 'owner')!;
      secret = (await core.apiTokens.create({ name: 'eshop', role: 'manager' }, actorOf(owner, core.tillId))).secret;
    } finally {
      await core.close();
    }
  }, 120_000);
  afterEach(async () => {
    till?.stop();
    till = null;
    await stop(serve);
    serve = null;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a price changed through the API shows on the running till', async () => {
    till = new TmuxTill('api-price');
    till.start(['--db', dbFile, '--printer', `file:${join(dir, 'receipts.txt')}`]);
    await till.waitFor('Code PIN');
    till.type('0000');
    till.press('Enter');
    await till.waitFor('TICKET');
    const before = await till.waitFor('Confiture');
    expect(before).not.toContain('12,34 €');

    const started = await startServe(['--db', dbFile]);
    serve = started.child;
    const auth = { authorization: `Bearer ${secret}` };
    const page = (await (await fetch(`${started.base}/articles?limit=1`, { headers: auth })).json()) as { items: Array<{ id: number; name: string }> };
    const article = page.items[0]!;
    expect(article.name).toMatch(/^Confiture/);
    const read = await fetch(`${started.base}/articles/${article.id}`, { headers: auth });
    const etag = read.headers.get('etag')!;
    const res = await fetch(`${started.base}/articles/${article.id}`, {
      method: 'PATCH',
      headers: { ...auth, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ price: 1234 }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { price: number }).price).toBe(1234);

    const screen = await till.waitFor('12,34 €', 30_000);
    expect(screen).toMatch(/Confiture/);
  });

  test('pos serve --tls-cert/--tls-key answers over HTTPS', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const started = await startServe(['--db', dbFile, '--tls-cert', cert, '--tls-key', key]);
    serve = started.child;
    expect(started.base).toMatch(/^https:\/\//);
    // The test's own self-signed certificate, trusted for this one request (the name is checked against it).
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(`${started.base}/categories`, { headers: { authorization: `Bearer ${secret}` }, ca: readFileSync(cert) }, (res) => {
        let body = '';
        res.on('data', (d) => (body += String(d)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  test('pos serve --trust-proxy believes its proxy: behind HTTPS the cookies are Secure, not otherwise', async () => {
    const cookieOf = async (base: string, headers: Record<string, string>) => {
      const res = await fetch(`${base.replace(/\/api\/v1$/, '')}/?lang=en`, { headers, redirect: 'manual' });
      return res.headers.getSetCookie().find((c) => c.startsWith('pos_lang=')) ?? '';
    };
    const trusting = await startServe(['--db', dbFile, '--trust-proxy', '127.0.0.1']);
    serve = trusting.child;
    expect(await cookieOf(trusting.base, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
    expect(await cookieOf(trusting.base, {})).not.toMatch(/Secure/);
    await stop(serve);
    // Without the option the same header is anybody's word: not believed.
    const plain = await startServe(['--db', dbFile]);
    serve = plain.child;
    expect(await cookieOf(plain.base, { 'x-forwarded-proto': 'https' })).toMatch(/^pos_lang=en/);
    expect(await cookieOf(plain.base, { 'x-forwarded-proto': 'https' })).not.toMatch(/Secure/);
  });
});
