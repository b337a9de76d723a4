// The situations the golden frames and key tests start from.
import type { RunState } from '../../src/journal/state-types.js';
import type { Plan } from '../../src/plan/schema.js';
import { FakeLogTail, type FakeOptions, FakeSession, LOCK } from './fake-session.js';
import { attempt, NOW, OTHER, PLAN, prepDone, runState } from './fixtures.js';

const BUILD_OUTPUT = [
  'Operations to perform:',
  '  Apply all migrations: admin, audit, shop',
  'Running migrations:',
  '  Applying audit.0041_checklist_order... \x1b[32mOK\x1b[0m',
  '  Applying audit.0042_review_status... \x1b[32mOK\x1b[0m',
  '  Applying shop.0107_offline_snapshot...',
];

export function runningState(): RunState {
  const state = prepDone(runState());
  state.steps['wait-ci']!.status = 'succeeded';
  const started = new Date(NOW.getTime() - 62_000).toISOString();
  state.steps.migrate = {
    ...state.steps.migrate!,
    status: 'running',
    startedAt: started,
    attempts: [attempt(1, started)],
  };
  return state;
}

export function running(options: FakeOptions = {}): FakeSession {
  return new FakeSession({
    state: runningState(),
    tails: { migrate: new FakeLogTail(BUILD_OUTPUT) },
    expected: { migrate: 250_000, smoke: 40_000 },
    ...options,
  });
}

export function failedState(): RunState {
  const state = prepDone(runState());
  state.steps['wait-ci'] = {
    ...state.steps['wait-ci']!,
    status: 'succeeded',
    attempts: [
      attempt(1, '2026-12-01T11:40:00Z', {
        endedAt: '2026-12-01T11:41:00Z',
        exitCode: 0,
        polls: [
          { poll: 1, at: '2026-12-01T11:40:00Z', ok: false, exitCode: 1, output: 'pipeline running' },
          { poll: 2, at: '2026-12-01T11:40:30Z', ok: true, exitCode: 0, output: 'success' },
        ],
      }),
    ],
  };
  state.steps.migrate = {
    ...state.steps.migrate!,
    status: 'failed',
    startedAt: '2026-12-01T11:50:00Z',
    endedAt: '2026-12-01T11:51:12Z',
    durationMs: 72_000,
    exitCode: 1,
    attempts: [
      attempt(1, '2026-12-01T11:50:00Z', {
        endedAt: '2026-12-01T11:51:12Z',
        exitCode: 1,
        durationMs: 72_000,
      }),
    ],
    notes: [
      { at: '2026-12-01T11:52:00Z', by: OTHER, text: 'lock timeout on audit table, retrying after vacuum' },
    ],
  };
  return state;
}

export function failed(options: FakeOptions = {}): FakeSession {
  return new FakeSession({
    state: failedState(),
    tails: {
      migrate: new FakeLogTail([
        ...BUILD_OUTPUT,
        '\x1b[31mdjango.db.utils.OperationalError: lock timeout on relation "audit_review"\x1b[0m',
        'exit 1',
      ]),
    },
    expected: { migrate: 250_000 },
    ...options,
  });
}

export function rolledBack(): FakeSession {
  const state = failedState();
  state.rollback = {
    criterion: 'migration-failed',
    criterionText: 'A migration failed and cannot be fixed in the window',
    at: NOW.toISOString(),
    by: state.createdBy,
  };
  return new FakeSession({ state, tails: {} });
}

export function watching(): FakeSession {
  return running({
    mode: 'watch',
    lock: { ...LOCK, user: 'bob', lockId: 'lk-9', since: '2026-12-01T09:12:00Z' },
  });
}

/** PLAN with an emoji and CJK in its title and step titles, combining accents in others. */
export const WIDE_PLAN: Plan = (() => {
  const plan = structuredClone(PLAN);
  plan.title = '🚀 Shop 2.0 发布 release';
  const titles: Record<string, string> = {
    freeze: '✅ Freeze the migration list',
    'dry-run': 'Dry-run 迁移 on a copy of the database',
    migrate: 'Appliquer les migrations (ve\u0301rifie\u0301es) 🗄️',
    deploy: 'Deploy to the web hosts 🌐 网站服务器',
  };
  for (const phase of plan.phases) for (const step of phase.steps) step.title = titles[step.id] ?? step.title;
  return plan;
})();

const WIDE_OUTPUT = [
  'Running migrations:',
  '  ✅ audit.0041_checklist_order… OK',
  '  迁移 shop.0107_offline_snapshot 正在运行，请稍候，这可能需要几分钟时间，不要关闭终端窗口，谢谢合作',
  '  Cafe\u0301 de\u0301ja\u0300 vu: re\u0301sume\u0301 of the na\u0131\u0308ve coo\u0308perative migration step, cut at the edge',
  '  🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀',
];

/** The running scene on WIDE_PLAN: wide and combining text in the header, the list, the detail and the output. */
export function wideText(): FakeSession {
  return running({ plan: WIDE_PLAN, tails: { migrate: new FakeLogTail(WIDE_OUTPUT) } });
}
