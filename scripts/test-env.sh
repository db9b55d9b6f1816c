#!/usr/bin/env bash
# Installs what the test suites need on a Debian machine (as root), and prepares
# the QEMU guest for the nl80211 suite. Idempotent: cheap when all is in place.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(ipset iptables iproute2 iw strace python3 python3-pyroute2
      qemu-system-x86 busybox-static kmod hostapd wpasupplicant wireless-regdb xz-utils tshark)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ]; then
    echo "nlkit test-env: run as root to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture: no (the tests read pcap files only).
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The guest kernel (Debian's linux-image, fetched with apt-get download) and its initramfs.
scripts/guest/setup.sh >/dev/null
echo "nlkit test-env: ready"
