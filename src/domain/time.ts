/** Small, pure time helpers. All arithmetic is in UTC. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * HOUR_MS);
}

/** Calendar months in UTC; the day is clamped to the end of a shorter month (Jan 31 + 1 = Feb 28). */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(at.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(targetYear, targetMonth, day, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()),
  );
}

/** The UTC calendar day of an instant, as a day number; used where a rule speaks of "the date". */
export function utcDay(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS);
}

export function iso(at: Date): string {
  return at.toISOString();
}
