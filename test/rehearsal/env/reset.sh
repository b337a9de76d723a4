#!/usr/bin/env bash
# The environment as each rehearsal scenario starts: every host on v1.0.0 with its services
# running, prod and staging databases fresh from the seeded v1 template, an empty dry-run
# database, yesterday's backup of prod on the staging host, empty queues and sinks, no
# release backups and no remote attempts left from an earlier scenario.
#
#   reset.sh [--break-prod-health]   the prod hosts' offline snapshot directory (new in 2.0)
#                                    points at a mount that is not there: v1 does not care,
#                                    v2's health check fails there (and only there)
# shellcheck source-path=SCRIPTDIR
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
need_root "$@"
[ -f "$ROOT/env.sh" ] || die "no environment at $ROOT: npm run rehearse:up"

UNITS="inspection-gunicorn inspection-celery nginx"
broken=false
[ "${1:-}" = --break-prod-health ] && broken=true

for host in "${HOSTS[@]}"; do
  on_host "$host" "sudo -n systemctl stop -- $UNITS"
  on_host "$host" "cd $HOST_MOUNT/app && git checkout -q --force --detach v1.0.0 && git clean -q -fdx \
    && rm -rf $HOST_MOUNT/backups/* $HOST_MOUNT/www/static* $HOST_MOUNT/daily/* ~/.local/state/release-cockpit \
    && mkdir -p $HOST_MOUNT/www/static"
  for log in "$HOSTS_DIR/$host"/log/*.log; do
    if [ -f "$log" ]; then : >"$log"; fi
  done
done

for host in "${HOSTS[@]}"; do
  env_file=$HOSTS_DIR/$host/etc/app.env
  sed -i '/^OFFLINE_SNAPSHOT_DIR=/d' "$env_file"
  if [ "$broken" = true ] && [ "$host" != rehearsal-staging ]; then
    echo "OFFLINE_SNAPSHOT_DIR=$HOST_MOUNT/offline-mount-that-is-not-there" >>"$env_file"
  fi
done

for db in inspection_prod inspection_staging inspection_dryrun; do
  pg -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
pg -c "CREATE DATABASE inspection_prod OWNER inspection TEMPLATE inspection_v1"
pg -c "CREATE DATABASE inspection_staging OWNER inspection TEMPLATE inspection_v1"
pg -c "CREATE DATABASE inspection_dryrun OWNER inspection"
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" flushall >/dev/null
find "$ROOT/sinks/mail" "$ROOT/sinks/webhook" -type f -delete

# Yesterday's backup of prod, on the staging host (the plan's DAILY_BACKUP_FILE).
daily=$HOSTS_DIR/rehearsal-staging/daily/inspection-daily.dump
runuser -u postgres -- "$PG_BIN/pg_dump" -h "$PG_SOCKET" -p "$PG_PORT" --format=custom inspection_prod >"$daily"
chown "$DEPLOY_USER:" "$daily"

for host in "${HOSTS[@]}"; do
  on_host "$host" "cd $HOST_MOUNT/app && ../venv/bin/python manage.py collectstatic --noinput >/dev/null \
    && sudo -n systemctl start -- $UNITS"
done
for host in "${HOSTS[@]}"; do
  n=0
  until curl -fsS "http://127.0.0.1:${WEB_PORT[$host]}/health/" 2>/dev/null | grep -q '"version": "1.0.0"'; do
    n=$((n + 1))
    [ "$n" -le 100 ] || die "$host does not serve v1.0.0 on 127.0.0.1:${WEB_PORT[$host]}/health/"
    sleep 0.2
  done
done
say "reset: every host serves v1.0.0"
