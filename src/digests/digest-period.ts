import { Frequency } from './digest';

/** A date's parts in a time zone. */
function localParts(now: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    weekday: get('weekday'),
  };
}

/** ISO-8601 week of a calendar date: [ISO year, week]. */
export function isoWeek(year: number, month: number, day: number): [number, number] {
  const date = new Date(Date.UTC(year, month - 1, day));
  const dow = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dow);
  const yearStart = new Date(Date.UTC(date.getUTCFullYear(), 0, 1));
  return [
    date.getUTCFullYear(),
    Math.ceil(((date.getTime() - yearStart.getTime()) / 86400000 + 1) / 7),
  ];
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The recipient's current digest period in its time zone, and whether the digest for it is due:
 * daily from `hour` each day, weekly from Monday `hour`, monthly from the 1st at `hour` (a period
 * whose send time passed while the service was down is still due until the period ends).
 */
export function digestPeriod(
  frequency: Exclude<Frequency, 'off'>,
  now: Date,
  timeZone: string,
  hour: number,
): { key: string; due: boolean } {
  const p = localParts(now, timeZone);
  switch (frequency) {
    case 'daily':
      return { key: `D${p.year}-${pad(p.month)}-${pad(p.day)}`, due: p.hour >= hour };
    case 'weekly': {
      const [y, w] = isoWeek(p.year, p.month, p.day);
      return { key: `W${y}-${pad(w)}`, due: p.weekday !== 'Mon' || p.hour >= hour };
    }
    case 'monthly':
      return { key: `M${p.year}-${pad(p.month)}`, due: p.day > 1 || p.hour >= hour };
  }
}
