// The scale's words on the till (issue #17), kept apart from i18n.ts so the
// scale's messages travel together.

export const SCALE_FR = {
  'perm.typed_weight': 'Poids tapé (balance branchée)',
  'status.scale': 'Balance',
  'status.scaleUnplugged': 'débranchée',
  'scale.weighing': 'Pesée de {name}…',
  'scale.failed': 'Balance : {reason}. {name} non ajouté',
  'scale.weighed': '{name} : {weight}',
  'scale.fault.unstable': 'poids instable',
  'scale.fault.unmoved': 'reposez l’article (la balance n’a pas bougé depuis la dernière pesée)',
  'scale.fault.zero': 'poids nul',
  'scale.fault.negative': 'poids négatif (sous zéro)',
  'scale.fault.over': 'surcharge (au-delà de sa portée)',
  'scale.fault.fault': '{reason}',
  'scale.fault.silent': 'la balance ne répond pas',
  'scale.fault.unplugged': 'débranchée',
  'scale.fault.checksum': '{reason}',
  'scale.fault.protocol': '{reason}',
  'scale.fault.price': '{reason}',
  'scale.fault.amount': '{reason}',
} as const;

export const SCALE_EN: Record<keyof typeof SCALE_FR, string> = {
  'perm.typed_weight': 'Typed weight (scale connected)',
  'status.scale': 'Scale',
  'status.scaleUnplugged': 'unplugged',
  'scale.weighing': 'Weighing {name}…',
  'scale.failed': 'Scale: {reason}. {name} not added',
  'scale.weighed': '{name}: {weight}',
  'scale.fault.unstable': 'unstable weight',
  'scale.fault.unmoved': 'put the article down again (the scale has not moved since the last weighing)',
  'scale.fault.zero': 'zero weight',
  'scale.fault.negative': 'negative weight (under zero)',
  'scale.fault.over': 'overloaded (over capacity)',
  'scale.fault.fault': 'scale fault ({reason})',
  'scale.fault.silent': 'the scale does not answer',
  'scale.fault.unplugged': 'unplugged',
  'scale.fault.checksum': 'checksum exchange failed ({reason})',
  'scale.fault.protocol': 'unexpected answer ({reason})',
  'scale.fault.price': 'the scale used another unit price ({reason})',
  'scale.fault.amount': 'the scale’s amount differs from the till’s ({reason})',
};
