# Shared by scripts/demo and scripts/test: a virtual environment in .venv, created with the system Python 3.11+.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "SOFA Desk needs Python 3.11 or newer as '$PY' (set PYTHON=... to choose another)." >&2
  exit 1
fi
# Debian splits venv and pip out of the interpreter package.
if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "Installing Debian's python3-venv ..."
  as_root apt-get update -qq
  as_root apt-get install -y -qq python3-venv
fi
# Operating-system libraries the Python packages load: Pango (and a font) for the PDFs WeasyPrint makes; with
# `system_packages chromium` also Debian's chromium for the browser tests.  Installed only where missing.
system_packages() {
  local wanted=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core "$@") missing=()
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing operating-system packages: ${missing[*]} ..."
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
  fi
}
if [ ! -x .venv/bin/python ]; then
  echo "Creating the virtual environment .venv ..."
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi

# Installs SOFA Desk into .venv (editable, extras given as "test" or nothing) unless the same install is already
# there.  Editable, for the demo and the tests alike: a reinstall then never removes the files a running server
# reads (templates, data), and the two scripts share one .venv without undoing each other's install.
install_sofadesk() {
  local extras=${1:-} spec=. stamp=.venv/.sofadesk-install want
  [ -n "$extras" ] && spec=".[$extras]"
  want="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras"
  if [ -f "$stamp" ] && grep -qxF -- "$want" "$stamp" && .venv/bin/python -c 'import sofadesk' 2>/dev/null; then
    return 0
  fi
  # A test install also covers the plain one: keep the larger set when both have been asked for.
  if [ -z "$extras" ] && [ -f "$stamp" ] && grep -qxF -- "$(sha256sum pyproject.toml | cut -d' ' -f1) test" "$stamp"; then
    return 0
  fi
  echo "Installing SOFA Desk${extras:+ with its $extras tools} and its dependencies into .venv (a minute or two the first time) ..."
  .venv/bin/python -m pip install -q -e "$spec"
  echo "$want" > "$stamp"
}
