#!/bin/sh
# journalctl for the rehearsal's hosts (no systemd journal there): what the systemctl shim's
# units wrote to HOST/log/UNIT.log, for the plan's `journalctl --unit U… --since -24h --no-pager
# --output short-iso`. The logs start empty at each reset of the environment, so --since is
# taken as "since the reset".
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
logs=$root/host/log
units=''
while [ $# -gt 0 ]; do
  case $1 in
    -u | --unit) units="$units ${2%.service}"; shift ;;
    --unit=*) units="$units ${1#--unit=}" ;;
    -S | --since | -o | --output) shift ;;
    --since=* | --output=* | --no-pager | -q | --quiet) ;;
    *) echo "journalctl (rehearsal): unsupported argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$units" ] || units=$(find "$logs" -maxdepth 1 -name "*.log" -exec basename {} .log \;)
for unit in $units; do
  if [ -f "$logs/$unit.log" ]; then sed "s/^/$unit: /" "$logs/$unit.log"; fi
done
