// The Session the cockpit and headless runs drive: operator decisions become journal events,
// steps become detached attempts. Which action is allowed when is decided in machine.ts; the
// executors live in command.ts, gate.ts and message.ts. A watch session (someone else holds
// the lock) follows the journal and refuses every action with ReadOnlyError.
// Over 300 lines because it is the one class behind the Session interface: each method is a
// short delegation to the module that does the work.

import { EXIT, UserError } from '../errors.js';
import type { AnswerKind, JournalEvent, JournalRecord, Operator } from '../journal/events.js';
import { findStep } from '../plan/outline.js';
import type { Plan, Step } from '../plan/schema.js';
import { median } from '../schedule/history.js';
import type { Login } from '../team/identity.js';
import type { SignoffStatus, SignoffTarget } from '../team/signoff.js';
import type { Team } from '../team/team-file.js';
import { startCommand } from './command.js';
import { attemptDirOf, nextAttempt, type StepContext } from './context.js';
import { cancelStep, verifyStep } from './control.js';
import { confirmChecklistItem, type DecisionContext, decideRollback, enterVariable } from './decisions.js';
import { displayCommandText, renderMessageFor } from './display.js';
import { startGate } from './gate.js';
import { StartFailure } from './launch.js';
import { decisionRefusal, latestAttempt, startRefusal, stepStatus } from './machine.js';
import { startMessage } from './message.js';
import type { RunHandle, RunnerPort } from './ports.js';
import { SignoffDesk } from './signoff-desk.js';
import {
  type HostLive,
  type LogTail,
  ReadOnlyError,
  type ResumeSummary,
  type Session,
  type SessionView,
} from './types.js';
import { missingVariables, stepVariables, type VariableValues } from './values.js';

/** How long close() lets background watchers notice the end before releasing the lock. */
const CLOSE_GRACE_MS = 3000;

export interface SessionParts {
  plan: Plan;
  planPath: string;
  handle: RunHandle;
  runner: RunnerPort;
  values: VariableValues;
  operator: Operator;
  warnings: string[];
  /** Each step's durations in the plan's other runs; read on first use (headless never needs it). */
  history: () => ReadonlyMap<string, readonly number[]>;
  /** The cockpit: other runs' durations wait for firstFrameShown() (null until then). */
  deferred?: boolean;
  /** The run was created by this session (not reopened). */
  created: boolean;
  onEvent?: ((record: JournalRecord) => void) | undefined;
  /** The state directory's team file (login → roles), read when asked; null when none. */
  team?: () => Team | null;
  /** This process's Unix login (from its uid): who signs off here. */
  login?: Login;
}

export class RunSession implements Session {
  readonly ctx: StepContext;
  private readonly listeners = new Set<() => void>();
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();
  private readonly stepAborts = new Map<string, AbortController>();
  private resume: ResumeSummary | null = null;
  private history: ReadonlyMap<string, readonly number[]> | null = null;
  private version = 0;
  private cached: SessionView | null = null;
  private unfollow: (() => void) | null = null;
  private closed = false;
  private readonly lastVerify = new Map<string, number | null>();
  private readonly decisions: DecisionContext;
  /** Sign-offs by role: guards, statuses, the inbox watch (signoff-desk.ts). */
  readonly signoffs: SignoffDesk;

  constructor(private readonly parts: SessionParts) {
    this.ctx = {
      plan: parts.plan,
      handle: parts.handle,
      runner: parts.runner,
      values: parts.values,
      signal: this.closing.signal,
      append: (event, options) => this.append(event, options?.redrawLater),
      track: (task) => this.track(task),
      stepSignal: (stepId) => this.stepAbort(stepId).signal,
      abortStep: (stepId) => this.stepAbort(stepId).abort(),
      localPollers: new Set(),
      cancelling: new Set(),
    };
    this.signoffs = new SignoffDesk({
      plan: parts.plan,
      handle: parts.handle,
      team: parts.team ?? (() => null),
      login: parts.login ?? { login: parts.operator.user, uid: process.getuid?.() ?? -1 },
      append: (event) => this.append(event),
      onIngest: (error) => {
        if (error) parts.warnings.push(`sign-off inbox: ${error.message}`);
        this.changed();
      },
    });
    this.decisions = {
      plan: parts.plan,
      values: parts.values,
      state: () => parts.handle.state(),
      append: (event) => this.append(event),
      awaitsSignoff: (stepId) => this.signoffs.isPending(stepId),
    };
    if (parts.handle.mode === 'watch') {
      this.unfollow = parts.handle.follow((records) => {
        for (const record of records) parts.onEvent?.(record);
        this.changed();
      });
    }
  }

  get created(): boolean {
    return this.parts.created;
  }

  setResume(summary: ResumeSummary | null): void {
    this.resume = summary;
    this.changed();
  }

  view(): SessionView {
    if (!this.cached) {
      this.cached = {
        plan: this.parts.plan,
        planPath: this.parts.planPath,
        state: this.parts.handle.state(),
        mode: this.parts.handle.mode,
        lock: this.parts.handle.lock(),
        operator: this.parts.operator,
        warnings: this.warnings(),
        resume: this.resume,
        missingVariables: missingVariables(this.parts.plan, this.parts.values, this.parts.handle.state()),
        signoffs: this.signoffs.statuses(),
        signer: (this.parts.login ?? { login: this.parts.operator.user }).login,
        version: this.version,
      };
    }
    return this.cached;
  }

  lockTakeable(): boolean {
    return this.parts.handle.mode === 'watch' && this.parts.handle.lockTakeable();
  }

  /** The watch's line on the lock first (it changes as the lock changes hands), then the rest. */
  private warnings(): string[] {
    const lockNote = this.parts.handle.mode === 'watch' ? this.parts.handle.lockNote() : null;
    return lockNote ? [lockNote, ...this.parts.warnings] : [...this.parts.warnings];
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once `predicate` holds on the state (checked now and after every change). */
  until(predicate: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      if (predicate()) return resolve();
      const off = this.subscribe(() => {
        if (predicate()) {
          off();
          resolve();
        }
      });
    });
  }

  async start(stepId: string, options: { confirmWord?: string } = {}): Promise<void> {
    this.writable();
    const step = this.step(stepId);
    const refusal = startRefusal(step, stepStatus(this.parts.handle.state(), stepId));
    if (refusal) throw new UserError(refusal);
    this.signoffs.requireSigned({ kind: 'step', stepId });
    requireConfirmWord(step, options.confirmWord, 'start');
    await this.launch(step);
  }

  /** Start a new attempt; the caller has checked that it may. */
  private async launch(step: Step): Promise<void> {
    const ref = findStep(this.parts.plan, step.id);
    if (ref?.path === 'rollback' && !this.parts.handle.state().rollback) {
      throw new UserError(`step ${step.id} is on the rollback path: decide the rollback first`);
    }
    const missing = stepVariables(this.parts.plan, step).filter((name) => !this.parts.values.has(name));
    if (missing.length > 0) throw new UserError(`step ${step.id} needs ${missing.join(', ')}: set it first`);
    this.stepAborts.delete(step.id);
    this.ctx.cancelling.delete(step.id);
    const attempt = nextAttempt(this.ctx, step.id);
    try {
      if (step.kind === 'command') await startCommand(this.ctx, step, attempt);
      else if (step.kind === 'gate') await startGate(this.ctx, step, attempt);
      else if (step.kind === 'message') await startMessage(this.ctx, step, attempt);
    } catch (error) {
      if (error instanceof UserError || error instanceof ReadOnlyError) throw error;
      // Already journaled by launchAttempt (marked failed, or unknown when it may have started).
      if (error instanceof StartFailure) throw new UserError(error.describe(step.id), EXIT.failure);
      // The process never started (no such directory, wrapper refused): the step failed, visibly.
      const reason = this.parts.values.mask(error instanceof Error ? error.message : String(error));
      if (stepStatus(this.parts.handle.state(), step.id) !== 'running') {
        await this.append({
          type: 'step.markedFailed',
          step: step.id,
          data: { note: `could not start: ${reason}` },
        });
      }
      throw new UserError(`step ${step.id} could not start: ${reason}`, EXIT.failure);
    }
  }

  async cancel(stepId: string): Promise<void> {
    this.writable();
    await cancelStep(this.ctx, this.step(stepId), (predicate) => this.until(predicate));
  }

  async skip(stepId: string, reason: string): Promise<void> {
    this.decidable(stepId);
    this.signoffs.requireSigned({ kind: 'step', stepId });
    await this.append({
      type: 'step.skipped',
      step: stepId,
      data: { reason: this.parts.values.mask(reason) },
    });
  }

  async note(stepId: string | null, text: string): Promise<void> {
    this.writable();
    if (stepId !== null) this.step(stepId);
    const data = { text: this.parts.values.mask(text) };
    await this.append(stepId === null ? { type: 'note', data } : { type: 'note', step: stepId, data });
  }

  async confirmItem(stepId: string, index: number): Promise<void> {
    this.writable();
    await confirmChecklistItem(this.decisions, this.step(stepId), index);
  }

  async markDone(stepId: string, note?: string): Promise<void> {
    this.decidable(stepId);
    this.signoffs.requireSigned({ kind: 'step', stepId });
    const data = note === undefined ? {} : { note: this.parts.values.mask(note) };
    await this.append({ type: 'step.done', step: stepId, data });
  }

  async markFailed(stepId: string, note?: string): Promise<void> {
    this.decidable(stepId);
    const data = note === undefined ? {} : { note: this.parts.values.mask(note) };
    await this.append({ type: 'step.markedFailed', step: stepId, data });
  }

  async resolveUnknown(
    stepId: string,
    choice: 'rerun' | 'done' | 'failed',
    options: { confirmWord?: string } = {},
  ): Promise<void> {
    this.writable();
    const step = this.step(stepId);
    const entry = this.parts.handle.state().steps[stepId];
    if (entry?.status !== 'unknown') throw new UserError(`step ${stepId} does not have an unknown outcome`);
    if (choice !== 'failed') this.signoffs.requireSigned({ kind: 'step', stepId });
    // Re-running a dangerous step asks for its word here too, whoever calls: nothing recorded before.
    if (choice === 'rerun') requireConfirmWord(step, options.confirmWord, 're-run');
    const attempt = latestAttempt(entry);
    const verified = this.lastVerify.get(stepId);
    await this.append({
      type: 'step.resolved',
      step: stepId,
      data: {
        attempt: attempt?.attempt ?? 0,
        choice,
        ...(verified === undefined ? {} : { verifyExitCode: verified }),
      },
    });
    // Re-run is the operator's explicit decision here (with the word, for a dangerous step).
    if (choice === 'rerun') await this.launch(step);
  }

  async verify(stepId: string): Promise<number | null> {
    this.writable();
    const exitCode = await verifyStep(this.ctx, this.step(stepId));
    this.lastVerify.set(stepId, exitCode);
    return exitCode;
  }

  async stopWaiting(stepId: string): Promise<string[]> {
    this.writable();
    this.step(stepId);
    const attempt = latestAttempt(this.parts.handle.state().steps[stepId]);
    const running = stepStatus(this.parts.handle.state(), stepId) === 'running';
    if (!running || !attempt?.hosts || !this.parts.runner.stopWaiting) {
      throw new UserError(`step ${stepId} is not a running step on hosts`);
    }
    const hosts = this.parts.runner.stopWaiting(attemptDirOf(this.ctx, stepId, attempt.attempt));
    if (hosts.length === 0) throw new UserError(`no host of step ${stepId} is out of reach now`);
    this.hostCache = null;
    await this.append({
      type: 'note',
      step: stepId,
      data: {
        text: `stopped waiting for ${hosts.join(', ')} (out of reach): the outcome there becomes unknown, its command may still run`,
      },
    });
    return hosts;
  }

  async setVariable(name: string, value: string): Promise<string | null> {
    this.writable();
    return enterVariable(this.decisions, name, value);
  }

  validateVariable(name: string, value: string): string | null {
    return this.parts.values.validate(name, value);
  }

  /** Journal that the decision about to be taken comes from an answers file (run --answers). */
  async answerUsed(stepId: string | null, file: string, sha256: string, answer: AnswerKind): Promise<void> {
    this.writable();
    const data = { file, sha256, answer };
    await this.append(
      stepId === null ? { type: 'answer.used', data } : { type: 'answer.used', step: stepId, data },
    );
  }

  async decideRollback(criterionId: string, confirmWord: string): Promise<void> {
    this.writable();
    this.signoffs.requireSigned({ kind: 'rollback' });
    await decideRollback(this.decisions, criterionId, confirmWord);
  }

  displayCommand(stepId: string): string | null {
    const ref = findStep(this.parts.plan, stepId);
    return ref ? displayCommandText(this.parts.plan, ref.step, this.parts.values) : null;
  }

  renderMessage(stepId: string): string | null {
    const ref = findStep(this.parts.plan, stepId);
    return ref ? renderMessageFor(ref.step, this.parts.values) : null;
  }

  tail(stepId: string, attempt?: number, host?: string): LogTail | null {
    const entry = this.parts.handle.state().steps[stepId];
    const chosen =
      attempt === undefined ? latestAttempt(entry) : entry?.attempts.find((a) => a.attempt === attempt);
    if (!chosen) return null;
    let logPath = chosen.logPath;
    if (host !== undefined) {
      logPath =
        chosen.hostResults?.[host]?.logPath ??
        `${attemptDirOf(this.ctx, stepId, chosen.attempt)}/hosts/${host}/log`;
    }
    return this.parts.runner.tail(logPath, (line) => this.parts.values.mask(line));
  }

  hostStates(stepId: string): Record<string, HostLive> | null {
    const attempt = latestAttempt(this.parts.handle.state().steps[stepId]);
    if (!attempt?.hosts || !this.parts.runner.hostStates) return null;
    const dir = attemptDirOf(this.ctx, stepId, attempt.attempt);
    // Asked on every frame: the files are read at most twice a second.
    const cached = this.hostCache;
    if (cached?.dir === dir && Date.now() - cached.at < 500) return cached.states;
    const states = this.parts.runner.hostStates(dir);
    this.hostCache = { dir, at: Date.now(), states };
    return states;
  }

  private hostCache: { dir: string; at: number; states: Record<string, HostLive> } | null = null;

  expectedDurationMs(stepId: string): number | null {
    const samples = this.durationSamples()?.get(stepId);
    return samples?.length ? median(samples) : null;
  }

  durationSamples(): ReadonlyMap<string, readonly number[]> | null {
    if (this.parts.deferred && !this.framed) return null;
    this.history ??= this.parts.history();
    return this.history;
  }

  private framed = false;

  firstFrameShown(): void {
    if (this.framed || this.closed) return;
    this.framed = true;
    // The durations read other runs' journals: the next frame shows them.
    setImmediate(() => {
      if (!this.closed) this.changed();
    });
    const verifying = this.parts.handle.verifyLater?.();
    if (!verifying) return;
    // Not tracked: leaving does not wait for it (closing the run stops it).
    void verifying.then((problem) => {
      if (!problem || this.closed) return;
      this.parts.warnings.unshift(`${problem}: nothing more is written to this run; leave and reopen it`);
      this.changed();
    });
  }

  /** Sign off as this process's login (writer: journaled; watch: handed to the writer's inbox). */
  signoff(target: SignoffTarget, options: { role?: string; note?: string } = {}): Promise<string> {
    if (this.closed) throw new ReadOnlyError(this.parts.handle.lock());
    return this.signoffs.give(target, options);
  }

  signoffStatus(target: SignoffTarget): SignoffStatus | null {
    return this.signoffs.status(target);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.signoffs.stop();
    this.unfollow?.();
    this.closing.abort();
    for (const controller of this.stepAborts.values()) controller.abort();
    await Promise.race([
      Promise.allSettled([...this.tasks]),
      new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
    ]);
    await this.parts.handle.close();
    this.changed();
  }

  /** Background tasks still in flight (headless waits for none; tests may). */
  get busy(): number {
    return this.tasks.size;
  }

  private async append(event: JournalEvent, redrawLater = false): Promise<void> {
    const record = await this.parts.handle.append(event);
    this.parts.onEvent?.(record);
    this.invalidate();
    if (!redrawLater) return this.notify();
    // The view is stale from now on; only the listeners (the screen) hear of it a turn later.
    setImmediate(() => {
      if (!this.closed) this.notify();
    });
  }

  private track(task: Promise<unknown>): void {
    const tracked = task.catch((error: unknown) => {
      if (this.closed) return;
      this.parts.warnings.push(`background: ${error instanceof Error ? error.message : String(error)}`);
      this.changed();
    });
    this.tasks.add(tracked);
    void tracked.finally(() => {
      this.tasks.delete(tracked);
      if (!this.closed) this.changed();
    });
  }

  private stepAbort(stepId: string): AbortController {
    let controller = this.stepAborts.get(stepId);
    if (!controller) {
      controller = new AbortController();
      this.stepAborts.set(stepId, controller);
    }
    return controller;
  }

  private changed(): void {
    this.invalidate();
    this.notify();
  }

  private invalidate(): void {
    this.version++;
    this.cached = null;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private writable(): void {
    if (this.parts.handle.mode !== 'writer' || this.closed) throw new ReadOnlyError(this.parts.handle.lock());
  }

  private decidable(stepId: string): void {
    this.writable();
    this.step(stepId);
    const refusal = decisionRefusal(stepId, stepStatus(this.parts.handle.state(), stepId));
    if (refusal) throw new UserError(refusal);
  }

  private step(stepId: string): Step {
    const ref = findStep(this.parts.plan, stepId);
    if (!ref) throw new UserError(`no step "${stepId}" in this plan`);
    return ref.step;
  }
}

/** A dangerous command step (`confirm:` in the plan) starts only with its word typed exactly. */
function requireConfirmWord(step: Step, word: string | undefined, verb: 'start' | 're-run'): void {
  if (step.kind === 'command' && step.confirm !== undefined && word !== step.confirm) {
    throw new UserError(`step ${step.id} is dangerous: type "${step.confirm}" to ${verb} it`);
  }
}
