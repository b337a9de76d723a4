// The schedule model in words (en/ru) for a header or a status line: "T0 +01:12, 18 min
// behind · phase ends ~23:40 (p90 00:05) · day ends ~01:30 (p90 02:10)". Pure.
import { isoInZone } from './clock.js';
import type { ScheduleModel } from './eta.js';

const MINUS = '\u2212';

function hhmm(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** `T0 +01:12` on T0's day (`T0 −00:45` before it), `T−3` / `T+2` on other days. */
export function positionLabel(model: ScheduleModel): string | null {
  if (model.day === null || model.sinceT0Ms === null) return null;
  if (model.day !== 0) return model.day < 0 ? `T${MINUS}${-model.day}` : `T+${model.day}`;
  return `T0 ${model.sinceT0Ms < 0 ? MINUS : '+'}${hhmm(model.sinceT0Ms)}`;
}

const WORDS = {
  en: {
    behind: (m: number) => `${m} min behind`,
    ahead: (m: number) => `${m} min ahead`,
    onTime: 'on schedule',
    phaseEnds: (p50: string, p90: string) => `phase ends ~${p50} (p90 ${p90})`,
    dayEnds: (p50: string, p90: string) => `day ends ~${p50} (p90 ${p90})`,
    overrun: (id: string, p90: string) => `${id} is past its p90 (${p90})`,
  },
  ru: {
    behind: (m: number) => `отставание ${m} мин`,
    ahead: (m: number) => `опережение ${m} мин`,
    onTime: 'по графику',
    phaseEnds: (p50: string, p90: string) => `этап закончится ~${p50} (p90 ${p90})`,
    dayEnds: (p50: string, p90: string) => `день закончится ~${p50} (p90 ${p90})`,
    overrun: (id: string, p90: string) => `${id} дольше своего p90 (${p90})`,
  },
};

/** Whole minutes behind (positive) or ahead; within a minute counts as on schedule. */
export function lagText(model: ScheduleModel, lang: 'en' | 'ru'): string | null {
  if (model.behindMs === null) return null;
  const minutes = Math.round(model.behindMs / 60_000);
  const w = WORDS[lang];
  return minutes > 0 ? w.behind(minutes) : minutes < 0 ? w.ahead(-minutes) : w.onTime;
}

/**
 * The schedule in one line: position, lag, phase and day ends, an overrun. `position: false`
 * leaves the position out (the cockpit's header shows it on its own line already).
 */
export function scheduleLine(
  model: ScheduleModel,
  lang: 'en' | 'ru',
  options: { position?: boolean } = {},
): string | null {
  const position = positionLabel(model);
  if (!position || !model.t0) return null;
  const w = WORDS[lang];
  const clock = (at: Date) => isoInZone(at, model.t0?.offsetMinutes ?? 0).slice(11, 16);
  const lag = lagText(model, lang);
  const parts: string[] =
    options.position === false ? (lag ? [lag] : []) : [lag ? `${position}, ${lag}` : position];
  if (model.phaseEnd) parts.push(w.phaseEnds(clock(model.phaseEnd.p50), clock(model.phaseEnd.p90)));
  if (model.dayEnd && model.dayEnd.p50.getTime() !== model.phaseEnd?.p50.getTime()) {
    parts.push(w.dayEnds(clock(model.dayEnd.p50), clock(model.dayEnd.p90)));
  }
  if (model.overrun) parts.push(w.overrun(model.overrun.stepId, hhmm(model.overrun.p90Ms)));
  return parts.join(' · ');
}
