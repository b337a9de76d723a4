// openSession: load the plan, create or open the run (writer when the lock is free, else a
// read-only watch), gather the variable values (journal for plain ones; --var, RC_VAR_<NAME>
// or the operator for secrets, which are never persisted), then — as writer — learn what
// happened to steps that were running while no one watched, and resume scheduled retries.

import { ProblemsError, UserError } from '../errors.js';
import type { JournalRecord, Operator } from '../journal/events.js';
import { createRun, openRun } from '../journal/run-open.js';
import type { RunStore } from '../journal/run-store.js';
import { runExists } from '../journal/runs.js';
import { loadPlanFile } from '../plan/load.js';
import { MASK } from '../plan/secret-mask.js';
import { quote, secretNames } from '../plan/variables.js';
import { historyFor } from '../schedule/history.js';
import { processLogin } from '../team/identity.js';
import { teamLoader } from '../team/team-file.js';
import { gatherGiven, runValues } from './given.js';
import { storeHandle } from './journal-port.js';
import type { RunnerPort } from './ports.js';
import { buildResumeSummary, reconcileRunning, resumeRetries } from './resume.js';
import { realRunner } from './runner-port.js';
import { RunSession } from './session.js';
import type { Session } from './types.js';

export interface OpenSessionOptions {
  planPath: string;
  run: string;
  stateDir: string;
  operator: Operator;
  /** --var NAME=VALUE */
  variables: Record<string, string>;
  /** Create the run when it does not exist (default true); false: a missing run is an error. */
  create?: boolean;
  /** Open read-only even when the lock is free. */
  watch?: boolean;
  /** Headless: refuse to create a run while required variables are missing (exit 2). */
  requireVariables?: boolean;
  /** Every journal record this session writes or (watching) sees, in order. */
  onEvent?: (record: JournalRecord) => void;
  /** Where RC_VAR_<NAME> values are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Test seam: the process layer. */
  runner?: RunnerPort;
  /**
   * The cockpit: open from the run's checkpoint and leave what its first frame does not show
   * (verifying the journal before the checkpoint, other runs' durations) to
   * session.firstFrameShown(). Headless runs and scripts verify the whole journal at open.
   */
  deferred?: boolean;
}

export async function openSession(opts: OpenSessionOptions): Promise<Session> {
  return openRunSession(opts);
}

/** openSession with the concrete type (headless needs `until` and `ctx`). */
export async function openRunSession(opts: OpenSessionOptions): Promise<RunSession> {
  const loaded = await loadPlanFile(opts.planPath);
  const { plan } = loaded;
  const gathered = gatherGiven(plan, opts.variables, opts.env ?? process.env);
  const { given, resolved } = gathered;
  const exists = runExists(opts.stateDir, plan.id, opts.run);
  let store: RunStore;
  if (!exists) {
    if (opts.create === false || opts.watch) {
      throw new UserError(`no run "${opts.run}" of plan ${plan.id} in ${opts.stateDir}`);
    }
    if (opts.requireVariables && resolved.missing.length > 0) {
      throw new ProblemsError(
        resolved.missing.map(
          (name) =>
            `missing variable ${name} (${plan.variables[name]?.description.replace(/\.$/, '')}): ${
              plan.variables[name]?.secret
                ? `set RC_VAR_${name} in the environment (a --var value shows in ps)`
                : `give --var ${name}=VALUE`
            }`,
        ),
      );
    }
    store = createRun({
      stateDir: opts.stateDir,
      loaded,
      run: opts.run,
      operator: opts.operator,
      variables: resolved.values,
      secretNames: secretNames(plan),
    });
  } else {
    store = openRun({
      stateDir: opts.stateDir,
      loaded,
      run: opts.run,
      operator: opts.operator,
      mode: opts.watch ? 'read' : 'write',
      verify: opts.deferred ? 'later' : 'now',
    });
  }
  const handle = storeHandle(store);
  const warnings = [...store.warnings];
  const values = runValues(plan, gathered, exists ? store.state.variables : null, warnings);
  const runner = opts.runner ?? (await realRunner(process.env));
  const session = new RunSession({
    plan,
    planPath: loaded.path,
    handle,
    runner,
    values,
    operator: opts.operator,
    warnings,
    history: () => historyFor(opts.stateDir, plan.id, opts.run, loaded.sha256).samples,
    created: !exists,
    deferred: opts.deferred ?? false,
    onEvent: opts.onEvent,
    team: teamLoader(opts.stateDir),
    login: processLogin(),
  });
  if (handle.mode !== 'writer') return session;
  try {
    warnings.push(...runner.warnings());
    if (exists) {
      for (const [name, value] of Object.entries(given)) {
        const journaled = store.state.variables[name];
        if (journaled === (values.isSecret(name) ? MASK : value)) continue;
        // A value given again differently changes the release from here on: say so, loudly.
        if (journaled !== undefined && !values.isSecret(name) && stepsBegun(store.state)) {
          warnings.push(
            `${name} changes from ${quote(journaled)} to ${quote(value)} as given now; steps that ran before used the old value`,
          );
        }
        await session.ctx.append({
          type: 'variable.set',
          data: { name, value: values.journalValue(name, value), origin: 'cli' },
        });
      }
    }
    const before = store.state;
    const marks = store.resumeMarks();
    await reconcileRunning(session.ctx);
    resumeRetries(session.ctx);
    // Sign-offs dropped while no writer was open are journaled now; later ones as they come.
    await session.signoffs.ingest();
    session.signoffs.watch();
    if (exists) session.setResume(buildResumeSummary(before, store.state, marks));
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

/** Whether any step of the run has moved: a changed variable matters from then on. */
function stepsBegun(state: RunStore['state']): boolean {
  return Object.values(state.steps).some((step) => step.status !== 'pending' || step.attempts.length > 0);
}
