import { isConnectionLost } from '../../src/core/basics/connection.js';
import { ValidationError } from '../../src/core/basics/errors.js';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('isConnectionLost', () => {
  test.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'])('socket error %s', (code) => {
    expect(isConnectionLost(withCode(code))).toBe(true);
  });

  test.each(['57P01', '57P03', '08006', '08003'])('PostgreSQL SQLSTATE %s (server gone)', (code) => {
    expect(isConnectionLost(withCode(code))).toBe(true);
  });

  test.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'Knex: Timeout acquiring a connection. The pool is probably full.',
    'Client has encountered a connection error and is not queryable',
    'Connection ended unexpectedly',
    'Query read timeout',
  ])('message "%s"', (message) => {
    expect(isConnectionLost(new Error(message))).toBe(true);
  });

  test('knex acquire timeout, an AggregateError of refused connections, and a wrapped cause', () => {
    expect(isConnectionLost(Object.assign(new Error('pool exhausted'), { name: 'KnexTimeoutError' }))).toBe(true);
    expect(isConnectionLost(new AggregateError([withCode('ECONNREFUSED')], ''))).toBe(true);
    expect(isConnectionLost(new Error('sale failed', { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  test('answers from the database are not a lost link', () => {
    expect(isConnectionLost(new ValidationError('Le ticket est vide'))).toBe(false);
    expect(isConnectionLost(withCode('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isConnectionLost(withCode('40001', 'could not serialize access'))).toBe(false);
    expect(isConnectionLost(withCode('SQLITE_BUSY', 'SQLITE_BUSY: database is locked'))).toBe(false);
    expect(isConnectionLost(withCode('SQLITE_CONSTRAINT', 'FOREIGN KEY constraint failed'))).toBe(false);
    expect(isConnectionLost(null)).toBe(false);
    expect(isConnectionLost('ECONNREFUSED')).toBe(false);
  });
});
