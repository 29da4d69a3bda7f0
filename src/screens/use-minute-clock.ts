// The header clock: re-read at each minute's change, not polled. One timer
// aimed at the next minute boundary, re-aimed from the clock's answer each
// time (a timer that fires a little early just waits the rest).
import { useEffect, useState } from 'react';

/** Milliseconds from `d` to the start of the next minute (1..60000). */
export function msToNextMinute(d: Date): number {
  return 60_000 - (d.getSeconds() * 1000 + d.getMilliseconds());
}

export function useMinuteClock(now: () => Date): Date {
  const [date, setDate] = useState(now);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const current = now();
      setDate(current);
      timer = setTimeout(tick, msToNextMinute(current));
    };
    timer = setTimeout(tick, msToNextMinute(now()));
    return () => clearTimeout(timer);
  }, [now]);
  return date;
}
