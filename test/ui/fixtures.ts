// A small plan with every step kind, a dangerous step, a gate, a multi-host step, a prompt and
// a rollback section; and run states built from it. Fixed clock and operator: frames are
// deterministic.
import type { Operator } from '../../src/journal/events.js';
import { emptyStepState } from '../../src/journal/reducer.js';
import type { AttemptState, RunState, StepState, StepStatus } from '../../src/journal/state-types.js';
import { listSteps } from '../../src/plan/outline.js';
import { type Plan, PlanSchema } from '../../src/plan/schema.js';

export const NOW = new Date('2026-12-01T12:00:00Z');
export const OPERATOR: Operator = {
  user: 'alice',
  host: 'bastion',
  tty: '/dev/pts/3',
  sshClient: '10.0.0.7',
};
export const OTHER: Operator = { user: 'bob', host: 'bastion', tty: '/dev/pts/5', sshClient: '10.0.0.9' };

export const PLAN: Plan = PlanSchema.parse({
  id: 'shop-2-0',
  title: 'Shop 2.0 release',
  version: 1,
  language: 'en',
  t0: 'RELEASE_T0',
  roles: {
    lead: { duty: 'Coordinates the release', owner: 'Tech lead', channel: 'Slack #release' },
    backend: { duty: 'Migrations', owner: 'Backend lead', channel: 'Slack #backend' },
    ops: { duty: 'Users', owner: 'Ops manager', channel: 'mail list' },
  },
  variables: {
    RELEASE_TAG: { description: 'The release tag', pattern: 'v[0-9]+\\.[0-9]+\\.[0-9]+', example: 'v2.0.0' },
    RELEASE_T0: { description: 'T0 date-time', pattern: '.+', example: '2026-12-04T22:00+03:00' },
    DB_PASSWORD: { description: 'Database password', secret: true, required: false },
  },
  phases: [
    {
      id: 'prep',
      title: 'Preparation',
      window: 'T-7..T-1',
      steps: [
        {
          id: 'freeze',
          kind: 'manual',
          title: 'Freeze the migration list',
          owner: 'backend',
          source: '§3.1',
          due: 'T-7',
          items: ['All migrations are on main', 'Dry run timings recorded', 'Checklist data verified'],
        },
        {
          id: 'dry-run',
          kind: 'command',
          title: 'Dry-run migrations on a copy',
          description: 'Run the migrations against yesterday’s backup and record how long each takes.',
          owner: 'backend',
          source: '§3.1',
          due: 'T-3',
          run: 'python manage.py migrate --database copy\npython manage.py check',
          timeout: '30m',
        },
        {
          id: 'announce',
          kind: 'message',
          title: 'Announce the release window',
          owner: 'ops',
          source: '§3.4',
          due: 'T-1',
          channel: 'admins mail list',
          template: 'The release {{RELEASE_TAG}} starts at T0. Expect 30 minutes of read-only mode.',
        },
      ],
    },
    {
      id: 'release',
      title: 'Release',
      window: 'T0',
      owner: 'lead',
      steps: [
        {
          id: 'tag',
          kind: 'prompt',
          title: 'Enter the release tag',
          variable: 'RELEASE_TAG',
          source: '§4.1',
        },
        {
          id: 'wait-ci',
          kind: 'gate',
          title: 'Wait for CI to be green',
          source: '§3.2',
          run: 'curl -fsS https://ci.example/api/main | grep -q success',
          interval: '30s',
          timeout: '20m',
        },
        {
          id: 'migrate',
          kind: 'command',
          title: 'Apply migrations',
          owner: 'backend',
          source: '§4.2',
          run: 'python manage.py migrate',
          confirm: 'MIGRATE',
          verify: 'python manage.py showmigrations --plan | grep -vq "\\[ \\]"',
        },
        {
          id: 'deploy',
          kind: 'command',
          title: 'Deploy to the web hosts',
          source: '§4.3',
          run: 'sudo systemctl restart shop',
          hosts: ['web1', 'web2', 'web3'],
        },
        { id: 'smoke', kind: 'command', title: 'Smoke tests', source: '§4.4', run: 'pytest -q tests/smoke' },
      ],
    },
    {
      id: 'after',
      title: 'Watch',
      window: 'T+1..T+7',
      steps: [
        {
          id: 'watch',
          kind: 'note',
          title: 'Watch the error rate',
          text: 'Check the dashboards twice a day.',
        },
      ],
    },
  ],
  rollback: {
    title: 'Rollback',
    source: '§6',
    confirm: 'ROLLBACK',
    criteria: [
      { id: 'migration-failed', text: 'A migration failed and cannot be fixed in the window' },
      { id: 'error-rate', text: 'Error rate above 5% for 15 minutes' },
    ],
    steps: [
      {
        id: 'restore-db',
        kind: 'command',
        title: 'Restore the database',
        run: 'pg_restore -d shop /backup/latest.dump',
      },
      {
        id: 'notify-rollback',
        kind: 'message',
        title: 'Tell users',
        template: 'The release was rolled back.',
      },
    ],
  },
});

export function emptyStep(id: string, status: StepStatus = 'pending'): StepState {
  return { ...emptyStepState(id), status };
}

export function attempt(n: number, startedAt: string, partial: Partial<AttemptState> = {}): AttemptState {
  return {
    attempt: n,
    startedAt,
    endedAt: null,
    pid: 4242,
    pidStart: '1',
    bootId: 'boot',
    logPath: `/state/attempts/x/${n}/log`,
    commandDigest: 'd',
    hosts: null,
    exitCode: null,
    signal: null,
    durationMs: null,
    timedOut: false,
    signals: [],
    polls: [],
    hostResults: null,
    resolution: null,
    by: OPERATOR,
    ...partial,
  };
}

export function runState(plan: Plan = PLAN, run = 'v2.0.0'): RunState {
  const steps: Record<string, StepState> = {};
  for (const ref of listSteps(plan)) steps[ref.step.id] = emptyStep(ref.step.id);
  return {
    planId: plan.id,
    planPath: '/plans/shop.yaml',
    planSha256: 'abc',
    run,
    createdAt: '2026-11-24T09:00:00Z',
    createdBy: OPERATOR,
    steps,
    variables: { RELEASE_T0: '2026-12-04T22:00+03:00' },
    stepDigests: {},
    rollbackSteps: listSteps(plan)
      .filter((ref) => ref.path === 'rollback')
      .map((ref) => ref.step.id),
    rollback: null,
    planChanges: [],
    lastSeq: 1,
    lastEventAt: '2026-11-30T18:00:00Z',
  };
}

/** The prep phase finished: freeze done, dry-run succeeded, announce sent. */
export function prepDone(state: RunState): RunState {
  const s = structuredClone(state);
  s.steps.freeze = { ...emptyStep('freeze', 'done'), confirmedItems: [0, 1, 2] };
  s.steps['dry-run'] = {
    ...emptyStep('dry-run', 'succeeded'),
    attempts: [
      attempt(1, '2026-11-28T10:00:00Z', {
        endedAt: '2026-11-28T10:04:10Z',
        exitCode: 0,
        durationMs: 250_000,
      }),
    ],
    durationMs: 250_000,
    exitCode: 0,
    startedAt: '2026-11-28T10:00:00Z',
    endedAt: '2026-11-28T10:04:10Z',
  };
  s.steps.announce = emptyStep('announce', 'succeeded');
  s.steps.tag = emptyStep('tag', 'done');
  s.variables.RELEASE_TAG = 'v2.0.0';
  return s;
}
