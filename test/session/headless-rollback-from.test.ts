// An answers file's rollback with `from: STEP`: a failure before that step (a dry run days
// before the release) is not rolled back — the run stops as it would without the answer — and
// one at or after it is.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { loadPlanFile } from '../../src/plan/load.js';
import { loadAnswers } from '../../src/session/answers.js';
import { driveHeadless } from '../../src/session/headless.js';
import { openRunSession } from '../../src/session/open.js';
import { fakeRunner, OPERATOR, startedIn, tempDir } from './helpers.js';

const PLAN = `id: from-test
title: Rollback from a step
version: 1
language: en
phases:
  - id: main
    title: Main
    window: T0
    steps:
      - { id: rehearse, kind: command, title: Dry run, run: 'exit 1' }
      - { id: deploy, kind: command, title: Deploy, run: 'exit 1' }
rollback:
  confirm: ROLLBACK
  criteria: [{ id: broken, text: It broke }]
  steps:
    - { id: back, kind: command, title: Go back, run: 'true' }
`;

let state: { dir: string; cleanup: () => void };
beforeEach(() => {
  state = tempDir();
});
afterEach(() => state.cleanup());

async function drive(failing: string): Promise<{ code: number; said: string[]; decided: boolean }> {
  const planFile = path.join(state.dir, 'plan.yaml');
  writeFileSync(planFile, PLAN);
  const answersFile = path.join(state.dir, 'answers.yaml');
  writeFileSync(
    answersFile,
    'plan: from-test\nrollback: { criterion: broken, confirm: ROLLBACK, from: deploy }\n',
  );
  const answers = loadAnswers(answersFile, (await loadPlanFile(planFile)).plan);
  const session = await openRunSession({
    planPath: planFile,
    run: failing,
    stateDir: state.dir,
    operator: OPERATOR,
    variables: {},
    runner: fakeRunner({
      async start(spec) {
        mkdirSync(spec.dir, { recursive: true });
        writeFileSync(path.join(spec.dir, 'log'), '');
        return startedIn(spec.dir);
      },
      async waitForExit(dir) {
        const exitCode = dir.includes(`/attempts/${failing}/`) ? 1 : 0;
        return { exit: { exitCode, signal: null, endedAt: new Date().toISOString(), timedOut: false } };
      },
    }),
  });
  const said: string[] = [];
  try {
    const code = await driveHeadless(session, (line) => said.push(line), answers);
    return { code, said, decided: session.view().state.rollback !== null };
  } finally {
    await session.close();
  }
}

it('a failure before `from` stops the run; at `from` the rollback is decided and walked', async () => {
  const early = await drive('rehearse');
  expect(early.code).toBe(EXIT.failure);
  expect(early.decided).toBe(false);
  expect(early.said).toContain(
    'the answers file decides a rollback only from step deploy on; step rehearse comes before it',
  );
  const late = await drive('deploy');
  expect(late.decided).toBe(true);
  expect(late.code).toBe(EXIT.ok);
  expect(late.said.at(-1)).toBe('rollback path finished');
});
