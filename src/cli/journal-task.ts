// The name a worker thread of `pos journal verify` is started with (main.ts
// reads it before anything else loads; journal-workers.ts starts the threads).
export const JOURNAL_RANGES_TASK = 'journal-ranges';
