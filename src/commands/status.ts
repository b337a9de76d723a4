// `release-cockpit status PLAN --run NAME [--json]`: where a run stands. Read-only: it never
// takes the lock or repairs anything, yet reports a step whose detached process has finished
// since with its real outcome (its exit record), and a vanished one as unknown.
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { describeHolder, isHolderDead } from '../journal/lock.js';
import { attemptDir } from '../journal/paths.js';
import { type RunView, readRun } from '../journal/read-run.js';
import { describePlanChange } from '../journal/reconcile.js';
import { resolveStateDir } from '../journal/statedir.js';
import { loadPlanFile } from '../plan/load.js';
import { listSteps, ROLLBACK_PHASE_ID } from '../plan/outline.js';
import type { Plan } from '../plan/schema.js';
import { formatDuration, formatTime, table } from '../report/format.js';
import { readExitRecord, readPidRecord } from '../runner/records.js';
import { describeHost } from '../session/host-text.js';
import { realHostStates } from '../session/runner-port.js';
import { isSameProcessAlive } from '../sys/proc.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit status PLAN --run NAME [--json]';

export interface StatusJson {
  plan: { id: string; path: string; sha256: string };
  run: string;
  lock: null | { lockId: string; user: string; host: string; pid: number; since: string };
  steps: {
    id: string;
    phase: string;
    kind: string;
    status: string;
    attempts: number;
    exitCode: number | null;
    startedAt: string | null;
    endedAt: string | null;
    durationMs: number | null;
  }[];
  rollback: null | { criterion: string; criterionText: string; at: string; by: string };
  journal: { events: number; verified: boolean };
}

export function statusJson(
  plan: Plan,
  planPath: string,
  sha256: string,
  run: string,
  view: RunView,
): StatusJson {
  const { state, lock } = view;
  return {
    plan: { id: plan.id, path: planPath, sha256 },
    run,
    lock: lock
      ? { lockId: lock.lockId, user: lock.user, host: lock.host, pid: lock.pid, since: lock.since }
      : null,
    steps: listSteps(plan).map((ref) => {
      const step = state.steps[ref.step.id];
      return {
        id: ref.step.id,
        phase: ref.phaseId,
        kind: ref.step.kind,
        status: step?.status ?? 'pending',
        attempts: step?.attempts.length ?? 0,
        exitCode: step?.exitCode ?? null,
        startedAt: step?.startedAt ?? null,
        endedAt: step?.endedAt ?? null,
        durationMs: step?.durationMs ?? null,
      };
    }),
    rollback: state.rollback
      ? {
          criterion: state.rollback.criterion,
          criterionText: state.rollback.criterionText,
          at: state.rollback.at,
          by: state.rollback.by.user,
        }
      : null,
    journal: { events: view.records.length, verified: view.verified },
  };
}

function humanStatus(json: StatusJson, view: RunView): string[] {
  // Progress counts the main path; the rollback path joins it once a rollback is decided.
  const counted = json.rollback ? json.steps : json.steps.filter((s) => s.phase !== ROLLBACK_PHASE_ID);
  const done = counted.filter((s) => ['succeeded', 'done', 'skipped'].includes(s.status)).length;
  const rollback = json.rollback ? ' (rolling back)' : '';
  const lines = [
    `${json.plan.id} · run ${json.run} · ${done}/${counted.length} steps finished${rollback} · plan sha256 ${json.plan.sha256.slice(0, 12)}`,
    view.lock
      ? `lock: ${describeHolder(view.lock)}${isHolderDead(view.lock) ? ' — its process is gone; the next session takes the lock over' : ''}`
      : 'lock: free',
    '',
  ];
  const rows = [['PHASE', 'STEP', 'KIND', 'STATUS', 'TRIES', 'EXIT', 'DURATION', 'ENDED']];
  for (const step of json.steps) {
    const seen = view.observed[step.id];
    rows.push([
      step.phase,
      step.id,
      step.kind,
      seen ? `${step.status}*` : step.status,
      step.attempts ? String(step.attempts) : '',
      step.exitCode === null ? '' : String(step.exitCode),
      formatDuration(step.durationMs),
      step.endedAt
        ? formatTime(step.endedAt)
        : step.status === 'running'
          ? `running since ${formatTime(step.startedAt)}`
          : '',
    ]);
  }
  lines.push(...table(rows));
  lines.push(...hostLines(json, view));
  if (Object.keys(view.observed).length > 0) {
    lines.push(
      '',
      '* learned from the attempt on disk, not yet journaled (the cockpit records it when opened)',
    );
  }
  if (json.rollback) {
    lines.push(
      '',
      `rollback decided by ${json.rollback.by} at ${formatTime(json.rollback.at)}: ${json.rollback.criterionText}`,
    );
  }
  lines.push(
    '',
    `journal: ${json.journal.events} events, ${json.journal.verified ? 'chain verified' : 'torn last line pending repair'}`,
  );
  return lines;
}

/** Each host of a running multi-host step, as its follower on the bastion sees it now. */
function hostLines(json: StatusJson, view: RunView): string[] {
  const lines: string[] = [];
  const now = Date.now();
  for (const step of json.steps) {
    const attempt = view.state.steps[step.id]?.attempts.at(-1);
    if (step.status !== 'running' || !attempt?.hosts) continue;
    const dir = attemptDir(view.dir, step.id, attempt.attempt);
    const live = realHostStates(dir);
    const follower = readPidRecord(dir);
    const following =
      follower !== null && isSameProcessAlive(follower.pid, follower.pidStart, follower.bootId);
    lines.push(
      '',
      `hosts of ${step.id}${following ? '' : ' (no follower on this bastion now: the next open follows them again)'}:`,
    );
    for (const host of attempt.hosts) {
      const state = live[host];
      const exit = readExitRecord(path.join(dir, 'hosts', host, 'exit.json'));
      const said = state ? (describeHost(state, now) ?? state.state) : 'waiting for its turn';
      lines.push(
        `  ${host}: ${exit ? `exit ${exit.exitCode ?? 'none'}${exit.unknown ? ` (unknown: ${exit.unknown})` : ''}` : said}`,
      );
    }
  }
  return lines;
}

const command: Command = async (ctx) => {
  const { values, positionals } = parseCommandArgs(
    ctx.args,
    { run: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UserError(`status needs one plan file\nusage: ${USAGE}`);
  if (!values.run) throw new UserError(`status needs --run NAME\nusage: ${USAGE}`);
  const loaded = await loadPlanFile(positionals[0] as string);
  const view = readRun({ stateDir: resolveStateDir(ctx.global.stateDir), loaded, run: values.run });
  const json = statusJson(loaded.plan, loaded.path, loaded.sha256, values.run, view);
  if (view.planChange) ctx.stderr.write(`release-cockpit: warning: ${describePlanChange(view.planChange)}\n`);
  if (view.torn) {
    ctx.stderr.write(
      `release-cockpit: warning: the journal's last line (line ${view.torn.line}) is torn; the next writer cuts it off\n`,
    );
  }
  if (view.lockUnreadable)
    ctx.stderr.write(`release-cockpit: warning: ${view.dir}/lock.json is unreadable\n`);
  ctx.stdout.write(
    values.json ? `${JSON.stringify(json, null, 2)}\n` : `${humanStatus(json, view).join('\n')}\n`,
  );
  return EXIT.ok;
};
export default command;
