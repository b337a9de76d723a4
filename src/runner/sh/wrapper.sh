# shellcheck shell=bash
# release-cockpit step wrapper (bash, on the bastion). Copied next to each attempt
# (ATTEMPT_DIR/wrapper.sh) and started detached, sourced by the shell zx starts for it:
#
#   . wrapper.sh main ATTEMPT_DIR TIMEOUT_S GRACE_S
#
# The step's own script is ATTEMPT_DIR/script.sh and is never spliced into this text; values
# reach it only through the environment. It claims the attempt by creating step.lock (O_EXCL;
# a second wrapper exits 75), starts the script in its own process group with output appended
# to ATTEMPT_DIR/log (under coreutils `timeout` when TIMEOUT_S is set), holding the kernel lock
# on step.lock (taken by a flock beside the command on the descriptor the command inherited, so
# it is held while the command or anything it started lives), writes pid.json (its own pid,
# start time, boot id + the command's process group), waits (a SIGHUP only interrupts the
# wait) and writes exit.json in one write, then fsyncs it.
#
# The script runs like GitHub Actions' bash: `-e -o pipefail` (SCRIPT_BASH_FLAGS in wrapper.ts).

# Explicit flags: when sourced, the launching shell's -e/pipefail must not leak in.
set -u +e +o pipefail
__rc_dir=$2 __rc_timeout=$3 __rc_grace=$4

# Helpers set variables (printf -v) instead of printing into $(…): every command substitution
# is a fork, and forks are most of a step's fixed cost.

# __rc_ts: ISO time in UTC with milliseconds, without forking date(1).
__rc_now() {
  local t=$EPOCHREALTIME us
  us=${t#*[.,]}
  TZ=UTC printf -v __rc_ts '%(%Y-%m-%dT%H:%M:%S)T.%sZ' "${t%[.,]*}" "${us:0:3}"
}

# Write a small JSON record in one write(2) (printf builds it whole; records are far below a
# page): Linux publishes a file's new size only after the bytes are copied, so a reader sees the
# record whole or an empty file, and readers take anything that does not parse for none. No
# temp file and rename: mv is a process, and it sat between a command's end and its record.
# With "durable", the file and its directory are fsynced afterwards (one sync(1) for both).
__rc_record() { # file text [durable]
  printf '%s\n' "$2" >"$1" || return 1
  # LC_ALL=C: a helper of ours needs no locale, and loading one is a millisecond here.
  [ -n "${3:-}" ] && LC_ALL=C sync "$1" "${1%/*}" 2>/dev/null
  return 0
}

# __rc_st: field 22 (start time) of /proc/PID/stat, counted after the last ")".
__rc_starttime() {
  local stat rest
  __rc_st=
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  rest=${stat##*) }
  # Word splitting, not read <<<: read takes a here-string one byte per system call. The fields
  # are numbers and one state letter, so no pathname expansion can happen.
  local IFS=' '
  # shellcheck disable=SC2206
  __rc_fields=($rest)
  __rc_st=${__rc_fields[19]}
}

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
    exit 75
  fi
  printf 'release-cockpit: cannot create %s/step.lock\n' "$__rc_dir" >&2
  exit 1
fi
trap '__rc_hup=1' HUP

__rc_cmd=("$BASH" --noprofile --norc -e -o pipefail "$__rc_dir/script.sh")
if [ -n "$__rc_timeout" ]; then
  __rc_cmd=(timeout --signal=TERM --kill-after="$__rc_grace" "$__rc_timeout" "${__rc_cmd[@]}")
fi
__rc_t0=${EPOCHREALTIME/[.,]/}
# Job control on for this one job only: bash gives it a process group of its own (what cancel
# signals) without a setsid process. Off again before the wait, so a stopped step is not taken
# for an ended one. The wrapper's own session (started detached) has no terminal to hang up.
# The trap resets matter when job control is off at the fork: such a background job starts
# with SIGINT/SIGQUIT ignored, and bash cannot trap a signal ignored at its start. A command
# that has ended before job control is off again makes bash (-c) print "[1]+ Done ( trap … )"
# to its stderr, the step's log (a capture would read it): that notice goes to /dev/null.
{
  set -m
  ( trap - INT QUIT; exec "${__rc_cmd[@]}" ) </dev/null >>"$__rc_dir/log" 2>&1 &
  __rc_child=$!
  set +m
} 2>/dev/null

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
# The kernel lock on the descriptor the command inherited, held from here on while the
# wrapper, the command or anything it started lives. Forked before pid.json, so it is on its
# way even if the wrapper is killed the moment pid.json exists; until it holds the lock, readers
# see the command's group leader alive (inspect.ts).
flock "$__rc_lockfd" </dev/null &
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
  __rc_elapsed_ms=$(( (${EPOCHREALTIME/[.,]/} - __rc_t0) / 1000 ))
  # TIMEOUT_S always has three decimals (start.ts): whole seconds and milliseconds, no awk.
  __rc_limit_ms=$(( 10#${__rc_timeout%.*} * 1000 + 10#${__rc_timeout#*.} ))
  if [ "$__rc_status" = 124 ] || { [ "$__rc_status" = 137 ] && (( __rc_elapsed_ms >= __rc_limit_ms )); }; then
    __rc_timed=true
  fi
fi
__rc_signal=null
if [ "$__rc_timed" = false ] && (( __rc_status > 128 && __rc_status < 160 )); then
  __rc_signal=\"SIG$(kill -l $((__rc_status - 128)) 2>/dev/null)\" || __rc_signal=null
fi

__rc_now
printf -v __rc_json '{"exitCode":%s,"signal":%s,"endedAt":"%s","timedOut":%s}' \
  "$__rc_status" "$__rc_signal" "$__rc_ts" "$__rc_timed"
__rc_record "$__rc_dir/exit.json" "$__rc_json" durable
exit "$__rc_status"
