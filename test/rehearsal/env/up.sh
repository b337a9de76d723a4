#!/usr/bin/env bash
# npm run rehearse:up — the stack the architecture-2.0 plan is rehearsed against, on this one
# Debian machine (root; no containers), everything on 127.0.0.1:
#   PostgreSQL (a private cluster: prod, staging, the dry-run copy), Redis (celery's broker),
#   three ssh "hosts" — rehearsal-staging, rehearsal-app1 (primary), rehearsal-app2 — each an
#   sshd in a mount namespace of its own, where $ROOT/host and the deploy user's home are that
#   host's own directories; on each, the Django app (git clone of a local origin with v1.0.0
#   and v2.0.0) in a venv, gunicorn, a celery worker and nginx under a
#   systemctl-compatible shim; a front nginx (the plan's SITE_URL) before both prod hosts; a
#   mail sink (SMTP) and a chat-webhook sink. Writes the run's variables, the answers files and
#   the team file. Up after up starts from scratch.
# shellcheck source-path=SCRIPTDIR
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
need_root "$@"

PACKAGES=(postgresql redis-server nginx python3-django python3-celery python3-redis python3-psycopg2
  gunicorn python3-pytest python3-pytest-django python3-pip python3-aiosmtpd msmtp sudo git curl
  openssh-server openssh-client util-linux procps
  python3-cairo)  # python3-gi (in many base images) needs it, or `pip check` on the hosts fails

install_packages() {
  local missing=() package
  for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages and no apt-get: ${missing[*]}"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d: the packages' own services (the distribution's postgresql, redis, nginx) stay off.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || {
    rm -f /usr/sbin/policy-rc.d
    die "apt-get install failed"
  }
  rm -f /usr/sbin/policy-rc.d
  PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
}

# An nginx running as a user of its own keeps its temporary files in DIR.
nginx_temp_paths() {
  local kind
  for kind in client_body proxy fastcgi uwsgi scgi; do
    printf '  %s_temp_path %s/%s;\n' "$kind" "$1" "${kind#client_}"
  done
}

as_deploy() { setpriv --reuid="$DEPLOY_USER" --regid="$DEPLOY_USER" --init-groups -- env HOME="$DEPLOY_HOME" "$@"; }

create_users() {
  getent group "$TEAM_GROUP" >/dev/null || groupadd "$TEAM_GROUP"
  if ! id "$DEPLOY_USER" >/dev/null 2>&1; then
    useradd -m -d "$DEPLOY_HOME" -s /bin/bash "$DEPLOY_USER"
  fi
  # No password, yet not locked: sshd without PAM refuses keys of a locked ("!") account.
  usermod -p '*' "$DEPLOY_USER"
  if ! id "$LEAD_USER" >/dev/null 2>&1; then
    useradd -M -N -g "$TEAM_GROUP" -d /nonexistent -s /usr/sbin/nologin "$LEAD_USER"
  fi
  cat >/etc/sudoers.d/rc-rehearsal <<SUDO
# release-cockpit rehearsal: the deploy user restarts the app's units, as the plan assumes.
Defaults:$DEPLOY_USER secure_path="$ROOT/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
$DEPLOY_USER ALL=(root) NOPASSWD: $ROOT/bin/systemctl
SUDO
  chmod 440 /etc/sudoers.d/rc-rehearsal
  visudo -cqf /etc/sudoers.d/rc-rehearsal || die "the sudoers file does not parse"
}

layout() {
  install -d -m 755 "$ROOT" "$ROOT/bin" "$ROOT/host" "$HOSTS_DIR" "$RUN_DIR" "$ROOT/ssh" "$ROOT/sinks" "$ROOT/lb"
  install -d -m 700 "$ROOT/secrets"
  install -d -m 2770 -g "$TEAM_GROUP" "$STATE_DIR"
  install -m 755 "$HERE/systemctl.sh" "$ROOT/bin/systemctl"
  install -m 755 "$HERE/journalctl.sh" "$ROOT/bin/journalctl"
  install -m 755 "$HERE/webhook-sink.py" "$ROOT/bin/webhook-sink.py"
  sed "s/@SMTP_PORT@/$SMTP_PORT/" "$HERE/sendmail.sh" >"$ROOT/bin/sendmail" && chmod 755 "$ROOT/bin/sendmail"
  cp "$HERE/env.sh" "$ROOT/env.sh" 2>/dev/null || true
}

start_postgres() {
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL's server is not installed (postgresql)"
  install -d -o postgres -g postgres -m 700 "$PG_DIR" "$PG_DIR/data"
  install -d -o postgres -g postgres -m 755 "$PG_SOCKET"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth-local=peer \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$RUN_DIR/initdb.log"
  cat >>"$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET'
CONF
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -s start
  head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$ROOT/secrets/pg-password"
  local password
  password=$(cat "$ROOT/secrets/pg-password")
  pg -c "CREATE ROLE inspection LOGIN CREATEDB PASSWORD '$password'"
  local db
  for db in inspection_v1 inspection_prod inspection_staging inspection_dryrun; do
    pg -c "CREATE DATABASE $db OWNER inspection"
  done
}

start_redis() {
  install -d -o redis -g redis -m 700 "$ROOT/redis"
  start_daemon redis setpriv --reuid=redis --regid=redis --init-groups -- redis-server --bind 127.0.0.1 \
    --port "$REDIS_PORT" --save '' --appendonly no --dir "$ROOT/redis" --daemonize no
  wait_port "$REDIS_PORT" redis
}

start_sinks() {
  install -d -o nobody -g nogroup -m 755 "$ROOT/sinks/mail" "$ROOT/sinks/mail/tmp" "$ROOT/sinks/mail/new" \
    "$ROOT/sinks/mail/cur" "$ROOT/sinks/webhook"
  start_daemon mail-sink setpriv --reuid=nobody --regid=nogroup --clear-groups -- /usr/bin/python3 -m aiosmtpd \
    -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$ROOT/sinks/mail"
  start_daemon webhook-sink setpriv --reuid=nobody --regid=nogroup --clear-groups -- /usr/bin/python3 \
    "$ROOT/bin/webhook-sink.py" "$HOOK_PORT" "$ROOT/sinks/webhook"
  wait_port "$SMTP_PORT" "the mail sink"
  wait_port "$HOOK_PORT" "the webhook sink"
}

# The app's history: v1.0.0 and v2.0.0 on main.
build_origin() {
  local work
  work=$(mktemp -d)
  export GIT_AUTHOR_NAME=Rehearsal GIT_AUTHOR_EMAIL=rehearsal@rehearsal.invalid
  export GIT_COMMITTER_NAME=Rehearsal GIT_COMMITTER_EMAIL=rehearsal@rehearsal.invalid
  commit() {
    cp -a "$1/." "$work/"
    git -C "$work" add -A
    GIT_AUTHOR_DATE=$2 GIT_COMMITTER_DATE=$2 git -C "$work" commit -q -m "$3"
    git -C "$work" tag -a "$4" -m "$4"
  }
  git init -q -b main "$work"
  commit "$APP_SRC/v1" 2026-10-01T10:00:00Z "Release 1.0.0" v1.0.0
  commit "$APP_SRC/v2" 2026-11-20T10:00:00Z "Architecture 2.0: the administrator's cabinet, review status, offline sync" v2.0.0
  git clone -q --bare "$work" "$ROOT/origin.git"
  rm -rf "$work"
  chown -R "$DEPLOY_USER:" "$ROOT/origin.git"
}

ssh_keys() {
  ssh-keygen -q -t ed25519 -N '' -C rehearsal-bastion -f "$ROOT/ssh/id_ed25519"
  install -m 644 "$ROOT/ssh/id_ed25519.pub" "$ROOT/ssh/authorized_keys"
  : >"$ROOT/ssh/known_hosts"
  : >"$ROOT/ssh/config"
}

setup_host() {
  local host=$1 dir=$HOSTS_DIR/$1
  install -d -m 755 "$dir" "$dir/etc" "$dir/etc/units" "$dir/log" "$dir/run"
  install -d -o "$DEPLOY_USER" -g "$DEPLOY_USER" -m 755 "$dir/app" "$dir/venv" "$dir/www" "$dir/www/static" "$dir/www/offline" "$dir/backups" \
    "$dir/daily" "$dir/tmp" "$dir/home"
  as_deploy git clone -q "$ROOT/origin.git" "$dir/app"
  as_deploy git -C "$dir/app" checkout -q --detach v1.0.0
  as_deploy /usr/bin/python3 -m venv --system-site-packages --without-pip "$dir/venv"
  # The home the deploy user has on this host: libpq's password file; pip never asks an index.
  install -d -o "$DEPLOY_USER" -g "$DEPLOY_USER" -m 700 "$dir/home/.config" "$dir/home/.config/pip"
  printf '127.0.0.1:%s:*:inspection:%s\n' "$PG_PORT" "$(cat "$ROOT/secrets/pg-password")" >"$dir/home/.pgpass"
  printf '[global]\nno-index = true\ndisable-pip-version-check = true\n' >"$dir/home/.config/pip/pip.conf"
  chown "$DEPLOY_USER:" "$dir/home/.pgpass" "$dir/home/.config/pip/pip.conf"
  chmod 600 "$dir/home/.pgpass"
  cat >"$dir/etc/app.env" <<ENV
DATABASE_URL=postgresql://inspection@127.0.0.1:$PG_PORT/${HOST_DB[$host]}
CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/${HOST_REDIS_DB[$host]}
STATIC_ROOT=$HOST_MOUNT/www/static
GUNICORN_BIND=127.0.0.1:${APP_PORT[$host]}
ENV
  cat >"$dir/etc/units/inspection-gunicorn.unit" <<UNIT
USER=$DEPLOY_USER
EXEC='exec $HOST_MOUNT/venv/bin/python -m gunicorn --bind "\$GUNICORN_BIND" --workers 2 --graceful-timeout 5 inspection.wsgi'
UNIT
  cat >"$dir/etc/units/inspection-celery.unit" <<UNIT
USER=$DEPLOY_USER
EXEC='exec $HOST_MOUNT/venv/bin/python -m celery -A inspection worker --loglevel INFO --concurrency 1 --queues offline-sync --hostname worker@$host'
UNIT
  # The web server is not the deploy user, as on a Debian host: what a step leaves unreadable
  # (static files under a private umask) shows here as it would in production.
  install -d -o www-data -g www-data -m 700 "$dir/tmp/nginx"
  cat >"$dir/etc/units/nginx.unit" <<UNIT
USER=www-data
EXEC='exec /usr/sbin/nginx -e stderr -c $HOST_MOUNT/etc/nginx.conf -g "daemon off;"'
UNIT
  cat >"$dir/etc/nginx.conf" <<NGINX
worker_processes 1;
pid $HOST_MOUNT/tmp/nginx/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log off;
$(nginx_temp_paths "$HOST_MOUNT/tmp/nginx")
  server {
    listen 127.0.0.1:${WEB_PORT[$host]};
    location /static/ { alias $HOST_MOUNT/www/static/; }
    location / { proxy_pass http://127.0.0.1:${APP_PORT[$host]}; proxy_set_header Host 127.0.0.1; }
  }
}
NGINX
  ssh-keygen -q -t ed25519 -N '' -C "$host" -f "$dir/etc/ssh_host_ed25519_key"
  printf '%s %s\n' "$host" "$(cut -d' ' -f1,2 "$dir/etc/ssh_host_ed25519_key.pub")" >>"$ROOT/ssh/known_hosts"
  cat >"$dir/etc/sshd_config" <<SSHD
Port ${SSH_PORT[$host]}
ListenAddress 127.0.0.1
HostKey $dir/etc/ssh_host_ed25519_key
AuthorizedKeysFile $ROOT/ssh/authorized_keys
PidFile none
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers $DEPLOY_USER
SetEnv PATH=$ROOT/bin:/usr/local/bin:/usr/bin:/bin
UseDNS no
PrintMotd no
PrintLastLog no
MaxSessions 50
MaxStartups 50:30:100
LogLevel INFO
SSHD
  cat >>"$ROOT/ssh/config" <<CONFIG
Host $host
  HostName 127.0.0.1
  Port ${SSH_PORT[$host]}
  User $DEPLOY_USER
  IdentityFile $ROOT/ssh/id_ed25519
  IdentitiesOnly yes
  HostKeyAlias $host
  UserKnownHostsFile $ROOT/ssh/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes

CONFIG
  # The host's own view: its directory at $HOST_MOUNT, its home at the deploy user's home.
  # shellcheck disable=SC2016 # expanded by the namespace's shell, from its arguments
  start_daemon "sshd-$host" unshare --mount --propagation private -- sh -c \
    'mount --bind "$1" "$2" && mount --bind "$3" "$4" && exec /usr/sbin/sshd -D -e -f "$5"' \
    sh "$dir" "$HOST_MOUNT" "$dir/home" "$DEPLOY_HOME" "$dir/etc/sshd_config"
  wait_port "${SSH_PORT[$host]}" "sshd of $host"
}

start_front() {
  install -d -o nobody -g nogroup -m 755 "$ROOT/lb/tmp"
  cat >"$ROOT/lb/nginx.conf" <<NGINX
worker_processes 1;
pid $ROOT/lb/tmp/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
  access_log off;
$(nginx_temp_paths "$ROOT/lb/tmp")
  upstream prod { server 127.0.0.1:${WEB_PORT[rehearsal-app1]}; server 127.0.0.1:${WEB_PORT[rehearsal-app2]}; }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / { proxy_pass http://prod; proxy_next_upstream off; }
  }
}
NGINX
  start_daemon front setpriv --reuid=nobody --regid=nogroup --clear-groups -- /usr/sbin/nginx -e stderr \
    -c "$ROOT/lb/nginx.conf" -g 'daemon off;'
  wait_port "$LB_PORT" "the front nginx"
}

# The v1 database every scenario starts from (a template), seeded through the staging host.
seed_v1() {
  on_host rehearsal-staging "cd $HOST_MOUNT/app && DATABASE_URL=postgresql://inspection@127.0.0.1:$PG_PORT/inspection_v1 \
    && export DATABASE_URL && ../venv/bin/python manage.py migrate --noinput >/dev/null && ../venv/bin/python manage.py seed_rehearsal"
}

write_files() {
  local token
  cat >"$ROOT/vars.yaml" <<VARS
# The run's variables for the rehearsal (release-cockpit run --vars). RELEASE_AT is given by
# the rehearsal at its start; NOTIFY_TOKEN, secret, comes from RC_VAR_NOTIFY_TOKEN.
RELEASE_TAG: v2.0.0
PREVIOUS_TAG: v1.0.0
MAINTENANCE_WINDOW: rehearsal on 127.0.0.1
APP_DIR: $HOST_MOUNT/app
PYTHON: $HOST_MOUNT/venv/bin/python
PYTHON_VERSION: '$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')'
STAGING_HOST: rehearsal-staging
PRIMARY_HOST: rehearsal-app1
APP_HOSTS: rehearsal-app1 rehearsal-app2
APP_SERVICES: inspection-gunicorn inspection-celery
WEB_SERVER_SERVICE: nginx
PROD_DATABASE_URL: postgresql://inspection@127.0.0.1:$PG_PORT/inspection_prod
DRYRUN_DATABASE_URL: postgresql://inspection@127.0.0.1:$PG_PORT/inspection_dryrun
DAILY_BACKUP_FILE: $HOST_MOUNT/daily/inspection-daily.dump
BACKUP_DIR: $HOST_MOUNT/backups
OFFLINE_SERVICES_MODULE: inspection.offline.services
SNAPSHOT_USER: auditor.smoke
AUDIT_MODEL: audits.Audit
REVIEW_STATUS_FILL: not_reviewed
PYTEST_SHORT_CONFIG: pytest-smoke.ini
SITE_URL: http://127.0.0.1:$LB_PORT/health/
DOCS_URL: http://127.0.0.1:$LB_PORT/docs/user-guide
TRAINING_URL: http://127.0.0.1:$LB_PORT/docs/training-2.0
MAIL_TO: admins@rehearsal.invalid,auditors@rehearsal.invalid
NOTIFY_URL: http://127.0.0.1:$HOOK_PORT/api/v1/channels/inspection-users
SENDMAIL: $ROOT/bin/sendmail
VARS
  install -m 644 "$HERE/answers-release.yaml" "$ROOT/answers-release.yaml"
  install -m 644 "$HERE/answers-rollback.yaml" "$ROOT/answers-rollback.yaml"
  cat >"$STATE_DIR/team.yaml" <<TEAM
# Who is who in the rehearsal: root runs the release; the tech lead signs the go/no-go and the
# rollback from a terminal of their own.
members:
  root: [backend-lead, ops-lead, tech-writer]
  $LEAD_USER: [release-lead]
TEAM
  chmod 644 "$STATE_DIR/team.yaml"
  token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  printf '%s\n' "$token" >"$ROOT/secrets/notify-token"
  cat >"$ROOT/env.sh" <<ENV
# shellcheck shell=bash
# Written by rehearse:up: what the rehearsal needs to find the environment.
RC_REHEARSAL_ROOT=$ROOT
RC_REHEARSAL_PORT_BASE=$BASE
ENV
}

main() {
  install_packages
  # run/ (the daemons' pid files) is made by up and removed by down, which keeps the journals.
  if [ -d "$RUN_DIR" ]; then
    say "an environment is there: taking it down first"
    "$HERE/down.sh"
  fi
  mkdir -p /run/sshd && chmod 755 /run/sshd
  create_users
  layout
  say "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on $REDIS_PORT, sinks on $SMTP_PORT (mail) and $HOOK_PORT (webhook)"
  start_postgres
  start_redis
  start_sinks
  build_origin
  ssh_keys
  local host
  for host in "${HOSTS[@]}"; do
    say "host $host: ssh on 127.0.0.1:${SSH_PORT[$host]}, app ${APP_PORT[$host]}, web ${WEB_PORT[$host]}"
    setup_host "$host"
  done
  seed_v1
  write_files
  start_front
  "$HERE/reset.sh"
  say "up: SITE_URL http://127.0.0.1:$LB_PORT/health/ — run: npm run rehearse"
}

main "$@"
