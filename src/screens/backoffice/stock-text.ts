// The words of the back office's stock screens: the `bo.s.*` messages of
// i18n.ts, named without their prefix.
import type { Locale } from '../../core/basics/money.js';
import { translator, type MessageKey } from '../i18n.js';

type StockSuffix<K> = K extends `bo.s.${infer Rest}` ? Rest : never;
export type StockTextKey = StockSuffix<MessageKey>;

export function stockText(locale: Locale, key: StockTextKey, vars: Record<string, string | number> = {}): string {
  return translator(locale)(`bo.s.${key}` as MessageKey, vars);
}
