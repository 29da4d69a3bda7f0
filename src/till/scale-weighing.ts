// The till asks the scale for the weight of a weighed article (issue #17):
// the scale's reading, checked against the till's own price arithmetic,
// becomes the line's quantity; a refusal comes back with its reason in the
// till's language.
import type { Article } from '../core/catalogue/article.js';
import { weighedQuantity, type ScaleFault } from '../core/sales/scale-reading.js';
import type { Scale } from '../drivers/scale.js';
import type { Translate } from '../screens/i18n.js';

export type ScaleWeighing = { ok: true; quantity: number } | { ok: false; message: string };

export async function weighOnScale(scale: Scale, article: Pick<Article, 'price'>, t: Translate): Promise<ScaleWeighing> {
  const result = await scale.weigh(article.price);
  const checked = result.ok ? weighedQuantity(result.reading, article.price) : result;
  if (checked.ok) return checked;
  return { ok: false, message: t(`scale.fault.${checked.fault satisfies ScaleFault}`, { reason: checked.reason }) };
}
