#!/usr/bin/env bash
# The local community base information platform, for the demo and the tests (127.0.0.1 only):
#   pygeoapi (OGC API - Features, transactions on, TinyDB provider) in .venvs/pygeoapi,
#   a SensorThings API v1.1 server (django-ogc-sensorthings) in .venvs/sensorthings,
#   behind nginx with authentication: HTTP Basic (htpasswd) or a bearer token.
#
# Usage: scripts/platform.sh start|stop|status|kill-backend|credentials
# Environment (all optional):
#   PLATFORM_STATE         state folder (default build/platform): data, configs, logs, pid files
#   PLATFORM_PORT          public nginx port (default 8765); PLATFORM_BACKEND_PORT (8766); PLATFORM_STA_PORT (8767)
#   PLATFORM_DATA          demo GeoPackage (default resources/demo/community_demo.gpkg)
#   PLATFORM_USER          Basic-auth user (default planner); PLATFORM_PASSWORD (default: random, saved
#                          in $PLATFORM_STATE/credentials, mode 600)
#   PLATFORM_STA           auto|on|off: the SensorThings server (auto = when its venv exists)
# `start` is idempotent: it seeds only a new state folder and starts only what is not running.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${PLATFORM_STATE:-$ROOT/build/platform}"
PORT="${PLATFORM_PORT:-8765}"
BACKEND_PORT="${PLATFORM_BACKEND_PORT:-8766}"
STA_PORT="${PLATFORM_STA_PORT:-8767}"
DATA="${PLATFORM_DATA:-$ROOT/resources/demo/community_demo.gpkg}"
USER_NAME="${PLATFORM_USER:-planner}"
STA_MODE="${PLATFORM_STA:-auto}"
PUBLIC_URL="http://127.0.0.1:$PORT"
PG_VENV="$ROOT/.venvs/pygeoapi"
STA_VENV="$ROOT/.venvs/sensorthings"

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
random_secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24; }
sta_enabled() {
  case "$STA_MODE" in
    on) return 0 ;;
    off) return 1 ;;
    *) [ -x "$STA_VENV/bin/python" ] ;;
  esac
}

wait_http() {  # url expected-codes seconds [user password]   (no curl needed: the system Python)
  /usr/bin/python3 - "$@" <<'PYEOF' || { echo "platform: $1 did not answer; logs in $STATE/logs" >&2; return 1; }
import base64, sys, time, urllib.error, urllib.request
url, codes, seconds = sys.argv[1], sys.argv[2].split(), float(sys.argv[3])
request = urllib.request.Request(url)
if len(sys.argv) > 5:
    token = base64.b64encode(f"{sys.argv[4]}:{sys.argv[5]}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
deadline = time.time() + seconds
while time.time() < deadline:
    try:
        code = urllib.request.urlopen(request, timeout=5).status
    except urllib.error.HTTPError as error:
        code = error.code
    except OSError:
        code = 0
    if str(code) in codes:
        sys.exit(0)
    time.sleep(0.25)
sys.exit(1)
PYEOF
}

start() {
  if [ ! -x "$PG_VENV/bin/gunicorn" ]; then
    echo "platform: $PG_VENV is missing: run 'bash scripts/setup.sh' first (it installs requirements/venv-pygeoapi.txt)" >&2
    exit 1
  fi
  mkdir -p "$STATE/logs" "$STATE/nginx-tmp"
  if [ ! -f "$STATE/pygeoapi.yml" ]; then
    if [ ! -f "$DATA" ]; then
      echo "platform: demo data $DATA not found (set PLATFORM_DATA)" >&2
      exit 1
    fi
    /usr/bin/python3 "$ROOT/scripts/platform/seed.py" "$DATA" "$STATE" "$PUBLIC_URL" "$BACKEND_PORT"
  fi
  if [ ! -f "$STATE/htpasswd" ]; then
    local password="${PLATFORM_PASSWORD:-$(random_secret)}"
    htpasswd -bcB "$STATE/htpasswd" "$USER_NAME" "$password" 2>/dev/null
    ( umask 077; printf '%s\n%s\n' "$USER_NAME" "$password" > "$STATE/credentials" )
  fi
  if [ ! -f "$STATE/tokens.map" ]; then
    local ok expired
    ok="$(random_secret)"; expired="$(random_secret)"
    ( umask 077
      printf '"Bearer %s" "ok";\n"Bearer %s" "expired";\n' "$ok" "$expired" > "$STATE/tokens.map"
      printf 'valid %s\nexpired %s\n' "$ok" "$expired" > "$STATE/tokens" )
  fi
  chmod 644 "$STATE/htpasswd" "$STATE/tokens.map"

  if ! alive "$STATE/pygeoapi.pid"; then
    export PYGEOAPI_CONFIG="$STATE/pygeoapi.yml" PYGEOAPI_OPENAPI="$STATE/openapi.yml"
    if [ ! -f "$STATE/openapi.yml" ]; then
      "$PG_VENV/bin/pygeoapi" openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" >"$STATE/logs/openapi.log" 2>&1
    fi
    "$PG_VENV/bin/gunicorn" --daemon --bind "127.0.0.1:$BACKEND_PORT" --workers 1 --timeout 120 \
      --pid "$STATE/pygeoapi.pid" --error-logfile "$STATE/logs/pygeoapi.log" \
      --chdir "$STATE" pygeoapi.flask_app:APP
  fi

  if sta_enabled; then
    local manage="$ROOT/scripts/platform/sta/manage.py"
    export STA_DB="$STATE/sta.sqlite3" STA_SERVICE_URL="$PUBLIC_URL/sensorthings" STA_MAX_TOP="${PLATFORM_STA_MAX_TOP:-100}"
    local new_sta=no
    if [ ! -f "$STA_DB" ]; then
      "$STA_VENV/bin/python" "$manage" migrate -v0
      new_sta=yes
    fi
    if ! alive "$STATE/sta.pid"; then
      nohup "$STA_VENV/bin/python" "$manage" runserver "127.0.0.1:$STA_PORT" --noreload \
        >"$STATE/logs/sta.log" 2>&1 &
      echo $! > "$STATE/sta.pid"
    fi
    wait_http "http://127.0.0.1:$STA_PORT/sensorthings/v1.1/" "200" 60
    if [ "$new_sta" = yes ] && [ -f "$STATE/sta_seed.json" ]; then
      "$STA_VENV/bin/python" "$ROOT/scripts/platform/seed_sta.py" "$STATE/sta_seed.json" "http://127.0.0.1:$STA_PORT/sensorthings/v1.1"
    fi
  fi

  if ! alive "$STATE/nginx.pid"; then
    local user_line=""
    [ "$(id -u)" -eq 0 ] && user_line="user root root;"
    sed -e "s|@STATE@|$STATE|g" -e "s|@PORT@|$PORT|g" -e "s|@BACKEND_PORT@|$BACKEND_PORT|g" \
        -e "s|@STA_PORT@|$STA_PORT|g" -e "s|@USER_LINE@|$user_line|g" \
        "$ROOT/scripts/platform/nginx.conf.in" > "$STATE/nginx.conf"
    mkdir -p "$STATE/nginx-tmp"
    nginx -q -c "$STATE/nginx.conf" -p "$STATE" -e "$STATE/logs/nginx-error.log" 2>/dev/null \
      || nginx -q -c "$STATE/nginx.conf" -p "$STATE"
  fi
  wait_http "$PUBLIC_URL/collections?f=json" "200" 60 "$USER_NAME" "$(sed -n 2p "$STATE/credentials")"
  echo "platform: running at $PUBLIC_URL (user '$USER_NAME', password in $STATE/credentials)"
}

stop_pid() {  # pid-file signal
  local file="$1" signal="${2:-TERM}" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    pkill "-$signal" -P "$pid" 2>/dev/null || true
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  if alive "$STATE/nginx.pid"; then
    nginx -q -c "$STATE/nginx.conf" -p "$STATE" -s quit 2>/dev/null || stop_pid "$STATE/nginx.pid"
    for _ in $(seq 1 40); do alive "$STATE/nginx.pid" || break; sleep 0.25; done
  fi
  stop_pid "$STATE/nginx.pid"
  stop_pid "$STATE/pygeoapi.pid"
  stop_pid "$STATE/sta.pid"
  echo "platform: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    for service in nginx pygeoapi sta; do
      if alive "$STATE/$service.pid"; then echo "$service: running"; else echo "$service: stopped"; fi
    done ;;
  kill-backend) stop_pid "$STATE/pygeoapi.pid" KILL ;;  # simulates a crash of the feature server
  credentials) cat "$STATE/credentials" ;;
  *) echo "usage: $0 start|stop|status|kill-backend|credentials" >&2; exit 2 ;;
esac
