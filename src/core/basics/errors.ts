// Errors a cashier or a power user can read: the message is the whole story
// (in French, the till's language), never a stack trace.
export class PosError extends Error {
  constructor(message: string, readonly code: string = 'POS_ERROR') {
    super(message);
    this.name = 'PosError';
  }
}

export class NotFoundError extends PosError {
  constructor(message: string) {
    super(message, 'NOT_FOUND');
    this.name = 'NotFoundError';
  }
}

export class ValidationError extends PosError {
  constructor(message: string) {
    super(message, 'INVALID');
    this.name = 'ValidationError';
  }
}

/**
 * Input that can never be accepted as given — a malformed value, an
 * impossible date, a control character, a text longer than its column, a
 * file that does not read — as opposed to a well-formed request the shop's
 * state refuses (a day already closed, a code already taken). The command
 * line exits with code 2 for it, like for a bad argument.
 */
export class InputError extends ValidationError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
