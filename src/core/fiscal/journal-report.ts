// What a check of the journal reports: per till and chain how far it holds
// and the first broken link, the sale references, the keys, and where a hash
// read from paper is. Pure types: the verifier fills them, the CLI prints them.

export type ChainKind = 'sales' | 'closings' | 'audit';

export interface BrokenLink {
  /** sale number, or position in the closings/audit chain */
  seq: number;
  id: number | null;
  reason: string;
}

export interface ChainReport {
  chain: ChainKind;
  tillId: number;
  count: number;
  broken: BrokenLink | null;
}

/** A till's signing key, as verify lists it (a key change is one more). */
export interface KeyReport {
  tillId: number;
  keyNo: number;
  publicKey: string;
  firstSaleNumber: number;
  createdAt: string;
  employeeId: number | null;
}

/** `--head`: where the hash read from paper is, or why it is not there. */
export interface HeadReport {
  head: string;
  found: { chain: 'sales' | 'closings' | 'audit'; tillId: number; seq: number; hash: string } | null;
  /** null when the head is a verified link */
  reason: string | null;
}

export interface JournalReport {
  ok: boolean;
  /** per till its sales, closings and audit chains */
  chains: ChainReport[];
  /** the rows that point at a sale (stock moves, payments, loyalty, account, vouchers, print jobs, audit events): the first whose sale is gone */
  references: { tables: number; broken: { table: string; id: number | null; reason: string } | null };
  /** sales checked in all tills */
  sales: number;
  keys: KeyReport[];
  head?: HeadReport;
}
