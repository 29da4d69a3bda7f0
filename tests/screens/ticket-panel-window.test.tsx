// A long ticket shows its last rows, or from the selected line on; discount
// rows scroll with their line, and the rows drawn are the same whatever the
// ticket's length (only the lines on screen are built).
import { cleanup, render } from 'ink-testing-library';
import { NO_PRICING, repriceTicket } from '../../src/core/sales/pricing.js';
import { addLine, computeTotals, newTicket, setLineDiscount, type SellableArticle, type Ticket } from '../../src/core/sales/ticket.js';
import { TicketPanel, ticketWindow } from '../../src/screens/components/TicketPanel.js';
import { translator } from '../../src/screens/i18n.js';
import { makeTheme } from '../../src/screens/theme.js';

const article = (n: number): SellableArticle => ({ id: n, code: String(1000 + n), name: `Article ${n}`, categoryId: 1, unit: 'unit', price: 100 + n, taxRateBp: 2000, cost: 0, loyaltyPoints: 0 });

function ticketOf(lines: number, discounted: number[] = []): Ticket {
  let ticket = newTicket('t', '2026-11-23T10:00:00.000Z');
  for (let n = 1; n <= lines; n++) ticket = addLine(ticket, article(n), 1000);
  for (const n of discounted) ticket = setLineDiscount(ticket, n, { kind: 'percent', bp: 1000 });
  return repriceTicket(ticket, NO_PRICING);
}

afterEach(() => cleanup());

// height 12: title + 8 rows + total and VAT lines (+ the flexible gap)
const draw = (ticket: Ticket, selected: number | null = null) =>
  render(<TicketPanel ticket={ticket} totals={computeTotals(ticket)} selected={selected} width={40} height={12} theme={makeTheme('none')} locale="fr" t={translator('fr')} focused={false} />).lastFrame() ?? '';

const articlesShown = (frame: string) => [...frame.matchAll(/Article (\d+)/g)].map((m) => Number(m[1]));

test('a 1,000-line ticket shows its last 8 lines, then the total of all of them', () => {
  const frame = draw(ticketOf(1000));
  expect(articlesShown(frame)).toEqual([993, 994, 995, 996, 997, 998, 999, 1000]);
  expect(frame).toMatch(/TICKET +1000 art/);
  expect(frame).toMatch(/TOTAL +6\s005,00 €/);
});

test('a selected line above the last rows is shown first, with the lines after it', () => {
  expect(articlesShown(draw(ticketOf(1000), 9))).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
  // Already on screen: the view stays on the last rows.
  expect(articlesShown(draw(ticketOf(1000), 995))).toEqual([993, 994, 995, 996, 997, 998, 999, 1000]);
});

test('discount rows take room under their line; the window may start on a discount row', () => {
  // Lines 995..1000 (6 rows) + discounts under 998 and 1000 (2 rows) = 8 rows.
  const frame = draw(ticketOf(1000, [998, 1000]));
  expect(articlesShown(frame)).toEqual([995, 996, 997, 998, 999, 1000]);
  expect(frame.match(/remise 10 %/g)).toHaveLength(2);
  // With the discount under 993 the last 8 rows begin on that discount row, below its (hidden) line.
  const cut = draw(ticketOf(1000, [993, 994, 995, 996, 997, 998, 999, 1000]));
  expect(articlesShown(cut)).toEqual([997, 998, 999, 1000]);
  expect(cut.match(/remise 10 %/g)).toHaveLength(4);
});

test('ticketWindow: where the drawn rows start', () => {
  const win = (lines: number, discounted: number[], selected: number | null, room: number) => {
    const ticket = ticketOf(lines, discounted);
    return ticketWindow(ticket, computeTotals(ticket), selected, room);
  };
  expect(win(0, [], null, 8)).toEqual({ line: 0, skip: 0 });
  expect(win(5, [], null, 8)).toEqual({ line: 0, skip: 0 });
  expect(win(20, [], null, 8)).toEqual({ line: 12, skip: 0 });
  expect(win(20, [17, 18, 19, 20], null, 8)).toEqual({ line: 16, skip: 0 });
  // 7 rows: line 16 (article 17) and its discount overflow by one, its own row is scrolled off
  expect(win(20, [17, 18, 19, 20], null, 7)).toEqual({ line: 16, skip: 1 });
  expect(win(20, [17, 18, 19, 20], 15, 7)).toEqual({ line: 15, skip: 0 });
  // the selected line is shown whole
  expect(win(20, [17, 18, 19, 20], 16, 7)).toEqual({ line: 16, skip: 0 });
  expect(win(20, [], 3, 8)).toEqual({ line: 3, skip: 0 });
});

test('a weighed line shows its weight times the price per kilo under it, a price label at exactly its amount', () => {
  const pate: SellableArticle = { id: 1, code: '1001', name: 'Pâté de campagne', categoryId: 1, unit: 'kg', price: 1990, taxRateBp: 550, cost: 0, loyaltyPoints: 0 };
  // a 5,00 € label: 251 g at 19,90 €/kg, the line at the label's amount
  const ticket = repriceTicket(addLine(newTicket('t', '2026-11-23T10:00:00.000Z'), pate, 251, { labelAmount: 500 }), NO_PRICING);
  const frame = draw(ticket);
  expect(frame).toMatch(/0,251 kg Pâté de campagne +5,00/);
  expect(frame).toContain('0,251 kg × 19,90 €/kg');
  expect(frame).not.toMatch(/prix modifié|au lieu de/i);
  // the window counts that row: 8 weighed lines need 16 rows, 8 are shown (4 lines)
  let long = newTicket('t', '2026-11-23T10:00:00.000Z');
  for (let n = 0; n < 8; n++) long = addLine(long, { ...pate, id: 10 + n, code: String(2000 + n), name: `Terrine ${n}` }, 100 + n);
  long = repriceTicket(long, NO_PRICING);
  expect(ticketWindow(long, computeTotals(long), null, 8)).toEqual({ line: 4, skip: 0 });
  expect([...draw(long).matchAll(/Terrine (\d)/g)].map((m) => Number(m[1]))).toEqual([4, 5, 6, 7]);
});
