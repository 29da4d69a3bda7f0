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
  }
}

export class ValidationError extends PosError {
  constructor(message: string) {
    super(message, 'INVALID');
  }
}
