// The loyalty card's badge in the till's header and messages.
import type { TillLoyalty } from '../core/customers/loyalty-card.js';

/** "★ 72/100", "★ 4/10 visites", "★ 85/150 €"; a given reward shows as ✓. */
export function loyaltyBadge(loyalty: TillLoyalty, locale: 'fr' | 'en' = 'fr'): string {
  const { criterion, threshold } = loyalty.status;
  const euros = (c: number) => String(Math.trunc(c / 100));
  const progress = criterion === 'spent' ? `${euros(loyalty.projected)}/${euros(threshold)} €` : `${loyalty.projected}/${threshold}`;
  const unit = criterion === 'visits' ? (locale === 'fr' ? ' visites' : ' visits') : criterion === 'items' ? (locale === 'fr' ? ' articles' : ' items') : '';
  const mark = loyalty.reward ? ' ✓' : loyalty.complete ? ' !' : '';
  return `★ ${progress}${unit}${mark}`;
}
