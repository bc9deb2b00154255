#!/usr/bin/env bash
# Installs what the plugin, its tests, its demo and its benchmarks need, idempotently, on a
# fresh Debian 12 or 13: QGIS and Python packages from Debian; test tools in .venv (made from
# /usr/bin/python3 with --system-site-packages, so it sees PyQGIS); each requirements/venv-NAME.txt
# in its own isolated .venvs/NAME (peers and the local platform server, which must never shadow
# the packages QGIS uses). Runs as root or through sudo.
#   scripts/setup.sh          Debian packages and .venv (enough for the plugin and the demo)
#   scripts/setup.sh --all    also every .venvs/NAME (tests and benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

mapfile -t packages < <(grep -vE '^\s*(#|$)' scripts/apt-packages.txt)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# venv with a stamp: re-install only when the requirements file changed.
make_venv() {  # name requirements-file system-site(yes|no)
  local dir="$1" requirements="$2" system_site="$3" stamp
  stamp="$dir/.requirements.sha256"
  local flag=()
  [ "$system_site" = yes ] && flag=(--system-site-packages)
  if [ ! -x "$dir/bin/python" ]; then
    echo "setup: creating $dir"
    /usr/bin/python3 -m venv "${flag[@]}" "$dir"
  fi
  local sum
  sum=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "setup: installing $requirements into $dir"
    # --ignore-installed: tools that Debian also ships (pytest) get their own entry points here.
    "$dir/bin/python" -m pip install -q --disable-pip-version-check --ignore-installed -r "$requirements"
    echo "$sum" > "$stamp"
  fi
}

make_venv .venv requirements/test.txt yes
[ "${1:-}" = "--all" ] || exit 0
for requirements in requirements/venv-*.txt; do
  [ -e "$requirements" ] || continue
  name=$(basename "$requirements" .txt); name=${name#venv-}
  make_venv ".venvs/$name" "$requirements" no
done
