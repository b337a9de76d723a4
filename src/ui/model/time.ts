// Time as the cockpit shows it: the day relative to T0, due markers, durations. Pure: the
// caller passes "now", so frames are deterministic under a fixed clock.
import { GLYPH } from '../theme.js';

const DAY_MS = 86_400_000;

export interface T0 {
  at: Date;
  /** The UTC offset T0 was written in, in minutes; days are counted in that zone. */
  offsetMinutes: number;
}

export function parseT0(value: string | undefined): T0 | null {
  if (!value) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  const zone = /(?:([+-])(\d{2}):?(\d{2})|Z)$/.exec(value.trim());
  let offsetMinutes: number;
  if (!zone) offsetMinutes = -at.getTimezoneOffset();
  else if (!zone[1]) offsetMinutes = 0;
  else offsetMinutes = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]));
  return { at, offsetMinutes };
}

function dayNumber(time: number, offsetMinutes: number): number {
  return Math.floor((time + offsetMinutes * 60_000) / DAY_MS);
}

/** Whole days from T0's day to today's (negative before), counted in T0's zone. */
export function dayFromT0(now: Date, t0: T0): number {
  return dayNumber(now.getTime(), t0.offsetMinutes) - dayNumber(t0.at.getTime(), t0.offsetMinutes);
}

/** `T−3`, `T+2` with a real minus sign; on T0's day a countdown or the time since. */
export function positionLabel(
  now: Date,
  t0: T0,
  words: { countdown: (left: string) => string; afterT0: (since: string) => string },
): string {
  const day = dayFromT0(now, t0);
  if (day < 0) return `T${GLYPH.minus}${-day}`;
  if (day > 0) return `T+${day}`;
  const delta = t0.at.getTime() - now.getTime();
  return delta > 0 ? words.countdown(clockSpan(delta)) : words.afterT0(clockSpan(-delta));
}

/** A `T-7`, `T0`, `T0-2h` offset: the day it names. */
export function offsetDay(offset: string): number | null {
  const match = /^T(0|[+-][1-9][0-9]?)/.exec(offset);
  return match ? Number(match[1]) : null;
}

/** Display an offset with a real minus sign. */
export function prettyOffset(offset: string): string {
  return offset.replaceAll('-', GLYPH.minus).replace('..', '…');
}

export type DueMark = 'today' | 'overdue' | null;

/**
 * A step's mark in the list: `today` on its `due` day, `overdue` once its due day — or, without
 * one, its phase's window — has passed unfinished (as `release-cockpit agenda` counts it).
 */
export function dueMark(
  due: string | undefined,
  today: number | null,
  finished: boolean,
  phaseWindow: string | null = null,
): DueMark {
  if (today === null || finished) return null;
  if (!due) {
    const end = phaseWindow ? offsetDay(phaseWindow.split('..').at(-1) ?? '') : null;
    return end !== null && end < today ? 'overdue' : null;
  }
  const day = offsetDay(due);
  if (day === null) return null;
  if (day === today) return 'today';
  return day < today ? 'overdue' : null;
}

/** Is today inside a phase window `T-7..T-1` / `T0`? */
export function windowContains(window: string, today: number | null): boolean {
  if (today === null) return false;
  const [from, to] = window.split('..');
  const start = offsetDay(from ?? '');
  const end = offsetDay(to ?? from ?? '');
  return start !== null && end !== null && today >= start && today <= end;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** 02:14:05 */
export function clockSpan(ms: number): string {
  const total = Math.floor(ms / 1000);
  return `${pad2(Math.floor(total / 3600))}:${pad2(Math.floor(total / 60) % 60)}:${pad2(total % 60)}`;
}

/** Local HH:MM:SS for an ISO time. */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** Local `YYYY-MM-DD HH:MM`, or just `HH:MM` when it is today. */
export function formatWhen(iso: string, now: Date): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
  if (date.toDateString() === now.toDateString()) return time;
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${time}`;
}

/** A text progress bar of `width` cells for a 0..1 fraction. */
export function progressBar(fraction: number, width: number): string {
  const clamped = Math.max(0, Math.min(1, fraction));
  const full = Math.round(clamped * width);
  return GLYPH.barFull.repeat(full) + GLYPH.barEmpty.repeat(width - full);
}
