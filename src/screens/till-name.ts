// A till's name as the screen shows it. A till nobody named keeps the name
// the core gave it (« Caisse 3 », TillsService.ensure): that one follows the
// screen's language; a name the shop chose is data and stays as typed.
import type { Translate } from './i18n.js';

export function tillLabel(name: string, t: Translate): string {
  const unnamed = /^Caisse (\d+)$/.exec(name);
  return unnamed ? t('sale.till', { n: unnamed[1]! }) : name;
}
