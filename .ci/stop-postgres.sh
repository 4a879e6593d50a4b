#!/usr/bin/env bash
# Stops the PostgreSQL that start-postgres.sh started, if any.
[ -f /tmp/stockpolicy-pg.ctl ] || exit 0
ctl=$(cat /tmp/stockpolicy-pg.ctl)
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- $ctl -m fast stop >/dev/null 2>&1; else $ctl -m fast stop >/dev/null 2>&1; fi
rm -f /tmp/stockpolicy-pg.ctl
exit 0
