// ReleaseReport → Markdown a release manager can attach as is. Rendered from the same object
// that `--format json` prints, so both say the same thing.
import { formatDuration, formatTime } from './format.js';
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

const STATUS_MARK: Record<string, string> = {
  succeeded: '✅ succeeded',
  done: '✅ done',
  skipped: '⏭️ skipped',
  failed: '❌ failed',
  unknown: '❓ unknown',
  cancelled: '⏹️ cancelled',
  running: '▶️ running',
  pending: '⏳ pending',
};

function exitText(step: Pick<StepReport, 'exitCode'>): string {
  return step.exitCode === null ? '' : String(step.exitCode);
}

function stepRow(step: StepReport): string {
  return `| ${[
    code(step.id),
    cell(step.title),
    cell(step.kind),
    cell(STATUS_MARK[step.status] ?? step.status),
    cell(step.who),
    cell(formatTime(step.startedAt)),
    cell(formatTime(step.endedAt)),
    cell(formatDuration(step.durationMs)),
    cell(step.attempts.length || ''),
    cell(exitText(step)),
  ].join(' | ')} |`;
}

const STEP_HEADER = [
  '| Step | Title | Kind | Status | Who | Started | Ended | Duration | Attempts | Exit |',
  '|---|---|---|---|---|---|---|---|---|---|',
];

/** Paths below the run directory are shown relative to it (the header names the directory). */
function shortPath(file: string, runDir: string): string {
  return file.startsWith(`${runDir}/`) ? file.slice(runDir.length + 1) : file;
}

function logBlock(log: LogExcerpt, runDir: string): string[] {
  const title = `Log ${code(shortPath(log.path, runDir))}${log.step.includes('@') ? ` (host ${log.step.split('@')[1]})` : ''}, attempt ${log.attempt}`;
  if (log.missing) return [`${title}: *missing on disk*`, ''];
  const size = log.bytes === null ? '' : `, ${log.bytes} bytes`;
  if (log.lastLines.length === 0) return [`${title}${size}: *empty*`, ''];
  const count = log.lastLines.length === 1 ? 'last line' : `last ${log.lastLines.length} lines`;
  return [`${title}${size}, ${count}:`, '', ...fenced(log.lastLines), ''];
}

/** The detail block of a step: only what the table cannot show. */
function stepDetails(step: StepReport, runDir: string): string[] {
  const lines: string[] = [];
  if (step.skipReason) lines.push(`- Skipped: ${step.skipReason}`);
  if (step.commandChanged) lines.push('- ⚠️ The plan changed this step’s command after it ran.');
  if (step.totalItems !== null) {
    const whole =
      step.status === 'done' && step.confirmedItems.length < step.totalItems
        ? ' (then marked done as a whole)'
        : '';
    lines.push(`- Checklist: ${step.confirmedItems.length} of ${step.totalItems} items confirmed${whole}`);
    for (const item of step.confirmedItems) lines.push(`  - [x] ${item.text}`);
  }
  if (
    step.attempts.length > 1 ||
    step.attempts.some((a) => a.hosts || a.signals.length || a.resolution || a.timedOut)
  ) {
    lines.push('- Attempts:');
    for (const attempt of step.attempts) {
      const parts = [
        `${formatTime(attempt.startedAt)} by ${attempt.by}`,
        attempt.exitCode === null ? 'no exit code' : `exit ${attempt.exitCode}`,
        attempt.signal ? `signal ${attempt.signal}` : '',
        attempt.timedOut ? 'timed out' : '',
        attempt.durationMs === null ? '' : formatDuration(attempt.durationMs),
        attempt.signals.length ? `stopped with ${attempt.signals.join(' → ')}` : '',
        attempt.polls ? `${attempt.polls} polls` : '',
        attempt.resolution ? `outcome unknown, resolved: ${attempt.resolution}` : '',
      ].filter(Boolean);
      lines.push(`  ${attempt.attempt}. ${parts.join(', ')}`);
      for (const host of attempt.hosts ?? []) {
        lines.push(
          `     - ${host.host}: exit ${host.exitCode ?? '—'} (${code(shortPath(host.logPath, runDir))})`,
        );
      }
    }
  }
  for (const note of step.notes) lines.push(`- Note (${note.by}, ${formatTime(note.at)}): ${note.text}`);
  for (const message of step.messages) {
    const sent = message.sent ? `sent, exit ${message.sentExitCode ?? '—'}` : 'not sent by the cockpit';
    lines.push(
      `- Message rendered ${formatTime(message.at)} (${code(shortPath(message.path, runDir))}, sha256 ${code(message.sha256.slice(0, 16))}…), ${sent}:`,
    );
    if (message.text !== null) lines.push('', ...fenced(message.text.split('\n')), '');
  }
  const body = [
    ...lines,
    ...(lines.length && step.logs.length ? [''] : []),
    ...step.logs.flatMap((log) => logBlock(log, runDir)),
  ];
  if (body.length === 0) return [];
  return [`#### ${code(step.id)} — ${step.title}`, '', ...body, ''];
}

function stepSection(steps: StepReport[], runDir: string): string[] {
  return [...STEP_HEADER, ...steps.map(stepRow), '', ...steps.flatMap((step) => stepDetails(step, runDir))];
}

export function renderMarkdown(report: ReleaseReport): string {
  const { plan, run, summary, journal } = report;
  const counts = Object.entries(summary.byStatus)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  const out: string[] = [
    `# Release report: ${plan.title} — run ${run.name}`,
    '',
    '| | |',
    '|---|---|',
    `| Outcome | **${summary.outcome}** — ${summary.finished} of ${summary.steps} steps finished (${counts}) |`,
    `| Plan | ${code(plan.id)} version ${cell(plan.version)}, ${code(plan.path)} |`,
    `| Plan sha256 | ${code(plan.sha256)}${plan.recordedSha256 !== plan.sha256 ? ` (the run last recorded ${code(plan.recordedSha256)})` : ''} |`,
    `| Run directory | ${code(run.dir)} |`,
    `| Run | created ${cell(formatTime(run.createdAt))} by ${cell(run.createdBy)}; last event ${cell(formatTime(run.lastEventAt))}; span ${cell(formatDuration(run.durationMs))} |`,
    `| Operators | ${cell(report.operators.join(', '))} |`,
    `| Journal | ${journal.events} events, ${journal.verified ? 'chain verified ✅' : 'chain NOT verified ❌ (torn last line pending repair)'}; head sha256 ${code(journal.headSha256)} |`,
    `| Generated | ${cell(formatTime(report.generatedAt))} by ${cell(report.generatedBy)} |`,
    '',
  ];
  for (const phase of report.phases) {
    out.push(
      `## ${phase.title} (${code(phase.id)}, ${phase.window})`,
      '',
      ...stepSection(phase.steps, run.dir),
    );
  }
  out.push('## Rollback', '');
  if (!report.rollback) out.push('The plan has no rollback path.', '');
  else {
    const decision = report.rollback.decision;
    out.push(
      decision
        ? `**Rollback decided** by ${decision.by} at ${formatTime(decision.at)} — criterion ${code(decision.criterion)}: ${decision.criterionText}`
        : 'No rollback was decided.',
      '',
      'Criteria:',
      '',
      ...report.rollback.criteria.map((criterion) => `- ${code(criterion.id)}: ${criterion.text}`),
      '',
    );
    if (decision || report.rollback.steps.some((step) => step.status !== 'pending')) {
      out.push(...stepSection(report.rollback.steps, run.dir));
    }
  }
  if (report.planChanges.length) {
    out.push('## Plan changes during the run', '');
    for (const change of report.planChanges) {
      const parts = [
        change.added.length ? `added ${change.added.map(code).join(', ')}` : '',
        change.removed.length ? `removed ${change.removed.map(code).join(', ')}` : '',
        change.changed.length
          ? `changed ${change.changed.map((c) => `${code(c.id)}${c.commandChanged ? ' (command changed after it ran)' : ''}`).join(', ')}`
          : '',
      ].filter(Boolean);
      out.push(
        `- ${formatTime(change.at)}: ${code(change.fromSha256.slice(0, 12))} → ${code(change.toSha256.slice(0, 12))}; ${parts.join('; ') || 'no step changed'}`,
      );
    }
    out.push('');
  }
  if (report.removedSteps.length) {
    out.push(
      '## Steps removed from the plan (history kept)',
      '',
      ...stepSection(report.removedSteps, run.dir),
    );
  }
  if (report.notes.length) {
    out.push(
      '## Notes',
      '',
      ...report.notes.map((note) => `- ${formatTime(note.at)}, ${note.by}: ${note.text}`),
      '',
    );
  }
  const variables = Object.entries(report.variables);
  if (variables.length) {
    out.push('## Variables', '', '| Name | Value |', '|---|---|');
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
    out.push('## Artifacts', '');
    for (const artifact of report.artifacts) {
      const source = artifact.source.length ? ` (${artifact.source.join(', ')})` : '';
      out.push(`- ${artifact.title}${source}:`);
      for (const id of artifact.steps) {
        const step = byId.get(id);
        const logs = step?.logs.map((log) => code(shortPath(log.path, run.dir))).join(', ');
        const messages = step?.messages.map((message) => code(shortPath(message.path, run.dir))).join(', ');
        const kept = [logs, messages].filter(Boolean).join(', ');
        out.push(
          `  - ${code(id)}: ${step ? (STATUS_MARK[step.status] ?? step.status) : 'not in the run'}${kept ? ` — ${kept}` : ''}`,
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
