// Starting one attempt of a command or message step (and where a script runs on hosts, which
// gates share: remoteCwd), write-ahead: the intent is journaled (step.starting, fsynced) before
// the runner starts anything, step.started once the wrapper has recorded the process. A session that dies in between leaves the intent, which the next one
// settles (resume.ts) instead of taking the step for never run.
import path from 'node:path';
import { commandDigest } from '../plan/digest.js';
import type { CommandStep, GateStep, MessageStep, Step } from '../plan/schema.js';
import { parseDuration } from '../plan/time-checks.js';
import { bootId } from '../sys/proc.js';
import { attemptDirOf, type StepContext, stepCwd, stepEnvironment, stepHosts } from './context.js';
import type { AttemptSpec, StartedAttempt, StartSettlement } from './ports.js';

/** On hosts, `cwd` is a remote path: the script changes into it there (the path arrives as $RC_CWD). */
const REMOTE_CD = 'cd -- "$RC_CWD"\n';

export function remoteCwd(
  hosts: string[] | undefined,
  cwd: string | undefined,
  script: string,
  env: Record<string, string>,
): { script: string; cwd: string | undefined } {
  if (!hosts || cwd === undefined) return { script, cwd };
  env.RC_CWD = cwd;
  return { script: REMOTE_CD + script, cwd: undefined };
}

/** How a multi-host command rolls out: batch sizes resolved against the host count. */
export function rollout(
  ctx: StepContext,
  step: CommandStep | GateStep,
  hostCount: number,
): AttemptSpec['remote'] {
  const given = step.kind === 'command' ? step.batch : undefined;
  const batch =
    typeof given === 'string'
      ? Math.max(1, Math.ceil((hostCount * Number.parseInt(given, 10)) / 100))
      : given;
  const remote: NonNullable<AttemptSpec['remote']> = {
    reconnectForMs: parseDuration(ctx.plan.reconnectFor ?? '10m'),
  };
  if (step.concurrency !== undefined) remote.concurrency = step.concurrency;
  if (step.allowHostFailures !== undefined) remote.allowHostFailures = step.allowHostFailures;
  if (step.kind === 'command') {
    if (batch !== undefined) remote.batch = batch;
    if (step.maxFailures !== undefined) remote.maxFailures = step.maxFailures;
    if (step.health !== undefined) remote.health = step.health;
    remote.cancelGraceMs = cancelGraceMs(step);
  }
  return remote;
}

/** Between cancel's INT, TERM and KILL: the step's `cancelGrace` (default 5 s). */
export const DEFAULT_CANCEL_GRACE = '5s';
export function cancelGraceMs(step: Step): number {
  return parseDuration((step.kind === 'command' ? step.cancelGrace : undefined) ?? DEFAULT_CANCEL_GRACE);
}

export interface Launch {
  step: CommandStep | MessageStep;
  attempt: number;
  script: string;
  extraEnv?: Record<string, string>;
}

/**
 * An attempt that did not start, already journaled (marked failed when it provably never ran,
 * unknown otherwise): the caller only reports it.
 */
export class StartFailure extends Error {
  constructor(
    message: string,
    /** It may have started: journaled unknown, for the operator to decide. */
    readonly unknown = false,
  ) {
    super(message);
  }

  describe(stepId: string): string {
    return this.unknown
      ? `step ${stepId} may have started, its outcome is unknown (${this.message}): decide it`
      : `step ${stepId} could not start: ${this.message}`;
  }
}

/** Start one attempt detached and journal it: step.starting, the process, step.started. */
export async function launchAttempt(ctx: StepContext, launch: Launch): Promise<StartedAttempt> {
  const { step, attempt } = launch;
  const dir = attemptDirOf(ctx, step.id, attempt);
  const hosts = stepHosts(ctx.values, step);
  const env = { ...stepEnvironment(ctx, step, attempt, dir), ...launch.extraEnv };
  const remote = remoteCwd(hosts, stepCwd(ctx.values, step), launch.script, env);
  const digest = commandDigest(step);
  const announcedBoot = bootId();
  await ctx.append(
    {
      type: 'step.starting',
      step: step.id,
      data: {
        attempt,
        bootId: announcedBoot,
        logPath: path.join(dir, 'log'),
        commandDigest: digest,
        ...(hosts ? { hosts } : {}),
      },
    },
    { redrawLater: true },
  );
  let started: StartedAttempt;
  try {
    started = await ctx.runner.start({
      dir,
      script: remote.script,
      env,
      cwd: remote.cwd,
      timeoutMs: step.kind === 'command' && step.timeout ? parseDuration(step.timeout) : undefined,
      hosts,
      ...(hosts && step.kind === 'command' ? { remote: rollout(ctx, step, hosts.length) } : {}),
    });
  } catch (error) {
    // An error is not proof that nothing runs (the wrapper may just be slow): settle it.
    const settled = await ctx.runner.settleStart(dir, announcedBoot, 0);
    if (settled.kind !== 'started') {
      const said = ctx.values.mask(error instanceof Error ? error.message : String(error));
      await appendUnstarted(ctx, step.id, attempt, settled, said);
      throw new StartFailure(said, settled.kind === 'unknown');
    }
    started = settled.started;
  }
  await appendStarted(ctx, step.id, attempt, started, digest, hosts);
  return started;
}

/**
 * An announced attempt that did not start: marked failed when it provably never ran, unknown
 * when it may have. `error` (masked) is what the start said, when this session tried it.
 */
export async function appendUnstarted(
  ctx: StepContext,
  stepId: string,
  attempt: number,
  settled: Exclude<StartSettlement, { kind: 'started' }>,
  error?: string,
): Promise<void> {
  if (settled.kind === 'never-started') {
    const note = `could not start: ${error ?? settled.reason}`;
    await ctx.append({ type: 'step.markedFailed', step: stepId, data: { note } });
  } else {
    const reason = error === undefined ? settled.reason : `${error}; ${settled.reason}`;
    await ctx.append({ type: 'step.unknown', step: stepId, data: { attempt, reason } });
  }
}

/** step.started for an announced attempt: its process, as the wrapper recorded it. */
export async function appendStarted(
  ctx: StepContext,
  stepId: string,
  attempt: number,
  started: StartedAttempt,
  digest: string,
  hosts: string[] | undefined,
): Promise<void> {
  await ctx.append({
    type: 'step.started',
    step: stepId,
    data: {
      attempt,
      pid: started.pid,
      pidStart: started.pidStart,
      bootId: started.bootId,
      logPath: started.logPath,
      commandDigest: digest,
      ...(hosts ? { hosts } : {}),
    },
  });
}
