// The real services behind the cockpit, composed here in the command layer so the UI depends
// only on the CockpitServices interface: plan files in ./plans, runs in the state directory,
// sessions from src/session. Heavy modules load on first use, after the first frame.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ProblemsError } from '../errors.js';
import type { Operator } from '../journal/events.js';
import type { CockpitServices, PlanEntry, RunEntry } from '../ui/services.js';

export interface RealServicesOptions {
  plansDir: string;
  stateDir: string;
  operator: Operator;
}

function firstLine(error: unknown): string {
  if (error instanceof ProblemsError) return error.lines[0] ?? error.message;
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

async function loadEntry(planPath: string): Promise<PlanEntry> {
  const { loadPlanFile } = await import('../plan/load.js');
  try {
    const loaded = await loadPlanFile(planPath);
    return { path: planPath, plan: loaded.plan, error: null };
  } catch (error) {
    return { path: planPath, plan: null, error: firstLine(error) };
  }
}

export function realServices(options: RealServicesOptions): CockpitServices {
  return {
    async listPlans() {
      let names: string[];
      try {
        names = await readdir(options.plansDir);
      } catch {
        return [];
      }
      const files = names.filter((name) => /\.ya?ml$/i.test(name)).sort();
      return Promise.all(files.map((name) => loadEntry(path.join(options.plansDir, name))));
    },
    loadPlan: loadEntry,
    async listRuns() {
      const { listRuns } = await import('../journal/runs.js');
      return listRuns(options.stateDir).map(
        (summary): RunEntry => ({
          planId: summary.planId,
          planPath: null,
          run: summary.run,
          done: summary.progress.done,
          total: summary.progress.total,
          lastEventAt: summary.lastEventAt || null,
          lock: summary.lockHolder,
          rollback: false,
        }),
      );
    },
    async agenda(now) {
      const [{ gatherAgendaRuns }, { buildAgenda }, { glanceRunState }] = await Promise.all([
        import('../schedule/agenda-runs.js'),
        import('../schedule/agenda.js'),
        import('../journal/glance.js'),
      ]);
      // A glance (checkpoint and the lines after it) per unfinished run: display only.
      const { runs, problems } = await gatherAgendaRuns(options.stateDir, {
        readState: glanceRunState,
        unfinishedOnly: true,
      });
      return buildAgenda(runs, now, 1, problems).items.filter((item) => item.when !== 'upcoming');
    },
    async openSession(request) {
      const { openSession } = await import('../session/open.js');
      return openSession({
        planPath: request.planPath,
        run: request.run,
        stateDir: options.stateDir,
        operator: options.operator,
        variables: request.variables,
        watch: request.watch,
        deferred: true,
      });
    },
  };
}
