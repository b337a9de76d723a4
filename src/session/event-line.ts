// One plain line per journal event for headless runs and logs: time (UTC), what, which step.
// Values shown here come from the journal, where secrets are already MASK.
import type { JournalRecord } from '../journal/events.js';

function exitText(exitCode: number | null, signal: string | null, timedOut: boolean): string {
  if (timedOut) return 'timed out';
  if (signal) return `killed by ${signal}`;
  return exitCode === null ? 'no exit code' : `exit code ${exitCode}`;
}

/** A value on one line: quoted (JSON) when it holds line breaks or other control characters. */
function oneLine(value: string): string {
  return /[\u0000-\u001f\u007f]/.test(value) ? JSON.stringify(value) : value;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

export function eventLine(record: JournalRecord): string {
  const time = record.time.slice(11, 19);
  const step = record.step ? `step ${record.step} ` : '';
  const text = ((): string => {
    switch (record.type) {
      case 'run.created':
        return `run ${record.data.run} created from ${record.data.planPath}`;
      case 'plan.changed':
        return `plan changed: ${record.data.added.length} added, ${record.data.removed.length} removed, ${record.data.changed.length} changed`;
      case 'lock.taken':
        return `lock taken by ${record.operator.user}@${record.operator.host} (pid ${record.data.pid})`;
      case 'lock.takenOver':
        return `lock taken over from ${record.data.previousUser} (${record.data.reason})`;
      case 'lock.released':
        return 'lock released';
      case 'lock.forced':
        return `lock ${record.data.lockId} forced open by ${record.data.by}`;
      case 'step.starting':
        return `${step}starting (attempt ${record.data.attempt})`;
      case 'step.started':
        return `${step}started (attempt ${record.data.attempt}, pid ${record.data.pid}${
          record.data.hosts ? `, hosts ${record.data.hosts.join(' ')}` : ''
        })`;
      case 'step.output':
        return `${step}output kept (${record.data.bytes} bytes, ${record.data.logPath})`;
      case 'step.finished': {
        const d = record.data;
        const verdict = d.exitCode === 0 && !d.timedOut && d.signal === null ? 'succeeded' : 'failed';
        return `${step}${verdict} (attempt ${d.attempt}, ${exitText(d.exitCode, d.signal, d.timedOut)}, ${seconds(d.durationMs)})`;
      }
      case 'step.retryScheduled':
        return `${step}retry scheduled: attempt ${record.data.attempt} in ${seconds(record.data.delayMs)}`;
      case 'step.signalled':
        return `${step}sent ${record.data.signal}${record.data.host ? ` on ${record.data.host} at ${record.data.at ?? '?'}` : ''} (attempt ${record.data.attempt})`;
      case 'step.cancelled':
        return `${step}cancelled (attempt ${record.data.attempt})`;
      case 'step.unknown':
        return `${step}outcome unknown (attempt ${record.data.attempt}): ${record.data.reason}`;
      case 'step.resolved':
        return `${step}resolved: ${record.data.choice} (attempt ${record.data.attempt})`;
      case 'step.verified':
        return `${step}verify: exit code ${record.data.exitCode ?? 'none'}${
          record.data.hosts
            ? ` (${Object.entries(record.data.hosts)
                .map(([host, code]) => `${host} ${code ?? 'none'}`)
                .join(', ')})`
            : ''
        }`;
      case 'step.hostState': {
        const { host, state, reason, cancel } = record.data;
        return `${step}host ${host}: ${state}${reason ? ` (${reason})` : ''}${cancel ? `, cancel ${cancel}` : ''}`;
      }
      case 'gate.polled': {
        const d = record.data;
        const last = d.output.split('\n').pop() ?? '';
        return `${step}poll ${d.poll}: ${d.ok ? 'passed' : `not yet (exit code ${d.exitCode ?? 'none'})`}${
          last ? ` — ${last.slice(0, 120)}` : ''
        }`;
      }
      case 'manual.itemConfirmed':
        return `${step}item ${record.data.index + 1} confirmed: ${record.data.text}`;
      case 'step.done':
        return `${step}done${record.data.note ? ` (${oneLine(record.data.note)})` : ''}`;
      case 'step.skipped':
        return `${step}skipped: ${oneLine(record.data.reason)}`;
      case 'step.markedFailed':
        return `${step}marked failed${record.data.note ? `: ${oneLine(record.data.note)}` : ''}`;
      case 'note':
        return `${step}note: ${oneLine(record.data.text)}`;
      case 'variable.set':
        return `variable ${record.data.name} set (${record.data.origin}): ${oneLine(record.data.value)}`;
      case 'message.rendered':
        return `${step}message rendered (${record.data.chars} characters, ${record.data.path})`;
      case 'message.sent':
        return `${step}message ${record.data.exitCode === 0 ? 'sent' : `not sent (exit code ${record.data.exitCode ?? 'none'})`}`;
      case 'rollback.decided':
        return `rollback decided: ${record.data.criterion} — ${record.data.criterionText}`;
      case 'signoff.given': {
        const what = record.data.target === 'rollback' ? 'rollback ' : step;
        return `${what}signed off by ${record.data.login} as ${record.data.roles.join(', ')}`;
      }
      case 'signoff.refused': {
        const what = record.data.target === 'rollback' ? 'rollback ' : step;
        return `${what}sign-off by ${record.data.login} refused: ${oneLine(record.data.reason)}`;
      }
      case 'answer.used':
        return `${record.step ? step : 'rollback '}answered (${record.data.answer}) by the answers file ${record.data.file}`;
      default:
        return (record as { type: string }).type;
    }
  })();
  return `${time} ${text}`;
}
