// `pos serve`'s refusals through the real binary: a bad port, TLS options
// that don't go together or don't read, a port already taken. (The server at
// work is tested in tests/server and tests/e2e/api-price.e2e.test.ts.)
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPos, seededDemoShop } from '../helpers/run-pos.js';

describe('pos serve refusals', () => {
  let shop: ReturnType<typeof seededDemoShop>;
  let taken: Server;
  beforeAll(async () => {
    shop = seededDemoShop('pos-serve-');
    taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => taken.close(r));
    shop.remove();
  });

  test('bad command lines exit 2 with a sentence', () => {
    const port = runPos(['serve', '--port', '70000', '--db', shop.db]);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port attend un port/);
    const half = runPos(['serve', '--tls-cert', 'cert.pem', '--db', shop.db]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--tls-cert et --tls-key vont ensemble/);
    const missing = runPos(['serve', '--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem', '--db', shop.db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/illisible/);
    const junk = join(shop.dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    const unreadable = runPos(['serve', '--port', '0', '--tls-cert', junk, '--tls-key', junk, '--db', shop.db]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/certificat ou clé illisible/);
    for (const proxy of ['*', 'true', '10.0.0.0/33', '192.168.1.300', '', '127.0.0.1/8/2']) {
      const refused = runPos(['serve', '--port', '0', '--trust-proxy', proxy, '--db', shop.db]);
      expect([proxy, refused.code]).toEqual([proxy, 2]);
      expect(refused.stderr).toMatch(/--trust-proxy attend les adresses IP du proxy/);
    }
  });

  test('a port already taken is said so (exit 1)', () => {
    const { port } = taken.address() as AddressInfo;
    const res = runPos(['serve', '--port', String(port), '--db', shop.db]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`le port ${port} est déjà pris`));
  });
});
