// Time against T0, without the UI: T0 from its variable (the zone it was written in counts
// days), calendar days from T0, offsets (`T-1`, `T0-2h`) as instants, and ISO text in T0's
// zone. Pure: "now" is always passed in.
import { parseOffset } from '../plan/time-checks.js';

const DAY_MS = 86_400_000;

export interface T0 {
  at: Date;
  /** The UTC offset T0 was written in (minutes); days are counted in that zone. */
  offsetMinutes: number;
}

export function parseT0(value: string | undefined): T0 | null {
  if (!value) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  const zone = /(?:([+-])(\d{2}):?(\d{2})|Z)$/.exec(value.trim());
  const offsetMinutes = !zone
    ? -at.getTimezoneOffset()
    : !zone[1]
      ? 0
      : (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
  return { at, offsetMinutes };
}

function dayNumber(time: number, offsetMinutes: number): number {
  return Math.floor((time + offsetMinutes * 60_000) / DAY_MS);
}

/** Calendar days from T0's day to `now`'s (negative before), in T0's zone. */
export function dayFromT0(now: Date, t0: T0): number {
  return dayNumber(now.getTime(), t0.offsetMinutes) - dayNumber(t0.at.getTime(), t0.offsetMinutes);
}

/** The instant an offset names: `T-1` is a day before T0's time, `T0-2h` two hours before. */
export function offsetAt(t0: T0, offset: string): Date {
  return new Date(t0.at.getTime() + parseOffset(offset) * 60_000);
}

/** The end of calendar day `day` (relative to T0's day), in T0's zone. */
export function endOfDay(t0: T0, day: number): Date {
  const first = dayNumber(t0.at.getTime(), t0.offsetMinutes) + day + 1;
  return new Date(first * DAY_MS - t0.offsetMinutes * 60_000);
}

/** `2026-12-01T22:00:00+03:00`: ISO seconds in T0's zone. */
export function isoInZone(date: Date, offsetMinutes: number): string {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${shifted}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
