// The ticket panel shows an automatic discount under its line, with its own
// label, and a manual one as before.
import { cleanup, render } from 'ink-testing-library';
import { NO_PRICING, repriceTicket } from '../../src/core/sales/pricing.js';
import { addLine, computeTotals, newTicket, setLineDiscount, type SellableArticle } from '../../src/core/sales/ticket.js';
import { TicketPanel } from '../../src/screens/components/TicketPanel.js';
import { translator } from '../../src/screens/i18n.js';
import { makeTheme } from '../../src/screens/theme.js';

const biscuit: SellableArticle = { id: 1, code: '101', name: 'Sablés bretons', categoryId: 1, unit: 'unit', price: 420, taxRateBp: 550, cost: 0, loyaltyPoints: 0 };
const wine: SellableArticle = { ...biscuit, id: 2, code: '201', name: 'Bordeaux', price: 1290, taxRateBp: 2000 };

afterEach(() => cleanup());

test('automatic discount lines read "  label   -amount" under their line; manual ones keep their wording', () => {
  let ticket = addLine(addLine(newTicket('t', '2026-11-22T10:00:00.000Z'), biscuit, 3000), wine, 1000);
  ticket = repriceTicket(ticket, {
    ...NO_PRICING,
    promotions: [{ id: 1, name: 'Sablés 3 pour 2', kind: 'n_for_m', articleId: 1, categoryId: null, value: 0, buyQty: 3, payQty: 2 }],
    customerDiscount: { bp: 500, label: 'Remise Pros 5 %' },
  });
  const draw = (t: typeof ticket) =>
    render(<TicketPanel ticket={t} totals={computeTotals(t)} selected={null} width={40} height={12} theme={makeTheme('none')} locale="fr" t={translator('fr')} focused={false} />).lastFrame() ?? '';
  const frame = draw(ticket);
  expect(frame).toMatch(/3 Sablés bretons +12,60/);
  expect(frame).toMatch(/\n {3}Sablés 3 pour 2 +-4,20/);
  expect(frame).toMatch(/\n {3}Remise Pros 5 % +-0,65/);
  expect(frame).toMatch(/TOTAL +20,65 €/);
  const manual = draw(repriceTicket(setLineDiscount(ticket, 2, { kind: 'percent', bp: 1000 }), NO_PRICING));
  expect(manual).not.toContain('Remise Pros');
  expect(manual).toMatch(/remise 10 % +-1,29/);
});
