// The runs an agenda is made of, read from a state directory: each run's state (by the caller's
// reader: the whole journal for `release-cockpit agenda`, a glance at its checkpoint for the
// start screen), its plan (each plan file loaded once) and who holds its roles. A run that
// cannot be placed is a problem line, never an error.
import { ProblemsError } from '../errors.js';
import { listRuns, type RunSummary } from '../journal/runs.js';
import type { RunState } from '../journal/state-types.js';
import { type LoadedPlan, loadPlanFile } from '../plan/load.js';
import { roleHolders } from '../team/signoff.js';
import { loadTeam } from '../team/team-file.js';
import type { Agenda, AgendaRun } from './agenda.js';

export interface AgendaRunsOptions {
  /** How a run's state is read from its directory. */
  readState: (runDir: string) => RunState;
  /** Skip runs whose every step is settled (the start screen's today). */
  unfinishedOnly?: boolean;
}

export async function gatherAgendaRuns(
  stateDir: string,
  options: AgendaRunsOptions,
): Promise<{ runs: AgendaRun[]; problems: Agenda['problems'] }> {
  const team = loadTeam(stateDir);
  const plans = new Map<string, Promise<LoadedPlan>>();
  const runs: AgendaRun[] = [];
  const problems: Agenda['problems'] = [];
  for (const summary of listRuns(stateDir)) {
    if (options.unfinishedOnly && finished(summary)) continue;
    const { planId, run } = summary;
    try {
      const state = options.readState(summary.dir);
      let loading = plans.get(state.planPath);
      if (!loading) {
        loading = loadPlanFile(state.planPath);
        plans.set(state.planPath, loading);
      }
      const { plan } = await loading;
      runs.push({ planId, run, plan, state, holders: roleHolders(plan, team, state.variables) });
    } catch (error) {
      const reason =
        error instanceof ProblemsError ? (error.lines[0] ?? error.message) : (error as Error).message;
      problems.push({ planId, run, reason: reason.split('\n')[0] ?? reason });
    }
  }
  return { runs, problems };
}

function finished(summary: RunSummary): boolean {
  return summary.progress.total > 0 && summary.progress.done >= summary.progress.total;
}
