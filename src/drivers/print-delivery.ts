// What a print attempt tells the spooler besides "done": whether any byte
// left for the printer before it failed. A failure before the first byte (no
// link, no answer to the status request, paper out) leaves nothing on paper;
// a failure after it may have printed part or all of the document.

export interface SendHooks {
  /** awaited just before the first byte of the document leaves (the spooler records it durably) */
  beforeSend?: () => Promise<void>;
}

/** The print failed after bytes left: they may be on paper, unconfirmed. */
export class UncertainPrintError extends Error {
  readonly sent = true;
  constructor(message: string) {
    super(message);
    this.name = 'UncertainPrintError';
  }
}

export function bytesMayHaveLeft(err: unknown): boolean {
  return err instanceof UncertainPrintError;
}
