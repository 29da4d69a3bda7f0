// `set` and `add` on the lines of a draft, the same for a supplier order and a
// transfer: the article by PLU or barcode, a quantity in its unit (0 clears a
// line with `set`), the employee's PIN for the document's permission, then the
// document shown again. Each document says how it is found and edited.
import { Option, type Command } from 'commander';
import { parseQuantity, type Unit } from '../core/basics/quantity.js';
import type { Actor } from '../core/fiscal/audit.service.js';
import type { Core } from '../core/shop/core.service.js';
import type { GuardedAction } from '../core/staff/permissions.js';
import { actorFromPin, fromArguments, UsageError, withCore } from './context.js';
import { articleOf } from './stock.js';

/** A positive quantity for this article ("3", "1,250"), 0 too when it clears a line, or a usage error. */
export function draftQuantity(text: string, unit: Unit, zeroAllowed: boolean): number {
  if (zeroAllowed && /^0+([.,]0*)?$/.test(text.trim())) return 0;
  const q = parseQuantity(text, unit);
  if (!q.ok) throw new UsageError(`quantité « ${text} » : ${q.error}`);
  if (q.value <= 0) throw new UsageError(`quantité « ${text} » : une quantité positive est attendue`);
  return q.value;
}

export interface DraftLines<D> {
  /** the permission the PIN must carry */
  permission: GuardedAction;
  /** the document a reference names (a usage error when unknown) */
  find(core: Core, reference: string): Promise<{ id: number }>;
  /** `set`: the line at exactly this quantity; `add`: that much more */
  edit(core: Core, how: 'set' | 'add', id: number, articleId: number, quantity: number, actor: Actor): Promise<D>;
  /** writes the document as it is now */
  show(core: Core, edited: D): Promise<void> | void;
}

/** Adds `add` and `set` to a document's command. */
export function addDraftLineCommands<D>(command: Command, lines: DraftLines<D>): void {
  const descriptions = {
    add: 'ajoute un article à un brouillon (ou augmente sa quantité)',
    set: "fixe la quantité d'une ligne d'un brouillon (0 retire la ligne)",
  };
  for (const how of ['add', 'set'] as const) {
    command
      .command(how)
      .description(descriptions[how])
      .argument('<ref>', 'référence')
      .argument('<plu>', 'PLU ou code-barres')
      .argument('<qty>', 'quantité, ex. 12 ou 2,5 (kg)')
      .addOption(new Option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)"))
      .action(async (ref: string, code: string, qty: string, opts: { pin?: string }, cmd: Command) => {
        await withCore(cmd, async (core) => {
          const actor = await actorFromPin(core, opts.pin, lines.permission);
          const draft = await lines.find(core, ref);
          const article = await articleOf(core, code);
          const quantity = draftQuantity(qty, article.unit, how === 'set');
          await lines.show(core, await fromArguments(() => lines.edit(core, how, draft.id, article.id, quantity, actor)));
        });
      });
  }
}
