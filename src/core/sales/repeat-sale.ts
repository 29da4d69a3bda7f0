// Copying a past sale into the open ticket ("the same as last time"). Pure:
// the lines are re-added with the article as the catalogue sells it TODAY
// (price, name, tax), with the quantity of then (a return stays a return).
// The old sale is never touched; the result is ordinary lines of the current
// ticket, changeable before payment.
import { addLine, type SellableArticle, type Ticket } from './ticket.js';
import type { Unit } from '../basics/quantity.js';

/** What is needed of a past sale line to sell it again. */
export interface PastLine {
  articleId: number | null;
  code: string;
  name: string;
  unit: Unit;
  quantity: number;
}

export interface SkippedLine {
  name: string;
  reason: 'not_sold' | 'unit_changed';
}

export interface RepeatResult {
  ticket: Ticket;
  /** lines added to the ticket */
  added: number;
  /** lines of the past sale that could not be sold again, and why */
  skipped: SkippedLine[];
}

/**
 * Adds `lines` to `ticket`. `current` maps an article id to the article as it
 * is sold now; an id missing from it is an article no longer sold. A line
 * sold by the unit of a weighed article (a price-embedded label) can't be
 * priced again without its label, so it is skipped too.
 */
export function repeatSale(ticket: Ticket, lines: PastLine[], current: ReadonlyMap<number, SellableArticle>): RepeatResult {
  let next = ticket;
  let added = 0;
  const skipped: SkippedLine[] = [];
  for (const line of lines) {
    const article = line.articleId === null ? undefined : current.get(line.articleId);
    if (!article) {
      skipped.push({ name: line.name, reason: 'not_sold' });
      continue;
    }
    if (article.unit !== line.unit) {
      skipped.push({ name: line.name, reason: 'unit_changed' });
      continue;
    }
    next = addLine(next, { ...article, code: line.code || article.code }, line.quantity);
    added += 1;
  }
  return { ticket: next, added, skipped };
}
