// Glyphs and colours in one place. NO_COLOR drops every colour (bold, dim and inverse stay, so
// the selection and the state remain visible on a monochrome terminal).
import type { StepStatus } from '../journal/state-types.js';

export type Tone = 'accent' | 'ok' | 'bad' | 'warn' | 'muted' | 'info' | 'danger';

export const STATUS_GLYPH: Record<StepStatus, string> = {
  pending: '○',
  running: '▶',
  succeeded: '✔',
  failed: '✘',
  skipped: '↷',
  done: '✓',
  unknown: '?',
  cancelled: '⊘',
};

export const STATUS_TONE: Record<StepStatus, Tone | undefined> = {
  pending: undefined,
  running: 'info',
  succeeded: 'ok',
  failed: 'bad',
  skipped: 'muted',
  done: 'ok',
  unknown: 'warn',
  cancelled: 'warn',
};

const TONE_COLOR: Record<Tone, string> = {
  accent: 'cyan',
  ok: 'green',
  bad: 'red',
  warn: 'yellow',
  muted: 'gray',
  info: 'blue',
  danger: 'redBright',
};

/** The same colours as SGR foreground codes, for lines the UI styles itself (components/lines). */
export const TONE_SGR: Record<Tone, number> = {
  accent: 36,
  ok: 32,
  bad: 31,
  warn: 33,
  muted: 90,
  info: 34,
  danger: 91,
};

export interface Theme {
  color: boolean;
  /** The ink colour for a tone, or undefined when colour is off. */
  tone(tone: Tone | undefined): string | undefined;
}

export function createTheme(color: boolean): Theme {
  return { color, tone: (tone) => (color && tone ? TONE_COLOR[tone] : undefined) };
}

/** NO_COLOR (any non-empty value) turns colour off, as https://no-color.org asks. */
export function colorFromEnv(env: NodeJS.ProcessEnv): boolean {
  return !env.NO_COLOR;
}

export const GLYPH = {
  dueToday: '●',
  overdue: '!',
  frozen: '❄',
  signoff: '⚑',
  selected: '›',
  barFull: '█',
  barEmpty: '░',
  tick: '[x]',
  untick: '[ ]',
  minus: '−',
} as const;
