#!/usr/bin/env bash
# Installs Debian's headless Chromium when it is missing (the HTML report tests render pages
# in it; about 25 s). Used by `make test` and so by CI; does nothing when chromium is there
# or CHROMIUM names a binary.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1; then
    exit 0
fi
echo "setup: installing chromium (apt-get) for the HTML report tests"
sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
log="$(mktemp)"
if ! { $sudo apt-get update -qq &&
       $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "error: could not install chromium (install it yourself or set CHROMIUM)" >&2
    exit 2
fi
rm -f "$log"
