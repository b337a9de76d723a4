// What the session needs from the layers below it, in its own words. journal-port.ts and
// runner-port.ts bind these to src/journal and src/runner; tests may bind fakes. Keeping the
// seam narrow keeps the state machine readable and lets either side change without the other
// noticing.
import type { JournalEvent, JournalRecord } from '../journal/events.js';
import type { ExitRecord } from '../journal/paths.js';
import type { RunState } from '../journal/state-types.js';
import type { HostLive, LockHolder, LogTail } from './types.js';

/** An open run: the journal of one plan + run name. */
export interface RunHandle {
  readonly dir: string;
  state(): RunState;
  /** Append as this session's operator (writer only). */
  append(event: JournalEvent): Promise<JournalRecord>;
  /** Watch mode: call back on new records appended by the writer; returns unfollow. */
  follow(listener: (records: readonly JournalRecord[]) => void): () => void;
  /** Writer: the lock this handle holds. Watch: who holds it now (kept current while following). */
  lock(): LockHolder | null;
  /** Watch: one line on who holds the run now ("lock free: …" once let go); null for the writer. */
  lockNote(): string | null;
  /** Watch: the lock is free, or its holder's process is gone here; reopening would take it. */
  lockTakeable(): boolean;
  readonly mode: 'writer' | 'watch';
  /** Warnings from loading (torn tail repaired, lock taken over, …). */
  readonly warnings: readonly string[];
  /**
   * Verify what the open left unverified (the journal before a checkpoint): null when all is
   * well, else the problem (the run then refuses every write). Absent: nothing was left.
   */
  verifyLater?(): Promise<string | null>;
  close(): Promise<void>;
}

export interface AttemptSpec {
  /** attempts/<step>/<n>/ */
  dir: string;
  script: string;
  env: Record<string, string>;
  cwd: string | undefined;
  timeoutMs: number | undefined;
  hosts: string[] | undefined;
  /** How a multi-host step rolls out and waits for its hosts (runner/remote-start.ts). */
  remote?: {
    concurrency?: number;
    batch?: number;
    maxFailures?: number;
    allowHostFailures?: boolean;
    health?: string;
    reconnectForMs?: number;
    /** Between cancel's INT, TERM and KILL on each host (the step's cancelGrace). */
    cancelGraceMs?: number;
  };
}

export interface StartedAttempt {
  pid: number;
  pidStart: string;
  bootId: string;
  logPath: string;
  startedAt: string;
}

export type Inspection =
  | { kind: 'running' }
  | {
      kind: 'exited';
      exit: ExitRecord;
      hosts?: Record<string, { exitCode: number | null; logPath: string; notStarted?: true }>;
      unknown?: string;
    }
  | { kind: 'vanished'; reason: string };

export interface FinishedAttempt {
  exit: ExitRecord;
  hosts?: Record<string, { exitCode: number | null; logPath: string; notStarted?: true }>;
  /** A multi-host attempt that ended with some host's outcome unknown: why (the operator decides). */
  unknown?: string;
}

/** An attempt announced (step.starting) but never confirmed started: what became of it. */
export type StartSettlement =
  | { kind: 'started'; started: StartedAttempt }
  | { kind: 'never-started'; reason: string }
  | { kind: 'unknown'; reason: string };

export interface RunnerPort {
  start(spec: AttemptSpec): Promise<StartedAttempt>;
  /** "never-started" only when it provably can no longer run (see runner/settle.ts). */
  settleStart(dir: string, announcedBoot: string, waitMs?: number): Promise<StartSettlement>;
  inspect(dir: string, recorded: { pid: number; pidStart: string; bootId: string }): Promise<Inspection>;
  /** Resolves when exit.json exists, with {vanished} when the process is gone without one, null when aborted. */
  waitForExit(
    dir: string,
    recorded: { pid: number; pidStart: string; bootId: string },
    signal: AbortSignal,
  ): Promise<FinishedAttempt | { vanished: string } | null>;
  cancel(
    dir: string,
    recorded: { pid: number; pidStart: string; bootId: string },
    onSignal: (
      signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL',
      where?: { host: string; at: string },
    ) => Promise<void> | void,
    /** Between the signals (the step's cancelGrace). */
    graceMs?: number,
    /** Stop waiting (the session closes); a cancel queued for a host out of reach stays asked for. */
    signal?: AbortSignal,
  ): Promise<void>;
  tail(logPath: string, transform: (line: string) => string): LogTail;
  /** Each host of a multi-host attempt as its follower sees it now (absent: a local runner). */
  hostStates?(dir: string): Record<string, HostLive>;
  /**
   * Stop waiting for the attempt's hosts that are out of reach now (unreachable): their outcome
   * becomes unknown at the follower's next try. Returns them ([] when none is).
   */
  stopWaiting?(dir: string): string[];
  /** A short command in the foreground (gates, verify, …), output captured. */
  runCaptured(
    script: string,
    options: {
      env: Record<string, string>;
      cwd: string | undefined;
      timeoutMs: number;
      signal?: AbortSignal;
    },
  ): Promise<{ exitCode: number | null; output: string; timedOut: boolean }>;
  warnings(): string[];
}
