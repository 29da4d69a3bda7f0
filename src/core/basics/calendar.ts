// Calendar dates as users type them: `AAAA-MM-JJ` that names a day which
// exists (2026-02-30 does not), `AAAA-MM` a month 01..12. Pure; every date
// argument of the CLI, the screens and the services goes through here, so an
// impossible date is refused before anything is read or written.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** True when `text` is `YYYY-MM-DD` and that day exists in the Gregorian calendar. */
export function isCalendarDate(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** True when `text` is `YYYY-MM` with a month 01..12. */
export function isCalendarMonth(text: string): boolean {
  const m = MONTH.exec(text);
  return m !== null && Number(m[1]) >= 1 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** Number of days in month `month` (1..12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The sentence every refused date argument shows. */
export function calendarDateMessage(name: string, value: string): string {
  const format = `${name} attend une date AAAA-MM-JJ (reçu « ${value} »)`;
  return DAY.test(value) ? `${format} : ce jour n'existe pas dans le calendrier` : format;
}

/** 2026-10-15T… → 15/10/2026, the day as the shop lives it. */
export function frenchDay(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}
