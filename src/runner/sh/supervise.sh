# shellcheck shell=sh
# release-cockpit remote supervisor (POSIX sh + coreutils, on a host). remote.sh's start writes
# it into the attempt's remote directory and starts it there under setsid, with SIGHUP ignored
# and its output appended to the remote log, so it lives on whatever happens to the ssh link:
#
#   setsid sh supervise.sh run DIR TIMEOUT_S GRACE_S UMASK   (TIMEOUT_S 0: no timeout; UMASK:
#                                                            the login's, for the command)
#   setsid sh supervise.sh cancel DIR GRACE_S           (started by remote.sh's cancel)
#
# run reads the step's variables from DIR/env (0600) and removes that file before the command
# starts; records itself (pid, start time, boot id) in DIR/pid; runs DIR/script.sh with
# `bash -e -o pipefail` in a session and process group of its own (what cancel signals),
# recorded in DIR/pg; and when it ends writes DIR/exit (one JSON line) through a temp file and
# a rename, so a reader sees the whole record or none. cancel sends INT, TERM, KILL to that
# process group, GRACE_S apart, while its leader has the recorded start time and no exit
# record is there, each noted in the log.
mode=$1 dir=$2 timeout=${3:-0} grace=${4:-} cmd_umask=${5:-022}
cd "$dir" || exit 1
trap '' HUP
umask 077

# Field 22 of /proc/PID/stat (start time), counted after the last ")"; no process started.
rc_starttime() {
  rc_st='' rc_state=''
  { read -r rc_stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  rc_stat=${rc_stat##*) }
  set -f
  # shellcheck disable=SC2086
  set -- $rc_stat
  set +f
  rc_state=$1
  shift 19
  rc_st=$1
}

rc_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# Whole seconds since boot, for the elapsed time (date +%s is not POSIX).
rc_uptime() {
  read -r rc_up _ </proc/uptime
  rc_up=${rc_up%.*}
}

rc_alive() {
  rc_starttime "$1" && [ "$rc_st" = "$2" ] && [ "$rc_state" != Z ]
}

if [ "$mode" = cancel ]; then
  grace=$timeout
  [ "$grace" = 0 ] && grace=5
  read -r rc_pg rc_pgstart <pg || exit 1
  for rc_sig in INT TERM KILL; do
    [ -f exit ] && exit 0
    rc_alive "$rc_pg" "$rc_pgstart" || exit 0
    kill -s "$rc_sig" -- "-$rc_pg" 2>/dev/null || exit 0
    printf 'release-cockpit: cancel: SIG%s sent %s\n' "$rc_sig" "$(rc_now)"
    printf 'SIG%s\n' "$rc_sig" >>cancel/signals
    rc_waited=0
    while [ "$rc_waited" -lt "${grace%.*}" ] && [ ! -f exit ]; do
      sleep 1
      rc_waited=$((rc_waited + 1))
    done
  done
  exit 0
fi

# The step's variables, then the file goes: after this no file on the host holds them.
if [ -f ./env ]; then
  # shellcheck disable=SC1091
  . ./env
  rm -f ./env
fi

read -r rc_boot </proc/sys/kernel/random/boot_id || rc_boot=unknown
rc_starttime $$
printf '%s %s %s %s\n' "$$" "$rc_st" "$rc_boot" "$(rc_now)" >pid.tmp && mv -f pid.tmp pid

rc_uptime
rc_t0=$rc_up
# coreutils timeout, also without a limit (0): an asynchronous command of a POSIX shell starts
# with SIGINT and SIGQUIT ignored, and timeout sets them back for the script (cancel sends INT).
(
  umask "$cmd_umask"
  exec setsid timeout --signal=TERM --kill-after="${grace:-10}" "$timeout" \
    bash --noprofile --norc -e -o pipefail ./script.sh
) </dev/null &
rc_child=$!
rc_starttime "$rc_child"
printf '%s %s\n' "$rc_child" "$rc_st" >pg.tmp && mv -f pg.tmp pg

wait "$rc_child"
rc_status=$?

rc_timed=false
if [ "$timeout" != 0 ]; then
  rc_uptime
  if [ "$rc_status" = 124 ] || { [ "$rc_status" = 137 ] && [ $((rc_up - rc_t0)) -ge "${timeout%.*}" ]; }; then
    rc_timed=true
  fi
fi
rc_signal=null
if [ "$rc_timed" = false ] && [ "$rc_status" -gt 128 ] && [ "$rc_status" -lt 160 ]; then
  rc_name=$(kill -l $((rc_status - 128)) 2>/dev/null) && rc_signal="\"SIG${rc_name#SIG}\""
fi
printf '{"exitCode":%s,"signal":%s,"endedAt":"%s","timedOut":%s}\n' \
  "$rc_status" "$rc_signal" "$(rc_now)" "$rc_timed" >exit.tmp && mv -f exit.tmp exit
