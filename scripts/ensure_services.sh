#!/usr/bin/env bash
# Make sure the services the test suite needs are there: PostgreSQL, Redis, Chromium.
# With CI=true a missing service is installed or started, and failure to get it is an error (never a skip).
set -uo pipefail
fail=0

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }

if ! pg_up; then
  echo "PostgreSQL is down: starting it"
  if ls /etc/postgresql >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
  else
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null && \
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
pg_up && echo "PostgreSQL: up" || { echo "PostgreSQL: NOT available"; fail=1; }

if ! redis_up; then
  echo "Redis is down: starting it"
  command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
fi
redis_up && echo "Redis: up" || { echo "Redis: NOT available"; fail=1; }

if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium is missing: installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true
fi
[ -x /usr/bin/chromium ] && echo "Chromium: $(/usr/bin/chromium --version 2>/dev/null)" || { echo "Chromium: NOT available"; fail=1; }

if [ "${CI:-}" = "true" ] && [ "$fail" != 0 ]; then
  echo "CI needs PostgreSQL, Redis and Chromium; at least one could not be had." >&2
  exit 1
fi
exit 0
