// The per-host lines of a multi-host step in the output pane (model/output.ts hostRow).
import { describe, expect, it } from 'vitest';
import { strings } from '../../src/ui/i18n/index.js';
import { type HostLine, hostRow } from '../../src/ui/model/output.js';
import { stripSgr } from '../../src/ui/text.js';

const text = (line: ReturnType<typeof hostRow>) => stripSgr(line.map((s) => s.text).join(''));
const host = (over: Partial<HostLine>): HostLine => ({
  host: 'web1',
  exitCode: null,
  running: false,
  last: '',
  ...over,
});

describe('hostRow', () => {
  it('a host where the command never started says so, not a failed exit', () => {
    expect(text(hostRow(host({ host: 'web3', exitCode: null, notStarted: true }), strings('en')))).toBe(
      '– web3 not started',
    );
    expect(text(hostRow(host({ host: 'web3', exitCode: 255, notStarted: true }), strings('ru')))).toBe(
      '– web3 не запускался',
    );
    expect(text(hostRow(host({ exitCode: 2, last: 'boom' }), strings('en')))).toBe('✘ web1 exit 2 boom');
  });
});
