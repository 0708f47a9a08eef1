#!/usr/bin/env bash
# Installs Ace by DAISY (npm @daisy/ace, pinned by tools/ace/package-lock.json) into
# tools/ace/node_modules for the EPUB accessibility test. Ace drives Debian's chromium
# (PUPPETEER_EXECUTABLE_PATH), so neither Electron nor Puppeteer's own browser is fetched.
set -euo pipefail
cd "$(dirname "$0")/../tools/ace"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: scripts/system-deps.sh test installs it" >&2
  exit 2
fi
[ -x node_modules/.bin/ace-puppeteer ] && cmp -s package-lock.json node_modules/.package-lock.json.src 2>/dev/null && exit 0
ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
  npm ci --no-audit --no-fund --loglevel=error
cp package-lock.json node_modules/.package-lock.json.src
