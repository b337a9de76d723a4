// The contract between the cockpit screen (src/ui) and everything below it. The UI reads a
// SessionView (through subscribe + view, i.e. useSyncExternalStore) and calls Session methods
// for operator decisions; it never writes the journal or spawns processes itself. Headless
// runs drive the same Session, so a release can move between the two at any step.
import type { Operator } from '../journal/events.js';
import type { RunState, StepStatus } from '../journal/state-types.js';
import type { Plan } from '../plan/schema.js';
import type { LogTail } from '../runner/log-tail.js';
import type { SignoffStatus, SignoffTarget } from '../team/signoff.js';

export interface LockHolder {
  lockId: string;
  user: string;
  host: string;
  pid: number;
  tty: string | null;
  sshClient: string | null;
  since: string;
}

/** What happened while no one watched: shown once when a run that was left is opened. */
export interface ResumeSummary {
  /** When the previous session ended (or the last event before this session). */
  since: string;
  /** Steps whose outcome was learned at open (detached process finished meanwhile). */
  finished: {
    stepId: string;
    status: StepStatus;
    exitCode: number | null;
    /** The note recorded with the outcome at open (e.g. "could not start: … it never ran"). */
    note?: string;
  }[];
  /** Steps still running, reattached. */
  running: { stepId: string; attempt: number; startedAt: string }[];
  /** Steps whose process vanished without an exit record: the operator decides. */
  unknown: { stepId: string; attempt: number }[];
  /** Events by other operators (mark from a second terminal, headless runs). */
  otherEvents: number;
  planChanged: boolean;
}

/** One host of a running multi-host step, as its follower on the bastion sees it now. */
export interface HostLive {
  state: 'starting' | 'running' | 'reconnecting' | 'unreachable' | 'exited' | 'unknown' | 'not-started';
  /** When the current spell began (reconnecting/unreachable: when the link was lost). */
  since: string;
  /** Failed tries since the link was lost. */
  reconnects: number;
  reason?: string;
  /** A cancel asked for: queued until the host got it. */
  cancel?: 'queued' | 'sent';
  /** When the host's log last grew on the bastion (its last output), null before any. */
  lastOutputAt: string | null;
}

export interface SessionView {
  plan: Plan;
  planPath: string;
  state: RunState;
  /** 'watch' is read-only: someone else holds the lock. */
  mode: 'writer' | 'watch';
  lock: LockHolder | null;
  operator: Operator;
  /** Startup warnings to show (logind KillUserProcesses, plan changed, torn journal tail repaired). */
  warnings: string[];
  resume: ResumeSummary | null;
  /**
   * Variables with no value in this session that a step will need: required ones never given,
   * and secret values (never persisted) not re-entered since the run was reopened. The UI asks
   * for them with setVariable. (Added by the session; absent means none.)
   */
  missingVariables?: string[];
  /**
   * Sign-offs by role, keyed by step id ("@rollback" for the rollback decision): every target
   * of the plan with `signoff:`, given or pending (src/team/signoff.ts pendingLine words one).
   */
  signoffs?: Record<string, SignoffStatus>;
  /** This process's Unix login: who signs off from this screen. */
  signer?: string;
  /** Bumped on every change; cheap equality for React. */
  version: number;
}

// What a log tail is, with its gap lines, belongs to the runner that makes it; the UI reads it
// through this contract.
export { GAP_MARK, gapLine, type LogTail, parseGap } from '../runner/log-tail.js';

export class ReadOnlyError extends Error {
  constructor(holder: LockHolder | null) {
    super(
      holder
        ? `read-only: the run is held by ${holder.user}@${holder.host} since ${holder.since}`
        : 'read-only',
    );
  }
}

export interface Session {
  view(): SessionView;
  subscribe(listener: () => void): () => void;

  /** Run a command/gate/message step (or re-run after failure). `confirmWord` for dangerous steps. */
  start(stepId: string, options?: { confirmWord?: string }): Promise<void>;
  /** Cancel escalation: SIGINT, SIGTERM, SIGKILL to the process group, each after a grace period. */
  cancel(stepId: string): Promise<void>;
  skip(stepId: string, reason: string): Promise<void>;
  note(stepId: string | null, text: string): Promise<void>;
  confirmItem(stepId: string, index: number): Promise<void>;
  markDone(stepId: string, note?: string): Promise<void>;
  markFailed(stepId: string, note?: string): Promise<void>;
  /** Outcome unknown: re-run, mark done, mark failed. */
  /** A dangerous command step re-runs only with its confirm word (as `start` asks). */
  resolveUnknown(
    stepId: string,
    choice: 'rerun' | 'done' | 'failed',
    options?: { confirmWord?: string },
  ): Promise<void>;
  /** Run the step's verify command; resolves with its exit code. */
  verify(stepId: string): Promise<number | null>;
  /**
   * A running multi-host step with hosts out of reach (unreachable): stop waiting for them. Their
   * outcome becomes unknown (their commands may still run there); the step ends unknown once
   * its other hosts have ended, for the operator to decide. Resolves with those hosts.
   */
  stopWaiting(stepId: string): Promise<string[]>;
  /** Validate against the variable's pattern; returns an error message or null when set. */
  setVariable(name: string, value: string): Promise<string | null>;
  validateVariable(name: string, value: string): string | null;
  decideRollback(criterionId: string, confirmWord: string): Promise<void>;
  /** The command exactly as it will run, variables substituted for display, secrets masked. */
  displayCommand(stepId: string): string | null;
  /** Rendered message text (secrets masked) for a message step. */
  renderMessage(stepId: string): string | null;
  /** Tail of an attempt's log (latest attempt when omitted; one host's log when given). */
  /**
   * Watch: the holder let go, or its process is gone on this machine; reopening the run for
   * writing would take the lock. Asked on each render (a holder dies without a journal record).
   */
  lockTakeable(): boolean;
  tail(stepId: string, attempt?: number, host?: string): LogTail | null;
  /** The hosts of the step's latest multi-host attempt as its follower sees them now; null otherwise. */
  hostStates?(stepId: string): Record<string, HostLive> | null;
  /** Median duration of this step in earlier finished runs of the same plan (e.g. the rehearsal). */
  expectedDurationMs(stepId: string): number | null;
  /**
   * Each step's durations in those runs (what the schedule's p50/p90 come from); null until
   * they are read (the cockpit reads them after its first frame).
   */
  durationSamples?(): ReadonlyMap<string, readonly number[]> | null;
  /**
   * Sign off as this process's Unix login: journaled by the writer, or (watching) handed to the
   * writer through the run's inbox. Optional until the screens offer it.
   */
  signoff?(target: SignoffTarget, options?: { role?: string; note?: string }): Promise<string>;
  /**
   * The cockpit drew the run: start what its first frame does not need (the check of the
   * journal before the run's checkpoint, other runs' durations). Absent in fakes.
   */
  firstFrameShown?(): void;
  /** Leave: release the lock; running steps keep running. */
  close(): Promise<void>;
}
