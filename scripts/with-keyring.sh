#!/usr/bin/env bash
# Runs a command with a REAL Secret Service: a private D-Bus session bus, a throwaway HOME and
# XDG dirs, and a gnome-keyring whose login keyring is created and unlocked with a dummy password.
# Tests of the keychain store use it so they talk to the same daemon a Linux desktop does.
#
#   bash scripts/with-keyring.sh npx vitest run --project keychain
#
# If a Secret Service already answers on the current session bus (a desktop), the command runs
# as is: we never start a second keyring beside the user's.
# Needs the Debian packages dbus, dbus-bin, gnome-keyring and libsecret-tools.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-keyring.sh COMMAND [ARGS...]" >&2
  exit 2
fi

# True when org.freedesktop.secrets answers on the session bus (starting it if it is activatable).
secret_service_answers() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  command -v dbus-send >/dev/null || return 1
  timeout 5 dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
    org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Service string:Collections \
    >/dev/null 2>&1
}

if [ "${WITH_KEYRING_INNER:-}" != "1" ]; then
  if secret_service_answers; then
    exec "$@"
  fi
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null; then
      echo "with-keyring: $tool is missing; install the packages dbus, dbus-bin and gnome-keyring" >&2
      exit 127
    fi
  done
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/with-keyring.XXXXXX")"
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/home" "$scratch/run"
  # gnome-keyring refuses a runtime dir others can read.
  chmod 700 "$scratch/run"
  # Not exec: the trap above must remove the scratch dir after the session ends.
  status=0
  env WITH_KEYRING_INNER=1 \
    WITH_KEYRING_ORIGINAL_HOME="$HOME" \
    HOME="$scratch/home" \
    XDG_RUNTIME_DIR="$scratch/run" \
    XDG_DATA_HOME="$scratch/home/.local/share" \
    XDG_CONFIG_HOME="$scratch/home/.config" \
    XDG_CACHE_HOME="$scratch/home/.cache" \
    dbus-run-session -- bash "${BASH_SOURCE[0]}" "$@" || status=$?
  exit "$status"
fi

# Inside the private session bus from here on.
# npm and npx keep their cache under HOME; point them back at the real one so nothing is refetched.
export npm_config_cache="${npm_config_cache:-$WITH_KEYRING_ORIGINAL_HOME/.npm}"
export npm_config_update_notifier=false
unset WITH_KEYRING_INNER WITH_KEYRING_ORIGINAL_HOME

# Tests read this to know the keyring is a throwaway they may lock and unlock again
# (printf '%s' "$WORKBENCH_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --replace --unlock).
export WORKBENCH_TEST_KEYRING_PASSWORD='workbench-test'
# No display: an unlock prompt is then dismissed at once instead of waiting for a person.
unset DISPLAY WAYLAND_DISPLAY

# --unlock reads the password on stdin and creates the login keyring with it when there is none;
# --start then attaches to that daemon and prints the variables clients need.
unlock_env="$(printf '%s' "$WORKBENCH_TEST_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
start_env="$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)"
while IFS='=' read -r name value; do
  case "$name" in
    GNOME_KEYRING_CONTROL | SSH_AUTH_SOCK) export "$name=$value" ;;
  esac
done <<<"$unlock_env"$'\n'"$start_env"

if ! secret_service_answers; then
  echo "with-keyring: gnome-keyring started but org.freedesktop.secrets does not answer" >&2
  exit 1
fi

# The pid of whichever daemon owns the Secret Service name now (a test may have replaced it).
keyring_pid() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
    awk '/uint32/ { print $2 }'
}

status=0
"$@" || status=$?
# The daemon would also leave when the bus closes; stopping it here makes the exit prompt.
pid="$(keyring_pid)"
if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
exit "$status"
