// The constant bash program every command step runs under. It is written next to the attempt
// (attemptDir/wrapper.sh) and started detached; the step's own script is the file
// attemptDir/script.sh and is never spliced into this text. Everything it is told arrives as
// positional arguments (paths, a duration, host aliases, variable NAMES); values reach the
// script only through the environment.
//
//   bash --noprofile --norc wrapper.sh main|fanout ATTEMPT_DIR LOCK_STYLE TIMEOUT_S GRACE_S \
//        CONCURRENCY ALLOW_HOST_FAILURES REMOTE_ENV_NAMES N_SSH_OPTIONS [SSH_OPTION...] [HOST...]
//
// or sourced with the same arguments (`. wrapper.sh main …`) by the shell that launches it, which
// saves starting a second bash: every process costs 5–10 ms on a small VM, and a step's fixed
// cost is mostly processes. That shell is started for the step, or ahead of it (standby.ts).
//
// main:   claims the attempt by creating attemptDir/step.lock (O_EXCL; a second wrapper exits
//         75), starts the command in its own process group with output appended to
//         attemptDir/log (under coreutils `timeout` when the step has one) holding the kernel
//         lock (flock) on step.lock, writes pid.json (its own pid, start time, boot id + the
//         command's process group), waits — a SIGHUP only interrupts the wait — and writes
//         exit.json in one write (then fsync).
//         LOCK_STYLE (see LockStyle): `exec` — `flock --no-fork` takes the lock and then
//         becomes the command, so the command starts holding it and no process is spent on
//         it; `beside` — for util-linux before --no-fork: a background `flock FD` locks the
//         descriptor the command inherited, just after the command's start.
// fanout: the command of a multi-host step: one `ssh -T HOST bash -s` per host with at most
//         CONCURRENCY at once; stdin carries `export NAME=<printf %q>` lines, the script as a
//         %q-quoted variable and a constant control block (see __rc_remote) that runs it in its
//         own session and stops it when our ssh goes away. Each host gets
//         hosts/<host>/{log,exit.json}; the main log gets one line per host and a summary.
//
// Script flags: like GitHub Actions' bash, a step's script runs with `-e -o pipefail`
// (SCRIPT_BASH_FLAGS): a failing command stops the step instead of running the rest.

/** Exit status of a wrapper that found the attempt already claimed (step.lock exists). */
export const WRAPPER_LOCKED_EXIT = 75;

/** How the wrapper takes the kernel lock on step.lock (see LOCK_STYLE above). */
export type LockStyle = 'exec' | 'beside';

/** Flags the step's script runs with (locally and on every host). */
export const SCRIPT_BASH_FLAGS = ['-e', '-o', 'pipefail'] as const;

// Written with @{ for bash's ${ so the text can stay a raw template literal.
export const WRAPPER_SCRIPT =
  String.raw`# release-cockpit step wrapper. Generated; do not edit. See src/runner/wrapper.ts.
# Explicit flags: when sourced, the launching shell's -e/pipefail must not leak in.
set -u +e +o pipefail
__rc_self=@{BASH_SOURCE[0]}
__rc_mode=$1 __rc_dir=$2 __rc_lock=$3 __rc_timeout=$4 __rc_grace=$5 __rc_conc=$6 __rc_allow=$7
__rc_names=$8 __rc_nopt=$9
__rc_args=("@{@:2}")
shift 9
__rc_ssh=("@{@:1:__rc_nopt}")
shift "$__rc_nopt"
__rc_hosts=("$@")

# Helpers set variables (printf -v) instead of printing into $(…): every command substitution
# is a fork, and forks are most of a step's fixed cost.

# __rc_ts: ISO time in UTC with milliseconds, without forking date(1).
__rc_now() {
  local t=$EPOCHREALTIME us
  us=@{t#*[.,]}
  TZ=UTC printf -v __rc_ts '%(%Y-%m-%dT%H:%M:%S)T.%sZ' "@{t%[.,]*}" "@{us:0:3}"
}

# Write a small JSON record in one write(2) (printf builds it whole; records are far below a
# page): Linux publishes a file's new size only after the bytes are copied, so a reader sees the
# record whole or an empty file, and readers take anything that does not parse for none. No
# temp file and rename: mv is a process, and it sat between a command's end and its record.
# With "durable", the file and its directory are fsynced afterwards (one sync(1) for both); a
# crash before that can leave an empty file, which readers take for none.
__rc_record() { # file text [durable]
  printf '%s\n' "$2" >"$1" || return 1
  # LC_ALL=C: a helper of ours needs no locale, and loading one is a millisecond here.
  [ -n "@{3:-}" ] && LC_ALL=C sync "$1" "@{1%/*}" 2>/dev/null
  return 0
}

# __rc_st: field 22 (start time) of /proc/PID/stat, counted after the last ")".
__rc_starttime() {
  local stat rest
  __rc_st=
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  rest=@{stat##*) }
  # Word splitting, not read <<<: read takes a here-string one byte per system call. The fields
  # are numbers and one state letter, so no pathname expansion can happen.
  local IFS=' '
  __rc_fields=($rest)
  __rc_st=@{__rc_fields[19]}
}

# __rc_json: an exit record.
__rc_exit_json() { # code|null signal|null timedOut [extra]
  local sig=null
  [ "$2" != null ] && sig="\"$2\""
  __rc_now
  printf -v __rc_json '{"exitCode":%s,"signal":%s,"endedAt":"%s","timedOut":%s%s}' "$1" "$sig" "$__rc_ts" "$3" "@{4:-}"
}

# --- fanout: run script.sh on every host through ssh ------------------------------------------
__rc_exports() {
  local name
  for name in $__rc_names; do
    [[ -v $name ]] && printf 'export %s=%q\n' "$name" "@{!name}"
  done
  return 0
}

# What the remote "bash -s" reads after the exports: one brace group, so bash has parsed all of
# it before anything runs and the rest of stdin stays ours. The script runs from a variable
# (never re-parsed from the stream, its stdin is /dev/null) in its own session; a watcher reads
# stdin until EOF, which comes when our ssh dies (cancel, timeout, kill), and then stops the
# script's process group: TERM, KILL 5 s later. OpenSSH itself would leave it running.
__rc_remote='{
( trap - INT QUIT; exec setsid bash --noprofile --norc -e -o pipefail -c "$__rc_script" rc-step </dev/null ) &
__rc_pid=$!
( cat >/dev/null
  kill -0 -- "-$__rc_pid" 2>/dev/null || exit 0
  kill -TERM -- "-$__rc_pid" 2>/dev/null; sleep 5; kill -KILL -- "-$__rc_pid" 2>/dev/null ) <&0 >/dev/null 2>&1 &
wait "$__rc_pid"
exit $?
}'

__rc_stream() {
  __rc_exports
  printf 'export RC_HOST=%q\n' "$1"
  printf '__rc_script=%q\n' "$(<"$__rc_dir/script.sh")"
  printf '%s\n' "$__rc_remote"
}

__rc_run_host() {
  local host=$1 hdir="$__rc_dir/hosts/$1" t0 st feeder input
  t0=@{EPOCHREALTIME/[.,]/}
  __rc_now
  printf '[%s] %s started\n' "$__rc_ts" "$host"
  # ssh's stdin stays open after the script (held by a sleeping feeder) so the remote watcher
  # sees EOF only when this ssh goes away.
  exec {input}< <(__rc_stream "$host"; exec sleep 2147483647)
  feeder=$!
  ssh -o BatchMode=yes -T "@{__rc_ssh[@]}" -- "$host" 'bash -s' <&"$input" >>"$hdir/log" 2>&1
  st=$?
  exec {input}<&-
  kill "$feeder" 2>/dev/null
  __rc_exit_json "$st" null false
  __rc_record "$hdir/exit.json" "$__rc_json" durable
  local secs=$(( (@{EPOCHREALTIME/[.,]/} - t0) / 1000000 ))
  __rc_now
  if [ "$st" = 0 ]; then
    printf '[%s] %s ok (%ss)\n' "$__rc_ts" "$host" "$secs"
  elif [ "$st" = 255 ]; then
    printf '[%s] %s FAILED: ssh error 255 (%ss); see hosts/%s/log\n' "$__rc_ts" "$host" "$secs" "$host"
  else
    printf '[%s] %s FAILED: exit %s (%ss)\n' "$__rc_ts" "$host" "$st" "$secs"
  fi
  return "$st"
}

if [ "$__rc_mode" = fanout ]; then
  __rc_running=0
  for __rc_h in "@{__rc_hosts[@]}"; do
    if (( __rc_running >= __rc_conc )); then wait -n; __rc_running=$((__rc_running - 1)); fi
    ( trap - INT QUIT; __rc_run_host "$__rc_h" ) &
    __rc_running=$((__rc_running + 1))
  done
  wait
  __rc_failed=()
  for __rc_h in "@{__rc_hosts[@]}"; do
    __rc_j=$(<"$__rc_dir/hosts/$__rc_h/exit.json") || __rc_j=
    [[ $__rc_j =~ \"exitCode\":0, ]] || __rc_failed+=("$__rc_h")
  done
  __rc_total=@{#__rc_hosts[@]}
  __rc_now
  if (( @{#__rc_failed[@]} == 0 )); then
    printf '[%s] %s hosts: all ok\n' "$__rc_ts" "$__rc_total"
    exit 0
  fi
  printf '[%s] %s hosts: %s ok, %s failed: %s\n' "$__rc_ts" "$__rc_total" \
    "$(( __rc_total - @{#__rc_failed[@]} ))" "@{#__rc_failed[@]}" "@{__rc_failed[*]}"
  [ "$__rc_allow" = 1 ] && { printf 'failures allowed by the plan (allowHostFailures)\n'; exit 0; }
  exit 1
fi

# --- main: claim, start detached command, lock, record pid, wait, record exit ------------------
hash flock 2>/dev/null || {
  printf 'release-cockpit: flock not found; the runner needs util-linux (flock) and coreutils\n' >&2
  exit 1
}
# An attempt directory runs once, ever: creating step.lock with O_EXCL (noclobber) claims it, so
# a second wrapper on it — even after this one and its command are gone — refuses at once.
set -C
{ exec {__rc_lockfd}>"$__rc_dir/step.lock"; } 2>/dev/null
__rc_status=$?
set +C
if [ "$__rc_status" != 0 ]; then
  if [ -e "$__rc_dir/step.lock" ]; then
    printf 'release-cockpit: %s was already started (step.lock exists); not starting it twice\n' "$__rc_dir" >&2
    exit ${WRAPPER_LOCKED_EXIT}
  fi
  printf 'release-cockpit: cannot create %s/step.lock\n' "$__rc_dir" >&2
  exit 1
fi
trap '__rc_hup=1' HUP

if (( @{#__rc_hosts[@]} )); then
  __rc_cmd=("$BASH" --noprofile --norc "$__rc_self" fanout "@{__rc_args[@]}")
else
  __rc_cmd=("$BASH" --noprofile --norc ${SCRIPT_BASH_FLAGS.join(' ')} "$__rc_dir/script.sh")
fi
if [ -n "$__rc_timeout" ]; then
  __rc_cmd=(timeout --signal=TERM --kill-after="$__rc_grace" "$__rc_timeout" "@{__rc_cmd[@]}")
fi
if [ "$__rc_lock" = exec ]; then
  # -n: nothing else ever locks a step.lock this wrapper has just created; should something,
  # the step fails (exit 1) rather than wait unseen. A file system without locks fails it too
  # (flock's message is in the log).
  __rc_cmd=(flock -n -F "$__rc_dir/step.lock" "@{__rc_cmd[@]}")
fi
__rc_t0=@{EPOCHREALTIME/[.,]/}
# Job control on for this one job only: bash gives it a process group of its own (what cancel
# signals) without a setsid process. Off again before the wait, so a stopped step is not taken
# for an ended one. The wrapper's own session (started detached) has no terminal to hang up.
# The trap resets matter when job control is off at the fork: such a background job starts
# with SIGINT/SIGQUIT ignored, and bash cannot trap a signal ignored at its start.
set -m
( trap - INT QUIT; exec "@{__rc_cmd[@]}" ) </dev/null >>"$__rc_dir/log" 2>&1 &
__rc_child=$!
set +m

# Read after the fork, while the command's bash starts on the other core.
read -r __rc_boot </proc/sys/kernel/random/boot_id || __rc_boot=unknown
__rc_starttime $$
__rc_self_start=$__rc_st
__rc_starttime "$__rc_child"
__rc_child_start=$__rc_st
__rc_now
# Not fsynced: after a crash of the machine the boot id differs and the record says nothing.
printf -v __rc_json '{"pid":%s,"pidStart":"%s","bootId":"%s","startedAt":"%s","pgid":%s,"pgidStart":"%s"}' \
  $$ "$__rc_self_start" "$__rc_boot" "$__rc_ts" "$__rc_child" "$__rc_child_start"
# beside: the kernel lock on the descriptor the command inherited, held from here on while the
# wrapper, the command or anything it started lives. Forked before pid.json, so it is on its
# way even if the wrapper is killed the moment pid.json exists; until it holds the lock, readers
# see the command's group leader alive (inspect.ts).
if [ "$__rc_lock" != exec ]; then
  flock "$__rc_lockfd" </dev/null &
fi
__rc_record "$__rc_dir/pid.json" "$__rc_json"

while :; do
  __rc_hup=0
  # 2>/dev/null: bash would add "line N: PID Killed ( trap … )" to the step's log.
  wait "$__rc_child" 2>/dev/null
  __rc_status=$?
  [ "$__rc_hup" = 1 ] || break
done

__rc_timed=false
if [ -n "$__rc_timeout" ]; then
  __rc_elapsed_ms=$(( (@{EPOCHREALTIME/[.,]/} - __rc_t0) / 1000 ))
  # TIMEOUT_S always has three decimals (start.ts): whole seconds and milliseconds, no awk.
  __rc_limit_ms=$(( 10#@{__rc_timeout%.*} * 1000 + 10#@{__rc_timeout#*.} ))
  if [ "$__rc_status" = 124 ] || { [ "$__rc_status" = 137 ] && (( __rc_elapsed_ms >= __rc_limit_ms )); }; then
    __rc_timed=true
  fi
fi
__rc_signal=null
if [ "$__rc_timed" = false ] && (( __rc_status > 128 && __rc_status < 160 )); then
  __rc_signal=SIG$(kill -l $((__rc_status - 128)) 2>/dev/null) || __rc_signal=null
fi

# Hosts the fan-out never finished (killed, timed out, never started) get an exit record too.
for __rc_h in "@{__rc_hosts[@]}"; do
  [ -e "$__rc_dir/hosts/$__rc_h/exit.json" ] && continue
  if [ -e "$__rc_dir/hosts/$__rc_h/log" ]; then
    __rc_exit_json null "$__rc_signal" "$__rc_timed"
    __rc_record "$__rc_dir/hosts/$__rc_h/exit.json" "$__rc_json" durable
  else
    __rc_exit_json null null "$__rc_timed" ',"notStarted":true'
    __rc_record "$__rc_dir/hosts/$__rc_h/exit.json" "$__rc_json" durable
  fi
done

__rc_exit_json "$__rc_status" "$__rc_signal" "$__rc_timed"
__rc_record "$__rc_dir/exit.json" "$__rc_json" durable
exit "$__rc_status"
`.replaceAll('@{', '$' + '{');
