// The per-host lines of a multi-host step in the output pane (model/output.ts hostRow), and what
// the step's detail says while a host is out of reach (model/detail.ts).
import { describe, expect, it } from 'vitest';
import { listSteps } from '../../src/plan/outline.js';
import { strings } from '../../src/ui/i18n/index.js';
import { buildDetail } from '../../src/ui/model/detail.js';
import { type HostLine, hostRow } from '../../src/ui/model/output.js';
import { stripSgr } from '../../src/ui/text.js';
import { NOW, PLAN } from './fixtures.js';
import { runningState } from './scenes.js';

const text = (line: ReturnType<typeof hostRow>): string => stripSgr(line.map((s) => s.text).join(''));
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

describe('a running step with a host out of reach, in its detail', () => {
  const detail = (lang: 'en' | 'ru', readOnly: boolean) => {
    const state = runningState();
    const migrate = state.steps.migrate!;
    migrate.attempts = [
      {
        ...migrate.attempts[0]!,
        hosts: ['db1', 'db2'],
        hostStates: { db2: { state: 'unreachable', at: NOW.toISOString() } },
      },
    ];
    const step = listSteps(PLAN).find((ref) => ref.step.id === 'migrate')!.step;
    const lines = buildDetail({
      plan: PLAN,
      step,
      state: migrate,
      variables: {},
      values: {},
      command: null,
      message: null,
      expectedMs: null,
      readOnly,
      now: NOW,
      width: 200,
      t: strings(lang),
    });
    return lines.map(text);
  };

  it('says the step keeps waiting and names the keys from the bindings table; a watch names none', () => {
    expect(detail('en', false)).toEqual(
      expect.arrayContaining([
        '⚠ db2 out of reach: the step keeps waiting, its follower keeps trying',
        '  v verify · w stop waiting (the outcome there becomes unknown: then mark it done or failed)',
      ]),
    );
    expect(detail('ru', false)).toEqual(
      expect.arrayContaining([
        '⚠ нет связи с db2: шаг ждёт, попытки подключения продолжаются',
        '  v проверка · w не ждать (исход там станет неизвестным: затем отметьте шаг выполненным или неуспешным)',
      ]),
    );
    const watching = detail('en', true);
    expect(watching).toContain('⚠ db2 out of reach: the step keeps waiting, its follower keeps trying');
    expect(watching.join('\n')).not.toContain('stop waiting');
  });
});
