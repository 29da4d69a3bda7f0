// `pos backoffice`: the back office in this terminal, beside a running till
// (same SQLite file or PostgreSQL server).
import { Command } from 'commander';
import { render } from 'ink';
import { createElement } from 'react';
import { PosError } from '../core/errors.js';
import { BackOfficeApp } from '../screens/backoffice/BackOfficeApp.js';
import { BackOfficeSession } from '../screens/backoffice/backoffice-session.js';
import { colorLevel, makeTheme } from '../screens/theme.js';
import { withCore } from './context.js';

export function backofficeCommand(): Command {
  return new Command('backoffice')
    .description('écrans de gestion (paramètres, journal des ventes…) ; code PIN d\'un responsable')
    .action(async (_opts, command: Command) => {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new PosError("la gestion s'ouvre dans un terminal ; sans terminal, utilisez les commandes (pos --help)");
      }
      await withCore(command, async (core, globals) => {
        const session = new BackOfficeSession(core, null, globals.lang ?? 'fr');
        const shopName = await core.settings.get('shop.name');
        const instance = render(
          createElement(BackOfficeApp, { session, theme: makeTheme(colorLevel()), locale: globals.lang ?? 'fr', shopName }),
          { exitOnCtrlC: true, patchConsole: true },
        );
        await instance.waitUntilExit();
        await session.idle();
      });
    });
}
