// Lines onto the ticket: what Entrée does with the input line (a code, a
// quantity, a name searched, the grid's article), the lookup's answer, the
// scale's weight, and the line itself.
import type { Article } from '../core/catalogue/article.js';
import { sellable } from '../core/catalogue/article.js';
import { parseEntry } from '../core/sales/entry.js';
import { parseQuantity, QTY_ONE } from '../core/basics/quantity.js';
import { decodeSaleBarcode } from '../core/sales/returns.js';
import { addLine, changeQuantity } from '../core/sales/ticket.js';
import type { LineToAdd, ResultEvent } from './effects.js';
import { commitTicket, guard } from './guard.js';
import { openReceiptReturn } from './returns.js';
import { attachCustomer } from './customer.js';
import { fail, info, patch, step, type Step, type TillContext } from './step.js';
import { gridArticle, targetLineIndex, type TillState } from './state.js';

/** A weighed article with no weight typed goes to the scale, when the till has one. */
const weighsOnScale = (unit: 'unit' | 'kg', ctx: TillContext) => unit === 'kg' && ctx.hasScale;

/** Entrée on the sale screen. */
export function submit(state: TillState, ctx: TillContext): Step {
  const entry = parseEntry(state.input);
  switch (entry.kind) {
    case 'empty': {
      const article = state.focus === 'grid' ? gridArticle(state) : undefined;
      if (!article) return step(state);
      if (weighsOnScale(article.unit, ctx)) return weigh(state, { article, isReturn: false, code: article.plu ?? '' }, false, ctx);
      const quantity = quantityFor(state, null, article, article.unit, ctx);
      if (typeof quantity !== 'number') return step(quantity);
      return addArticle(state, { article, quantity, isReturn: false, code: article.plu ?? '' }, ctx);
    }
    case 'invalid':
      return step(fail(state, entry.error));
    case 'search': {
      const search = state.search;
      const chosen = search && search.query === entry.query ? search.results[search.index] : undefined;
      if (!chosen) return step(fail(state, ctx.t('sale.noResult', { q: entry.query })));
      // Refused, the search stays: Entrée asks the scale again once the plate settles.
      if (entry.quantityText === null && weighsOnScale(chosen.unit, ctx)) return weigh(state, { article: chosen, isReturn: entry.isReturn, code: chosen.plu ?? '' }, true, ctx);
      const quantity = quantityFor(state, entry.quantityText, chosen, chosen.unit, ctx);
      if (typeof quantity !== 'number') return step(quantity);
      const line = { article: chosen, quantity, isReturn: entry.isReturn, code: chosen.plu ?? '' };
      return typedWeightGuard(patch(state, { input: '', search: null }), chosen.unit, entry.quantityText !== null, line, ctx);
    }
    case 'quantity': {
      const index = targetLineIndex(state);
      if (index === null) return step(fail(state, ctx.t('sale.noLine')));
      const line = state.ticket.lines[index]!;
      const parsed = parseQuantity(entry.quantityText, line.unit);
      if (!parsed.ok) return step(fail(state, parsed.error));
      const ticket = changeQuantity(state.ticket, line.id, entry.isReturn ? -parsed.value : parsed.value);
      const cleared = patch(state, { input: '' });
      // A weighed line's weight retyped is a typed weight too.
      if (line.unit === 'kg' && ctx.hasScale) return guard(cleared, 'typed_weight', line.name, { kind: 'ticket', ticket, audit: [], after: {} }, ctx);
      return commitTicket(cleared, ticket, {});
    }
    case 'code':
      return step(state, { kind: 'lookUp', entry });
  }
}

/** The catalogue's answer to a code typed or scanned. */
export function onLookedUp(state: TillState, event: Extract<ResultEvent, { type: 'lookedUp' }>, ctx: TillContext): Step {
  const { entry, found, customer } = event;
  // Not an article: maybe a loyalty card, which attaches its customer at once.
  if (!found && customer) return attachCustomer(state, customer, ctx);
  const cleared = patch(state, { input: '' });
  // A receipt's own code: the return screen opens on that sale.
  if (!found && decodeSaleBarcode(entry.code)) return openReceiptReturn(cleared, entry.code, ctx);
  // Unknown code: a visible message and a bell; the ticket is unchanged.
  if (!found) return step(fail(cleared, ctx.t('sale.unknownCode', { code: entry.code })));
  const unit = found.unit ?? found.article.unit;
  const plain = entry.quantityText === null && found.quantity === undefined;
  if (plain && found.unitPrice === undefined && weighsOnScale(unit, ctx)) return weigh(cleared, { article: found.article, isReturn: entry.isReturn, code: found.code }, false, ctx);
  if (plain && found.article.unit === 'kg') return step(fail(cleared, ctx.t('sale.weightNeeded', { name: found.article.name })));
  let quantity = found.quantity ?? QTY_ONE;
  let labelAmount = found.labelAmount;
  if (entry.quantityText !== null) {
    const q = quantityFor(state, entry.quantityText, found.article, found.unit ?? found.article.unit, ctx);
    if (typeof q !== 'number') return step(q);
    quantity = found.embedded ? q * (quantity / QTY_ONE) : q;
    // 2*label: two labels, twice the label's amount.
    if (labelAmount !== undefined) labelAmount = Math.round((labelAmount * q) / QTY_ONE);
  }
  const line: LineToAdd = { article: found.article, quantity, isReturn: entry.isReturn, code: found.code, options: { unitPrice: found.unitPrice, unit: found.unit, labelAmount } };
  // A weight on a label is the label printer's; one typed by hand is the guarded case.
  return typedWeightGuard(cleared, unit, entry.quantityText !== null && !found.embedded, line, ctx);
}

/** Asks the scale for a stable weight; the line is added when it answers (onWeighed). */
function weigh(state: TillState, line: Omit<LineToAdd, 'quantity'>, clearSearch: boolean, ctx: TillContext): Step {
  return step(info(state, ctx.t('scale.weighing', { name: line.article.name })), { kind: 'weigh', line, clearSearch });
}

/** A Dialog scale's amount is the line's (checked by the weighing); a refusal says why and adds nothing. */
export function onWeighed(state: TillState, event: Extract<ResultEvent, { type: 'weighed' }>, ctx: TillContext): Step {
  const { line, result } = event;
  if (!result.ok) return step(fail(state, ctx.t('scale.failed', { name: line.article.name, reason: result.message })));
  const added = addArticle(state, { ...line, quantity: result.quantity }, ctx);
  return event.clearSearch ? { ...added, state: patch(added.state, { input: '', search: null }) } : added;
}

/**
 * A weight typed by hand on a till with a scale bypasses the certified
 * scale: the permission table ('typed_weight') says who may. Without a scale,
 * typing the weight is the only way and needs nobody.
 */
function typedWeightGuard(state: TillState, unit: 'unit' | 'kg', typed: boolean, line: LineToAdd, ctx: TillContext): Step {
  if (!typed || unit !== 'kg' || !ctx.hasScale) return addArticle(state, line, ctx);
  return guard(state, 'typed_weight', line.article.name, { kind: 'addLine', line }, ctx);
}

/** The quantity typed (or one); a weighed article needs its weight: 1 kg by default would be a wrong price. Else the refusal. */
function quantityFor(state: TillState, text: string | null, article: Article, unit: 'unit' | 'kg', ctx: TillContext): number | TillState {
  if (text === null) return unit === 'kg' ? fail(state, ctx.t('sale.weightNeeded', { name: article.name })) : QTY_ONE;
  const parsed = parseQuantity(text, unit);
  return parsed.ok ? parsed.value : fail(state, parsed.error);
}

/** The line goes on the ticket; a return (typed with '-') gives money back: a refund, approved and audited like F8. */
export function addArticle(state: TillState, line: LineToAdd, ctx: TillContext): Step {
  const ticket = addLine(state.ticket, sellable(line.article, line.code), line.isReturn ? -line.quantity : line.quantity, line.options ?? {});
  const name = line.article.name;
  if (!line.isReturn) return commitTicket(state, ticket, { patch: { selectedLine: null }, message: { kind: 'success', text: ctx.t('sale.added', { name }) } });
  const added = ticket.lines[ticket.lines.length - 1]!;
  return guard(state, 'refund', null, {
    kind: 'ticket',
    ticket,
    audit: [refundEvent(state.ticket.id, added)],
    after: { patch: { selectedLine: null, input: '' }, message: { kind: 'success', text: ctx.t('sale.returned', { name }) } },
  }, ctx);
}

/** The 'refund' audit event the voids report lists: the returned line (the cashier and approver are added when it is saved). */
export function refundEvent(ticketId: string, line: { articleId: number | null; name: string; quantity: number; unitPrice: number }) {
  return { kind: 'refund', articleId: line.articleId, details: { ticket: ticketId, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice } };
}
