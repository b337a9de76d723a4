// An in-memory Session for component tests: deterministic, records every call, and lets the
// test drive state changes (a step starts, output arrives, a step fails).
import type { RunState } from '../../src/journal/state-types.js';
import { findStep } from '../../src/plan/outline.js';
import type { Plan } from '../../src/plan/schema.js';
import {
  type LockHolder,
  type LogTail,
  parseGap,
  ReadOnlyError,
  type ResumeSummary,
  type Session,
  type SessionView,
} from '../../src/session/types.js';
import type { SignoffStatus, SignoffTarget } from '../../src/team/signoff.js';
import { attempt, emptyStep, NOW, OPERATOR, PLAN, runState } from './fixtures.js';

export class FakeLogTail implements LogTail {
  private buffer: string[];
  private count = 0;
  private versionNumber = 0;
  private readonly listeners = new Set<() => void>();
  closed = false;

  constructor(lines: string[] = []) {
    this.buffer = [...lines];
    this.count = lines.reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
  }

  push(...lines: string[]): void {
    this.buffer.push(...lines);
    this.count += lines.reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
    this.versionNumber++;
    for (const listener of this.listeners) listener();
  }

  lines(): readonly string[] {
    return this.buffer;
  }
  lineCount(): number {
    return this.buffer.length;
  }
  range(start: number, end: number): readonly string[] {
    return this.buffer.slice(Math.max(0, start), end);
  }
  bytes(): number {
    return this.count;
  }
  skippedBytes(): number {
    return this.buffer.reduce((n, line) => n + (parseGap(line) ?? 0), 0);
  }
  version(): number {
    return this.versionNumber;
  }
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  close(): void {
    this.closed = true;
  }
}

export interface FakeOptions {
  plan?: Plan;
  state?: RunState;
  mode?: 'writer' | 'watch';
  lock?: LockHolder | null;
  warnings?: string[];
  resume?: ResumeSummary | null;
  missingVariables?: string[];
  expected?: Record<string, number>;
  /** Log tails by "step", "step#attempt" or "step@host". */
  tails?: Record<string, FakeLogTail>;
  verifyCode?: number | null;
  /** Watch: reopening would take the lock (set `takeable` later to change it). */
  lockTakeable?: boolean;
  /** Earlier runs' durations by step (the schedule line in the header). */
  durationSamples?: ReadonlyMap<string, readonly number[]>;
  /** Sign-offs by role (keyed by step id) and this screen's Unix login. */
  signoffs?: Record<string, SignoffStatus>;
  signer?: string;
}

export const LOCK: LockHolder = {
  lockId: 'lk-1',
  user: 'alice',
  host: 'bastion',
  pid: 4100,
  tty: '/dev/pts/3',
  sshClient: '10.0.0.7',
  since: '2026-12-01T11:30:00Z',
};

export class FakeSession implements Session {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly tails: Record<string, FakeLogTail>;
  private current: SessionView;
  private readonly listeners = new Set<() => void>();
  private readonly expected: Record<string, number>;
  private readonly verifyCode: number | null;
  private readonly samples: ReadonlyMap<string, readonly number[]> | null;
  closed = false;
  takeable: boolean;

  constructor(options: FakeOptions = {}) {
    this.takeable = options.lockTakeable ?? false;
    const plan = options.plan ?? PLAN;
    this.current = {
      plan,
      planPath: '/plans/shop.yaml',
      state: options.state ?? runState(plan),
      mode: options.mode ?? 'writer',
      lock: options.lock === undefined ? LOCK : options.lock,
      operator: OPERATOR,
      warnings: options.warnings ?? [],
      resume: options.resume ?? null,
      version: 1,
      ...(options.missingVariables ? { missingVariables: options.missingVariables } : {}),
      ...(options.signoffs ? { signoffs: options.signoffs } : {}),
      ...(options.signer ? { signer: options.signer } : {}),
    };
    this.tails = options.tails ?? {};
    this.expected = options.expected ?? {};
    this.verifyCode = options.verifyCode ?? 0;
    this.samples = options.durationSamples ?? null;
  }

  view(): SessionView {
    return this.current;
  }

  lockTakeable(): boolean {
    return this.current.mode === 'watch' && this.takeable;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Change the state as the journal would, and notify. */
  change(edit: (state: RunState, view: SessionView) => void): void {
    const state = structuredClone(this.current.state);
    const view = { ...this.current, state };
    edit(state, view);
    this.current = { ...view, version: this.current.version + 1 };
    for (const listener of this.listeners) listener();
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.current.mode === 'watch') throw new ReadOnlyError(this.current.lock);
  }

  called(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  async start(stepId: string, options?: { confirmWord?: string }): Promise<void> {
    this.record('start', stepId, options);
    this.change((state) => {
      const step = state.steps[stepId] ?? emptyStep(stepId);
      const n = step.attempts.length + 1;
      step.status = 'running';
      step.startedAt = NOW.toISOString();
      step.attempts.push(attempt(n, NOW.toISOString()));
      state.steps[stepId] = step;
    });
  }
  async cancel(stepId: string): Promise<void> {
    this.record('cancel', stepId);
  }
  async skip(stepId: string, reason: string): Promise<void> {
    this.record('skip', stepId, reason);
    this.change((state) => {
      const step = state.steps[stepId] ?? emptyStep(stepId);
      state.steps[stepId] = { ...step, status: 'skipped', skipReason: reason };
    });
  }
  async note(stepId: string | null, text: string): Promise<void> {
    this.record('note', stepId, text);
  }
  async confirmItem(stepId: string, index: number): Promise<void> {
    this.record('confirmItem', stepId, index);
    this.change((state) => {
      const step = state.steps[stepId] ?? emptyStep(stepId);
      step.confirmedItems = [...step.confirmedItems, index];
      const ref = findStep(this.current.plan, stepId);
      if (ref?.step.kind === 'manual' && step.confirmedItems.length === ref.step.items.length)
        step.status = 'done';
      state.steps[stepId] = step;
    });
  }
  async markDone(stepId: string, note?: string): Promise<void> {
    this.record('markDone', stepId, note);
    this.change((state) => {
      state.steps[stepId] = { ...(state.steps[stepId] ?? emptyStep(stepId)), status: 'done' };
    });
  }
  async markFailed(stepId: string, note?: string): Promise<void> {
    this.record('markFailed', stepId, note);
  }
  async resolveUnknown(
    stepId: string,
    choice: 'rerun' | 'done' | 'failed',
    options?: { confirmWord?: string },
  ): Promise<void> {
    if (options) this.record('resolveUnknown', stepId, choice, options);
    else this.record('resolveUnknown', stepId, choice);
  }
  async verify(stepId: string): Promise<number | null> {
    this.record('verify', stepId);
    return this.verifyCode;
  }
  async stopWaiting(stepId: string): Promise<string[]> {
    this.record('stopWaiting', stepId);
    const attempt = this.current.state.steps[stepId]?.attempts.at(-1);
    return Object.entries(attempt?.hostStates ?? {})
      .filter(([, host]) => host.state === 'unreachable')
      .map(([host]) => host);
  }
  async setVariable(name: string, value: string): Promise<string | null> {
    this.record('setVariable', name, value);
    const error = this.validateVariable(name, value);
    if (error) return error;
    this.change((state) => {
      state.variables[name] = value;
    });
    return null;
  }
  validateVariable(name: string, value: string): string | null {
    const def = this.current.plan.variables[name];
    if (!def) return `${name} is not a variable of this plan`;
    if (def.pattern && !new RegExp(`^(?:${def.pattern})$`).test(value))
      return `${name}: does not match ${def.pattern}`;
    return null;
  }
  durationSamples(): ReadonlyMap<string, readonly number[]> | null {
    return this.samples;
  }

  /** A sign-off is allowed while watching: it goes to the writer's inbox, not the journal. */
  async signoff(target: SignoffTarget, options?: { role?: string; note?: string }): Promise<string> {
    this.calls.push({ method: 'signoff', args: [target, options] });
    return `step ${target.kind === 'step' ? target.stepId : 'rollback'}: sign-off handed to the writer`;
  }

  async decideRollback(criterionId: string, confirmWord: string): Promise<void> {
    this.record('decideRollback', criterionId, confirmWord);
    const criterion = this.current.plan.rollback?.criteria.find((c) => c.id === criterionId);
    this.change((state) => {
      state.rollback = {
        criterion: criterionId,
        criterionText: criterion?.text ?? '',
        at: NOW.toISOString(),
        by: OPERATOR,
      };
    });
  }
  displayCommand(stepId: string): string | null {
    const step = findStep(this.current.plan, stepId)?.step;
    if (!step || (step.kind !== 'command' && step.kind !== 'gate')) return null;
    // As the session shows it: the script, then a trailer (here only the timeout).
    return step.timeout ? `${step.run}\n# timeout ${step.timeout}` : step.run;
  }
  renderMessage(stepId: string): string | null {
    const step = findStep(this.current.plan, stepId)?.step;
    if (step?.kind !== 'message') return null;
    return step.template.replace(
      /\{\{(\w+)\}\}/g,
      (_, name: string) => this.current.state.variables[name] ?? `{{${name}}}`,
    );
  }
  tail(stepId: string, attemptNumber?: number, host?: string): LogTail | null {
    const key = host ? `${stepId}@${host}` : attemptNumber ? `${stepId}#${attemptNumber}` : stepId;
    return this.tails[key] ?? this.tails[stepId] ?? null;
  }
  expectedDurationMs(stepId: string): number | null {
    return this.expected[stepId] ?? null;
  }
  async close(): Promise<void> {
    this.closed = true;
    this.calls.push({ method: 'close', args: [] });
  }
}
