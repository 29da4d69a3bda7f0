// `pos loyalty show|set`: the loyalty programme's set-up (on or off, what a
// card counts, its threshold, the reward). `set` first shows what the change
// does to the cards in progress and changes nothing; with --yes it applies it,
// with the PIN of whoever may change the settings, audited under their name.
// The rules and their effect are the core's (loyalty-setup.ts).
import { Command } from 'commander';
import type { Locale } from '../core/basics/money.js';
import { criterionName, describeLoyaltyEffect, formatReward, formatThreshold, type LoyaltyChangeText } from '../core/customers/loyalty-setup.js';
import type { LoyaltySettings } from '../core/customers/loyalty.js';
import { actorFromPin, fromArguments, UsageError, withCore } from './context.js';

const TEXTS = {
  fr: {
    programme: 'Programme', on: 'actif', off: 'coupé', criterion: 'Critère', threshold: 'Seuil', reward: 'Récompense', cards: 'Cartes',
    cardsValue: (n: number, c: number) => `${n} en cours, ${c} complète(s)`,
    nothing: 'rien à changer : donnez --enabled, --criterion, --threshold, --reward, --value ou --article',
    preview: 'Aperçu : rien n’est changé. Relancez avec --yes (et --pin) pour appliquer.',
    done: (who: string) => `programme de fidélité enregistré (${who})`,
    after: 'Après le changement :',
  },
  en: {
    programme: 'Programme', on: 'on', off: 'off', criterion: 'Criterion', threshold: 'Threshold', reward: 'Reward', cards: 'Cards',
    cardsValue: (n: number, c: number) => `${n} in progress, ${c} complete`,
    nothing: 'nothing to change: give --enabled, --criterion, --threshold, --reward, --value or --article',
    preview: 'Preview: nothing changed. Run again with --yes (and --pin) to apply.',
    done: (who: string) => `loyalty programme saved (${who})`,
    after: 'After the change:',
  },
} as const;

function render(settings: LoyaltySettings, article: string | null, locale: Locale, cards?: { inProgress: number; complete: number }): string {
  const m = TEXTS[locale];
  const rows = [
    [m.programme, settings.enabled ? m.on : m.off],
    [m.criterion, `${settings.criterion} (${criterionName(settings.criterion, locale)})`],
    [m.threshold, formatThreshold(settings.criterion, settings.threshold, locale)],
    [m.reward, formatReward(settings.reward.kind, settings.reward.value, article, locale)],
  ];
  if (cards) rows.push([m.cards, m.cardsValue(cards.inProgress, cards.complete)]);
  return rows.map(([label, value]) => `${label!.padEnd(12)}${value}\n`).join('');
}

export function loyaltyCommand(): Command {
  const command = new Command('loyalty').description('programme de fidélité : critère, seuil et récompense des cartes');
  command
    .command('show')
    .description('le programme tel que réglé, et les cartes en cours')
    .action(async (_opts: unknown, cmd: Command) => {
      await withCore(cmd, async (core, globals) => {
        const o = await core.loyalty.overview();
        process.stdout.write(render(o.settings, o.article, globals.lang ?? 'fr', o));
      });
    });
  command
    .command('set')
    .description("change le programme : montre d'abord l'effet sur les cartes en cours ; --yes l'applique (code PIN d'un responsable)")
    .option('--enabled <oui|non>', 'programme actif ou coupé')
    .option('--criterion <critère>', 'points, spent (montant dépensé), visits (visites) ou items (articles achetés)')
    .option('--threshold <seuil>', 'le seuil de la carte, dans l’unité du critère (en euros pour spent : 150 ou 150,00)')
    .option('--reward <nature>', 'percent (remise en %), amount (remise en €), voucher (bon d’achat) ou article (article offert)')
    .option('--value <valeur>', 'la valeur de la récompense : 10 (%) ou 5,00 (€)')
    .option('--article <code>', "l'article offert : PLU ou code-barres")
    .option('--yes', "applique le changement (sans : l'aperçu seulement)")
    .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)")
    .action(async (opts: { enabled?: string; criterion?: string; threshold?: string; reward?: string; value?: string; article?: string; yes?: boolean; pin?: string }, cmd: Command) => {
      const text: LoyaltyChangeText = { enabled: opts.enabled, criterion: opts.criterion, threshold: opts.threshold, rewardKind: opts.reward, rewardValue: opts.value, rewardArticle: opts.article };
      await withCore(cmd, async (core, globals) => {
        const locale = globals.lang ?? 'fr';
        const m = TEXTS[locale];
        if (Object.values(text).every((v) => v === undefined)) throw new UsageError(m.nothing);
        // A bad value is refused before any PIN is asked; the preview changes nothing.
        const plan = await fromArguments(() => core.loyalty.plan(text, locale));
        if (!opts.yes) {
          process.stdout.write(`${m.after}\n${render(plan.next, plan.article, locale)}${describeLoyaltyEffect(plan.effect, locale).join('\n')}\n`);
          process.stderr.write(`${m.preview}\n`);
          return;
        }
        const actor = await actorFromPin(core, opts.pin, 'settings');
        const applied = await fromArguments(() => core.loyalty.configure(text, actor, locale));
        process.stderr.write(`${m.done(actor.employee.name)}\n`);
        process.stdout.write(`${render(applied.next, applied.article, locale)}${describeLoyaltyEffect(applied.effect, locale).join('\n')}\n`);
      });
    });
  return command;
}
