// Telling "the server is out of reach" apart from every other failure: only
// the first sends the till offline (issue #9). A refused sale, a constraint or
// a busy SQLite file is an answer from the database, not a lost link.

/** Socket-level failures: the server (or the network to it) is not there. */
const LOST_SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN',
  'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN',
]);

/** PostgreSQL SQLSTATEs that mean the server went away: class 08 (connection exception) and the shutdown codes. */
const LOST_PG_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);

const LOST_MESSAGES = [
  /Connection terminated/i,
  /Timeout acquiring a connection/i,
  /connection error/i,
  /server closed the connection unexpectedly/i,
  /terminating connection due to administrator command/i,
  /Connection ended unexpectedly/i,
  /Query read timeout/i, // pg's query_timeout: the server went silent
  /the database system is (shutting down|starting up)/i,
];

/** True when the error (or what caused it) says the database server cannot be reached. */
export function isConnectionLost(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (LOST_SOCKET_CODES.has(code) || LOST_PG_CODES.has(code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (LOST_MESSAGES.some((re) => re.test(message))) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionLost(inner, depth + 1))) return true;
  return isConnectionLost(e.cause, depth + 1);
}
