// The printer and the customer display never receive a control character
// from a text: names are text, never device commands (issue #16 §5).
import { displayBytes } from '../../src/drivers/customer-display.js';
import { encodeReceipt } from '../../src/drivers/escpos.js';

const EVIL = 'Tarte\u001bp\u0000\u0019\u00fa\u001dV\u0000\u001b@\u0010\u0014\u0001';

describe('control characters in device output', () => {
  test('a receipt line with ESC/GS/DLE commands encodes as the same bytes as the line without them', async () => {
    const evil = await encodeReceipt({ lines: [{ text: EVIL }], barcode: null });
    const clean = await encodeReceipt({ lines: [{ text: 'TartepúV@' }], barcode: null });
    expect(evil.equals(clean)).toBe(true);
    expect(evil.includes(Buffer.from([0x1b, 0x70]))).toBe(false); // no drawer kick
    expect(evil.includes(Buffer.from([0x10, 0x14]))).toBe(false); // no real-time command
  });

  test('the customer display gets the text without commands', async () => {
    const bytes = await displayBytes(EVIL, 'TOTAL 3,50');
    expect(bytes.equals(await displayBytes('TartepúV@', 'TOTAL 3,50'))).toBe(true);
  });
});
