// The ordering page's pure parts: escaping, the language of a request, and
// how a typed quantity or a form field is read (no server, no database).
import { escapeHtml, html } from '../../src/server/ordering/html.js';
import { readForm, readId, readQuantity } from '../../src/server/ordering/form-input.js';
import { quantityInput } from '../../src/server/ordering/pages.js';
import { pickLang, translator } from '../../src/server/ordering/texts.js';

test('values in a template are escaped, Html is not, control characters are dropped', () => {
  const name = `<img src=x onerror="alert('x')">`;
  expect(html`<p title="${name}">${name}</p>`.text).toBe('<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;</p>');
  expect(html`<ul>${['a&b', html`<li>ok</li>`, null, false]}</ul>`.text).toBe('<ul>a&amp;b<li>ok</li></ul>');
  expect(escapeHtml('Café\u001b[41m rouge')).toBe('Café[41m rouge');
});

test("a request's language: ?lang, then the cookie, then Accept-Language, else French", () => {
  expect(pickLang('en', 'fr', 'fr-FR')).toBe('en');
  expect(pickLang(undefined, 'en', 'fr-FR')).toBe('en');
  expect(pickLang('de', 'nl', 'de-DE,en-GB;q=0.8')).toBe('en');
  expect(pickLang(undefined, undefined, 'de-DE')).toBe('fr');
  expect(pickLang(undefined, undefined, undefined)).toBe('fr');
  expect(translator('en')('order.sent', { ref: 'PO-1', date: '2026-10-18' })).toBe('Order PO-1 sent, delivery expected on 2026-10-18.');
});

test('quantities are read the CLI way: thousandths, whole units, zero and empty where allowed', () => {
  expect(readQuantity('12', 'unit', { zeroAllowed: false })).toEqual({ ok: true, value: 12000 });
  expect(readQuantity('2,5', 'kg', { zeroAllowed: false })).toEqual({ ok: true, value: 2500 });
  expect(readQuantity('2.5', 'unit', { zeroAllowed: false })).toMatchObject({ ok: false, why: expect.stringMatching(/entière/) });
  expect(readQuantity('0', 'unit', { zeroAllowed: true })).toEqual({ ok: true, value: 0 });
  expect(readQuantity('0', 'unit', { zeroAllowed: false })).toMatchObject({ ok: false });
  expect(readQuantity('', 'unit', { zeroAllowed: true, emptyIs: 0 })).toEqual({ ok: true, value: 0 });
  expect(readQuantity('', 'unit', { zeroAllowed: true })).toMatchObject({ ok: false });
  expect(readQuantity('-3', 'unit', { zeroAllowed: true })).toMatchObject({ ok: false, why: expect.stringMatching(/positive/) });
  expect(readQuantity('1e3', 'unit', { zeroAllowed: false })).toMatchObject({ ok: false });
  expect(quantityInput('fr', 2500, 'kg')).toBe('2,5');
  expect(quantityInput('en', 2000, 'kg')).toBe('2');
  expect(quantityInput('fr', 12000, 'unit')).toBe('12');
});

test('a form field is one string, without control characters, not over-long', () => {
  expect(readForm({ pin: '1234' })).toEqual({ ok: true, fields: { pin: '1234' } });
  expect(readForm({ q: ['1', '2'] })).toMatchObject({ ok: false, problem: expect.stringMatching(/une seule valeur/) });
  expect(readForm({ q: 'a\u0000b' })).toMatchObject({ ok: false, problem: expect.stringMatching(/U\+0000/) });
  expect(readForm({ q: 'x'.repeat(201) })).toMatchObject({ ok: false, problem: expect.stringMatching(/200 au plus/) });
  expect([readId('12'), readId('0'), readId('1x'), readId(undefined), readId('9'.repeat(12))]).toEqual([12, null, null, null, null]);
});
