#!/usr/bin/env bash
# Makes sure what `pnpm test` needs answers: Chromium for the end-to-end tests, Postgres and Redis
# for the integration tests. Idempotent: anything already there is left alone.
#
#   TEST_DATABASE_URL  use this Postgres instead of 127.0.0.1:5432 (only checked, never started)
#   TEST_REDIS_URL     use this Redis instead of 127.0.0.1:6379 (only checked, never started)
#   CHROMIUM_PATH      the browser to check for (default /usr/bin/chromium)
set -euo pipefail

WAIT_SECONDS="${ENSURE_WAIT_SECONDS:-30}"
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

say() { printf '[ensure-test-deps] %s\n' "$*"; }
fail() {
  printf '[ensure-test-deps] ERROR: %s\n' "$*" >&2
  exit 1
}
is_root() { [ "$(id -u)" -eq 0 ]; }

# wait_for <what> <command...>: runs the command once a second until it succeeds or time runs out.
wait_for() {
  local what=$1
  shift
  local i
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  fail "$what did not answer within ${WAIT_SECONDS} s"
}

ensure_chromium() {
  if [ -x "$CHROMIUM_PATH" ]; then
    say "Chromium: $CHROMIUM_PATH"
    return
  fi
  if is_root && command -v apt-get >/dev/null 2>&1; then
    say "Chromium missing; installing it with apt-get (a few minutes the first time)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    [ -x "$CHROMIUM_PATH" ] || fail "apt-get installed chromium, but $CHROMIUM_PATH is still missing; set CHROMIUM_PATH"
    say "Chromium: $CHROMIUM_PATH (installed)"
    return
  fi
  fail "Chromium not found at $CHROMIUM_PATH. Install it (Debian/Ubuntu: sudo apt-get install chromium;
  macOS: brew install --cask chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary."
}

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    if [ -n "${TEST_DATABASE_URL:-}" ]; then pg_isready -q -d "$TEST_DATABASE_URL"; else pg_isready -q -h 127.0.0.1 -p 5432; fi
  else
    # Without the client tools: at least something listens on the port.
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}

ensure_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    if ! command -v pg_isready >/dev/null 2>&1; then
      say "Postgres: TEST_DATABASE_URL is set; pg_isready is not installed, so not checked here"
      return
    fi
    say "Postgres: checking TEST_DATABASE_URL"
    wait_for "Postgres at TEST_DATABASE_URL" pg_answers
    say "Postgres: TEST_DATABASE_URL answers"
    return
  fi
  if pg_answers; then
    say "Postgres: 127.0.0.1:5432 answers"
    return
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] && [ -n "$(ls /etc/postgresql)" ]; then
    local version
    version=$(ls /etc/postgresql | sort -V | tail -1)
    say "Postgres: not answering; starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || say "pg_ctlcluster returned non-zero (it may already be starting)"
    wait_for "Postgres on 127.0.0.1:5432" pg_answers
    say "Postgres: 127.0.0.1:5432 answers"
    return
  fi
  fail "no Postgres answers on 127.0.0.1:5432 and none could be started here.
  Install one (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql@16),
  run infra/docker-compose.yml, or set TEST_DATABASE_URL=postgres://user:password@host:5432/postgres
  (a user that may create databases)."
}

redis_answers() {
  if [ -n "${TEST_REDIS_URL:-}" ]; then
    [ "$(redis-cli -u "$TEST_REDIS_URL" ping 2>/dev/null)" = "PONG" ]
  else
    [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]
  fi
}

ensure_redis() {
  if ! command -v redis-cli >/dev/null 2>&1; then
    if [ -n "${TEST_REDIS_URL:-}" ]; then
      say "Redis: TEST_REDIS_URL is set; redis-cli is not installed, so not checked here"
      return
    fi
    fail "redis-cli not found. Install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)
  or set TEST_REDIS_URL=redis://host:6379."
  fi
  if [ -n "${TEST_REDIS_URL:-}" ]; then
    say "Redis: checking TEST_REDIS_URL"
    wait_for "Redis at TEST_REDIS_URL" redis_answers
    say "Redis: TEST_REDIS_URL answers"
    return
  fi
  if redis_answers; then
    say "Redis: 127.0.0.1:6379 answers"
    return
  fi
  command -v redis-server >/dev/null 2>&1 || fail "no Redis answers on 127.0.0.1:6379 and redis-server is not installed.
  Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set TEST_REDIS_URL."
  say "Redis: not answering; starting redis-server on 127.0.0.1:6379 (no persistence)"
  local dir=/var/lib/redis logfile=/var/log/redis/ci.log
  if ! { mkdir -p "$dir" /var/log/redis && [ -w "$dir" ] && [ -w /var/log/redis ]; } 2>/dev/null; then
    dir=$(mktemp -d)
    logfile="$dir/redis.log"
  fi
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir "$dir" --logfile "$logfile"
  wait_for "Redis on 127.0.0.1:6379 (log: $logfile)" redis_answers
  say "Redis: 127.0.0.1:6379 answers"
}

ensure_chromium
ensure_postgres
ensure_redis
say "ready"
