// The selected step's detail: what it is, who owns it, what exactly it runs, how long it
// should take and has taken, its attempts, gate polls, checklist, message or note.
import type { StepState } from '../../journal/state-types.js';
import type { Plan, Step } from '../../plan/schema.js';
import { formatDuration } from '../../report/format.js';
import type { SignoffStatus } from '../../team/signoff.js';
import type { Strings } from '../i18n/index.js';
import { keyFor } from '../keys.js';
import { wrapPlain } from '../text.js';
import { GLYPH, STATUS_GLYPH, STATUS_TONE } from '../theme.js';
import { type Line, seg } from './line.js';
import { fillTemplate } from './template.js';
import { formatClock, prettyOffset, progressBar } from './time.js';

export interface DetailInput {
  plan: Plan;
  step: Step;
  state: StepState | undefined;
  /** Values as journaled (secrets MASK): what a prompt step shows as set. */
  variables: Record<string, string>;
  /** Values plan text is filled with (journaled, else defaults; secrets MASK): see shownValues. */
  values: Record<string, string>;
  command: string | null;
  message: string | null;
  expectedMs: number | null;
  /** The step's sign-off by role, given or pending; null when it needs none. */
  signoff?: SignoffStatus | null;
  /** Watching: keys that write are not named. */
  readOnly?: boolean;
  now: Date;
  width: number;
  t: Strings;
}

function timing(input: DetailInput): Line | null {
  const { state, expectedMs, now, t, width } = input;
  const expected = expectedMs !== null ? `~${formatDuration(expectedMs)}` : null;
  if (state?.status === 'running' && state.startedAt) {
    const elapsed = Math.max(0, now.getTime() - new Date(state.startedAt).getTime());
    const line: Line = [
      seg(`${t.detail.elapsed} `, { dim: true }),
      seg(formatDuration(elapsed), { bold: true }),
    ];
    if (expectedMs) {
      const bar = progressBar(elapsed / expectedMs, width >= 70 ? 20 : 10);
      line.push(
        seg(` ${bar} `, { tone: elapsed > expectedMs ? 'warn' : 'info' }),
        seg(`/ ${expected}`, { dim: true }),
      );
    }
    return line;
  }
  if (state?.durationMs != null) {
    const line: Line = [seg(`${t.detail.took} `, { dim: true }), seg(formatDuration(state.durationMs))];
    if (expected) line.push(seg(` (${t.detail.expected.toLowerCase()} ${expected})`, { dim: true }));
    return line;
  }
  if (input.step.kind === 'command' || input.step.kind === 'gate') {
    return [
      seg(`${t.detail.expected} `, { dim: true }),
      seg(expected ?? t.detail.noExpected, { dim: !expected }),
    ];
  }
  return null;
}

function attemptsLine(state: StepState | undefined, t: Strings): Line | null {
  const last = state?.attempts[state.attempts.length - 1];
  if (!state || !last) return null;
  const line: Line = [seg(`${t.detail.attempts} `, { dim: true }), seg(String(state.attempts.length))];
  if (last.exitCode !== null) {
    line.push(
      seg(` · ${t.detail.exit} `, { dim: true }),
      seg(String(last.exitCode), { tone: last.exitCode === 0 ? 'ok' : 'bad', bold: true }),
    );
  }
  if (last.timedOut) line.push(seg(` · ${t.detail.timedOut}`, { tone: 'bad' }));
  line.push(seg(` · ${formatClock(last.startedAt)}`, { dim: true }));
  if (state.retryScheduled)
    line.push(
      seg(` · ${t.detail.retryAt(state.retryScheduled.attempt, formatClock(state.retryScheduled.at))}`, {
        tone: 'warn',
      }),
    );
  return line;
}

function kindLines(input: DetailInput): Line[] {
  const { step, state, t, width } = input;
  const lines: Line[] = [];
  switch (step.kind) {
    case 'command':
    case 'gate': {
      for (const text of (input.command ?? step.run).split('\n'))
        lines.push([seg('$ ', { dim: true }), seg(text, { tone: 'accent' })]);
      const meta: string[] = [];
      // The session's display of the command already ends with its hosts and timeout.
      const shown = input.command !== null;
      if (step.hosts && !shown)
        meta.push(`${t.detail.hosts}: ${Array.isArray(step.hosts) ? step.hosts.join(', ') : step.hosts}`);
      if (step.timeout && !shown) meta.push(`${t.detail.timeout} ${step.timeout}`);
      if (step.kind === 'command' && step.retries) meta.push(t.detail.retries(step.retries.count));
      if (meta.length) lines.push([seg(meta.join(' · '), { dim: true })]);
      if (step.kind === 'command' && step.confirm)
        lines.push([seg(`⚠ ${t.detail.dangerous(step.confirm)}`, { tone: 'danger', bold: true })]);
      if (step.kind === 'command' && step.verify)
        lines.push([seg(`${t.detail.verify}: `, { dim: true }), seg(step.verify)]);
      const polls = state?.attempts[state.attempts.length - 1]?.polls ?? [];
      if (polls.length) {
        lines.push([seg(`${t.detail.polls} (${polls.length})`, { dim: true })]);
        for (const poll of polls.slice(-4)) {
          lines.push([
            seg(` #${poll.poll} `, { dim: true }),
            seg(poll.ok ? '✔' : '✘', { tone: poll.ok ? 'ok' : 'bad' }),
            seg(` ${formatClock(poll.at)} ${t.detail.exit} ${poll.exitCode ?? '?'} `, { dim: true }),
            seg(poll.output.split('\n').filter(Boolean).pop() ?? ''),
          ]);
        }
      }
      break;
    }
    case 'manual': {
      const confirmed = new Set(state?.confirmedItems ?? []);
      lines.push([seg(`${t.detail.checklist} ${confirmed.size}/${step.items.length}`, { dim: true })]);
      step.items.forEach((item, i) => {
        const tick = confirmed.has(i);
        lines.push([
          seg(`${tick ? GLYPH.tick : GLYPH.untick} `, { tone: tick ? 'ok' : undefined }),
          seg(fillTemplate(item, input.values), { dim: tick }),
        ]);
      });
      break;
    }
    case 'prompt': {
      const variable = input.plan.variables[step.variable];
      const value = input.variables[step.variable];
      lines.push([
        seg(`${t.detail.variable} `, { dim: true }),
        seg(step.variable, { bold: true }),
        seg(' = '),
        seg(value ?? t.detail.notSet, { tone: value ? 'ok' : 'warn' }),
      ]);
      if (variable)
        for (const text of wrapPlain(fillTemplate(variable.description, input.values), width))
          lines.push([seg(text, { dim: true })]);
      break;
    }
    case 'message': {
      if (step.channel) lines.push([seg(`${t.detail.channel} `, { dim: true }), seg(step.channel)]);
      for (const text of (input.message ?? fillTemplate(step.template, input.values)).split('\n'))
        for (const part of wrapPlain(text, width)) lines.push([seg(part)]);
      break;
    }
    case 'note':
      for (const text of wrapPlain(fillTemplate(step.text, input.values), width)) lines.push([seg(text)]);
      break;
  }
  return lines;
}

/**
 * A running step with hosts out of reach: it keeps waiting; the operator may verify and stop
 * waiting (then decide: mark done or failed). Keys as the bindings table has them.
 */
function outOfReachLines(input: DetailInput): Line[] {
  const { state, t } = input;
  if (state?.status !== 'running') return [];
  const attempt = state.attempts[state.attempts.length - 1];
  const hosts = Object.entries(attempt?.hostStates ?? {})
    .filter(([, host]) => host.state === 'unreachable')
    .map(([host]) => host);
  if (hosts.length === 0) return [];
  const lines: Line[] = [[seg(`⚠ ${t.detail.outOfReach(hosts.join(', '))}`, { tone: 'warn' })]];
  if (input.readOnly) return lines;
  const keys: string[] = [];
  if (input.step.kind === 'command' && input.step.verify) keys.push(t.detail.verifyKey(keyFor('verify')));
  keys.push(t.detail.stopWaitingKey(keyFor('stopWaiting')));
  lines.push([seg(`  ${keys.join(' · ')}`, { tone: 'warn' })]);
  return lines;
}

/** Who must still sign the step off (and who may), or who did. */
function signoffLine(input: DetailInput): Line | null {
  const status = input.signoff;
  if (!status) return null;
  const { t } = input;
  if (status.pending) {
    const who = status.mayGive.map(
      ({ role, logins }) => `${role} (${logins.length ? logins.join(', ') : t.detail.signoffNobody})`,
    );
    return [
      seg(`${GLYPH.signoff} ${t.detail.signoffWaiting} `, { tone: 'warn', bold: true }),
      seg(who.join(' + ')),
    ];
  }
  const given = status.given.map((g) => `${g.login} (${g.roles.join(', ')}) ${formatClock(g.at)}`);
  return [seg(`${GLYPH.signoff} ${t.detail.signoffGiven} `, { tone: 'ok' }), seg(given.join(', '))];
}

export function buildDetail(input: DetailInput): Line[] {
  const { plan, step, state, t, width } = input;
  const status = state?.status ?? 'pending';
  const lines: Line[] = [
    [
      seg(STATUS_GLYPH[status], { tone: STATUS_TONE[status], bold: true }),
      seg(` ${fillTemplate(step.title, input.values)}`, { bold: true }),
      seg(`  ${t.kind[step.kind] ?? step.kind} · ${t.status[status]}`, { tone: STATUS_TONE[status] }),
    ],
  ];
  if (step.description)
    for (const text of wrapPlain(fillTemplate(step.description, input.values), width).slice(0, 3))
      lines.push([seg(text)]);
  const facts: Line = [];
  const role = step.owner ? plan.roles[step.owner] : undefined;
  if (step.owner) {
    facts.push(seg(`${t.detail.owner} `, { dim: true }), seg(role ? `${role.owner}` : step.owner));
    if (role) facts.push(seg(` · ${role.channel}`, { dim: true }));
  }
  const source = Array.isArray(step.source) ? step.source.join(' ') : step.source;
  if (source) facts.push(seg(`${facts.length ? '  ' : ''}${source}`, { tone: 'info' }));
  if (step.due)
    facts.push(
      seg(`${facts.length ? '  ' : ''}${t.detail.due} `, { dim: true }),
      seg(prettyOffset(step.due)),
    );
  if (facts.length) lines.push(facts);
  const signed = signoffLine(input);
  if (signed) lines.push(signed);
  const time = timing(input);
  if (time) lines.push(time);
  const attempts = attemptsLine(state, t);
  if (attempts) lines.push(attempts);
  lines.push(...outOfReachLines(input));
  if (state?.skipReason) lines.push([seg(`${t.detail.skipReason}: `, { dim: true }), seg(state.skipReason)]);
  if (state?.commandChanged) lines.push([seg(`⚠ ${t.detail.commandChanged}`, { tone: 'warn' })]);
  if (state?.removed) lines.push([seg(`⚠ ${t.detail.removed}`, { tone: 'warn' })]);
  lines.push(...kindLines(input));
  for (const note of state?.notes.slice(-2) ?? []) {
    lines.push([seg(`✎ ${formatClock(note.at)} ${note.by.user}: `, { dim: true }), seg(note.text)]);
  }
  return lines;
}
