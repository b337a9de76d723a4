# shellcheck shell=bash disable=SC2034  # the names are for the scripts that source this file
# The rehearsal environment's names, paths and ports, shared by up.sh, down.sh and reset.sh.
# Everything lives below $RC_REHEARSAL_ROOT and listens on 127.0.0.1 only; ports are
# $RC_REHEARSAL_PORT_BASE + a fixed offset, so two checkouts can use two bases.
set -euo pipefail

ROOT=${RC_REHEARSAL_ROOT:-/srv/rc-rehearsal}
BASE=${RC_REHEARSAL_PORT_BASE:-17400}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
APP_SRC=$(cd "$HERE/../app" && pwd)

DEPLOY_USER=rc-deploy      # the deploy user on every host (sudo systemctl, the app's files)
LEAD_USER=rc-techlead      # the tech lead on the bastion: signs the go/no-go and the rollback
TEAM_GROUP=rc-release      # the release team: may write the cockpit's shared state directory

# Host aliases (the bastion's ssh config) and each one's ports.
HOSTS=(rehearsal-staging rehearsal-app1 rehearsal-app2)
declare -A SSH_PORT=([rehearsal-staging]=$((BASE + 22)) [rehearsal-app1]=$((BASE + 23)) [rehearsal-app2]=$((BASE + 24)))
declare -A APP_PORT=([rehearsal-staging]=$((BASE + 80)) [rehearsal-app1]=$((BASE + 81)) [rehearsal-app2]=$((BASE + 82)))
declare -A WEB_PORT=([rehearsal-staging]=$((BASE + 90)) [rehearsal-app1]=$((BASE + 91)) [rehearsal-app2]=$((BASE + 92)))
# Which database a host's app uses by default, and its celery broker database.
declare -A HOST_DB=([rehearsal-staging]=inspection_staging [rehearsal-app1]=inspection_prod [rehearsal-app2]=inspection_prod)
declare -A HOST_REDIS_DB=([rehearsal-staging]=1 [rehearsal-app1]=0 [rehearsal-app2]=0)
LB_PORT=$BASE              # the site's front (SITE_URL): both prod app hosts behind it
SMTP_PORT=$((BASE + 25))   # the mail sink
HOOK_PORT=$((BASE + 43))   # the chat webhook sink
PG_PORT=$((BASE + 32))
REDIS_PORT=$((BASE + 79))

# Inside a host's mount namespace its own directory is here (HOSTS_DIR/<alias> from outside).
HOST_MOUNT=$ROOT/host
HOSTS_DIR=$ROOT/hosts
DEPLOY_HOME=/home/$DEPLOY_USER
STATE_DIR=$ROOT/state      # the cockpit's state directory (team.yaml, runs)
RUN_DIR=$ROOT/run          # pid files of the environment's daemons
PG_DIR=$ROOT/pg
PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
PG_SOCKET=$PG_DIR/run

say() { printf 'rehearsal: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "run as root (it creates users, sshd instances and a PostgreSQL cluster)"
    exec sudo --preserve-env=RC_REHEARSAL_ROOT,RC_REHEARSAL_PORT_BASE,CI -- "$0" "$@"
  fi
}

# Run as the database superuser over the cluster's private socket.
pg() { runuser -u postgres -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -d postgres "$@"; }

# A command on a host, as the deploy user, over the same ssh the cockpit uses.
on_host() {
  local host=$1
  shift
  ssh -F "$ROOT/ssh/config" -o BatchMode=yes "$host" "$@"
}

# A daemon in a session of its own, its pid in RUN_DIR/<name>.pid, its output in <name>.log.
start_daemon() {
  local name=$1
  shift
  setsid "$@" </dev/null >>"$RUN_DIR/$name.log" 2>&1 &
  printf '%s\n' "$!" >"$RUN_DIR/$name.pid"
}

# Wait until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  local port=$1 what=$2 n=0
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    n=$((n + 1))
    [ "$n" -le 100 ] || die "$what did not start listening on 127.0.0.1:$port (see $RUN_DIR)"
    sleep 0.1
  done
}
