// iconv-lite and its single-byte code-page tables are about 540 KB of code,
// needed only by the customer display and by files read in latin1/cp1252:
// loaded at the first text that needs one, not at every start of `pos` (#19).
import type iconvLite from 'iconv-lite';

let loading: Promise<typeof iconvLite> | null = null;

/** iconv-lite, imported once on first use. */
export function loadCodePages(): Promise<typeof iconvLite> {
  return (loading ??= import('iconv-lite').then((m) => m.default));
}
