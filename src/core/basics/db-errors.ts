// What a database driver's refusal means, in the user's words: the last guard
// behind the field checks (src/core/basics/text-fields.ts). A raw driver message
// (« value too long for type character varying(60) », « SQLITE_CONSTRAINT… »)
// names tables and SQL, never what to do; it is never shown as is.
import { isConnectionLost } from './connection.js';

export interface DriverRefusal {
  message: string;
  /** true: the input was bad (exit code 2); false: the database or the shop's state refused (exit code 1) */
  badInput: boolean;
}

/** PostgreSQL SQLSTATEs and SQLite messages of refused values, with the sentence shown instead. */
const RULES: Array<{ pg?: string[]; sqlite?: RegExp; badInput: boolean; message: (detail: string) => string }> = [
  { pg: ['22001'], badInput: true, message: () => 'valeur trop longue pour la base : raccourcissez le texte (la longueur de chaque champ est dans docs/gestion.md, « Règles des champs texte »)' },
  { pg: ['22021', '22P05'], badInput: true, message: () => 'texte refusé par la base : caractère invalide (encodage ou caractère de contrôle)' },
  { pg: ['22003'], sqlite: /integer overflow|too big/i, badInput: true, message: () => 'nombre trop grand pour la base' },
  { pg: ['22P02', '22007', '22008'], sqlite: /datatype mismatch/i, badInput: true, message: () => 'valeur illisible pour la base (nombre ou date attendu)' },
  { pg: ['23505'], sqlite: /UNIQUE constraint failed/i, badInput: false, message: (d) => `cette valeur existe déjà${d ? ` (${d})` : ''} : rien n'a été enregistré` },
  { pg: ['23503'], sqlite: /FOREIGN KEY constraint failed/i, badInput: false, message: () => "un élément lié n'existe pas ou est encore utilisé : rien n'a été enregistré" },
  { pg: ['23502'], sqlite: /NOT NULL constraint failed/i, badInput: true, message: () => "une valeur obligatoire manque : rien n'a été enregistré" },
  { pg: ['23514'], sqlite: /CHECK constraint failed/i, badInput: true, message: () => "valeur refusée par une règle de la base : rien n'a été enregistré" },
];

/** The column a unique violation names, when the driver says it (for « existe déjà (code) »). */
function uniqueColumn(message: string, detail: string): string {
  const sqlite = /UNIQUE constraint failed: \w+\.(\w+)/.exec(message);
  if (sqlite) return sqlite[1]!;
  const pg = /Key \(([^)]+)\)/.exec(detail);
  return pg ? pg[1]! : '';
}

/** A driver's refusal as a screen's message (capitalised), else the error's own message. */
export function errorMessageForScreen(err: unknown): string {
  const refusal = driverRefusal(err);
  if (refusal) return refusal.message.charAt(0).toUpperCase() + refusal.message.slice(1);
  return err instanceof Error ? err.message : String(err);
}

/** The user's sentence for a driver error, or null when `err` is no database refusal. */
export function driverRefusal(err: unknown): DriverRefusal | null {
  if (!err || typeof err !== 'object') return null;
  if (isConnectionLost(err)) return { message: 'la base de données ne répond plus (serveur arrêté ou réseau coupé) : rien de plus n\'a été enregistré, réessayez quand elle répond', badInput: false };
  const e = err as { code?: unknown; message?: unknown; detail?: unknown; errno?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const detail = typeof e.detail === 'string' ? e.detail : '';
  const isPg = /^[0-9A-Z]{5}$/.test(code) && 'severity' in err; // pg's DatabaseError
  const isSqlite = code.startsWith('SQLITE_');
  if (!isPg && !isSqlite) return null;
  for (const rule of RULES) {
    if ((isPg && rule.pg?.includes(code)) || (isSqlite && rule.sqlite?.test(message))) {
      return { message: rule.message(uniqueColumn(message, detail)), badInput: rule.badInput };
    }
  }
  return { message: `la base de données a refusé l'opération (${isPg ? `code ${code}` : code}) : rien n'a été enregistré`, badInput: false };
}
