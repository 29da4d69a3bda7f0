// The bar of a report row: its share of the best row, in block characters, so
// a table read at the terminal (CLI or back office) shows its shape at a
// glance. Negative values (refunds) draw no bar.
export function textBar(value: number, best: number, width: number): string {
  return '█'.repeat(Math.max(0, Math.round((value / Math.max(1, best)) * width)));
}
