// ReleaseReport → Markdown a release manager can attach as is. Rendered from the same object
// that `--format json` prints, so both say the same thing.
import { formatDuration, formatTime } from './format.js';
import { ganttSection } from './gantt.js';
import { signoffLines } from './signoffs.js';
import { type ReportStrings, reportStrings } from './strings.js';
import type { LogExcerpt, ReleaseReport, StepReport } from './types.js';

/** Table cells: no pipes or newlines breaking the row. */
function cell(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === '') return '—';
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the value. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

function fenced(lines: string[], info = 'text'): string[] {
  const longest = Math.max(2, ...lines.flatMap((line) => (line.match(/`+/g) ?? []).map((run) => run.length)));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${info}`, ...lines, fence];
}

function exitText(step: Pick<StepReport, 'exitCode'>): string {
  return step.exitCode === null ? '' : String(step.exitCode);
}

function stepRow(step: StepReport, s: ReportStrings): string {
  return `| ${[
    code(step.id),
    cell(step.title),
    cell(step.kind),
    cell(s.status[step.status] ?? step.status),
    cell(step.who),
    cell(formatTime(step.startedAt)),
    cell(formatTime(step.endedAt)),
    cell(formatDuration(step.durationMs)),
    cell(step.attempts.length || ''),
    cell(exitText(step)),
  ].join(' | ')} |`;
}

function stepHeader(s: ReportStrings): string[] {
  return [`| ${s.stepHeader.join(' | ')} |`, `|${'---|'.repeat(s.stepHeader.length)}`];
}

/** Paths below the run directory are shown relative to it (the header names the directory). */
function shortPath(file: string, runDir: string): string {
  return file.startsWith(`${runDir}/`) ? file.slice(runDir.length + 1) : file;
}

function logBlock(log: LogExcerpt, runDir: string, s: ReportStrings): string[] {
  const host = log.step.includes('@') ? (log.step.split('@')[1] ?? null) : null;
  const title = s.log(code(shortPath(log.path, runDir)), host, log.attempt);
  if (log.missing) return [`${title}: ${s.missingOnDisk}`, ''];
  const size = log.bytes === null ? '' : `, ${s.bytes(log.bytes)}`;
  if (log.lastLines.length === 0) return [`${title}${size}: ${s.empty}`, ''];
  return [`${title}${size}, ${s.lastLines(log.lastLines.length)}:`, '', ...fenced(log.lastLines), ''];
}

/** The detail block of a step: only what the table cannot show. */
function stepDetails(step: StepReport, runDir: string, s: ReportStrings): string[] {
  const lines: string[] = [...signoffLines(step.signoff, s.lang)];
  if (step.skipReason) lines.push(`- ${s.skipped(step.skipReason)}`);
  if (step.doneByHand) lines.push(`- ${s.doneByHand}`);
  for (const answer of step.answered) lines.push(`- ${s.answered(code(answer.file), answer.answer)}`);
  if (step.commandChanged) lines.push(`- ${s.commandChanged}`);
  if (step.totalItems !== null) {
    const whole = step.status === 'done' && step.confirmedItems.length < step.totalItems;
    lines.push(`- ${s.checklist(step.confirmedItems.length, step.totalItems, whole)}`);
    for (const item of step.confirmedItems) lines.push(`  - [x] ${item.text}`);
  }
  if (
    step.attempts.length > 1 ||
    step.attempts.some((a) => a.hosts || a.signals.length || a.resolution || a.timedOut)
  ) {
    lines.push(`- ${s.attempts}`);
    for (const attempt of step.attempts) {
      const parts = [
        s.attemptBy(formatTime(attempt.startedAt), attempt.by),
        attempt.exitCode === null ? s.noExitCode : s.exit(attempt.exitCode),
        attempt.signal ? s.signal(attempt.signal) : '',
        attempt.timedOut ? s.timedOut : '',
        attempt.durationMs === null ? '' : formatDuration(attempt.durationMs),
        attempt.signals.length ? s.stoppedWith(attempt.signals.join(' → ')) : '',
        attempt.polls ? s.polls(attempt.polls) : '',
        attempt.resolution ? s.resolved(attempt.resolution) : '',
      ].filter(Boolean);
      lines.push(`  ${attempt.attempt}. ${parts.join(', ')}`);
      for (const host of attempt.hosts ?? []) {
        lines.push(
          `     - ${host.host}: ${host.notStarted ? s.neverStarted : s.exit(host.exitCode ?? '—')} (${code(shortPath(host.logPath, runDir))})`,
        );
      }
    }
  }
  for (const note of step.notes) lines.push(`- ${s.note(note.by, formatTime(note.at))}: ${note.text}`);
  for (const message of step.messages) {
    const sent = message.sent ? s.sent(String(message.sentExitCode ?? '—')) : s.notSent;
    const file = code(shortPath(message.path, runDir));
    lines.push(`- ${s.message(formatTime(message.at), file, code(message.sha256.slice(0, 16)), sent)}:`);
    if (message.text !== null) lines.push('', ...fenced(message.text.split('\n')), '');
  }
  const body = [
    ...lines,
    ...(lines.length && step.logs.length ? [''] : []),
    ...step.logs.flatMap((log) => logBlock(log, runDir, s)),
  ];
  if (body.length === 0) return [];
  return [`#### ${code(step.id)} — ${step.title}`, '', ...body, ''];
}

function stepSection(steps: StepReport[], runDir: string, s: ReportStrings): string[] {
  return [
    ...stepHeader(s),
    ...steps.map((step) => stepRow(step, s)),
    '',
    ...steps.flatMap((step) => stepDetails(step, runDir, s)),
  ];
}

/** `lang`: the report's language (`--lang`); by default the plan's. */
export function renderMarkdown(report: ReleaseReport, lang?: string): string {
  const { plan, run, summary, journal } = report;
  const s = reportStrings(lang, plan.language);
  const counts = Object.entries(summary.byStatus)
    .map(([status, count]) => `${count} ${(s.status[status] ?? status).replace(/^\S+ /, '')}`)
    .join(', ');
  const recorded = plan.recordedSha256 !== plan.sha256 ? s.lastRecorded(code(plan.recordedSha256)) : '';
  const out: string[] = [
    `# ${s.title(plan.title, run.name)}`,
    '',
    '| | |',
    '|---|---|',
    `| ${s.rowOutcome} | **${s.outcome[summary.outcome]}** — ${s.finishedOf(summary.finished, summary.steps, counts)} |`,
    `| ${s.rowPlan} | ${s.planVersion(code(plan.id), cell(plan.version), code(plan.path))} |`,
    `| ${s.rowPlanSha} | ${code(plan.sha256)}${recorded} |`,
    `| ${s.rowRunDir} | ${code(run.dir)} |`,
    `| ${s.rowRun} | ${s.runLine(cell(formatTime(run.createdAt)), cell(run.createdBy), cell(formatTime(run.lastEventAt)), cell(formatDuration(run.durationMs)))} |`,
    `| ${s.rowOperators} | ${cell(report.operators.join(', '))} |`,
    `| ${s.rowJournal} | ${s.journalLine(
      journal.events,
      journal.verified,
      code(journal.headSha256),
      code(journal.file),
      formatTime(journal.verifiedAt),
    )} |`,
    `| ${s.rowGenerated} | ${s.generatedLine(cell(formatTime(report.generatedAt)), cell(report.generatedBy))} |`,
    '',
  ];
  out.push(...ganttSection(report.timeline, report.phases, s.lang));
  for (const phase of report.phases) {
    out.push(
      `## ${phase.title} (${code(phase.id)}, ${phase.window})`,
      '',
      ...stepSection(phase.steps, run.dir, s),
    );
  }
  out.push(`## ${s.rollback}`, '');
  if (!report.rollback) out.push(s.noRollbackPath, '');
  else {
    const decision = report.rollback.decision;
    out.push(
      decision
        ? s.rollbackDecided(
            decision.by,
            formatTime(decision.at),
            code(decision.criterion),
            decision.criterionText,
          )
        : s.noRollbackDecided,
      '',
      ...(decision?.answeredBy ? [s.answered(code(decision.answeredBy), 'rollback'), ''] : []),
      ...signoffLines(report.rollback.signoff, s.lang),
      ...(report.rollback.signoff ? [''] : []),
      s.criteria,
      '',
      ...report.rollback.criteria.map((criterion) => `- ${code(criterion.id)}: ${criterion.text}`),
      '',
    );
    if (decision || report.rollback.steps.some((step) => step.status !== 'pending')) {
      out.push(...stepSection(report.rollback.steps, run.dir, s));
    }
  }
  if (report.planChanges.length) {
    out.push(`## ${s.planChanges}`, '');
    for (const change of report.planChanges) {
      const parts = [
        change.added.length ? s.added(change.added.map(code).join(', ')) : '',
        change.removed.length ? s.removed(change.removed.map(code).join(', ')) : '',
        change.changed.length
          ? s.changed(
              change.changed
                .map((c) => `${code(c.id)}${c.commandChanged ? s.commandChangedAfter : ''}`)
                .join(', '),
            )
          : '',
      ].filter(Boolean);
      out.push(
        `- ${formatTime(change.at)}: ${code(change.fromSha256.slice(0, 12))} → ${code(change.toSha256.slice(0, 12))}; ${parts.join('; ') || s.noStepChanged}`,
      );
    }
    out.push('');
  }
  if (report.removedSteps.length) {
    out.push(`## ${s.removedSteps}`, '', ...stepSection(report.removedSteps, run.dir, s));
  }
  if (report.remote) {
    const left = report.remote.hosts.filter((host) => !report.remote?.pruned.includes(host));
    out.push(`## ${s.remoteHosts}`, '');
    if (left.length) out.push(s.remoteLeft(report.remote.dir, left.join(', ')));
    if (report.remote.pruned.length) out.push(s.remotePruned(report.remote.pruned.join(', ')));
    out.push('');
  }
  if (report.notes.length) {
    out.push(
      `## ${s.notes}`,
      '',
      ...report.notes.map((note) => `- ${formatTime(note.at)}, ${note.by}: ${note.text}`),
      '',
    );
  }
  const variables = Object.entries(report.variables);
  if (variables.length) {
    out.push(`## ${s.variables}`, '', s.nameValue, '|---|---|');
    out.push(...variables.map(([name, value]) => `| ${code(name)} | ${cell(value)} |`), '');
  }
  if (report.artifacts.length) {
    const byId = new Map(
      [
        ...report.phases.flatMap((phase) => phase.steps),
        ...(report.rollback?.steps ?? []),
        ...report.removedSteps,
      ].map((step) => [step.id, step]),
    );
    out.push(`## ${s.artifacts}`, '');
    for (const artifact of report.artifacts) {
      const source = artifact.source.length ? ` (${artifact.source.join(', ')})` : '';
      out.push(`- ${artifact.title}${source}:`);
      for (const id of artifact.steps) {
        const step = byId.get(id);
        const logs = step?.logs.map((log) => code(shortPath(log.path, run.dir))).join(', ');
        const messages = step?.messages.map((message) => code(shortPath(message.path, run.dir))).join(', ');
        const kept = [logs, messages].filter(Boolean).join(', ');
        out.push(
          `  - ${code(id)}: ${step ? (s.status[step.status] ?? step.status) : s.notInRun}${kept ? ` — ${kept}` : ''}`,
        );
      }
    }
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
