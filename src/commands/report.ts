// `release-cockpit report PLAN --run NAME [--format md|json] [--out FILE]`: the release report
// (seed §5.4, §7) from the verified journal. Read-only; --out writes the file 0600.
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, UserError } from '../errors.js';
import { currentOperator } from '../journal/operator.js';
import { journalPath } from '../journal/paths.js';
import { readRun } from '../journal/read-run.js';
import { describePlanChange } from '../journal/reconcile.js';
import type { RunState } from '../journal/state-types.js';
import { resolveStateDir } from '../journal/statedir.js';
import type { LoadedPlan } from '../plan/load.js';
import { loadPlanFile } from '../plan/load.js';
import { buildReport, collectFiles } from '../report/build.js';
import { readLogExcerpt, readMessage } from '../report/files.js';
import { pickReportLang } from '../report/lang.js';
import { renderMarkdown } from '../report/markdown.js';
import { timelineReport } from '../report/timeline.js';
import type { RemoteLeftovers } from '../report/types.js';
import { remoteRunDirs } from '../runner/prune.js';
import { buildSchedule } from '../schedule/eta.js';
import { historyFor } from '../schedule/history.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit report PLAN --run NAME [--format md|json] [--out FILE] [--lang en|ru]';

const command: Command = async (ctx) => {
  const { values, positionals } = parseCommandArgs(
    ctx.args,
    { run: { type: 'string' }, format: { type: 'string', default: 'md' }, out: { type: 'string' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UserError(`report needs one plan file\nusage: ${USAGE}`);
  if (!values.run) throw new UserError(`report needs --run NAME\nusage: ${USAGE}`);
  const format = values.format;
  if (format !== 'md' && format !== 'json')
    throw new UserError(`--format must be md or json, not "${format}"`);
  const loaded = await loadPlanFile(positionals[0] as string);
  const stateDir = resolveStateDir(ctx.global.stateDir);
  const view = readRun({ stateDir, loaded, run: values.run });
  // readRun has just checked every line's checksum and the chain: this is when.
  const verifiedAt = new Date();
  if (view.planChange) ctx.stderr.write(`release-cockpit: warning: ${describePlanChange(view.planChange)}\n`);
  const files = collectFiles(loaded.plan, view.state, view.dir);
  const operator = currentOperator(ctx.global.operator);
  const report = buildReport({
    plan: loaded.plan,
    planPath: loaded.path,
    planSha256: loaded.sha256,
    state: view.state,
    records: view.records,
    verified: view.verified,
    tornTail: view.torn !== null,
    runDir: view.dir,
    logs: new Map(files.logs.map((log) => [log.path, readLogExcerpt(log.path)])),
    messages: new Map(files.messages.map((file) => [file, readMessage(file)])),
    generatedAt: new Date().toISOString(),
    generatedBy: `${operator.user}@${operator.host}`,
    journalFile: journalPath(view.dir),
    verifiedAt: verifiedAt.toISOString(),
    timeline: reportTimeline(stateDir, loaded, values.run, view.state, verifiedAt),
    ...remoteLeftovers(view.dir),
  });
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : renderMarkdown(report, pickReportLang(ctx.global.lang, process.env, loaded.plan.language));
  if (values.out) {
    try {
      fs.writeFileSync(values.out, text, { mode: 0o600 });
    } catch (error) {
      throw new UserError(
        `${values.out}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    ctx.stdout.write(`report written to ${values.out}\n`);
  } else ctx.stdout.write(text);
  return EXIT.ok;
};
export default command;

/** Expected (earlier runs of the plan) against actual, as of `now`. */
function reportTimeline(stateDir: string, loaded: LoadedPlan, run: string, state: RunState, now: Date) {
  const history = historyFor(stateDir, loaded.plan.id, run, loaded.sha256);
  const model = buildSchedule({ plan: loaded.plan, state, now, durations: history.samples });
  return timelineReport(model, history);
}

/** What the run's multi-host steps left on hosts, and where prune has removed it. */
function remoteLeftovers(runDir: string): { remote?: RemoteLeftovers } {
  const dirs = remoteRunDirs(runDir);
  if (!dirs) return {};
  let pruned: string[] = [];
  try {
    const record = JSON.parse(fs.readFileSync(path.join(runDir, 'remote-pruned.json'), 'utf8')) as {
      hosts?: Record<string, string>;
    };
    pruned = Object.entries(record.hosts ?? {})
      .filter(([, result]) => result === 'pruned')
      .map(([host]) => host);
  } catch {
    // Never pruned.
  }
  return { remote: { dir: dirs.prefix, hosts: [...dirs.hosts.keys()], pruned } };
}
