# Shared by scripts/run and scripts/test: Python environment and system packages (Debian 12).
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VENV="$ROOT/.venv"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  # Install Debian packages that are missing; needs root (CI and a fresh machine run as root).
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}. Install them (as root): apt-get install ${missing[*]}" >&2
    return 1
  fi
  log "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_env() {
  # A virtualenv with the locked packages; reinstalls only when requirements.lock changes.
  local stamp="$VENV/.requirements.lock.sha256" want
  want=$(sha256sum "$ROOT/requirements.lock" | cut -d' ' -f1)
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating the Python virtualenv"
    python3 -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "Installing Python packages from requirements.lock"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.lock"
    echo "$want" > "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_postgres() {
  # PostgreSQL refuses to run as root: as root run as the postgres user, otherwise as oneself.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_until() {
  # wait_until SECONDS COMMAND...: retry COMMAND every 0.2 s; fail after SECONDS.
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

stop_pidfiles() {
  # Stop the process groups whose leader pids are recorded in DIR/* (TERM, then KILL after 10 s).
  local dir=$1 file pid
  [ -d "$dir" ] || return 0
  for file in "$dir"/*; do
    [ -f "$file" ] || continue
    pid=$(cat "$file")
    case "$pid" in '' | *[!0-9]*) continue ;; esac
    kill -TERM -- "-$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
