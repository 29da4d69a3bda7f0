// Time as the till sees it: instants are stored in UTC, business days and
// hours in the shop's local time (the machine's TZ, Europe/Paris in a French
// shop). Services take a Clock so tests and the demo history can set "now".
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local calendar day, 'YYYY-MM-DD'. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local date and time to the second, 'YYYY-MM-DDTHH:MM:SS'. */
export function localDateTime(d: Date): string {
  return `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local midnight of a 'YYYY-MM-DD' day (plus some days), as a UTC ISO instant: audit times are UTC. */
export function localMidnight(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}
