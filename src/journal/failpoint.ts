// Crash injection for the crash-safety tests: RC_FAILPOINT names operations at which the
// process SIGKILLs itself, e.g.
//   RC_FAILPOINT=journal.append:7          before the 7th journal append writes anything
//   RC_FAILPOINT=journal.append:7:after    after the 7th append is fsynced, before it returns
//   RC_FAILPOINT=snapshot.write:2[:after]  before conf serializes the 2nd snapshot / after it renamed
//   RC_FAILPOINT=rename:1[:after]          around our own renames (torn tail kept aside, lock takeover)
//   RC_FAILPOINT=checkpoint.write:1[:after] before the 1st checkpoint is written / after its rename
// Several may be given, comma separated. Counting is per name and per process.
export type FailpointName = 'journal.append' | 'snapshot.write' | 'rename' | 'checkpoint.write';
export type FailpointPhase = 'before' | 'after';

interface Armed {
  name: string;
  n: number;
  phase: FailpointPhase;
}

let armed: Armed[] | undefined;
const counters = new Map<string, number>();

function parse(spec: string | undefined): Armed[] {
  if (!spec) return [];
  return spec
    .split(',')
    .map((part) => part.trim().split(':'))
    .filter((parts) => parts.length >= 2 && /^[0-9]+$/.test(parts[1] ?? ''))
    .map(([name, n, phase]) => ({
      name: name as string,
      n: Number(n),
      phase: phase === 'after' ? 'after' : 'before',
    }));
}

/** Count one `name` operation (call with 'before' first, then 'after' for the same one). */
export function failpoint(name: FailpointName, phase: FailpointPhase): void {
  armed ??= parse(process.env.RC_FAILPOINT);
  if (armed.length === 0) return;
  let count = counters.get(name) ?? 0;
  if (phase === 'before') {
    count += 1;
    counters.set(name, count);
  }
  if (armed.some((point) => point.name === name && point.n === count && point.phase === phase)) {
    process.kill(process.pid, 'SIGKILL');
  }
}

/** For tests in-process: re-read RC_FAILPOINT and reset the counters. */
export function resetFailpoints(): void {
  armed = undefined;
  counters.clear();
}
