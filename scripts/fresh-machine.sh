#!/usr/bin/env bash
# Proves the README's two commands on a fresh Debian: debootstraps bookworm into a folder,
# copies in a clean clone of HEAD, mounts proc, sys and dev, and runs `make publish &&
# make test` as root inside the chroot, with CI=true (a missing tool fails, as in CI). It
# closes with pytest's summary. Too long for CI (about 40 minutes, most of it apt-get and
# the test suite); run it after every change to the set-up (system-deps.sh, pyproject.toml,
# the Makefile, install-ace.sh).
#
#   sudo scripts/fresh-machine.sh [FOLDER]    (default: a new folder under /var/tmp)
#
# The new root gets nothing of this machine's but its network plumbing: the resolver and the
# certificate authorities its package registries are reached through (a fresh machine of
# this workplace has the same). Everything else comes from the project's own scripts.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-$(mktemp -d /var/tmp/publish-fresh.XXXXXX)}
log="$root.log"

[ "$(id -u)" -eq 0 ] || { echo "fresh-machine: run as root (debootstrap, mount, chroot)" >&2; exit 2; }
if ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -q >/dev/null && apt-get install -y -q debootstrap >/dev/null
fi

mounted=()
cleanup() {
  for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "fresh-machine: debootstrap bookworm into $root (log: $log)"
# make: the README's commands start with it; ca-certificates: to trust the registries
debootstrap --variant=minbase --include=make,ca-certificates bookworm "$root" >"$log" 2>&1

cp /etc/resolv.conf "$root/etc/resolv.conf"
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >>"$log" 2>&1
fi

for fs in proc sys dev dev/pts; do
  mkdir -p "$root/$fs"
  mount --bind "/$fs" "$root/$fs"
  mounted+=("$root/$fs")
done

echo "fresh-machine: a clean clone of $(git -C "$here" rev-parse --short HEAD)"
git clone -q --no-local "$here" "$root/root/publish"
mkdir -p "$root/root/shared"
[ -d "$here/../shared" ] && cp -r "$here/../shared/." "$root/root/shared/"

ca=/etc/ssl/certs/ca-certificates.crt
start=$(date +%s)
set +e
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  SSL_CERT_FILE=$ca PIP_CERT=$ca NODE_EXTRA_CA_CERTS=$ca REQUESTS_CA_BUNDLE=$ca \
  bash -c 'cd /root/publish && make publish && make test' >>"$log" 2>&1
status=$?
set -e
echo "fresh-machine: make publish && make test exited $status after $(( ($(date +%s) - start) / 60 )) min"
grep -E "^(FAILED|ERROR|SKIPPED)|passed|failed|^check:|^editions" "$log" | tail -n 40
exit $status
