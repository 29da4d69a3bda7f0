// A small seeded random generator, so the demo shop (and the benchmark's busy
// shop) come out the same on every machine.

/** mulberry32: fast, 32-bit state, good enough to make up plausible sales. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks one item with probability proportional to its weight. */
export function pickWeighted<T>(random: () => number, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((a, x) => a + weight(x), 0);
  let r = random() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1]!;
}
