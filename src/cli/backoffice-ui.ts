// The back office's screens in this terminal. Imported lazily by `pos
// backoffice`, so Ink and React load only when the back office opens.
// Static imports on purpose: a dynamic import('react') in the bundle gets the
// chunk's namespace, whose only export is `default` (React is CommonJS), and
// createElement was undefined there ("createElement is not a function").
import { render } from 'ink';
import { createElement } from 'react';
import type { Core } from '../core/shop/core.service.js';
import { BackOfficeApp } from '../screens/backoffice/BackOfficeApp.js';
import { BackOfficeSession } from '../screens/backoffice/backoffice-session.js';
import { colorLevel, makeTheme } from '../screens/theme.js';
import type { Locale } from '../core/basics/money.js';
import { inkDrawsChangedLines } from './ink-options.js';
import { deliverQuietly } from './order-mail.js';

/** Runs the back office until the user leaves it. */
export async function runBackOffice(core: Core, locale: Locale): Promise<void> {
  const session = new BackOfficeSession(core, null, locale);
  // an order sent from the orders screen is e-mailed at once when e-mail is set up
  session.deliverOrderMail = (orderId) => deliverQuietly(core, orderId);
  const shopName = await core.settings.get('shop.name');
  const instance = render(
    createElement(BackOfficeApp, { session, theme: makeTheme(colorLevel()), locale, shopName }),
    { exitOnCtrlC: true, patchConsole: true, incrementalRendering: inkDrawsChangedLines },
  );
  await instance.waitUntilExit();
  await session.idle();
}
