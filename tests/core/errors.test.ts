// Every error a person reads is a PosError and says which one it is by name:
// the till and the command line tell a refusal (said, nothing changed) from a
// fault (the database flagged) by its class, and a log line by its name.
import { describe, expect, test } from '@jest/globals';
import { InputError, NotFoundError, PosError, ValidationError } from '../../src/core/basics/errors.js';
import { OverLimitError } from '../../src/core/customers/accounts.service.js';
import { LoyaltyError } from '../../src/core/customers/loyalty.js';
import { JournalKeyError } from '../../src/core/fiscal/journal-keys.service.js';
import { ReturnError } from '../../src/core/sales/returns.js';
import { AlreadyRecordedError } from '../../src/core/sales/sales.service.js';
import { TicketError } from '../../src/core/sales/ticket.js';
import { KeyMapError } from '../../src/core/shop/key-map.js';

const errors: Error[] = [
  new PosError('x'),
  new NotFoundError('x'),
  new ValidationError('x'),
  new InputError('x'),
  new TicketError('x'),
  new LoyaltyError('x'),
  new ReturnError('x'),
  new OverLimitError(100, 200, 100),
  new AlreadyRecordedError(12, 'abc'),
  new JournalKeyError('x'),
  new KeyMapError(['x']),
];

describe('domain errors', () => {
  test.each(errors.map((e) => [e.constructor.name, e] as const))('%s is a PosError named after its class', (name, error) => {
    expect(error).toBeInstanceOf(PosError);
    expect(error.name).toBe(name);
  });
});
