// The till's keys: function keys and their Ctrl/Alt alternatives for terminals
// that eat F-keys, and the tender letters of the payment screen.
import type { PaymentMethod } from '../core/sales/payment.js';
import type { KeyEvent, KeyName } from '../screens/keys.js';

export type Action =
  | 'help' | 'customer' | 'search' | 'park' | 'discount' | 'price' | 'return' | 'backoffice'
  | 'repeat' | 'pay' | 'void' | 'cancel' | 'logout' | 'focus' | 'nosale' | 'reprint'
  | 'accountPayment' | 'loyalty' | 'history' | 'repeatSale' | 'owedDrawer';

/** Function keys and their Ctrl/Alt alternatives for terminals that eat F-keys. */
export const KEYMAP: Array<{ action: Action; fkey?: KeyName; ctrl?: string; alt?: string }> = [
  { action: 'help', fkey: 'f1', alt: '1' },
  { action: 'customer', fkey: 'f2', ctrl: 'k', alt: '2' },
  { action: 'search', fkey: 'f3', ctrl: 'f', alt: '3' },
  { action: 'park', fkey: 'f5', ctrl: 'p', alt: '5' },
  { action: 'discount', fkey: 'f6', ctrl: 'd', alt: '6' },
  { action: 'price', fkey: 'f7', ctrl: 'o', alt: '7' },
  { action: 'return', fkey: 'f8', ctrl: 'r', alt: '8' },
  { action: 'nosale', fkey: 'f9', ctrl: 'n', alt: '9' },
  { action: 'backoffice', fkey: 'f10', ctrl: 'b', alt: '0' },
  { action: 'repeat', fkey: 'f11', ctrl: 'e' },
  { action: 'reprint', ctrl: 'y', alt: 'r' },
  { action: 'pay', fkey: 'f12', ctrl: 't' },
  { action: 'void', fkey: 'delete', ctrl: 'x' },
  { action: 'cancel', ctrl: 'a' },
  { action: 'logout', ctrl: 'l' },
  { action: 'focus', fkey: 'tab' },
  { action: 'accountPayment', ctrl: 'v', alt: 'v' },
  { action: 'loyalty', ctrl: 'g', alt: 'g' },
  { action: 'history', fkey: 'f4', ctrl: 'u', alt: '4' },
  { action: 'repeatSale', ctrl: 'w', alt: 'w' },
  // A cash sale's drawer that did not open (printer down): opens it once the printer answers.
  { action: 'owedDrawer', ctrl: 'q', alt: 'o' },
];

export function actionOf(event: KeyEvent): Action | null {
  for (const k of KEYMAP) {
    if (event.type === 'key' && k.fkey === event.name) return k.action;
    if (event.type === 'ctrl' && k.ctrl === event.letter) return k.action;
    if (event.type === 'alt' && k.alt === event.char) return k.action;
  }
  return null;
}

/** Tender keys on the payment screen (letters, so the digits stay for the amount). */
export const TENDER_KEYS: Record<PaymentMethod, string> = {
  cash: 'e',
  card: 'c',
  cheque: 'q',
  meal_voucher: 't',
  voucher: 'a',
  mobile: 'm',
  account: 'k',
};
