#!/usr/bin/env bash
# Rebuild the fonts in this directory from the Debian packages, reproducibly.
#
#   fonts/regenerate.sh           rebuild, then compare with the sha256 in MANIFEST.json
#   fonts/regenerate.sh --check   only verify the committed files against MANIFEST.json
#
# The subset fonts depend on the source package versions and the fontTools version, both
# recorded in MANIFEST.json; with the same versions the output is byte-identical.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
packages=(fonts-noto-cjk fonts-lxgw-wenkai)

python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x "$repo/.venv/bin/python" ]]; then python="$repo/.venv/bin/python"; else python=python3; fi
fi

verify() {
  "$python" - "$here" <<'EOF'
import hashlib, json, sys
from pathlib import Path
here = Path(sys.argv[1])
manifest = json.loads((here / "MANIFEST.json").read_text(encoding="utf-8"))
bad = 0
for entry in manifest["fonts"]:
    path = here / entry["file"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"
    ok = digest == entry["sha256"]
    bad += not ok
    print(f"{'ok ' if ok else 'BAD'} {entry['file']} {digest[:16]}")
sys.exit(1 if bad else 0)
EOF
}

if [[ "${1:-}" == "--check" ]]; then
  verify
  exit $?
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "installing ${missing[*]}" >&2
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

"$python" -c "import fontTools" 2>/dev/null || {
  echo "fontTools is missing for $python (pip install fonttools)" >&2; exit 1; }

# Keep the previous manifest to tell whether the bytes changed.
old=""
[[ -f "$here/MANIFEST.json" ]] && old="$(mktemp)" && cp "$here/MANIFEST.json" "$old"

"$python" "$here/build_fonts.py" --out "$here"

if [[ -n "$old" ]]; then
  if "$python" - "$old" "$here/MANIFEST.json" <<'EOF'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
sums = lambda m: {e["file"]: e["sha256"] for e in m["fonts"]}
changed = [f for f, s in sums(b).items() if sums(a).get(f) != s]
for f in changed:
    print(f"changed: {f} (source or fontTools version differs from the recorded build?)")
sys.exit(1 if changed else 0)
EOF
  then echo "fonts identical to the committed build"; fi
  rm -f "$old"
fi
