// The loyalty card's badge in the till's header and messages.
import type { TillLoyalty } from '../core/customers/loyalty-card.js';
import type { Translate } from '../screens/i18n.js';

/** "★ 72/100", "★ 4/10 visites", "★ 85/150 €"; a given reward shows as ✓. */
export function loyaltyBadge(loyalty: TillLoyalty, t: Translate): string {
  const { criterion, threshold } = loyalty.status;
  const euros = (c: number) => String(Math.trunc(c / 100));
  const progress = criterion === 'spent' ? `${euros(loyalty.projected)}/${euros(threshold)} €` : `${loyalty.projected}/${threshold}`;
  const unit = criterion === 'visits' ? t('loyalty.unit.visits') : criterion === 'items' ? t('loyalty.unit.items') : '';
  const mark = loyalty.reward ? ' ✓' : loyalty.complete ? ' !' : '';
  return `★ ${progress}${unit}${mark}`;
}
