#!/bin/sh
# A small systemctl for the rehearsal's hosts, where PID 1 is not systemd: the plan's commands
# stay those of a real host (`sudo -n systemctl restart -- UNIT…`, `systemctl is-active`).
# Installed as ROOT/bin/systemctl; a unit is HOST/etc/units/NAME.unit (root's, sourced):
#   EXEC='command line'    run by sh as the deploy user in HOST/app, with HOST/etc/app.env
#   USER=rc-deploy
# Its main pid is HOST/run/NAME.pid and its output HOST/log/NAME.log, both written by root (the
# deploy user cannot point root at another pid or file). Verbs: start stop restart
# reload-or-restart is-active status.
set -eu
umask 022
root=$(cd "$(dirname "$0")/.." && pwd)
host=$root/host
quiet=false
verb=''
units=''
for arg in "$@"; do
  case $arg in
    --quiet | -q) quiet=true ;;
    --no-pager | --no-block | --) ;;
    -*) echo "systemctl (rehearsal): unknown option $arg" >&2; exit 2 ;;
    *) if [ -z "$verb" ]; then verb=$arg; else units="$units $arg"; fi ;;
  esac
done
[ -n "$verb" ] || { echo "usage: systemctl VERB [--quiet] [--] UNIT..." >&2; exit 2; }

unit_file() {
  f=$host/etc/units/${1%.service}.unit
  [ -f "$f" ] || { echo "Unit $1 could not be found." >&2; return 5; }
  printf '%s\n' "$f"
}

# The unit's main process is alive (not a zombie).
is_running() {
  pidfile=$host/run/${1%.service}.pid
  [ -f "$pidfile" ] || return 1
  read -r pid <"$pidfile" || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

start_unit() {
  name=${1%.service}
  file=$(unit_file "$1") || return 5
  is_running "$name" && return 0
  [ "$(id -u)" = 0 ] || { echo "Failed to start $name: Access denied (use sudo)" >&2; return 4; }
  EXEC='' USER=''
  # shellcheck disable=SC1090
  . "$file"
  # setpriv and env exec: the pid recorded is the service's own (and its process group's).
  # shellcheck disable=SC2016 # expanded by the service's shell, from its arguments
  setsid setpriv --reuid="$USER" --regid="$USER" --init-groups -- env -i \
    HOME="$(getent passwd "$USER" | cut -d: -f6)" USER="$USER" PATH=/usr/local/bin:/usr/bin:/bin \
    LANG=C.UTF-8 PYTHONUNBUFFERED=1 \
    sh -c 'cd "$1/app" && set -a && . "$1/etc/app.env" && set +a && exec sh -c "$2"' sh "$host" "$EXEC" \
    </dev/null >>"$host/log/$name.log" 2>&1 &
  printf '%s\n' "$!" >"$host/run/$name.pid"
  sleep 1
  is_running "$name" || { echo "Job for $name failed: it exited at once (see $host/log/$name.log)" >&2; return 1; }
}

stop_unit() {
  name=${1%.service}
  unit_file "$1" >/dev/null || return 5
  is_running "$name" || return 0
  [ "$(id -u)" = 0 ] || { echo "Failed to stop $name: Access denied (use sudo)" >&2; return 4; }
  read -r pid <"$host/run/$name.pid"
  # The service leads its own process group (setsid): TERM to it, then KILL to what is left.
  kill -TERM "$pid" 2>/dev/null || true
  n=0
  while is_running "$name" && [ "$n" -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$host/run/$name.pid"
}

status=0
case $verb in
  start | stop | restart | reload-or-restart | try-restart)
    for unit in $units; do
      case $verb in
        start) start_unit "$unit" || status=$? ;;
        stop) stop_unit "$unit" || status=$? ;;
        *) { stop_unit "$unit" && start_unit "$unit"; } || status=$? ;;
      esac
    done
    ;;
  is-active)
    # Like systemd: one line per unit; success when at least one of them is active.
    status=3
    for unit in $units; do
      if unit_file "$unit" >/dev/null 2>&1 && is_running "$unit"; then
        state=active status=0
      else
        state=inactive
      fi
      [ "$quiet" = true ] || echo "$state"
    done
    ;;
  status)
    for unit in $units; do
      if is_running "$unit"; then echo "● $unit - active (running)"; else echo "○ $unit - inactive"; status=3; fi
      tail -n 5 "$host/log/${unit%.service}.log" 2>/dev/null || true
    done
    ;;
  *) echo "systemctl (rehearsal): verb $verb is not supported" >&2; status=2 ;;
esac
exit "$status"
