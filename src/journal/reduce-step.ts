// One step's journal events → its StepState (attempts, polls, decisions, messages). Part of
// the pure reducer (reducer.ts), which routes each step event here. No I/O. A change to what an
// event does to the state bumps CHECKPOINT_FORMAT (checkpoint.ts): a run's checkpoint holds a
// state this code folded, and one the new code would fold differently stops the run's writes.
import type { EventData, JournalRecord } from './events.js';
import type { AttemptState, StepState, StepStatus } from './state-types.js';

function attemptOf(step: StepState, attempt: number): AttemptState | undefined {
  for (let i = step.attempts.length - 1; i >= 0; i--) {
    if (step.attempts[i]?.attempt === attempt) return step.attempts[i];
  }
  return undefined;
}

function finishedStatus(data: EventData['step.finished']): StepStatus {
  return data.exitCode === 0 && !data.timedOut && data.signal === null ? 'succeeded' : 'failed';
}

function elapsed(from: string | null, to: string): number | null {
  if (!from) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** An operator decision (done, skipped, marked failed, resolved). Runs keep their own timing. */
function decide(step: StepState, record: JournalRecord, status: StepStatus, note: string | undefined): void {
  step.status = status;
  step.decidedBy = record.operator;
  step.retryScheduled = null;
  if (step.attempts.length === 0) {
    // A manual step's duration runs from its first confirmed item; a bare decision has none.
    step.durationMs = step.startedAt ? elapsed(step.startedAt, record.time) : null;
    step.startedAt ??= record.time;
    step.endedAt = record.time;
  } else step.endedAt ??= record.time;
  if (note) step.notes.push({ at: record.time, by: record.operator, text: note });
}

/** A new attempt of a command, gate or message: running from now on. */
function beginAttempt(
  step: StepState,
  record: JournalRecord,
  data: Omit<EventData['step.started'], 'hosts'> & { hosts?: string[] | undefined },
): void {
  const at = record.time;
  step.attempts.push({
    attempt: data.attempt,
    startedAt: at,
    endedAt: null,
    pid: data.pid,
    pidStart: data.pidStart,
    bootId: data.bootId,
    logPath: data.logPath,
    commandDigest: data.commandDigest,
    hosts: data.hosts ?? null,
    exitCode: null,
    signal: null,
    durationMs: null,
    timedOut: false,
    signals: [],
    polls: [],
    hostResults: null,
    resolution: null,
    by: record.operator,
  });
  step.status = 'running';
  step.startedAt = at;
  step.endedAt = null;
  step.durationMs = null;
  step.exitCode = null;
  step.retryScheduled = null;
  step.skipReason = null;
  // It now runs the current command.
  step.commandChanged = false;
}

export function applyStepEvent(step: StepState, record: JournalRecord): void {
  const at = record.time;
  switch (record.type) {
    case 'step.starting':
      beginAttempt(step, record, { ...record.data, pid: 0, pidStart: '' });
      return;
    case 'step.started': {
      const data = record.data;
      const announced = attemptOf(step, data.attempt);
      if (announced && announced.pid === 0) {
        // The intent (step.starting) came first: the same attempt, now with its process.
        Object.assign(announced, {
          startedAt: at,
          pid: data.pid,
          pidStart: data.pidStart,
          bootId: data.bootId,
        });
        step.startedAt = at;
        return;
      }
      beginAttempt(step, record, data);
      return;
    }
    case 'step.finished': {
      const data = record.data;
      const attempt = attemptOf(step, data.attempt);
      if (attempt) {
        attempt.endedAt = at;
        attempt.exitCode = data.exitCode;
        attempt.signal = data.signal;
        attempt.durationMs = data.durationMs;
        attempt.timedOut = data.timedOut;
        attempt.hostResults = data.hosts ?? null;
      }
      step.status = finishedStatus(data);
      step.exitCode = data.exitCode;
      step.endedAt = at;
      step.durationMs = data.durationMs;
      return;
    }
    case 'step.output':
      step.artifacts.push({ ...record.data });
      return;
    case 'step.retryScheduled':
      step.retryScheduled = { ...record.data, at };
      return;
    case 'step.signalled': {
      const attempt = attemptOf(step, record.data.attempt);
      if (!attempt) return;
      const { host, signal } = record.data;
      if (host === undefined) attempt.signals.push(signal);
      else attempt.hostSignals = [...(attempt.hostSignals ?? []), { host, signal, at: record.data.at ?? at }];
      return;
    }
    case 'step.cancelled': {
      const attempt = attemptOf(step, record.data.attempt);
      if (attempt) attempt.endedAt ??= at;
      step.status = 'cancelled';
      step.endedAt = at;
      step.decidedBy = record.operator;
      step.retryScheduled = null;
      return;
    }
    case 'step.unknown':
      step.status = 'unknown';
      return;
    case 'step.resolved': {
      const attempt = attemptOf(step, record.data.attempt);
      if (attempt) attempt.resolution = record.data.choice;
      const choice = record.data.choice;
      if (choice === 'rerun') {
        step.status = 'pending';
        step.decidedBy = record.operator;
      } else decide(step, record, choice === 'done' ? 'done' : 'failed', undefined);
      return;
    }
    case 'step.verified': {
      const attempt = attemptOf(step, record.data.attempt);
      if (attempt && record.data.hosts) attempt.hostVerify = { at, hosts: { ...record.data.hosts } };
      return;
    }
    case 'step.hostState': {
      const attempt = attemptOf(step, record.data.attempt);
      if (!attempt) return;
      const { host, state, reason, cancel } = record.data;
      attempt.hostStates = {
        ...attempt.hostStates,
        [host]: { state, at, ...(reason ? { reason } : {}), ...(cancel ? { cancel } : {}) },
      };
      return;
    }
    case 'gate.polled': {
      const { attempt, ...poll } = record.data;
      attemptOf(step, attempt)?.polls.push({ ...poll, at });
      return;
    }
    case 'manual.itemConfirmed':
      if (!step.confirmedItems.includes(record.data.index)) {
        step.confirmedItems.push(record.data.index);
        step.confirmedItems.sort((a, b) => a - b);
      }
      step.startedAt ??= at;
      step.decidedBy = record.operator;
      return;
    case 'step.done':
      decide(step, record, 'done', record.data.note);
      return;
    case 'step.skipped':
      decide(step, record, 'skipped', undefined);
      step.skipReason = record.data.reason;
      return;
    case 'step.markedFailed':
      decide(step, record, 'failed', record.data.note);
      return;
    case 'message.rendered':
      step.messages.push({ path: record.data.path, sha256: record.data.sha256, at, sentExitCode: undefined });
      return;
    case 'message.sent': {
      const last = step.messages[step.messages.length - 1];
      if (last) last.sentExitCode = record.data.exitCode;
      step.status = record.data.exitCode === 0 ? 'succeeded' : 'failed';
      step.exitCode = record.data.exitCode;
      step.startedAt ??= at;
      step.endedAt = at;
      return;
    }
    default:
      return;
  }
}
