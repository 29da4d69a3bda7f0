// How the program's Ink screens (the till, pos backoffice) are drawn.

/**
 * A key redraws only the lines it changed (Ink's incrementalRendering), not
 * the whole frame: in the bundle only, whose copy of Ink's line writer is
 * mended (scripts/bundle.mjs says how; `process.env.POS_INK_CHANGED_LINES` is
 * replaced there at build time). The tsc output runs Ink as installed, whose
 * incremental mode draws each changed line one row too low: it redraws the
 * whole frame.
 */
export const inkDrawsChangedLines = process.env.POS_INK_CHANGED_LINES === 'fixed';
