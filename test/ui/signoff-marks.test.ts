// A pending sign-off in the main screen's models: the ⚑ on the step's row until it is given, and
// the detail's line naming the roles and the logins that may give it, then who gave it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyRunState } from '../../src/journal/reducer.js';
import type { RunState } from '../../src/journal/state-types.js';
import { loadPlanText } from '../../src/plan/load.js';
import { findStep } from '../../src/plan/outline.js';
import { signoffStatus } from '../../src/team/signoff.js';
import { strings } from '../../src/ui/i18n/index.js';
import { buildDetail } from '../../src/ui/model/detail.js';
import type { Line } from '../../src/ui/model/line.js';
import { buildRows } from '../../src/ui/model/outline.js';
import { buildStepList } from '../../src/ui/model/step-list.js';

const FILE = path.join(import.meta.dirname, '../team/fixtures/signoff.yaml');
const { plan } = loadPlanText(fs.readFileSync(FILE, 'utf8'), FILE);
const text = (line: Line | undefined) => (line ?? []).map((s) => s.text).join('');
const holders = {
  logins: new Map([
    ['tech-lead', ['alice']],
    ['dba', []],
  ]),
  from: new Map(),
};

function statusFor(state: RunState) {
  return signoffStatus(plan, state, holders, { kind: 'step', stepId: 'go-no-go' });
}

function screen(state: RunState) {
  const status = statusFor(state);
  const rows = buildRows(plan, state, null, status ? { 'go-no-go': status } : {});
  const list = buildStepList(rows, 1, 0, 10, 40, true).map(text);
  const ref = findStep(plan, 'go-no-go');
  if (!ref) throw new Error('no go-no-go');
  const detail = buildDetail({
    plan,
    step: ref.step,
    state: state.steps['go-no-go'],
    variables: {},
    values: {},
    command: null,
    message: null,
    expectedMs: null,
    signoff: status,
    now: new Date('2026-12-01T20:00:00Z'),
    width: 60,
    t: strings('en'),
  }).map(text);
  return { list, detail };
}

describe('sign-off in the main screen', () => {
  it('marks the row and names who may sign while it is pending', () => {
    const { list, detail } = screen(emptyRunState());
    expect(list.find((line) => line.includes('Go / no-go'))).toMatch(/Go \/ no-go ⚑ *$/);
    expect(list.find((line) => line.includes('Migrate'))).not.toContain('⚑');
    expect(detail).toContain('⚑ sign-off by tech-lead (alice)');
  });

  it('drops the mark and says who signed once it is given', () => {
    const state = emptyRunState();
    state.signoffs = {
      'go-no-go': [
        {
          login: 'alice',
          uid: 1001,
          roles: ['tech-lead'],
          givenAt: '2026-12-01T19:58:00Z',
          at: '2026-12-01T19:58:01Z',
          via: 'inbox',
          requestId: 'r1',
        },
      ],
    };
    const { list, detail } = screen(state);
    expect(list.find((line) => line.includes('Go / no-go'))).not.toContain('⚑');
    expect(detail.find((line) => line.startsWith('⚑ signed off by alice (tech-lead)'))).toBeDefined();
  });
});
