// One host of a running multi-host step in words: "reconnecting (3), last output 12 s ago",
// "unreachable 11 min", "unknown". Pure; the cockpit passes its language's words, `status`
// uses the English ones.
import type { HostLive } from './types.js';

export interface HostWords {
  starting: string;
  reconnecting: (tries: number) => string;
  unreachable: (forText: string) => string;
  unknown: string;
  notStarted: string;
  lastOutput: (agoText: string) => string;
  cancelQueued: string;
  seconds: (n: number) => string;
  minutes: (n: number) => string;
  hours: (h: number, min: number) => string;
}

export const ENGLISH_HOST_WORDS: HostWords = {
  starting: 'starting',
  reconnecting: (tries) => `reconnecting (${tries})`,
  unreachable: (forText) => `unreachable ${forText}`,
  unknown: 'unknown',
  notStarted: 'not started',
  lastOutput: (ago) => `last output ${ago} ago`,
  cancelQueued: 'cancel queued',
  seconds: (n) => `${n} s`,
  minutes: (n) => `${n} min`,
  hours: (h, min) => `${h} h ${min} min`,
};

export function spanText(ms: number, words: HostWords): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return words.seconds(s);
  if (s < 3600) return words.minutes(Math.floor(s / 60));
  return words.hours(Math.floor(s / 3600), Math.floor((s % 3600) / 60));
}

/** What is worth saying about the host beyond its glyph and exit code; null when nothing. */
export function describeHost(
  live: HostLive,
  nowMs: number,
  words: HostWords = ENGLISH_HOST_WORDS,
): string | null {
  const parts: string[] = [];
  const ago = (iso: string | null) => (iso ? nowMs - Date.parse(iso) : Number.NaN);
  const lastOutput = () => {
    const ms = ago(live.lastOutputAt);
    if (Number.isFinite(ms)) parts.push(words.lastOutput(spanText(ms, words)));
  };
  switch (live.state) {
    case 'starting':
      parts.push(words.starting);
      break;
    case 'reconnecting':
      parts.push(words.reconnecting(live.reconnects));
      lastOutput();
      break;
    case 'unreachable':
      parts.push(words.unreachable(spanText(Math.max(0, ago(live.since) || 0), words)));
      lastOutput();
      break;
    case 'unknown':
      parts.push(words.unknown);
      break;
    case 'not-started':
      parts.push(words.notStarted);
      break;
    default:
      break;
  }
  if (live.cancel === 'queued') parts.push(words.cancelQueued);
  return parts.length > 0 ? parts.join(', ') : null;
}
