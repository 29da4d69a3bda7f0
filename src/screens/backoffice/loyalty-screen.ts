// The back office's « Fidélité » screen, as a small state machine the session
// hands its keys to: a form of the programme's six settings (on, criterion,
// threshold, reward, its value, the free article) filled with today's values;
// Ctrl+S (or Enter on the last field) asks the core what the change would do
// to the cards in progress and shows it on a confirmation step; Enter there
// applies it, audited under the signed-in employee if the permission table
// lets them change the settings; Esc goes back to the form, changing nothing.
import type { Core } from '../../core/shop/core.service.js';
import type { LoyaltyOverview } from '../../core/customers/loyalty.service.js';
import { CRITERION_WORDS, REWARD_KIND_WORDS, type LoyaltyChangeText } from '../../core/customers/loyalty-setup.js';
import { formatMoney } from '../../core/basics/money.js';
import { formatRate } from '../../core/catalogue/vat.js';
import type { Employee } from '../../core/staff/staff.js';
import type { KeyEvent } from '../keys.js';
import { translator, type Translate } from '../i18n.js';
import { formStep } from './field-form.js';
import { wrapCursor } from '../list-cursor.js';
import { LOYALTY_CRITERIA, LOYALTY_REWARD_KINDS } from '../../core/customers/loyalty.js';
import { actorAllowed } from './not-allowed.js';
import type { ScreenMessage } from './customers-screen.js';
import type { LoyaltyPlan } from '../../core/customers/loyalty.service.js';

export const LOYALTY_FIELDS = ['enabled', 'criterion', 'threshold', 'rewardKind', 'rewardValue', 'rewardArticle'] as const;
export type LoyaltyFieldKey = (typeof LOYALTY_FIELDS)[number];

export interface LoyaltyScreenState {
  step: 'form' | 'confirm';
  overview: LoyaltyOverview | null;
  values: Record<LoyaltyFieldKey, string>;
  index: number;
  /** the planned change, while it waits for Enter on the confirmation step */
  plan: LoyaltyPlan | null;
}

export type LoyaltyOutcome = { close: true } | { close: false; message?: ScreenMessage };

/** The form's text for the settings as they stand, in the screen's language. */
export function loyaltyFormValues(o: LoyaltyOverview, t: Translate, locale: 'fr' | 'en'): Record<LoyaltyFieldKey, string> {
  const s = o.settings;
  const money = (c: number) => formatMoney(c, locale, { symbol: false }).replace(/\s/g, '');
  return {
    enabled: s.enabled ? t('bo.yes') : t('bo.no'),
    criterion: CRITERION_WORDS[s.criterion][locale],
    threshold: s.criterion === 'spent' ? money(s.threshold) : String(s.threshold),
    rewardKind: REWARD_KIND_WORDS[s.reward.kind][locale],
    rewardValue: s.reward.kind === 'article' ? '' : s.reward.kind === 'percent' ? formatRate(s.reward.value, locale).replace(/\s*%$/, '') : money(s.reward.value),
    rewardArticle: s.reward.kind === 'article' ? (o.articleCode ?? '') : '',
  };
}

export class LoyaltyScreen {
  state: LoyaltyScreenState = { step: 'form', overview: null, values: { enabled: '', criterion: '', threshold: '', rewardKind: '', rewardValue: '', rewardArticle: '' }, index: 0, plan: null };
  private initial: Record<LoyaltyFieldKey, string> = this.state.values;
  private readonly t: Translate;

  constructor(private readonly core: Core, private readonly employee: Employee, private readonly locale: 'fr' | 'en', private readonly onChange: (state: LoyaltyScreenState) => void) {
    this.t = translator(locale);
  }

  private set(patch: Partial<LoyaltyScreenState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  async open(): Promise<void> {
    const overview = await this.core.loyalty.overview();
    this.initial = loyaltyFormValues(overview, this.t, this.locale);
    this.set({ step: 'form', overview, values: this.initial, plan: null });
  }

  async handle(event: KeyEvent): Promise<LoyaltyOutcome> {
    if (this.state.step === 'confirm') return this.handleConfirm(event);
    if (event.type === 'key' && (event.name === 'left' || event.name === 'right')) {
      this.cycleChoice(event.name === 'right' ? 1 : -1);
      return { close: false };
    }
    const step = formStep({ values: this.state.values, index: this.state.index }, LOYALTY_FIELDS, event);
    if (step.kind === 'edit') this.set({ values: step.form.values, index: step.form.index });
    else if (step.kind === 'cancel') return { close: true };
    else if (step.kind === 'save') return this.preview();
    return { close: false };
  }

  /** ←→ on a field with a few choices (on/off, criterion, reward) puts the next one, so nobody has to remember the words. */
  private cycleChoice(step: 1 | -1): void {
    const key = LOYALTY_FIELDS[this.state.index]!;
    const choices: readonly string[] | undefined = {
      enabled: [this.t('bo.yes'), this.t('bo.no')],
      criterion: LOYALTY_CRITERIA.map((c) => CRITERION_WORDS[c][this.locale]),
      rewardKind: LOYALTY_REWARD_KINDS.map((k) => REWARD_KIND_WORDS[k][this.locale]),
    }[key as 'enabled' | 'criterion' | 'rewardKind'];
    if (!choices) return;
    const at = choices.indexOf(this.state.values[key].trim().toLowerCase());
    const next = choices[at < 0 ? 0 : wrapCursor(at, step, choices.length)]!;
    this.set({ values: { ...this.state.values, [key]: next } });
  }

  /** What the form changes: the fields that differ, with the threshold and value their new unit needs. */
  private changeText(): LoyaltyChangeText | null {
    const v = this.state.values;
    const changed = (key: LoyaltyFieldKey) => v[key].trim() !== this.initial[key].trim();
    if (!LOYALTY_FIELDS.some(changed)) return null;
    const criterionChanged = changed('criterion');
    const kindChanged = changed('rewardKind');
    const isArticle = ['article', 'article offert', 'free'].includes(v.rewardKind.trim().toLowerCase());
    return {
      enabled: changed('enabled') ? v.enabled : undefined,
      criterion: criterionChanged ? v.criterion : undefined,
      threshold: changed('threshold') || criterionChanged ? v.threshold : undefined,
      rewardKind: kindChanged ? v.rewardKind : undefined,
      // The form keeps both fields; only the one the reward uses is sent.
      rewardValue: !isArticle && (changed('rewardValue') || kindChanged) ? v.rewardValue : undefined,
      rewardArticle: isArticle && (changed('rewardArticle') || kindChanged) ? v.rewardArticle : undefined,
    };
  }

  private async preview(): Promise<LoyaltyOutcome> {
    const text = this.changeText();
    if (!text) return { close: false, message: { text: this.t('bo.l.nothing'), kind: 'info' } };
    // Refused before the preview when the table does not let this employee change the settings.
    await actorAllowed(this.core, this.employee, 'settings', this.locale);
    const plan = await this.core.loyalty.plan(text, this.locale);
    this.set({ step: 'confirm', plan });
    // The confirmation step's title asks the question; the message line stays free.
    return { close: false, message: null };
  }

  private async handleConfirm(event: KeyEvent): Promise<LoyaltyOutcome> {
    if (event.type !== 'key') return { close: false };
    if (event.name === 'escape') {
      this.set({ step: 'form', plan: null });
      return { close: false, message: { text: this.t('bo.l.cancelled'), kind: 'info' } };
    }
    if (event.name !== 'enter') return { close: false };
    const text = this.changeText()!;
    const actor = await actorAllowed(this.core, this.employee, 'settings', this.locale);
    await this.core.loyalty.configure(text, actor, this.locale);
    await this.open();
    return { close: false, message: { text: this.t('bo.l.saved'), kind: 'success' } };
  }
}
