// An inventory count in progress: the articles scanned so far, what was
// counted on the shelf and what the stock said at that moment. It lives in
// the screen or command that runs the count and reaches the database only
// when posted (StockService.postCount), as one transaction.
import { ValidationError } from '../basics/errors.js';
import { MAX_QTY, parseQuantity, QTY_ONE, type QuantityResult, type Unit } from '../basics/quantity.js';

/** A counted quantity as typed: like a sale quantity, but zero (an empty shelf) is allowed and a sign is not. */
export function parseCountedQuantity(text: string, unit: Unit): QuantityResult {
  if (/^\s*0+([.,]0*)?\s*$/.test(text)) return { ok: true, value: 0 };
  if (/^\s*[+-]/.test(text)) return { ok: false, error: `quantité comptée sans signe attendue : « ${text.trim()} »` };
  return parseQuantity(text, unit);
}

export interface CountLine {
  articleId: number;
  name: string;
  unit: Unit;
  /** thousandths found on the shelf */
  counted: number;
  /** the article's stock when it was scanned */
  expected: number;
  /** counted - expected: the move the count will post */
  difference: number;
  countedAt: string;
}

export class StockCount {
  private readonly byArticle = new Map<number, CountLine>();
  posted = false;

  constructor(readonly startedAt: Date) {}

  /**
   * Sets the counted quantity of an article. The expected stock is kept from
   * the first scan, so counting the same article again only changes the count.
   */
  set(article: { id: number; name: string; unit: Unit; stockQty: number }, counted: number, at: Date): CountLine {
    if (this.posted) throw new ValidationError('Inventaire déjà validé');
    if (!Number.isSafeInteger(counted) || counted < 0) throw new ValidationError('Quantité comptée invalide (zéro ou plus)');
    if (counted > MAX_QTY) throw new ValidationError('Quantité comptée trop grande');
    if (article.unit === 'unit' && counted % QTY_ONE !== 0) throw new ValidationError(`« ${article.name} » se compte à l'unité : nombre entier attendu`);
    const expected = this.byArticle.get(article.id)?.expected ?? article.stockQty;
    const line: CountLine = { articleId: article.id, name: article.name, unit: article.unit, counted, expected, difference: counted - expected, countedAt: at.toISOString() };
    this.byArticle.set(article.id, line);
    return line;
  }

  line(articleId: number): CountLine | undefined {
    return this.byArticle.get(articleId);
  }

  /** Lines in scan order. */
  lines(): CountLine[] {
    return [...this.byArticle.values()];
  }
}
