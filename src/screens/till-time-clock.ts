// Clocking in and out at the login screen: the employee types their PIN and
// presses F2 (arrival) or F3 (departure) instead of Enter. The till stays on
// the login screen; the status line says what was recorded.
import type { Core } from '../core/shop/core.service.js';
import type { Employee } from '../core/staff/staff.js';
import { formatDuration } from '../core/staff/time-clock.service.js';
import type { Translate } from './i18n.js';
import type { Message } from './till-session.js';

const hhmm = (iso: string) => new Date(iso).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** Records the arrival or departure of an authenticated employee; a refusal changes nothing and says why. */
export async function clockAtLogin(core: Core, employee: Employee, direction: 'in' | 'out', t: Translate): Promise<Message> {
  const open = await core.timeClock.openShift(employee.id);
  if (direction === 'in') {
    if (open) return { kind: 'error', text: t('login.alreadyIn', { name: employee.name, time: hhmm(open.clockIn) }) };
    const shift = await core.timeClock.clockIn(employee);
    return { kind: 'success', text: t('login.clockedIn', { name: employee.name, time: hhmm(shift.clockIn) }) };
  }
  if (!open) return { kind: 'error', text: t('login.notIn', { name: employee.name }) };
  const shift = await core.timeClock.clockOut(employee);
  const seconds = Math.floor((Date.parse(shift.clockOut!) - Date.parse(shift.clockIn)) / 1000);
  return { kind: 'success', text: t('login.clockedOut', { name: employee.name, time: hhmm(shift.clockOut!), duration: formatDuration(seconds) }) };
}
