# shellcheck shell=sh
# release-cockpit on a host (POSIX sh + coreutils). The bastion's follower (follow.sh) sends
# this file as the standard input of `ssh HOST sh -s MODE KEY [ARG]`; nothing is ever parsed
# from a command line but MODE, KEY (checked below) and a number. KEY names the attempt's
# remote directory below ${XDG_STATE_HOME:-$HOME/.local/state}/release-cockpit/attempts/.
#
#   start KEY TIMEOUT_S GRACE_S   (TIMEOUT_S 0: none; an empty word would vanish from the
#                                 command line ssh sends) claim the directory (mkdir: a second start of the same
#                                 attempt is refused, so the command never runs twice), write
#                                 the script, the variables (0600, removed by the supervisor
#                                 before the command starts) and the supervisor, start it under
#                                 setsid with SIGHUP ignored; returns once it recorded itself.
#                                 The data come before this file on stdin as the functions
#                                 rc_data_script, rc_data_env and rc_data_supervise.
#   follow KEY OFFSET             the remote log from byte OFFSET on stdout, exactly, then the
#                                 outcome on stderr; "alive" lines on stderr meanwhile.
#   cancel KEY GRACE_S            INT, TERM, KILL to the command's process group, GRACE_S apart,
#                                 by a process of its own on the host (the link may drop), and
#                                 only while the group leader has the recorded start time.
#   prune KEY                     remove KEY's directory tree unless something in it still runs.
#
# What the follower reads is on stderr, one line each, starting "rc: ".
set -u
# The login's umask is the command's (collectstatic's files must be readable by the web
# server); this file and the supervisor keep their own files private.
rc_umask=$(umask)
umask 077
rc_mode=$1 rc_key=$2
rc_arg=${3:-} rc_arg2=${4:-}

rc_say() { printf 'rc: %s\n' "$*" >&2; }

case $rc_key in
  '' | /* | *..* | *[!A-Za-z0-9._/@:-]*)
    rc_say "error bad key"
    exit 2
    ;;
esac
rc_dir=${XDG_STATE_HOME:-$HOME/.local/state}/release-cockpit/attempts/$rc_key

# Field 22 of /proc/PID/stat (start time) and the state letter, counted after the last ")".
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

# The same process (pid and start time) is there and not a zombie.
rc_alive() {
  rc_starttime "$1" && [ "$rc_st" = "$2" ] && [ "$rc_state" != Z ]
}

# Whether the attempt's supervisor or its command still runs on this boot; else rc_why says why.
rc_running() {
  if [ ! -f "$rc_dir/pid" ]; then
    rc_why="its supervisor never recorded itself"
    return 1
  fi
  read -r rc_pid rc_pstart rc_boot _ <"$rc_dir/pid"
  read -r rc_now_boot </proc/sys/kernel/random/boot_id
  if [ "$rc_boot" != "$rc_now_boot" ]; then
    rc_why="the host restarted (boot id changed) and the command left no exit record"
    return 1
  fi
  rc_alive "$rc_pid" "$rc_pstart" && return 0
  if [ -f "$rc_dir/pg" ]; then
    read -r rc_pg rc_pgstart <"$rc_dir/pg"
    rc_alive "$rc_pg" "$rc_pgstart" && return 0
  fi
  rc_why="its supervisor (pid $rc_pid) is gone and left no exit record"
  return 1
}

rc_start() {
  mkdir -p "${rc_dir%/*}" || { rc_say "error cannot create ${rc_dir%/*}"; exit 1; }
  if ! mkdir "$rc_dir" 2>/dev/null; then
    if [ -d "$rc_dir" ]; then
      rc_say "claimed"
      exit 0
    fi
    rc_say "error cannot create $rc_dir"
    exit 1
  fi
  if ! { rc_data_script >"$rc_dir/script.sh" && rc_data_env >"$rc_dir/env" &&
    rc_data_supervise >"$rc_dir/supervise.sh" && : >>"$rc_dir/log"; }; then
    rc_say "error cannot write $rc_dir"
    exit 1
  fi
  command -v setsid >/dev/null 2>&1 || { rc_say "error setsid not found"; exit 1; }
  (
    trap '' HUP
    exec setsid sh "$rc_dir/supervise.sh" run "$rc_dir" "$rc_arg" "$rc_arg2" "$rc_umask"
  ) </dev/null >>"$rc_dir/log" 2>&1 &
  rc_n=0
  while [ ! -f "$rc_dir/pid" ] && [ ! -f "$rc_dir/exit" ]; do
    rc_n=$((rc_n + 1))
    if [ "$rc_n" -gt 100 ]; then
      rc_say "error the supervisor did not start"
      exit 1
    fi
    sleep 0.1 2>/dev/null || sleep 1
  done
  rc_say "started"
}

rc_follow() {
  rc_off=$rc_arg
  case $rc_off in '' | *[!0-9]*) rc_say "error bad offset"; exit 2 ;; esac
  if [ ! -d "$rc_dir" ]; then
    rc_say "missing"
    return 0
  fi
  rc_say "alive $rc_off"
  rc_beat=0
  while :; do
    rc_size=$(wc -c <"$rc_dir/log") || rc_size=0
    rc_size=$((rc_size))
    rc_nap=1
    if [ "$rc_size" -gt "$rc_off" ]; then
      # Exactly the bytes from the offset to the size seen: the bastion's copy grows by as much.
      tail -c "+$((rc_off + 1))" "$rc_dir/log" | head -c "$((rc_size - rc_off))" || exit 1
      rc_off=$rc_size
      rc_nap=0.2
    fi
    if [ -f "$rc_dir/exit" ]; then
      rc_size=$(wc -c <"$rc_dir/log") || rc_size=0
      [ "$((rc_size))" -gt "$rc_off" ] && continue
      read -r rc_exit <"$rc_dir/exit"
      rc_say "exit $rc_exit"
      return 0
    fi
    if ! rc_running; then
      [ -f "$rc_dir/exit" ] && continue
      rc_say "unknown $rc_why"
      return 0
    fi
    # A write to a link that is gone ends this shell (SIGPIPE): no follower lingers for long.
    rc_beat=$((rc_beat + 1))
    if [ "$rc_beat" -ge 5 ]; then
      rc_say "alive $rc_off" || exit 1
      rc_beat=0
    fi
    sleep "$rc_nap" 2>/dev/null || sleep 1
  done
}

rc_cancel() {
  if [ ! -d "$rc_dir" ]; then
    rc_say "missing"
    return 0
  fi
  if [ -f "$rc_dir/exit" ]; then
    rc_say "cancel ended"
    return 0
  fi
  if [ ! -f "$rc_dir/pg" ]; then
    rc_say "cancel later: the command has not started yet"
    return 0
  fi
  read -r rc_pg rc_pgstart <"$rc_dir/pg"
  if ! rc_alive "$rc_pg" "$rc_pgstart"; then
    # Its pid may belong to another process by now: never signal it.
    rc_say "cancel gone"
    return 0
  fi
  # One escalation per attempt, however often the bastion asks.
  if mkdir "$rc_dir/cancel" 2>/dev/null; then
    (
      trap '' HUP
      exec setsid sh "$rc_dir/supervise.sh" cancel "$rc_dir" "$rc_arg"
    ) </dev/null >>"$rc_dir/log" 2>&1 &
  fi
  rc_say "cancel sent"
}

rc_prune() {
  if [ ! -d "$rc_dir" ]; then
    rc_say "pruned"
    return 0
  fi
  rc_top=$rc_dir
  # Attempt directories are named by the bastion (no newlines): one path per line.
  rc_busy=$(find "$rc_top" -name pid -type f | while read -r rc_pidfile; do
    rc_dir=${rc_pidfile%/pid}
    if [ ! -f "$rc_dir/exit" ] && rc_running; then
      printf '%s\n' "${rc_dir#"$rc_top"/}"
      break
    fi
  done)
  if [ -n "$rc_busy" ]; then
    rc_say "running $rc_busy"
    return 0
  fi
  rm -rf "$rc_top" && rc_say "pruned"
}

case $rc_mode in
  start) rc_start ;;
  follow) rc_follow ;;
  cancel) rc_cancel ;;
  prune) rc_prune ;;
  *) rc_say "error unknown mode"; exit 2 ;;
esac
