// Run state + plan → ReleaseReport. Pure: log excerpts and message texts are read by the
// caller (collectFiles tells it which) and passed in.
import path from 'node:path';
import type { JournalRecord, Operator } from '../journal/events.js';
import { emptyStepState, FINISHED_OK } from '../journal/reducer.js';
import type { RunState, StepState, StepStatus } from '../journal/state-types.js';
import { listSteps, ROLLBACK_PHASE_ID, type StepRef } from '../plan/outline.js';
import type { Plan } from '../plan/schema.js';
import { signoffReport } from './signoffs.js';
import type { TimelineReport } from './timeline.js';
import {
  type AttemptReport,
  type LogExcerpt,
  REPORT_FORMAT,
  type ReleaseReport,
  type RemoteLeftovers,
  type StepReport,
} from './types.js';

export interface ReportInput {
  plan: Plan;
  planPath: string;
  planSha256: string;
  state: RunState;
  records: readonly JournalRecord[];
  verified: boolean;
  tornTail: boolean;
  runDir: string;
  /** Excerpts keyed by absolute log path (see collectFiles). */
  logs: ReadonlyMap<string, Omit<LogExcerpt, 'step' | 'attempt' | 'path'>>;
  /** Message texts keyed by absolute path; null when unreadable. */
  messages: ReadonlyMap<string, string | null>;
  generatedAt: string;
  generatedBy: string;
  /** The journal file and when its chain was verified (readRun). */
  journalFile?: string;
  verifiedAt?: string;
  /** The timeline (timeline.ts), when the caller computed one. */
  timeline?: TimelineReport | null;
  remote?: RemoteLeftovers;
}

export function who(operator: Pick<Operator, 'user' | 'host'> | null | undefined): string | null {
  return operator?.user ? `${operator.user}@${operator.host}` : null;
}

/** Titles may name variables ({{DEPLOY_COLOR}}): show the journaled (masked) values. */
export function withValues(text: string, variables: Record<string, string>): string {
  return text.replace(/\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g, (whole, name: string) => variables[name] ?? whole);
}

export function resolveIn(runDir: string, file: string): string {
  return path.isAbsolute(file) ? file : path.join(runDir, file);
}

/** The logs the report carries: artifacts, steps the plan lists as artifacts, failures. */
export function collectFiles(
  plan: Plan,
  state: RunState,
  runDir: string,
): { logs: LogRef[]; messages: string[] } {
  const listed = new Set(plan.artifacts.flatMap((artifact) => artifact.steps));
  const logs: LogRef[] = [];
  const seen = new Set<string>();
  const add = (step: string, attempt: number, logPath: string): void => {
    const absolute = resolveIn(runDir, logPath);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    logs.push({ step, attempt, path: absolute });
  };
  const messages: string[] = [];
  for (const step of Object.values(state.steps)) {
    for (const artifact of step.artifacts) add(step.id, artifact.attempt, artifact.logPath);
    const last = step.attempts.at(-1);
    // A failure's output matters even when the step was later skipped or marked done.
    const lastFailed = last !== undefined && last.endedAt !== null && last.exitCode !== 0;
    if (
      last &&
      (listed.has(step.id) || lastFailed || step.status === 'failed' || step.status === 'unknown')
    ) {
      add(step.id, last.attempt, last.logPath);
      for (const [host, result] of Object.entries(last.hostResults ?? {})) {
        if (result.exitCode !== 0) add(`${step.id}@${host}`, last.attempt, result.logPath);
      }
    }
    for (const message of step.messages) messages.push(resolveIn(runDir, message.path));
  }
  return { logs, messages };
}

export interface LogRef {
  step: string;
  attempt: number;
  path: string;
}

function attemptReport(attempt: StepState['attempts'][number]): AttemptReport {
  return {
    attempt: attempt.attempt,
    by: who(attempt.by) ?? '',
    startedAt: attempt.startedAt,
    endedAt: attempt.endedAt,
    durationMs: attempt.durationMs,
    exitCode: attempt.exitCode,
    signal: attempt.signal,
    timedOut: attempt.timedOut,
    resolution: attempt.resolution,
    signals: [
      ...attempt.signals,
      ...(attempt.hostSignals ?? []).map((h) => `${h.signal} on ${h.host} at ${h.at}`),
    ],
    polls: attempt.polls.length,
    logPath: attempt.logPath,
    hosts: attempt.hostResults
      ? Object.entries(attempt.hostResults).map(([host, result]) => ({ host, ...result }))
      : null,
  };
}

function stepReport(input: ReportInput, ref: StepRef | null, step: StepState, logRefs: LogRef[]): StepReport {
  const definition = ref?.step;
  const items = definition?.kind === 'manual' ? definition.items : null;
  const lastBy = step.decidedBy ?? step.attempts.at(-1)?.by ?? null;
  return {
    id: step.id,
    title: definition ? withValues(definition.title, input.state.variables) : step.id,
    kind: definition?.kind ?? 'removed',
    phase: ref?.phaseId ?? '',
    owner: definition?.owner ?? null,
    status: step.status,
    who: who(lastBy),
    startedAt: step.startedAt,
    endedAt: step.endedAt,
    durationMs: step.durationMs,
    exitCode: step.exitCode,
    attempts: step.attempts.map(attemptReport),
    notes: step.notes.map((note) => ({ at: note.at, by: who(note.by) ?? '', text: note.text })),
    skipReason: step.skipReason,
    doneByHand:
      step.status === 'done' &&
      step.attempts.length === 0 &&
      (definition?.kind === 'command' || definition?.kind === 'gate' || definition?.kind === 'message'),
    answered: (step.answered ?? []).map((a) => ({
      file: a.file,
      sha256: a.sha256,
      answer: a.answer,
      at: a.at,
    })),
    confirmedItems: step.confirmedItems.map((index) => ({
      index,
      text: items?.[index] ?? `item ${index + 1}`,
    })),
    totalItems: items ? items.length : null,
    commandChanged: step.commandChanged,
    removed: step.removed || ref === null,
    logs: logRefs
      .filter((log) => log.step === step.id || log.step.startsWith(`${step.id}@`))
      .map((log) => {
        const excerpt = input.logs.get(log.path) ?? { bytes: null, lastLines: [], missing: true };
        return { ...log, ...excerpt };
      }),
    messages: step.messages.map((message) => {
      const file = resolveIn(input.runDir, message.path);
      return {
        path: message.path,
        sha256: message.sha256,
        at: message.at,
        sentExitCode: message.sentExitCode ?? null,
        sent: message.sentExitCode !== undefined,
        text: input.messages.get(file) ?? null,
      };
    }),
    signoff: ref ? signoffReport(input.plan, input.state, { kind: 'step', stepId: step.id }) : null,
  };
}

function outcome(state: RunState, steps: StepReport[]): ReleaseReport['summary']['outcome'] {
  if (state.rollback) return 'rolled back';
  const main = steps.filter((step) => step.phase !== ROLLBACK_PHASE_ID);
  if (main.every((step) => FINISHED_OK.includes(step.status))) return 'completed';
  if (main.some((step) => step.status === 'failed')) return 'failed';
  return 'in progress';
}

export function buildReport(input: ReportInput): ReleaseReport {
  const { plan, state } = input;
  const { logs: logRefs } = collectFiles(plan, state, input.runDir);
  const refs = listSteps(plan);
  const reports = refs.map((ref) =>
    stepReport(input, ref, state.steps[ref.step.id] ?? emptyStepState(ref.step.id), logRefs),
  );
  const inPlan = new Set(refs.map((ref) => ref.step.id));
  const removed = Object.values(state.steps)
    .filter((step) => !inPlan.has(step.id))
    .map((step) => stepReport(input, null, step, logRefs));
  const main = reports.filter((step) => step.phase !== ROLLBACK_PHASE_ID);
  const byStatus: Partial<Record<StepStatus, number>> = {};
  for (const step of main) byStatus[step.status] = (byStatus[step.status] ?? 0) + 1;
  const operators = new Set<string>();
  for (const record of input.records) {
    const name = who(record.operator);
    if (name) operators.add(record.operator.sshClient ? `${name} (from ${record.operator.sshClient})` : name);
  }
  const created = Date.parse(state.createdAt);
  const last = Date.parse(state.lastEventAt);
  return {
    format: REPORT_FORMAT,
    generatedAt: input.generatedAt,
    generatedBy: input.generatedBy,
    plan: {
      id: plan.id,
      title: plan.title,
      version: String(plan.version),
      language: plan.language,
      path: input.planPath,
      sha256: input.planSha256,
      recordedSha256: state.planSha256,
    },
    run: {
      name: state.run,
      dir: input.runDir,
      createdAt: state.createdAt,
      createdBy: who(state.createdBy) ?? '',
      lastEventAt: state.lastEventAt,
      durationMs: Number.isFinite(created) && Number.isFinite(last) ? last - created : null,
    },
    summary: {
      outcome: outcome(state, reports),
      steps: main.length,
      finished: main.filter((step) => FINISHED_OK.includes(step.status)).length,
      byStatus,
    },
    operators: [...operators],
    variables: { ...state.variables },
    phases: plan.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      window: phase.window,
      steps: reports.filter((step) => step.phase === phase.id),
    })),
    rollback: plan.rollback
      ? {
          decision: state.rollback
            ? {
                criterion: state.rollback.criterion,
                criterionText: state.rollback.criterionText,
                at: state.rollback.at,
                by: who(state.rollback.by) ?? '',
                answeredBy: state.rollbackAnswered?.file ?? null,
              }
            : null,
          signoff: signoffReport(plan, state, { kind: 'rollback' }),
          criteria: plan.rollback.criteria.map((criterion) => ({ id: criterion.id, text: criterion.text })),
          steps: reports.filter((step) => step.phase === ROLLBACK_PHASE_ID),
        }
      : null,
    removedSteps: removed,
    planChanges: state.planChanges.map((change) => ({ ...change })),
    notes: (state.notes ?? []).map((note) => ({ at: note.at, by: who(note.by) ?? '', text: note.text })),
    artifacts: plan.artifacts.map((artifact) => ({
      title: artifact.title,
      source: artifact.source === undefined ? [] : [artifact.source].flat(),
      steps: [...artifact.steps],
    })),
    journal: {
      events: input.records.length,
      verified: input.verified,
      headSha256: input.records.at(-1)?.sum ?? '',
      tornTail: input.tornTail,
      file: input.journalFile ?? path.join(input.runDir, 'journal.jsonl'),
      verifiedAt: input.verifiedAt ?? input.generatedAt,
    },
    timeline: input.timeline ?? null,
    ...(input.remote ? { remote: input.remote } : {}),
  };
}
