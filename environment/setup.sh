#!/usr/bin/env bash
# Create or refresh .venv from the reference lock. Idempotent: a no-op when nothing changed.
# Needs only a Python 3.11 interpreter and access to the package registry.
set -euo pipefail
cd "$(dirname "$0")/.."

LOCK=environment/requirements.lock
VENV=.venv
TOOLS=.tools

# 1. uv, pinned, in a private bootstrap folder (never the system's site-packages).
if [[ -x "$TOOLS/bin/uv" ]]; then
  UV="$TOOLS/bin/uv"
else
  echo "setup: installing uv into $TOOLS (once)"
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check -r environment/bootstrap.txt
  UV="$TOOLS/bin/uv"
fi
# Compile bytecode at install: every kernel and sandboxed process then imports
# scikit-learn, scipy and pandas from .pyc files instead of recompiling them (seconds each).
export UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1 UV_COMPILE_BYTECODE=1

# 2. The interpreter: Debian's python3.11 lives outside any home folder, so sandboxed
#    processes under another uid can run it; fall back to any python3.11 on PATH.
PYTHON="${AUTOGRADER_PYTHON:-}"
for candidate in /usr/bin/python3.11 "$(command -v python3.11 || true)"; do
  if [[ -z "$PYTHON" && -n "$candidate" && -x "$candidate" ]]; then PYTHON="$candidate"; fi
done
if [[ -z "$PYTHON" ]]; then
  echo "setup: no Python 3.11 found; install it (Debian: apt-get install python3.11 python3.11-venv)" >&2
  exit 1
fi

STAMP="$VENV/.setup-$(cat "$LOCK" pyproject.toml environment/bootstrap.txt | sha256sum | cut -c1-16)"
if [[ -f "$STAMP" ]]; then
  exit 0
fi

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  rm -rf "$VENV"
  "$UV" venv --quiet --python "$PYTHON" "$VENV"
fi
echo "setup: installing the reference environment from $LOCK"
"$UV" pip sync --quiet --python "$VENV/bin/python" "$LOCK"
"$UV" pip install --quiet --python "$VENV/bin/python" --no-deps -e .
rm -f "$VENV"/.setup-*
touch "$STAMP"
echo "setup: done ($("$VENV/bin/python" --version), $(grep -c '==' "$LOCK") locked packages)"
