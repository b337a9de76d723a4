// A host of a running multi-host step in words, as the pane line and status show it.
import { expect, it } from 'vitest';
import { describeHost } from '../../src/session/host-text.js';
import type { HostLive } from '../../src/session/types.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

it('says how long a host reconnects or has been unreachable, and when it last printed', () => {
  const live = (over: Partial<HostLive>): HostLive => ({
    state: 'running',
    since: ago(0),
    reconnects: 0,
    lastOutputAt: ago(12_000),
    ...over,
  });
  expect(describeHost(live({}), NOW)).toBeNull();
  expect(describeHost(live({ state: 'reconnecting', reconnects: 3 }), NOW)).toBe(
    'reconnecting (3), last output 12 s ago',
  );
  expect(describeHost(live({ state: 'unreachable', since: ago(11 * 60_000 + 5000) }), NOW)).toBe(
    'unreachable 11 min, last output 12 s ago',
  );
  expect(
    describeHost(live({ state: 'unreachable', since: ago(2 * 3600_000 + 60_000), lastOutputAt: null }), NOW),
  ).toBe('unreachable 2 h 1 min');
  expect(describeHost(live({ state: 'unknown' }), NOW)).toBe('unknown');
  expect(describeHost(live({ cancel: 'queued', state: 'reconnecting', reconnects: 1 }), NOW)).toBe(
    'reconnecting (1), last output 12 s ago, cancel queued',
  );
});
