#!/usr/bin/env bash
# A stand-in for the application's venv python: just enough of `-m pip` and `manage.py`
# (showmigrations --plan, migrate [--plan] [APP NAME], check) for the plan's shell logic.
# Migrations live in $FAKE_DJANGO_STATE, one "app.name applied|pending" per line, in plan order.
set -eu
state=$FAKE_DJANGO_STATE
printf '%s\n' "$*" >> "$state.calls"
if [ "${FAKE_DJANGO_BROKEN:-}" = 1 ]; then
  echo "django.db.utils.OperationalError: could not connect to server" >&2
  exit 1
fi
if [ "$1" = -m ] && [ "$2" = pip ]; then
  echo "pip $3: ok"
  exit 0
fi
[ "$1" = manage.py ] || { echo "fake python: unsupported: $*" >&2; exit 2; }
shift
command=$1
shift
case "$command" in
  showmigrations)
    while read -r name status; do
      if [ "$status" = applied ]; then echo "[X]  $name"; else echo "[ ]  $name"; fi
    done < "$state"
    ;;
  migrate)
    plan_only=0 target=""
    for arg in "$@"; do
      case "$arg" in
        --plan) plan_only=1 ;;
        --noinput) ;;
        *) target="${target:+$target.}$arg" ;;
      esac
    done
    if [ "$plan_only" = 1 ]; then
      echo "Planned operations:"
      while read -r name status; do [ "$status" = pending ] && echo "$name"; done < "$state"
      exit 0
    fi
    next=$state.next
    reached=0
    while read -r name status; do
      if [ "$reached" = 0 ]; then status=applied; fi
      [ "$name" = "$target" ] && reached=1
      printf '%s %s\n' "$name" "$status"
    done < "$state" > "$next"
    mv "$next" "$state"
    ;;
  check) echo "System check identified no issues (0 silenced)." ;;
  *) echo "fake manage.py: unsupported: $command" >&2; exit 2 ;;
esac
