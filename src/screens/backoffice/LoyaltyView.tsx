// The back office's « Fidélité » screen, drawn from its state: today's
// programme and cards, the six fields with the choices of the active one, or
// the confirmation step with the programme after the change and its effect
// on the cards in progress (what loyalty-setup.ts says of it).
import { Box, Text } from 'ink';
import type { Locale } from '../../core/basics/money.js';
import { criterionName, describeLoyaltyEffect, formatReward, formatThreshold } from '../../core/customers/loyalty-setup.js';
import type { LoyaltySettings } from '../../core/customers/loyalty.js';
import { FieldRow } from '../components/FieldRow.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit } from '../layout.js';
import { LOYALTY_FIELDS, type LoyaltyScreenState } from './loyalty-screen.js';

export function loyaltyHint(state: LoyaltyScreenState | null): MessageKey {
  return state?.step === 'confirm' ? 'bo.h.loyaltyConfirm' : 'bo.h.loyalty';
}

function rule(s: LoyaltySettings, t: Translate, locale: Locale): string {
  return t('bo.l.rule', { state: t(s.enabled ? 'bo.l.on' : 'bo.l.off'), criterion: criterionName(s.criterion, locale), threshold: formatThreshold(s.criterion, s.threshold, locale) });
}

/** Wraps a sentence to the screen's width, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function LoyaltyView(props: { state: LoyaltyScreenState; width: number; locale: Locale; t: Translate }) {
  const { state, width, locale, t } = props;
  const o = state.overview;
  if (!o) return null;
  if (state.step === 'confirm' && state.plan) {
    const p = state.plan;
    const effect = describeLoyaltyEffect(p.effect, locale).flatMap((sentence) => wrap(sentence, width - 2));
    return (
      <Box flexDirection="column">
        <Text bold>{fit(t('bo.l.confirm'), width)}</Text>
        <Text> </Text>
        <Text>{fit(t('bo.l.after', { rule: rule(p.next, t, locale) }), width)}</Text>
        <Text>{fit(`  ${formatReward(p.next.reward.kind, p.next.reward.value, p.article, locale)}`, width)}</Text>
        <Text> </Text>
        <Text bold>{fit(t('bo.l.effect'), width)}</Text>
        {effect.map((line, i) => (
          <Text key={i}>{fit(`  ${line}`, width)}</Text>
        ))}
      </Box>
    );
  }
  const s = o.settings;
  const active = LOYALTY_FIELDS[state.index]!;
  return (
    <Box flexDirection="column">
      <Text>{fit(t('bo.l.now', { rule: rule(s, t, locale), reward: formatReward(s.reward.kind, s.reward.value, o.article, locale) }), width)}</Text>
      <Text dimColor>{fit(t('bo.l.cards', { n: o.inProgress, c: o.complete }), width)}</Text>
      <Text> </Text>
      {LOYALTY_FIELDS.map((key, i) => (
        <FieldRow key={key} label={t(`bo.l.f.${key}`)} labelWidth={26} value={state.values[key]} active={i === state.index} width={width} />
      ))}
      <Text> </Text>
      <Text dimColor>{fit(t(`bo.l.c.${active}`), width)}</Text>
    </Box>
  );
}
