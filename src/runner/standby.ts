// A step's wrapper started ahead of its step. Starting a process costs the cockpit a fork of
// itself (tens of milliseconds at its size) and bash its start-up: paid while the operator
// reads, not after the key. The standby is a bash started detached through zx like any wrapper,
// with the base environment (buildStepEnv({})) and a socket from this process as fd 3, blocked
// reading it (not stdin: bash reads ~/.bashrc when its stdin is a socket). startAttempt hands it
// one step: the rest of the environment, the working directory and the wrapper's arguments, as
// NUL-terminated fields that are only ever assigned, never evaluated. It then closes the
// socket, sends its output to the attempt's log and sources the attempt's wrapper.sh: from there
// on it is that step's wrapper, tied to nothing of ours. A standby whose cockpit goes away reads
// end-of-file and exits without doing anything.
import type { Writable } from 'node:stream';
import { buildStepEnv } from './env.js';
import { pinnedShell } from './pinned-shell.js';

// Fields: COUNT, then COUNT fields: CWD, N, N × NAME=VALUE to export, M, M × NAME to unset,
// then the wrapper's arguments (main ATTEMPT_DIR …). Counts are checked to be numbers before
// any arithmetic sees them.
export const STANDBY_SCRIPT = String.raw`# release-cockpit standby wrapper, see src/runner/standby.ts
set +e
__rc_number() { [[ $1 =~ ^[0-9]{1,6}$ ]]; }
IFS= read -u 3 -r -d '' __rc_k && __rc_number "$__rc_k" || exit 0
__rc_in=()
while (( @{#__rc_in[@]} < __rc_k )); do
  IFS= read -u 3 -r -d '' __rc_f || exit 0
  __rc_in+=("$__rc_f")
done
exec 3<&-
__rc_cwd=@{__rc_in[0]} __rc_n=@{__rc_in[1]}
__rc_number "$__rc_n" || exit 1
__rc_set=("@{__rc_in[@]:2:__rc_n}")
__rc_m=@{__rc_in[2 + __rc_n]}
__rc_number "$__rc_m" || exit 1
__rc_unset=("@{__rc_in[@]:3 + __rc_n:__rc_m}")
set -- "@{__rc_in[@]:3 + __rc_n + __rc_m}"
exec >>"$2/log" 2>&1
unset __rc_in __rc_f __rc_k __rc_n __rc_m
(( @{#__rc_unset[@]} )) && unset -v -- "@{__rc_unset[@]}"
(( @{#__rc_set[@]} )) && export -- "@{__rc_set[@]}"
unset __rc_set __rc_unset
cd -- "$__rc_cwd" || exit 1
# As if started there: cd would leave OLDPWD in the step's environment.
unset __rc_cwd OLDPWD
. "$2/wrapper.sh" "$@"
`.replaceAll('@{', '$' + '{');

export interface Standby {
  pid: number;
  /** The environment it was started with. */
  baseEnv: Record<string, string>;
  /** The socket it reads its step from (its fd 3). */
  channel: Writable;
  exited: () => boolean;
}

let ready: Standby | null = null;
let refill: NodeJS.Timeout | null = null;
let keepOneReady = false;

/**
 * From now on keep one standby waiting (the cockpit and headless runs call this; a lone
 * startAttempt, as in most tests, starts its wrapper the direct way).
 */
export function keepStandbyReady(): Promise<number> {
  keepOneReady = true;
  return prepareStandby();
}

/** Start a standby unless one waits already; resolves with its pid once it is spawned. */
export function prepareStandby(): Promise<number> {
  if (ready && !ready.exited()) return Promise.resolve(ready.pid);
  const baseEnv = buildStepEnv({});
  const launched = pinnedShell(baseEnv, process.cwd(), ['ignore', 'ignore', 'ignore', 'pipe'])(
    rawTemplate(STANDBY_SCRIPT),
  );
  const child = launched.child;
  const channel = child?.stdio[3] as Writable | null | undefined;
  if (!child || !channel) return Promise.reject(new Error('the standby wrapper did not start'));
  let exited = false;
  const standby: Standby = { pid: child.pid ?? 0, baseEnv, channel, exited: () => exited };
  void launched.then(() => {
    exited = true;
    if (ready === standby) ready = null;
  });
  // It must never keep this process alive, and a standby that died must not crash it (EPIPE).
  child.unref();
  (channel as Writable & { unref?: () => void }).unref?.();
  channel.on('error', () => {});
  ready = standby;
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? 0));
    child.once('error', reject);
  });
}

/** The pid of the standby waiting now, if any. */
export function standbyWaiting(): number | null {
  return ready && !ready.exited() ? ready.pid : null;
}

/** The waiting standby, if it is still alive; the caller owns it from here. */
export function takeStandby(): Standby | null {
  const standby = ready;
  ready = null;
  return standby && !standby.exited() ? standby : null;
}

/** Hand the standby its step: env is the step's full environment (buildStepEnv). */
export function handOver(standby: Standby, env: Record<string, string>, cwd: string, args: string[]): void {
  const set = Object.entries(env)
    .filter(([name, value]) => !Object.hasOwn(standby.baseEnv, name) || standby.baseEnv[name] !== value)
    .map(([name, value]) => `${name}=${value}`);
  const unset = Object.keys(standby.baseEnv).filter((name) => !Object.hasOwn(env, name));
  const fields = [cwd, String(set.length), ...set, String(unset.length), ...unset, ...args];
  standby.channel.end([String(fields.length), ...fields].map((field) => `${field}\0`).join(''));
}

/** Start the next standby a little later, off the path of the step that just started. */
export function refillStandby(delayMs = 1000): void {
  if (refill || !keepOneReady) return;
  refill = setTimeout(() => {
    refill = null;
    prepareStandby().catch(() => {}); // No standby: the next step starts the direct way.
  }, delayMs);
  refill.unref();
}

/** Let the waiting standby go (it reads end-of-file and exits); for tests and shutdown. */
export function dropStandby(): void {
  keepOneReady = false;
  if (refill) clearTimeout(refill);
  refill = null;
  ready?.channel.end();
  ready = null;
}

/** zx takes a command as a template; the standby script is constant text, passed as is. */
function rawTemplate(text: string): TemplateStringsArray {
  return Object.assign([text], { raw: [text] });
}
