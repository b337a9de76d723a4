// `release-cockpit agenda [--days N] [--json] [--now ISO]`: what is due across the runs in the
// state directory — steps whose T-window holds today (or one of the next N-1 days) and steps
// overdue, with roles and state. Read-only. `--now` asks "what is due at that moment" (a
// calendar feed for tomorrow, a check of next week, tests with a fixed clock); without it, now.
import { EXIT, UserError } from '../errors.js';
import { loadJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { stateFolder } from '../journal/reducer.js';
import type { RunState } from '../journal/state-types.js';
import { resolveStateDir } from '../journal/statedir.js';
import { formatTime, table } from '../report/format.js';
import { type Agenda, buildAgenda } from '../schedule/agenda.js';
import { gatherAgendaRuns } from '../schedule/agenda-runs.js';
import { type Command, parseCommandArgs } from './context.js';

const USAGE = 'release-cockpit agenda [--days N] [--json] [--now ISO-DATE-TIME]';

const command: Command = async (ctx) => {
  const { values, positionals } = parseCommandArgs(
    ctx.args,
    { days: { type: 'string', default: '1' }, json: { type: 'boolean' }, now: { type: 'string' } },
    USAGE,
  );
  if (positionals.length > 0)
    throw new UserError(`agenda takes no plan: it reads every run\nusage: ${USAGE}`);
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new UserError('--days must be a whole number of days from 1 to 366');
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (
    Number.isNaN(now.getTime()) ||
    (values.now !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(values.now))
  ) {
    throw new UserError(`--now must be an ISO date-time such as 2026-12-01T09:00+03:00, not "${values.now}"`);
  }
  const stateDir = resolveStateDir(ctx.global.stateDir);
  // Each run's whole journal, its hash chain checked: what the agenda says is what happened.
  const { runs, problems } = await gatherAgendaRuns(stateDir, { readState: readWholeState });
  const agenda = buildAgenda(runs, now, days, problems);
  ctx.stdout.write(values.json ? `${JSON.stringify(agenda, null, 2)}\n` : humanAgenda(agenda));
  return EXIT.ok;
};
export default command;

function readWholeState(runDir: string): RunState {
  const folder = stateFolder();
  loadJournal(journalPath(runDir), { repair: false, onRecord: folder.add, keep: false });
  return folder.state();
}

const MARK = { overdue: '! overdue', due: '● due', upcoming: '  upcoming' } as const;

function humanAgenda(agenda: Agenda): string {
  const span = agenda.days === 1 ? 'today' : `today and the next ${agenda.days - 1} day(s)`;
  const lines = [`agenda for ${formatTime(agenda.now)} (${span}): ${agenda.items.length} step(s)`];
  if (agenda.items.length > 0) {
    const rows = [['', 'RUN', 'STEP', 'WINDOW', 'DATES', 'OWNER', 'STATUS', 'TITLE']];
    for (const item of agenda.items) {
      const dates = item.from === item.to ? item.from : `${item.from}..${item.to}`;
      const status = item.signoff ? `${item.status}, ${item.signoff}` : item.status;
      rows.push([
        MARK[item.when],
        `${item.planId}/${item.run}`,
        item.step,
        item.window,
        dates,
        item.owner ?? '',
        status,
        item.title,
      ]);
    }
    lines.push('', ...table(rows));
  }
  for (const problem of agenda.problems)
    lines.push(`warning: ${problem.planId}/${problem.run}: ${problem.reason}`);
  return `${lines.join('\n')}\n`;
}
