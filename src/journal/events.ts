// Every event the journal records. One line of journal.jsonl is a JournalRecord: the
// envelope (seq, time, operator, chain hashes) around one of these events. Secret variable
// values never appear here: writers mask them before appending.

export interface Operator {
  /** --operator or the login user. */
  user: string;
  host: string;
  tty: string | null;
  /** The SSH client address (first field of SSH_CONNECTION/SSH_CLIENT), null when local. */
  sshClient: string | null;
}

export type ResolveChoice = 'rerun' | 'done' | 'failed';
export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

export interface PlanChangeSummary {
  added: string[];
  removed: string[];
  /** Steps whose definition changed (their command changed when `commandChanged`). */
  changed: { id: string; commandChanged: boolean }[];
}

/** The event payloads, keyed by type. `step` on the envelope names the step where relevant. */
export interface EventData {
  'run.created': {
    planId: string;
    planPath: string;
    planSha256: string;
    run: string;
    /** Values as given; secret ones replaced by MASK. */
    variables: Record<string, string>;
    /** Hash of each step's definition at creation, to flag steps whose command changes later. */
    stepDigests: Record<string, string>;
    /** Steps on the rollback path (absent in journals of older versions). */
    rollbackSteps?: string[];
  };
  'plan.changed': {
    fromSha256: string;
    toSha256: string;
    planPath: string;
    stepDigests: Record<string, string>;
    rollbackSteps?: string[];
  } & PlanChangeSummary;
  'lock.taken': { lockId: string; pid: number };
  'lock.takenOver': {
    lockId: string;
    previousLockId: string;
    previousUser: string;
    previousPid: number;
    reason: string;
  };
  'lock.released': { lockId: string };
  'lock.forced': { lockId: string; by: string };
  /**
   * Written (fsynced) before a command or message attempt's process is started: if the session
   * dies before step.started, the next one finds the attempt by this and settles it (resume.ts)
   * instead of believing the step never ran.
   */
  'step.starting': {
    attempt: number;
    /** This machine's boot: on another boot, files the attempt wrote may have been lost. */
    bootId: string;
    logPath: string;
    commandDigest: string;
    hosts?: string[];
  };
  /** A command/gate attempt began. `hosts` is set for multi-host steps. */
  'step.started': {
    attempt: number;
    pid: number;
    /** Process start time (clock ticks since boot, /proc/PID/stat field 22). */
    pidStart: string;
    bootId: string;
    logPath: string;
    /** Digest of the command as it ran (for change detection). */
    commandDigest: string;
    hosts?: string[];
  };
  /** The output of an attempt kept as an artifact for the report. */
  'step.output': { attempt: number; logPath: string; bytes: number };
  'step.finished': {
    attempt: number;
    exitCode: number | null;
    signal: string | null;
    durationMs: number;
    timedOut: boolean;
    /** notStarted: the command never started on that host (never reached, or the rollout stopped). */
    hosts?: Record<string, { exitCode: number | null; logPath: string; notStarted?: true }>;
  };
  'step.retryScheduled': { attempt: number; delayMs: number };
  /** host and at: sent on that host (the host's own escalation), at its time. */
  'step.signalled': { attempt: number; signal: StopSignal; host?: string; at?: string };
  'step.cancelled': { attempt: number };
  /** Neither alive nor an exit record: the operator must decide. */
  'step.unknown': { attempt: number; reason: string };
  'step.resolved': { attempt: number; choice: ResolveChoice; verifyExitCode?: number | null };
  /** hosts: each host's verify exit code (a step with hosts verifies on each of them). */
  'step.verified': { attempt: number; exitCode: number | null; hosts?: Record<string, number | null> };
  /**
   * A host of a multi-host attempt changed state as its follower sees it (running,
   * reconnecting, unreachable, exited, unknown, …; transitions only, never each retry).
   */
  'step.hostState': { attempt: number; host: string; state: string; reason?: string; cancel?: string };
  'gate.polled': { attempt: number; poll: number; ok: boolean; exitCode: number | null; output: string };
  'manual.itemConfirmed': { index: number; text: string };
  'step.done': { note?: string };
  'step.skipped': { reason: string };
  'step.markedFailed': { note?: string };
  note: { text: string };
  'variable.set': { name: string; value: string; origin: 'cli' | 'prompt' | 'capture' | 'default' };
  'message.rendered': { path: string; sha256: string; chars: number };
  'message.sent': { exitCode: number | null; logPath: string };
  'rollback.decided': { criterion: string; criterionText: string };
  /**
   * A headless run took the decision that follows from its answers file (run --answers): on the
   * envelope's step, or on the rollback decision when there is no step. Journaled just before it.
   */
  'answer.used': { file: string; sha256: string; answer: AnswerKind };
  /**
   * A sign-off by role (plan `signoff:`) on the envelope's `step`, or on the rollback decision
   * when `target` is 'rollback' (no step). `login`/`uid` are the signer's, not the writer's:
   * from the owner of the inbox file it arrived in (kernel-attested), or the writer's own uid.
   */
  'signoff.given': {
    target: 'step' | 'rollback';
    login: string;
    uid: number;
    roles: string[];
    via: 'inbox' | 'session';
    /** The inbox record's id (unique; a record is journaled once), or the session's own id. */
    requestId: string;
    /** When the signer gave it (the record's time); the envelope's time is when it was journaled. */
    givenAt: string;
    note?: string;
  };
  /** An inbox record the writer did not accept (no such role, already signed, …), kept for audit. */
  'signoff.refused': {
    target: 'step' | 'rollback';
    login: string;
    uid: number;
    requestId: string;
    reason: string;
  };
}

export type EventType = keyof EventData;

/** What an answers file answered: a confirm word, checklist ticks, a prompt's value, the rollback. */
export type AnswerKind = 'confirm' | 'ticks' | 'value' | 'rollback';

export type JournalEvent = {
  [K in EventType]: { type: K; step?: string; data: EventData[K] };
}[EventType];

/** One line of journal.jsonl. */
export type JournalRecord = JournalEvent & {
  seq: number;
  /** ISO-8601 UTC. */
  time: string;
  operator: Operator;
  /** `sum` of the previous record ("" for seq 1). */
  prev: string;
  /** sha256 over the canonical record without `sum`, hex. */
  sum: string;
};

/** Re-exported for the journal's callers; defined with the plan (see plan/secret-mask.ts). */
export { MASK } from '../plan/secret-mask.js';
