// The run's state: what the pure reducer (journal events → RunState) produces. The UI, the
// report and the CLI read only this; they never look at raw events to decide a status.
import type { AnswerKind, Operator, PlanChangeSummary, ResolveChoice, StopSignal } from './events.js';

export type StepStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'done'
  | 'unknown'
  | 'cancelled';

export interface GatePoll {
  poll: number;
  at: string;
  ok: boolean;
  exitCode: number | null;
  output: string;
}

export interface HostResult {
  exitCode: number | null;
  logPath: string;
  /** The command never started there (never reached, or the rollout stopped before its turn). */
  notStarted?: true;
}

export interface AttemptState {
  attempt: number;
  startedAt: string;
  endedAt: string | null;
  /** 0 while only announced (step.starting): its process is not recorded yet. */
  pid: number;
  pidStart: string;
  bootId: string;
  logPath: string;
  commandDigest: string;
  hosts: string[] | null;
  exitCode: number | null;
  signal: string | null;
  durationMs: number | null;
  timedOut: boolean;
  signals: StopSignal[];
  /** Cancel's signals as each host sent them (remote attempts). */
  hostSignals?: { host: string; signal: StopSignal; at: string }[];
  polls: GatePoll[];
  hostResults: Record<string, HostResult> | null;
  /** The last verify on the hosts: each host's exit code, and when. */
  hostVerify?: { at: string; hosts: Record<string, number | null> };
  /** Each host's last journaled state (step.hostState); absent for local attempts. */
  hostStates?: Record<string, { state: string; at: string; reason?: string; cancel?: string }>;
  resolution: ResolveChoice | null;
  by: Operator;
}

export interface StepNote {
  at: string;
  by: Operator;
  text: string;
}

export interface StepState {
  id: string;
  status: StepStatus;
  attempts: AttemptState[];
  /** Indices of manual checklist items confirmed. */
  confirmedItems: number[];
  notes: StepNote[];
  skipReason: string | null;
  /** Who made the last decision on the step and when. */
  decidedBy: Operator | null;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  exitCode: number | null;
  /** Output logs kept as artifacts. */
  artifacts: { attempt: number; logPath: string; bytes: number }[];
  messages: { path: string; sha256: string; at: string; sentExitCode: number | null | undefined }[];
  /** The plan changed this step's command after it ran. */
  commandChanged: boolean;
  /** The step is no longer in the plan (history kept for the report). */
  removed: boolean;
  retryScheduled: { attempt: number; delayMs: number; at: string } | null;
  /** Decisions a headless run took from an answers file (absent in states built by hand). */
  answered?: AnsweredBy[];
}

export interface AnsweredBy {
  file: string;
  sha256: string;
  answer: AnswerKind;
  at: string;
}

/** The key of the rollback decision's sign-offs in RunState.signoffs (no step id has an "@"). */
export const SIGNOFF_ROLLBACK_KEY = '@rollback';

export interface SignoffRecord {
  login: string;
  uid: number;
  roles: string[];
  givenAt: string;
  /** When it was journaled. */
  at: string;
  via: 'inbox' | 'session';
  requestId: string;
  note?: string;
}

export interface RunState {
  planId: string;
  planPath: string;
  planSha256: string;
  run: string;
  createdAt: string;
  createdBy: Operator;
  /** Keyed by step id; includes removed steps. */
  steps: Record<string, StepState>;
  /** Values as journaled (secrets are MASK). */
  variables: Record<string, string>;
  stepDigests: Record<string, string>;
  /** Steps on the rollback path; null in runs journaled before it was recorded. */
  rollbackSteps: string[] | null;
  rollback: { criterion: string; criterionText: string; at: string; by: Operator } | null;
  /** The rollback was decided from an answers file (run --answers). */
  rollbackAnswered?: AnsweredBy;
  planChanges: ({ at: string; fromSha256: string; toSha256: string } & PlanChangeSummary)[];
  /**
   * Sign-offs given, keyed by step id or SIGNOFF_ROLLBACK_KEY. Always set by the reducer
   * (optional for states built by hand).
   */
  signoffs?: Record<string, SignoffRecord[]>;
  /** Notes not about one step (`note` events without a step). Always set by the reducer. */
  notes?: StepNote[];
  lastSeq: number;
  lastEventAt: string;
}
