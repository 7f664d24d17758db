# Shared by scripts/demo and scripts/test: a virtual environment in .venv, created with the system Python 3.11+.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "SOFA Desk needs Python 3.11 or newer as '$PY' (set PYTHON=... to choose another)." >&2
  exit 1
fi
# Debian splits venv and pip out of the interpreter package.
if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
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
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
  fi
}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
