// Hours worked, as the reports and the till show them.

/** '7 h 05' for the table: hours and minutes, never rounded up. */
export function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`;
}
