// Issue #16 §5: an article name carrying escape sequences, written by hand in
// the database (the services refuse it, so it comes from outside them). The
// second guard holds: the screen paints no escape sequence and the receipt
// bytes hold no printer command from the name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { renderApp } from '../helpers/render-app.js';
import { tillFixture } from '../helpers/shop.js';
import { F12 } from '../helpers/key-codes.js';

// ESC ] 0 ; …  BEL: sets the terminal title; ESC [ 41 m: red background;
// GS ( A: the printer's self-test; ESC p 0 …: the drawer kick; GS V 0: a cut.
const EVIL = 'Tarte\u001b]0;pwned\u0007\u001b[41m\u001d(A\u0002\u0000\u0000\u001bp\u0000\u0019\u00fa\u001dV\u0000\u009bX';

describe('control characters stored by hand in an article name', () => {
  const fx = tillFixture();

  test('the till screen and the receipt show the name without any control character', async () => {
    const { core, shop } = fx;
    await core.knex('articles').where({ id: shop.wine.id }).update({ name: EVIL });
    const receipts = join(fx.dir, 'evil-receipts.txt');
    const { session } = await fx.till({ printer: new FilePrinter(receipts), pin: '0000' });
    const { app, frame, type } = renderApp(session);
    try {
      await type('201\r');
      expect(session.getState().ticket.lines).toHaveLength(1);
      const painted = frame();
      expect(painted).toContain('Tarte');
      expect(painted).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);

      // Paid by card: a cash sale would kick the drawer on purpose.
      await type(F12);
      await type('12,90c');
      await session.spooler.idle();
      const lastSale = session.getState().lastSale;
      expect(lastSale).not.toBeNull();
    } finally {
      app.unmount();
    }
    const bytes = readFileSync(receipts);
    expect(bytes.length).toBeGreaterThan(0);
    // The name's text is there, without its commands.
    expect(bytes.includes(Buffer.from('Tarte]0;pwned[41m(A'))).toBe(true);
    for (const injected of [[0x1b, 0x5d], [0x1b, 0x5b], [0x1d, 0x28, 0x41], [0x1b, 0x70], [0x07], [0x9b]]) {
      expect(bytes.includes(Buffer.from(injected))).toBe(false);
    }
    // One cut only (GS V), the encoder's own, at the end of the receipt.
    let cuts = 0;
    for (let i = bytes.indexOf(Buffer.from([0x1d, 0x56])); i >= 0; i = bytes.indexOf(Buffer.from([0x1d, 0x56]), i + 1)) cuts++;
    expect(cuts).toBe(1);
  });
});
