// What the step executors (command, gate, message) share: the run, the runner, the values,
// and the session's lifetime. Background work (waiting for an exit, retry delays, gate polls)
// is tracked here so `close` can stop watching without touching the detached processes.

import { existsSync } from 'node:fs';
import type { JournalEvent } from '../journal/events.js';
import { attemptDir } from '../journal/paths.js';
import type { Plan, Step } from '../plan/schema.js';
import { splitHosts } from '../plan/variables.js';
import type { RunHandle, RunnerPort } from './ports.js';
import type { VariableValues } from './values.js';

export interface StepContext {
  plan: Plan;
  handle: RunHandle;
  runner: RunnerPort;
  values: VariableValues;
  /** Aborted when the session closes: stop watching, never kill. */
  signal: AbortSignal;
  /**
   * Journal an event. `redrawLater`: tell the screen on the next turn of the event loop, not
   * now: a redraw takes tens of milliseconds and must not sit between a step's start intent
   * and its start.
   */
  append(event: JournalEvent, options?: { redrawLater?: boolean }): Promise<void>;
  /** Keep a background task alive and report its failure as a warning. */
  track(task: Promise<unknown>): void;
  /** Per-step abort for scheduled retries and gate polls (cancel uses it). */
  stepSignal(stepId: string): AbortSignal;
  abortStep(stepId: string): void;
  /** Gates polled by this very process (their pid is ours). */
  readonly localPollers: Set<string>;
  /** Steps being cancelled: their finish is recorded, but no retry or capture follows. */
  readonly cancelling: Set<string>;
}

export function attemptDirOf(ctx: StepContext, stepId: string, attempt: number): string {
  return attemptDir(ctx.handle.dir, stepId, attempt);
}

/**
 * The next attempt number: one past the journal's last, and past any attempt directory already
 * on disk (a session that crashed between starting a process and journaling it leaves one; it
 * is never reused, so its files stay for the operator to look at).
 */
export function nextAttempt(ctx: StepContext, stepId: string): number {
  const attempts = ctx.handle.state().steps[stepId]?.attempts ?? [];
  let next = Math.max(0, ...attempts.map((a) => a.attempt)) + 1;
  while (existsSync(attemptDir(ctx.handle.dir, stepId, next))) next++;
  return next;
}

/** Resolves after ms, or early (false) when aborted. */
export function sleep(ms: number, ...signals: AbortSignal[]): Promise<boolean> {
  return new Promise((resolve) => {
    if (signals.some((s) => s.aborted)) return resolve(false);
    const done = (value: boolean) => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
  });
}

/** Environment a step gets beyond the plan's values: its rendered env and where it runs. */
export function stepEnvironment(
  ctx: StepContext,
  step: Step,
  attempt: number,
  dir: string,
): Record<string, string> {
  const env: Record<string, string> = { ...ctx.values.env() };
  if (step.kind === 'command' || step.kind === 'gate') {
    for (const [name, value] of Object.entries(step.env ?? {})) {
      env[name] = value.replace(/\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g, (whole, ref: string) => {
        return ctx.values.get(ref) ?? whole;
      });
    }
  }
  env.RC_RUN_DIR = ctx.handle.dir;
  env.RC_STEP_ID = step.id;
  env.RC_ATTEMPT = String(attempt);
  env.RC_ATTEMPT_DIR = dir;
  return env;
}

/** Rendered working directory ({{NAME}} substituted), or undefined. */
export function stepCwd(values: VariableValues, step: Step): string | undefined {
  if (step.kind !== 'command' && step.kind !== 'gate') return undefined;
  if (step.cwd === undefined) return undefined;
  return step.cwd.replace(/\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g, (whole, ref: string) => {
    return values.get(ref) ?? whole;
  });
}

/** Hosts of a multi-host step: the list, or the variable's value split on spaces/commas. */
export function stepHosts(values: VariableValues, step: Step): string[] | undefined {
  if (step.kind !== 'command' && step.kind !== 'gate') return undefined;
  if (step.hosts === undefined) return undefined;
  if (Array.isArray(step.hosts)) return step.hosts;
  const value = values.get(step.hosts.slice(1)) ?? '';
  return splitHosts(value);
}
