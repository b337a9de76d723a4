#!/usr/bin/env bash
# npm run rehearse:down — stop every process of the rehearsal environment and remove it, but
# for the cockpit's state directory ($ROOT/state: the rehearsals' journals, whose durations
# feed the expected durations of the real release) and the reports. --purge removes those too,
# and the rehearsal's users and group. Ends with a check that nothing of it still runs.
# shellcheck source-path=SCRIPTDIR
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
need_root "$@"
purge=false
[ "${1:-}" = --purge ] && purge=true

# TERM, a moment, then KILL: the pids given.
stop_pids() {
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  local n=0
  while [ "$n" -lt 50 ] && kill -0 "$@" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
  kill -KILL "$@" 2>/dev/null || true
}

# Every process in the mount namespace of pid $1 (a host's sshd, its sessions, its services).
namespace_pids() {
  local ns proc
  ns=$(readlink "/proc/$1/ns/mnt" 2>/dev/null) || return 0
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/ns/mnt" 2>/dev/null)" = "$ns" ] && printf '%s\n' "${proc#/proc/}"
  done
  return 0
}

if [ -d "$RUN_DIR" ]; then
  for pidfile in "$RUN_DIR"/sshd-*.pid; do
    [ -f "$pidfile" ] || continue
    read -r pid <"$pidfile" || continue
    mapfile -t pids < <(namespace_pids "$pid")
    stop_pids "${pids[@]}"
  done
  for pidfile in "$RUN_DIR"/*.pid; do
    [ -f "$pidfile" ] || continue
    read -r pid <"$pidfile" || continue
    stop_pids "$pid"
  done
fi
if [ -f "$PG_DIR/data/postmaster.pid" ] && [ -n "$PG_BIN" ]; then
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -s stop || true
fi
# Whatever the deploy user or the tech lead still runs (a follower's remote side, a sign-off).
for user in "$DEPLOY_USER" "$LEAD_USER"; do
  if id "$user" >/dev/null 2>&1; then pkill -KILL -u "$user" 2>/dev/null || true; fi
done
rm -f /etc/sudoers.d/rc-rehearsal

if [ -d "$ROOT" ]; then
  if [ "$purge" = true ]; then
    rm -rf "$ROOT"
  else
    find "$ROOT" -mindepth 1 -maxdepth 1 ! -name state ! -name reports -exec rm -rf {} +
  fi
fi
if [ "$purge" = true ]; then
  for user in "$DEPLOY_USER" "$LEAD_USER"; do
    if id "$user" >/dev/null 2>&1; then userdel -r "$user" 2>/dev/null || userdel "$user"; fi
  done
  if getent group "$TEAM_GROUP" >/dev/null; then groupdel "$TEAM_GROUP"; fi
fi

# Nothing of the environment may still run: a process of its users, or one started from $ROOT.
uids=$(for user in "$DEPLOY_USER" "$LEAD_USER"; do id -u "$user" 2>/dev/null || true; done | paste -sd' ')
left=$(ps -eo pid=,uid=,args= | awk -v uids=" $uids " -v root="$ROOT/" \
  'index(uids, " " $2 " ") || index($0, root) { print }' | grep -v -e "awk -v" -e "ps -eo" || true)
if [ -n "$left" ]; then
  say "still running after down:"
  printf '%s\n' "$left" >&2
  exit 1
fi
say "down: nothing of the rehearsal runs any more"
