# shellcheck shell=bash
# release-cockpit follower of a multi-host step (bash, on the bastion). Copied next to the
# attempt with remote.sh and supervise.sh, and started detached like a wrapper:
#
#   . follow.sh start ATTEMPT_DIR     claim the attempt (step.lock, O_EXCL), start the command on
#                                     each host in batches, follow every host to its end
#   . follow.sh follow ATTEMPT_DIR    a later follower of the same attempt (the first one is
#                                     gone): follows the hosts already started, starts none
#
# Settings are in ATTEMPT_DIR/follow.conf, one "NAME VALUE" per line (written by
# remote-start.ts from checked values). The command runs on each host as a detached remote
# attempt (remote.sh start: claimed there by mkdir, so it never starts twice); the follower only
# follows it: each host's remote log is copied into hosts/<host>/log from the local size on
# (the local size is the offset: a reconnect leaves no gap and no duplicate), and when the
# link drops it reconnects with capped backoff and jitter, never touching the command. It
# keeps hosts/<host>/state.json (running, reconnecting, unreachable, …) for the cockpit and
# writes hosts/<host>/exit.json, the step's log lines and, at the end, exit.json.
#
# Connections are multiplexed: one ssh master per host (ControlMaster, ControlPersist, socket
# in a private directory), started with its output to a file, because a master keeps the
# standard output of the client that started it and a reader of that pipe would never see EOF.
#
# Over 300 lines because it is one program with one state (the hosts and their batches): the
# host loop (start, follow, reconnect, cancel) needs the helpers above it and the outcome at
# the end reads what every host loop wrote. Split into files sourced at run time, the copies an
# attempt keeps (an upgrade never changes a follower that runs) would have to stay in step.
# It runs under bash, sourced by the launching shell.
set -u +e +o pipefail
__rc_mode=$1 __rc_dir=$2
__rc_hosts=() __rc_ssh=()
__rc_key='' __rc_timeout='' __rc_grace=10.000 __rc_cancel_grace=5 __rc_conc=4 __rc_batch=0
__rc_maxfail=-1 __rc_allow=0 __rc_reconnect_for=600 __rc_names=''
while read -r __rc_k __rc_v; do
  case $__rc_k in
    key) __rc_key=$__rc_v ;;
    timeout) __rc_timeout=$__rc_v ;;
    grace) __rc_grace=$__rc_v ;;
    cancelGrace) __rc_cancel_grace=$__rc_v ;;
    concurrency) __rc_conc=$__rc_v ;;
    batch) __rc_batch=$__rc_v ;;
    maxFailures) __rc_maxfail=$__rc_v ;;
    allowHostFailures) __rc_allow=$__rc_v ;;
    reconnectFor) __rc_reconnect_for=$__rc_v ;;
    envNames) __rc_names=$__rc_v ;;
    ssh) __rc_ssh+=("$__rc_v") ;;
    host) __rc_hosts+=("$__rc_v") ;;
  esac
done <"$__rc_dir/follow.conf"

# --- records ----------------------------------------------------------------------------------
__rc_now() {
  local t=$EPOCHREALTIME us
  us=${t#*[.,]}
  TZ=UTC printf -v __rc_ts '%(%Y-%m-%dT%H:%M:%S)T.%sZ' "${t%[.,]*}" "${us:0:3}"
}
# One write(2): a reader sees the record whole or an empty file (see wrapper.sh).
__rc_record() { # file text [durable]
  printf '%s\n' "$2" >"$1" || return 1
  [ -n "${3:-}" ] && LC_ALL=C sync "$1" "${1%/*}" 2>/dev/null
  return 0
}
__rc_log() { __rc_now; printf '[%s] %s\n' "$__rc_ts" "$*"; }
__rc_json_text() { # a string for a JSON value (the texts here are ours: no control characters)
  local s=${1//\\/\\\\}
  printf -v __rc_jtext '"%s"' "${s//\"/\\\"}"
}
__rc_starttime() {
  local stat rest
  __rc_st=
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  rest=${stat##*) }
  local IFS=' '
  # shellcheck disable=SC2206
  __rc_fields=($rest)
  __rc_st=${__rc_fields[19]}
}
# Sleeping without a process: read from a pipe nobody writes to.
exec {__rc_napfd}<> <(:)
__rc_nap() { read -r -t "$1" -u "$__rc_napfd" _; }

# --- claim -----------------------------------------------------------------------------------
if [ "$__rc_mode" = start ]; then
  set -C
  { exec {__rc_lockfd}>"$__rc_dir/step.lock"; } 2>/dev/null || {
    printf 'release-cockpit: %s was already started (step.lock exists); not starting it twice\n' "$__rc_dir" >&2
    exit 75
  }
  set +C
else
  { exec {__rc_lockfd}<"$__rc_dir/step.lock"; } 2>/dev/null || exit 1
fi
# Held while this follower or anything it started lives (its ssh clients inherit it); a second
# follower of the same attempt refuses. A later one waits a little: what is left of the first
# one is being stopped (remote-start.ts).
__rc_wait_lock=-n
[ "$__rc_mode" = start ] || __rc_wait_lock='-w 10'
# shellcheck disable=SC2086
flock $__rc_wait_lock "$__rc_lockfd" || {
  printf 'release-cockpit: %s is followed by another follower\n' "$__rc_dir" >&2
  exit 75
}
trap '' HUP
read -r __rc_boot </proc/sys/kernel/random/boot_id || __rc_boot=unknown
__rc_starttime $$
__rc_now
# pgid 0: a cancel never signals the follower; it asks the hosts (cancel.json).
__rc_record "$__rc_dir/pid.json" \
  "{\"pid\":$$,\"pidStart\":\"$__rc_st\",\"bootId\":\"$__rc_boot\",\"startedAt\":\"$__rc_ts\",\"pgid\":0,\"pgidStart\":\"\",\"follower\":\"$__rc_mode\"}"
trap 'kill -- $(jobs -p) 2>/dev/null; exit 143' TERM

# --- ssh -------------------------------------------------------------------------------------
# A private directory for the master sockets, short enough for a unix socket path: %C is a
# hash of the address, user and port; a checksum of the alias is added because ssh spells an
# address one way, so aliases of one machine would share a master (and its MaxSessions).
__rc_ctl=${XDG_RUNTIME_DIR:-/tmp}/rc-ssh-$UID
mkdir -m 700 "$__rc_ctl" 2>/dev/null
if ! { [ -d "$__rc_ctl" ] && [ -O "$__rc_ctl" ] && [ ! -L "$__rc_ctl" ] && [ "$(stat -c %a "$__rc_ctl")" = 700 ]; }; then
  __rc_log "ssh multiplexing off: $__rc_ctl is not a private directory of this user"
  __rc_ctl=''
fi
__rc_control_path() { # host → __rc_mux
  local sum
  if [ -z "$__rc_ctl" ]; then
    __rc_mux=(-o ControlPath=none)
    return
  fi
  sum=$(printf '%s' "$1" | cksum)
  __rc_mux=(-o "ControlPath=$__rc_ctl/%C-${sum%% *}")
}
# Command-line options win over the user's ssh_config; everything else comes from it. (The
# first value given wins: the socket path comes before the user's options.)
__rc_base=(ssh -o BatchMode=yes)

# A master for the host, unless one is up: the only handshake a follow costs.
__rc_master() { # host hdir
  "${__rc_base[@]}" "${__rc_mux[@]}" "${__rc_ssh[@]}" -O check -- "$1" >/dev/null 2>&1 && return 0
  "${__rc_base[@]}" "${__rc_mux[@]}" "${__rc_ssh[@]}" -o ControlMaster=yes -o ControlPersist=60 -o ServerAliveInterval=10 \
    -o ServerAliveCountMax=3 -f -N -- "$1" </dev/null >/dev/null 2>>"$2/ssh.log" {__rc_lockfd}<&-
}
__rc_remote() { # host mode args… (stdin: what remote.sh reads)
  local host=$1
  shift
  "${__rc_base[@]}" "${__rc_mux[@]}" "${__rc_ssh[@]}" -o ControlMaster=no -T -- "$host" sh -s "$@"
}

# The data for remote.sh start, as here-documents (read, never run), then remote.sh itself.
__rc_start_stream() { # host
  local delim=RC_DATA_$SRANDOM$SRANDOM$SRANDOM name value env script
  script=$(<"$__rc_dir/script.sh")
  env=''
  for name in $__rc_names; do
    [[ -v $name ]] || continue
    value=${!name}
    env+="export $name='${value//\'/\'\\\'\'}'"$'\n'
  done
  env+="export RC_HOST='$1'"$'\n'
  [[ $script$env == *"$delim"* ]] && return 1
  printf "rc_data_script() {\ncat <<'%s'\n%s\n%s\n}\n" "$delim" "$script" "$delim"
  printf "rc_data_env() {\ncat <<'%s'\n%s%s\n}\n" "$delim" "$env" "$delim"
  printf "rc_data_supervise() {\ncat <<'%s'\n%s\n%s\n}\n" "$delim" "$(<"$__rc_dir/supervise.sh")" "$delim"
  cat "$__rc_dir/remote.sh"
}

# --- one host --------------------------------------------------------------------------------
# __rc_hstate hdir state [reason]: hosts/<host>/state.json (written on changes only).
__rc_hstate() {
  local extra='' cancel=''
  [ -n "${3:-}" ] && { __rc_json_text "$3"; extra=",\"reason\":$__rc_jtext"; }
  [ -n "${__rc_cancel_state:-}" ] && cancel=",\"cancel\":\"$__rc_cancel_state\""
  [ "$2" = "${__rc_last_state:-}" ] && [ "$2" != reconnecting ] && [ "$cancel" = "${__rc_last_cancel:-}" ] && return 0
  __rc_last_state=$2 __rc_last_cancel=$cancel
  __rc_now
  __rc_record "$1/state.json" \
    "{\"state\":\"$2\",\"since\":\"${__rc_since_ts:-$__rc_ts}\",\"at\":\"$__rc_ts\",\"reconnects\":$__rc_tries$extra$cancel}"
}

# __rc_hexit hdir code|null [json-fields]: the host's exit record.
__rc_hexit() {
  __rc_now
  __rc_record "$1/exit.json" "{\"exitCode\":$2,\"signal\":null,\"endedAt\":\"$__rc_ts\",\"timedOut\":false${3:-}}" durable
}

# Between tries: 1, 2, 4 … 30 s, each between 50 % and 100 % of that (so many hosts that lost
# the link together do not come back in step). Sets __rc_wait.
__rc_backoff() {
  local base=$((1 << (__rc_tries < 5 ? __rc_tries : 5)))
  ((base > 30)) && base=30
  __rc_wait=$((base * 500 + RANDOM % (base * 500 + 1)))
  printf -v __rc_wait '%d.%03d' $((__rc_wait / 1000)) $((__rc_wait % 1000))
}

# A link that failed again: reconnecting, or unreachable once it has failed for reconnectFor.
# Returns 1 when the operator stopped waiting for the unreachable host (hosts/<host>/stop-waiting,
# checked before and after the wait): its outcome is then unknown, its exit record written.
__rc_lost() { # host hdir why
  # The attempt's directory removed (the run deleted): nobody is left to follow for.
  [ -d "$__rc_dir" ] || exit 0
  __rc_tries=$((__rc_tries + 1))
  local t=${EPOCHREALTIME%[.,]*}
  if [ -z "$__rc_down_since" ]; then
    __rc_down_since=$t
    __rc_now
    __rc_since_ts=$__rc_ts
    __rc_log "$1 link lost ($3); reconnecting"
  fi
  if ((t - __rc_down_since >= __rc_reconnect_for)); then
    [ "${__rc_last_state:-}" = unreachable ] || __rc_log "$1 unreachable for $((t - __rc_down_since)) s; still trying"
    __rc_hstate "$2" unreachable "$3"
    __rc_stopped_waiting "$1" "$2" && return 1
  else
    __rc_hstate "$2" reconnecting "$3"
  fi
  __rc_backoff
  __rc_nap "$__rc_wait"
  [ "$__rc_last_state" != unreachable ] || ! __rc_stopped_waiting "$1" "$2"
}
__rc_stopped_waiting() { # host hdir
  [ -e "$2/stop-waiting" ] || return 1
  local why
  why="out of reach for $((${EPOCHREALTIME%[.,]*} - __rc_down_since)) s when the operator stopped waiting; its command may still run there"
  __rc_json_text "$why"
  __rc_hexit "$2" null ",\"unknown\":$__rc_jtext"
  __rc_hstate "$2" unknown "$why"
  __rc_log "$1 outcome unknown: $why"
}
__rc_back() { # host hdir
  if [ -n "$__rc_down_since" ]; then
    __rc_log "$1 reconnected after $__rc_tries tries"
  fi
  __rc_down_since='' __rc_tries=0 __rc_since_ts=''
  __rc_hstate "$2" running
}

# Deliver a requested cancel to the host (again until it is delivered); sets __rc_cancel_state.
__rc_cancel_host() { # host hdir
  [ -e "$__rc_dir/cancel.json" ] || return 0
  [ "${__rc_cancel_state:-}" = sent ] && return 0
  local said
  said=$(__rc_remote "$1" cancel "$__rc_key/$1" "$__rc_cancel_grace" <"$__rc_dir/remote.sh" 2>&1 >/dev/null {__rc_lockfd}<&-)
  case $said in
    *'rc: cancel sent'* | *'rc: cancel ended'* | *'rc: cancel gone'* | *'rc: missing'*)
      __rc_cancel_state=sent
      __rc_log "$1 cancel delivered"
      ;;
    *) __rc_cancel_state=queued ;;
  esac
}

# Start the command on the host. 0: started (or claimed before); 1: it never reached the host.
__rc_start_host() { # host hdir
  local said
  __rc_hstate "$2" starting
  while :; do
    if [ -e "$__rc_dir/cancel.json" ]; then
      __rc_hexit "$2" null ',"notStarted":true,"cancelled":true'
      return 1
    fi
    if __rc_master "$1" "$2"; then
      # A pipe, not a here-string: bash may keep a large one in a temporary file, and the
      # variables travel in it.
      said=$(__rc_start_stream "$1" | __rc_remote "$1" start "$__rc_key/$1" "${__rc_timeout:-0}" "$__rc_grace" 2>&1 >/dev/null {__rc_lockfd}<&-)
      case $said in
        *'rc: started'* | *'rc: claimed'*)
          : >"$2/started"
          __rc_log "$1 started"
          return 0
          ;;
        *'rc: error'*)
          said=${said##*rc: error }
          __rc_log "$1 FAILED to start: $said"
          printf '%s\n' "$said" >>"$2/log"
          __rc_hexit "$2" 255 ',"notStarted":true'
          return 1
          ;;
      esac
      # The call may have reached the host and claimed the attempt: from here on only
      # remote.sh can tell, so it is asked again (a second start of it is refused there).
      : >"$2/maybe-started"
    fi
    if [ ! -e "$2/maybe-started" ] && [ -n "$__rc_down_since" ] &&
      ((${EPOCHREALTIME%[.,]*} - __rc_down_since >= __rc_reconnect_for)); then
      __rc_log "$1 FAILED: not reachable over ssh; never started"
      __rc_hexit "$2" 255 ',"notStarted":true'
      return 1
    fi
    __rc_lost "$1" "$2" "the start did not reach it" || return 1
  done
}

__rc_follow_host() { # host hdir
  local off status said pid
  while :; do
    __rc_cancel_host "$1" "$2"
    if ! __rc_master "$1" "$2"; then
      __rc_lost "$1" "$2" "cannot connect" || return 0
      continue
    fi
    off=$(stat -c %s "$2/log" 2>/dev/null) || off=0
    : >"$2/follow.err"
    __rc_remote "$1" follow "$__rc_key/$1" "$off" <"$__rc_dir/remote.sh" >>"$2/log" 2>"$2/follow.err" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      if [ "${__rc_last_state:-}" != running ] && grep -q '^rc: alive' "$2/follow.err" 2>/dev/null; then
        __rc_back "$1" "$2"
      fi
      [ "${__rc_cancel_state:-}" != sent ] && __rc_cancel_host "$1" "$2" && __rc_hstate "$2" "${__rc_last_state:-running}"
      __rc_nap 0.5
    done
    wait "$pid"
    status=$?
    # A short session may end before the watch above saw it come up.
    if [ "${__rc_last_state:-}" != running ] && grep -q '^rc: alive' "$2/follow.err" 2>/dev/null; then
      __rc_back "$1" "$2"
    fi
    said=$(grep '^rc: \(exit\|unknown\|missing\)' "$2/follow.err" 2>/dev/null | tail -n 1)
    case $said in
      'rc: exit {"exitCode":'*)
        said=${said#rc: exit }
        if [[ $said =~ ^\{\"exitCode\":-?[0-9]+,\"signal\":(null|\"SIG[A-Z0-9+]+\"),\"endedAt\":\"[0-9TZ:.-]+\",\"timedOut\":(true|false)\}$ ]]; then
          __rc_record "$2/exit.json" "$said" durable
          __rc_hstate "$2" exited
          return 0
        fi
        __rc_hexit "$2" null ',"unknown":"its exit record on the host is unreadable"'
        __rc_hstate "$2" unknown "its exit record on the host is unreadable"
        return 0
        ;;
      'rc: unknown '* | 'rc: missing'*)
        said=${said#rc: unknown }
        [ "$said" = 'rc: missing' ] && said="its directory on the host is gone"
        if [ "$said" = "its directory on the host is gone" ] && [ ! -e "$2/started" ] && [ ! -e "$2/maybe-started" ]; then
          __rc_hexit "$2" null ',"notStarted":true'
          __rc_hstate "$2" not-started
          return 0
        fi
        __rc_json_text "$said"
        __rc_hexit "$2" null ",\"unknown\":$__rc_jtext"
        __rc_hstate "$2" unknown "$said"
        __rc_log "$1 outcome unknown: $said"
        return 0
        ;;
    esac
    __rc_lost "$1" "$2" "ssh exited $status" || return 0
  done
}

__rc_host() { # host
  local host=$1 hdir=$__rc_dir/hosts/$1
  __rc_tries=0 __rc_down_since='' __rc_since_ts='' __rc_last_state='' __rc_cancel_state=''
  __rc_control_path "$host"
  [ -s "$hdir/exit.json" ] && return 0
  if [ "$__rc_mode" = start ] && [ ! -e "$hdir/started" ]; then
    __rc_start_host "$host" "$hdir" || return 0
  fi
  __rc_follow_host "$host" "$hdir"
  __rc_report "$host"
}

# The host's line in the step's log.
__rc_report() { # host
  local j
  j=$(<"$__rc_dir/hosts/$1/exit.json") || j=
  if [[ $j =~ \"exitCode\":0, ]]; then __rc_log "$1 ok"
  elif [[ $j =~ \"unknown\" ]]; then :
  elif [[ $j =~ \"timedOut\":true ]]; then __rc_log "$1 FAILED: timed out"
  elif [[ $j =~ \"exitCode\":(-?[0-9]+) ]]; then __rc_log "$1 FAILED: exit ${BASH_REMATCH[1]}"
  fi
}

# --- batches ---------------------------------------------------------------------------------
__rc_total=${#__rc_hosts[@]}
((__rc_batch > 0)) || __rc_batch=$__rc_total
((__rc_maxfail >= 0)) || __rc_maxfail=$((__rc_allow == 1 ? __rc_total : 0))
__rc_failed=0 __rc_stop='' __rc_i=0 __rc_nbatch=$(((__rc_total + __rc_batch - 1) / __rc_batch))
__rc_failed_of() { # host → 0 when it failed
  local j
  j=$(<"$__rc_dir/hosts/$1/exit.json") || return 0
  [[ $j =~ \"exitCode\":0, ]] && return 1
  return 0
}
while ((__rc_i < __rc_total)); do
  __rc_b=$((__rc_i / __rc_batch + 1))
  __rc_these=("${__rc_hosts[@]:__rc_i:__rc_batch}")
  ((__rc_nbatch > 1)) && __rc_log "batch $__rc_b/$__rc_nbatch: ${__rc_these[*]}"
  __rc_running=0
  for __rc_h in "${__rc_these[@]}"; do
    if ((__rc_running >= __rc_conc)); then wait -n; __rc_running=$((__rc_running - 1)); fi
    ( trap - TERM; __rc_host "$__rc_h" ) &
    __rc_running=$((__rc_running + 1))
  done
  wait
  for __rc_h in "${__rc_these[@]}"; do __rc_failed_of "$__rc_h" && __rc_failed=$((__rc_failed + 1)); done
  __rc_i=$((__rc_i + __rc_batch))
  ((__rc_i < __rc_total)) || break
  if [ -e "$__rc_dir/cancel.json" ]; then __rc_stop='cancelled'; break; fi
  if ((__rc_failed > __rc_maxfail)); then
    __rc_stop="$__rc_failed failed, more than the $__rc_maxfail the plan allows (maxFailures)"
    break
  fi
  if [ "$__rc_mode" != start ]; then continue; fi
  if [ -f "$__rc_dir/health.sh" ]; then
    __rc_log "health gate after batch $__rc_b"
    RC_BATCH=$__rc_b RC_BATCH_HOSTS="${__rc_these[*]}" \
      bash --noprofile --norc -e -o pipefail "$__rc_dir/health.sh" </dev/null {__rc_lockfd}<&-
    __rc_st=$?
    if [ "$__rc_st" != 0 ]; then
      __rc_stop="the health gate after batch $__rc_b failed (exit $__rc_st)"
      break
    fi
    __rc_log "health gate passed"
  fi
done
for __rc_h in "${__rc_hosts[@]}"; do
  [ -s "$__rc_dir/hosts/$__rc_h/exit.json" ] && continue
  __rc_hexit "$__rc_dir/hosts/$__rc_h" null ',"notStarted":true'
  [ -e "$__rc_dir/hosts/$__rc_h/state.json" ] || __rc_record "$__rc_dir/hosts/$__rc_h/state.json" '{"state":"not-started"}'
done
[ -n "$__rc_stop" ] && __rc_log "stopped: $__rc_stop; not started: $(for h in "${__rc_hosts[@]}"; do [ -e "$__rc_dir/hosts/$h/started" ] || printf '%s ' "$h"; done)"

# --- the step's outcome ----------------------------------------------------------------------
__rc_bad=() __rc_unknown=() __rc_timed=false __rc_notstarted=()
for __rc_h in "${__rc_hosts[@]}"; do
  __rc_j=$(<"$__rc_dir/hosts/$__rc_h/exit.json") || __rc_j=
  [[ $__rc_j =~ \"timedOut\":true ]] && __rc_timed=true
  if [[ $__rc_j =~ \"exitCode\":0, ]]; then continue
  elif [[ $__rc_j =~ \"unknown\":\"([^\"]*)\" ]]; then __rc_unknown+=("$__rc_h: ${BASH_REMATCH[1]}")
  elif [[ $__rc_j =~ \"notStarted\":true ]] && [ "$__rc_mode" != start ] && [ -z "$__rc_stop" ]; then
    __rc_notstarted+=("$__rc_h")
  else __rc_bad+=("$__rc_h")
  fi
done
__rc_ok=$((__rc_total - ${#__rc_bad[@]} - ${#__rc_unknown[@]} - ${#__rc_notstarted[@]}))
__rc_code=0 __rc_extra=''
if ((${#__rc_bad[@]} + ${#__rc_notstarted[@]} > 0)); then
  __rc_log "$__rc_total hosts: $__rc_ok ok, $((${#__rc_bad[@]} + ${#__rc_notstarted[@]})) failed: ${__rc_bad[*]} ${__rc_notstarted[*]}"
  __rc_code=1
  ((${#__rc_notstarted[@]})) && __rc_log "never started (the first follower was gone before their turn): ${__rc_notstarted[*]}"
  if [ "$__rc_allow" = 1 ] && [ -z "$__rc_stop" ]; then
    __rc_log 'failures allowed by the plan (allowHostFailures)'
    __rc_code=0
  fi
elif ((${#__rc_unknown[@]} == 0)); then
  __rc_log "$__rc_total hosts: all ok"
fi
if ((${#__rc_unknown[@]} > 0)); then
  __rc_log "outcome unknown on ${#__rc_unknown[@]} of $__rc_total hosts; decide after verifying"
  if [ "$__rc_code" = 0 ]; then
    __rc_code=null
    __rc_json_text "$(IFS=';'; printf '%s' "${__rc_unknown[*]}")"
    __rc_extra=",\"unknown\":$__rc_jtext"
  fi
fi
__rc_now
__rc_record "$__rc_dir/exit.json" \
  "{\"exitCode\":$__rc_code,\"signal\":null,\"endedAt\":\"$__rc_ts\",\"timedOut\":$__rc_timed$__rc_extra}" durable
[ "$__rc_code" = null ] && exit 0
exit "$__rc_code"
