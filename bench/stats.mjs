// Percentiles and ratios of the bench's samples (pure).

/** The p-th percentile (nearest rank) of the numbers, NaN when there are none. */
export function percentile(values, p) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50 and p99 of samples (milliseconds), with their count. */
export const summarize = (samples) => ({ p50: percentile(samples, 50), p99: percentile(samples, 99), samples: samples.length });

/** till / floor, NaN when either is missing. */
export const ratio = (till, floor) => (Number.isFinite(till) && Number.isFinite(floor) && floor > 0 ? till / floor : NaN);
