// plans/demo.yaml really runs on a machine with nothing but bash and coreutils: every command,
// gate, verify and send is executed as the runner would, in plan order, with the plan's
// defaults (the build step shortened through DEMO_SECONDS), and each behaves as the tour says.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanFile } from '../../src/plan/load.js';
import { listSteps } from '../../src/plan/outline.js';
import type { Plan, Step } from '../../src/plan/schema.js';
import { renderTemplate, validateVariableValue } from '../../src/plan/variables.js';
import { ROOT } from '../helpers/cli.js';
import { bashAndCoreutilsPath, runStepScript, type ShellResult } from './step-shell.js';

const DEMO = path.join(ROOT, 'plans/demo.yaml');
/** The prefix the session puts before a message's send command (src/session/message.ts). */
const SEND_PREFIX = 'exec <"$RC_MESSAGE_FILE"\n';

interface Outcome {
  step: Step;
  runs: ShellResult[];
  verifyBefore?: ShellResult;
  verifyAfter?: ShellResult;
  message?: string;
}

describe('plans/demo.yaml runs with bash and coreutils only', () => {
  let plan: Plan;
  let tmp: string;
  const outcomes = new Map<string, Outcome>();
  const values: Record<string, string> = {};

  beforeAll(async () => {
    plan = (await loadPlanFile(DEMO)).plan;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'rc-demo-'));
    const bin = bashAndCoreutilsPath(path.join(tmp, 'bin'));
    const runDir = path.join(tmp, 'run');
    const work = path.join(tmp, 'work');
    for (const [name, variable] of Object.entries(plan.variables)) {
      if (variable.default !== undefined) values[name] = variable.default;
    }
    values.RELEASE_AT = plan.variables.RELEASE_AT?.example as string;
    values.DEPLOY_COLOR = 'blue'; // what the operator types at the prompt step
    values.DEMO_SECONDS = '1';
    const env = (step: Step, attempt: number): Record<string, string> => ({
      PATH: bin,
      HOME: tmp,
      LANG: 'C.UTF-8',
      ...values,
      RC_RUN_DIR: runDir,
      RC_STEP_ID: step.id,
      RC_ATTEMPT: String(attempt),
      RC_ATTEMPT_DIR: path.join(runDir, 'attempts', step.id, String(attempt)),
    });
    const run = (step: Step, script: string, attempt: number, extra: Record<string, string> = {}) =>
      runStepScript(script, {
        cwd: work,
        env: { ...env(step, attempt), ...extra },
        scriptDir: path.join(tmp, 'scripts'),
      });
    mkdirSync(runDir, { recursive: true });
    mkdirSync(work, { recursive: true });

    for (const { step } of listSteps(plan)) {
      const outcome: Outcome = { step, runs: [] };
      outcomes.set(step.id, outcome);
      if (step.kind === 'command') {
        if (step.verify) outcome.verifyBefore = run(step, step.verify, 1);
        const attempts = 1 + (step.retries?.count ?? 0);
        for (let attempt = 1; attempt <= attempts; attempt++) {
          const result = run(step, step.run, attempt);
          outcome.runs.push(result);
          if (result.code === 0) break;
        }
        if (step.verify) outcome.verifyAfter = run(step, step.verify, 1);
        if (step.capture && outcome.runs.at(-1)?.code === 0) {
          values[step.capture] = (outcome.runs.at(-1) as ShellResult).stdout.trim();
        }
      } else if (step.kind === 'gate') {
        for (let poll = 1; poll <= 10; poll++) {
          const result = run(step, step.run, poll);
          outcome.runs.push(result);
          if (result.code === 0) break;
        }
      } else if (step.kind === 'message') {
        outcome.message = renderTemplate(step.template, values);
        const file = path.join(runDir, 'messages', `${step.id}-1.txt`);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, outcome.message);
        if (step.send) outcome.runs.push(run(step, SEND_PREFIX + step.send, 1, { RC_MESSAGE_FILE: file }));
      }
    }
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const outcome = (id: string) => outcomes.get(id) as Outcome;
  const codes = (id: string) => outcome(id).runs.map((run) => run.code);

  it('uses every step kind, a retry, a capture, an artifact, a confirmation and a rollback', () => {
    const steps = listSteps(plan).map((ref) => ref.step);
    expect(new Set(steps.map((step) => step.kind))).toEqual(
      new Set(['note', 'manual', 'message', 'command', 'gate', 'prompt']),
    );
    const commands = steps.filter((step) => step.kind === 'command');
    expect(commands.some((step) => step.retries)).toBe(true);
    expect(commands.some((step) => step.capture)).toBe(true);
    expect(commands.some((step) => step.artifact)).toBe(true);
    expect(commands.some((step) => step.confirm)).toBe(true);
    expect(plan.rollback?.criteria.length).toBeGreaterThanOrEqual(2);
    expect(plan.rollback?.steps.length).toBeGreaterThanOrEqual(2);
  });

  it('needs no value from a new user but T0, and has an example for it', () => {
    const needed = Object.entries(plan.variables)
      .filter(([, variable]) => variable.required && variable.default === undefined)
      .map(([name]) => name);
    const asked = listSteps(plan).flatMap(({ step }) => (step.kind === 'prompt' ? [step.variable] : []));
    expect(needed.filter((name) => !asked.includes(name))).toEqual([plan.t0]);
    expect(validateVariableValue(plan, plan.t0 as string, values.RELEASE_AT as string)).toBeNull();
  });

  it('prints thousands of coloured lines and a carriage-return progress bar in the build step', () => {
    const [build] = outcome('build').runs;
    expect(build?.code).toBe(0);
    const lines = build?.stdout.split('\n') ?? [];
    const coloured = lines.filter((line) => line.includes('\u001b[3'));
    expect(coloured.length).toBeGreaterThanOrEqual(Number(plan.variables.DEMO_LINES?.default));
    expect(Number(plan.variables.DEMO_LINES?.default)).toBeGreaterThanOrEqual(2000);
    expect(build?.stdout.split('\r').length).toBeGreaterThan(20);
    expect(build?.stdout).toContain('100%');
    expect(build?.stdout.trimEnd().endsWith('build finished\u001b[0m')).toBe(true);
  });

  it('fails the lint step on purpose, every time', () => {
    expect(codes('lint').every((code) => code !== 0 && code !== null)).toBe(true);
    expect(outcome('lint').runs[0]?.stderr).toContain('2 problems');
  });

  it('fails the first fetch and succeeds on the retry', () => {
    expect(codes('fetch-artifacts')).toEqual([1, 0]);
    expect(outcome('fetch-artifacts').runs[1]?.stdout).toContain('fetched 12 artifacts for v1.4.0');
  });

  it('passes the gate after a few polls', () => {
    expect(codes('wait-healthy')).toEqual([1, 1, 0]);
    expect(codes('rollback-check')).toEqual([0]);
  });

  it('captures the build id into a valid BUILD_ID and uses it in a later message', () => {
    expect(codes('build-id')).toEqual([0]);
    expect(validateVariableValue(plan, 'BUILD_ID', values.BUILD_ID as string)).toBeNull();
    expect(outcome('announce-done').message).toContain(values.BUILD_ID);
  });

  it('prompts for a colour the pattern checks', () => {
    const prompt = outcome('choose-color').step;
    expect(prompt.kind === 'prompt' && prompt.variable).toBe('DEPLOY_COLOR');
    expect(validateVariableValue(plan, 'DEPLOY_COLOR', 'blue')).toBeNull();
    expect(validateVariableValue(plan, 'DEPLOY_COLOR', 'red')).toMatch(/does not match/);
  });

  it('asks for a typed word before switching traffic, and its verify tells before from after', () => {
    const step = outcome('switch-traffic').step;
    expect(step.kind === 'command' && step.confirm).toBe('DEPLOY');
    expect(codes('switch-traffic')).toEqual([0]);
    expect(outcome('switch-traffic').verifyBefore?.code).not.toBe(0);
    expect(outcome('switch-traffic').verifyAfter?.code).toBe(0);
    expect(outcome('rollback-switch').verifyBefore?.code).not.toBe(0);
    expect(outcome('rollback-switch').verifyAfter?.code).toBe(0);
  });

  it('succeeds in every other command step', () => {
    const failing = [...outcomes.values()]
      .filter(({ step }) => step.kind === 'command' && step.id !== 'lint')
      .filter(({ runs }) => runs.at(-1)?.code !== 0)
      .map(({ step, runs }) => `${step.id}: ${runs.at(-1)?.stderr}`);
    expect(failing).toEqual([]);
  });

  it('sends every message into the outbox, fully rendered', () => {
    const outbox = readFileSync(path.join(tmp, 'run', 'outbox.txt'), 'utf8');
    const messages = [...outcomes.values()].filter(({ step }) => step.kind === 'message');
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const { step, message, runs } of messages) {
      expect(runs.map((run) => run.code)).toEqual([0]);
      expect(message).not.toContain('{{');
      expect(outbox).toContain(`${step.id}\n${message}`);
    }
  });
});
