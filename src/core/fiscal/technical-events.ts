// The technical events NF525 asks a till to keep (« événements techniques »):
// each is an audit event of the till's chain, under a kind the program writes,
// and this table gives each kind its stable code. The codes never change
// meaning and are never reused: an archive read in six years must mean the
// same. Kinds not listed are the shop's business events (voids, refunds,
// price changes...), kept in the same chain without a technical code.
import { KEY_CHANGE_EVENT } from './journal.js';

export const TECHNICAL_EVENTS = {
  /** the till program opened on this till (`pos` in a terminal) */
  TILL_START: 'till_start',
  /** the till program closed normally */
  TILL_STOP: 'till_stop',
  /** the server stopped answering: the till sells on its local file (degraded mode) */
  OFFLINE_ON: 'offline_on',
  /** the server answers again and every offline sale is on it */
  OFFLINE_OFF: 'offline_off',
  /** a till number used for the first time in this database (openCore registers it) */
  TILL_ADDED: 'till_added',
  /** a brand-new database got its tables (its first migration), on the chain of the till that opened it */
  DATA_INIT: 'data_init',
  /** an intermediate archive (a month) was written */
  ARCHIVE_MONTH: 'archive_month',
  /** a period archive (a year) was written */
  ARCHIVE_YEAR: 'archive_year',
} as const;

export interface TechnicalEventCode {
  code: string;
  kind: string;
  fr: string;
  en: string;
}

/** kind → code, in code order. Existing kinds (closing, journal_key) keep their names: only a code is added. */
export const TECHNICAL_EVENT_CODES: readonly TechnicalEventCode[] = [
  { code: '010', kind: TECHNICAL_EVENTS.TILL_START, fr: 'Démarrage de la caisse', en: 'Till started' },
  { code: '020', kind: TECHNICAL_EVENTS.TILL_STOP, fr: 'Arrêt de la caisse', en: 'Till stopped' },
  { code: '030', kind: TECHNICAL_EVENTS.OFFLINE_ON, fr: 'Passage en mode dégradé (hors ligne)', en: 'Degraded (offline) mode on' },
  { code: '040', kind: TECHNICAL_EVENTS.OFFLINE_OFF, fr: 'Fin du mode dégradé (retour en ligne)', en: 'Degraded (offline) mode off' },
  { code: '050', kind: TECHNICAL_EVENTS.TILL_ADDED, fr: 'Ajout d\'une caisse', en: 'Till added' },
  { code: '070', kind: TECHNICAL_EVENTS.DATA_INIT, fr: 'Initialisation des données', en: 'Data initialised' },
  { code: '080', kind: KEY_CHANGE_EVENT, fr: 'Changement de clé de signature', en: 'Signing key changed' },
  { code: '090', kind: 'closing', fr: 'Clôture (journée, mois ou année)', en: 'Closing (day, month or year)' },
  { code: '100', kind: TECHNICAL_EVENTS.ARCHIVE_MONTH, fr: 'Archivage intermédiaire (mois)', en: 'Intermediate archive (month)' },
  { code: '110', kind: TECHNICAL_EVENTS.ARCHIVE_YEAR, fr: 'Archivage de période (année)', en: 'Period archive (year)' },
];

/** Code 060 (a till removed) is reserved: a till is never removed, its chains stay in the database for good. */
export const TILL_REMOVED_CODE = '060';

const byKind = new Map(TECHNICAL_EVENT_CODES.map((e) => [e.kind, e]));

/** The NF525 code of an audit event's kind, or null for a business event. */
export function technicalEventCode(kind: string): string | null {
  return byKind.get(kind)?.code ?? null;
}
