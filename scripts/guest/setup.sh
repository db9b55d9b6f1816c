#!/usr/bin/env bash
# Prepare everything scripts/guest/run.sh needs to boot a throw-away QEMU guest:
#   - host packages (qemu, busybox-static, kmod, iw, hostapd, wpa_supplicant, ...)
#   - Debian's generic amd64 kernel: an uncompressed vmlinux (PVH-bootable) and a pruned module tree
#   - a busybox initramfs that mounts the host's / read-only over 9p with a tmpfs overlay on top
#
# Usage: scripts/guest/setup.sh [--force] [--quiet]
#   --force   rebuild the cache even if it is complete (also picks up a newer kernel package)
#   --quiet   only print the cache directory
# Env: NLKIT_GUEST_CACHE  cache directory (default: <repo>/.cache/guest)
#
# Idempotent: when the stamp file matches, it only prints the cache directory.
# Prints the cache directory on stdout as its last line; progress goes to stderr.
set -euo pipefail

# Bump when the layout or contents of the cache change, so old caches get rebuilt.
SETUP_FORMAT=3

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
CACHE=${NLKIT_GUEST_CACHE:-$REPO_ROOT/.cache/guest}

FORCE=0
QUIET=0
for arg in "$@"; do
  case $arg in
    --force) FORCE=1 ;;
    --quiet) QUIET=1 ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

log() { [ "$QUIET" = 1 ] || echo "guest-setup: $*" >&2; }
die() { echo "guest-setup: error: $*" >&2; exit 1; }

cache_complete() {
  [ -f "$CACHE/stamp" ] || return 1
  [ "$(sed -n 's/^format=//p' "$CACHE/stamp")" = "$SETUP_FORMAT" ] || return 1
  local kver
  kver=$(sed -n 's/^kver=//p' "$CACHE/stamp")
  [ -n "$kver" ] && [ -s "$CACHE/initramfs.cpio" ] && [ -s "$CACHE/modules/lib/modules/$kver/modules.dep" ] &&
    { [ -s "$CACHE/vmlinux" ] || [ -s "$CACHE/vmlinuz" ]; }
}

# Fast path: nothing to do.
if [ "$FORCE" = 0 ] && cache_complete; then
  echo "$CACHE"
  exit 0
fi

mkdir -p "$CACHE"
# One setup at a time (several run.sh may start together).
exec 9>"$CACHE/.setup.lock"
flock 9
if [ "$FORCE" = 0 ] && cache_complete; then
  echo "$CACHE"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "must run as root the first time (installs packages, creates device nodes)"
# From here on the cache is incomplete: run.sh instances starting now wait on the lock above.
# (Guests already running while --force rebuilds lose their modules: don't --force during runs.)
rm -f "$CACHE/stamp"

# ---------------------------------------------------------------- host packages
PACKAGES=(qemu-system-x86 busybox-static kmod iw hostapd wpasupplicant wireless-regdb iproute2 xz-utils)

# apt-get with waiting on the dpkg/apt locks (another process may be installing at the same time).
apt_retry() {
  local attempt
  for attempt in $(seq 1 60); do
    if apt-get -o DPkg::Lock::Timeout=120 "$@"; then
      return 0
    fi
    # Another apt/dpkg may hold a lock (lists, archives or dpkg): wait for it; otherwise retry twice.
    if pgrep -x 'apt-get|apt|aptitude|dpkg|unattended-upgr' >/dev/null 2>&1; then
      log "apt/dpkg is busy (attempt $attempt), waiting..."
      sleep 10
    elif [ "$attempt" -ge 3 ]; then
      return 1
    else
      sleep 5
    fi
  done
  return 1
}

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_retry update -q >&2 || die "apt-get update failed"
  apt_retry install -y -q --no-install-recommends "${missing[@]}" >&2 || die "apt-get install failed"
fi
for tool in qemu-system-x86_64 busybox depmod modprobe xz dpkg-deb apt-get; do
  command -v "$tool" >/dev/null || die "missing tool after install: $tool"
done

# ---------------------------------------------------------------- kernel package
resolve_kernel_pkg() {
  apt-cache depends linux-image-amd64 2>/dev/null |
    awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
KPKG=$(resolve_kernel_pkg || true)
if [ -z "$KPKG" ]; then
  log "linux-image-amd64 unknown to apt-cache, running apt-get update"
  apt_retry update -q >&2 || die "apt-get update failed"
  KPKG=$(resolve_kernel_pkg || true)
fi
[ -n "$KPKG" ] || die "cannot resolve the kernel package behind linux-image-amd64"
log "kernel package: $KPKG"

BUILD="$CACHE/build.tmp"
rm -rf "$BUILD"
mkdir -p "$BUILD/deb" "$BUILD/x"

deb=$(ls "$CACHE"/"$KPKG"_*.deb 2>/dev/null | head -n1 || true)
if [ -z "$deb" ]; then
  log "downloading $KPKG (about 70 MB)"
  # apt-get download writes into the current directory; run it in a subshell.
  (cd "$BUILD/deb" && apt_retry -o APT::Sandbox::User=root download "$KPKG" >&2) || die "apt-get download $KPKG failed"
  rm -f "$CACHE"/linux-image-*.deb
  mv "$BUILD"/deb/"$KPKG"_*.deb "$CACHE/"
  deb=$(ls "$CACHE"/"$KPKG"_*.deb | head -n1)
fi
log "unpacking $(basename "$deb")"
dpkg-deb -x "$deb" "$BUILD/x"

KVER=$(ls "$BUILD/x/lib/modules" | head -n1)
[ -n "$KVER" ] && [ -f "$BUILD/x/boot/vmlinuz-$KVER" ] || die "unexpected package layout in $deb"
log "kernel version: $KVER"

# ---------------------------------------------------------------- uncompressed vmlinux
# The bzImage carries the kernel as an XZ stream; the stream decompresses to an ELF vmlinux with a
# PVH entry note, which qemu -kernel boots directly (skipping SeaBIOS + in-guest decompression).
extract_vmlinux() {
  local bz=$1 out=$2 off
  # Byte offsets of the XZ magic FD 37 7A 58 5A 00; try each until one yields an ELF image.
  for off in $(LC_ALL=C grep -obUaP '\xFD\x37\x7A\x58\x5A\x00' "$bz" | cut -d: -f1); do
    # (xz stops after the stream; reading via a process substitution keeps tail's SIGPIPE out of pipefail)
    if xz -dc --single-stream < <(tail -c +"$((off + 1))" "$bz") >"$out" 2>/dev/null &&
      [ "$(head -c 4 "$out" | od -An -tx1 | tr -d ' \n')" = "7f454c46" ]; then
      return 0
    fi
  done
  rm -f "$out"
  return 1
}
rm -f "$CACHE/vmlinux" "$CACHE/vmlinuz"
if extract_vmlinux "$BUILD/x/boot/vmlinuz-$KVER" "$BUILD/vmlinux"; then
  # PVH entry = Xen ELF note type 18 (XEN_ELFNOTE_PHYS32_ENTRY). grep -c reads everything (no SIGPIPE).
  pvh_notes=1
  if command -v readelf >/dev/null; then
    pvh_notes=$(readelf -n "$BUILD/vmlinux" 2>/dev/null | grep -Ec '0x00000012|PHYS32' || true)
  fi
  if [ "${pvh_notes:-0}" = 0 ]; then
    log "warning: vmlinux has no PVH (Xen) note; falling back to the bzImage"
    cp "$BUILD/x/boot/vmlinuz-$KVER" "$CACHE/vmlinuz"
  else
    mv "$BUILD/vmlinux" "$CACHE/vmlinux"
    log "extracted vmlinux ($(du -h --apparent-size "$CACHE/vmlinux" | cut -f1))"
  fi
else
  log "warning: could not extract vmlinux; falling back to the bzImage (slower boot)"
  cp "$BUILD/x/boot/vmlinuz-$KVER" "$CACHE/vmlinuz"
fi
cp "$BUILD/x/boot/config-$KVER" "$CACHE/config"

# ---------------------------------------------------------------- modules
MODROOT="$CACHE/modules"
rm -rf "$MODROOT"
mkdir -p "$MODROOT/lib/modules"
mv "$BUILD/x/lib/modules/$KVER" "$MODROOT/lib/modules/$KVER"
MODDIR="$MODROOT/lib/modules/$KVER"
depmod -b "$MODROOT" "$KVER"

# What to keep, as extended regexes on paths relative to the module directory. Everything they
# depend on (per modules.dep, which lists transitive dependencies) is kept as well.
KEEP_RE='^kernel/(net|crypto|lib|arch|virt|mm|block)/'
KEEP_RE+='|^kernel/fs/(9p|overlayfs|netfs|fscache|fuse|nls)/'
KEEP_RE+='|^kernel/drivers/net/[^/]+\.ko'                     # veth, nlmon, dummy, macvlan, vxlan, tun, ifb, virtio_net...
KEEP_RE+='|^kernel/drivers/net/(wireless/[^/]+\.ko|wireless/virtual/|netdevsim/|wireguard/|bonding/|team/|ipvlan/|vxlan/)'
KEEP_RE+='|^kernel/drivers/(virtio|char/hw_random|crypto/virtio)/'
KEEP_RE+='|^kernel/drivers/char/virtio_console\.ko|^kernel/drivers/block/virtio_blk\.ko'
KEEP_RE="$KEEP_RE" awk -F'[: ]+' '
  $1 ~ ENVIRON["KEEP_RE"] { for (i = 1; i <= NF; i++) if ($i != "") print $i }
' "$MODDIR/modules.dep" | sort -u >"$BUILD/keep.list"
(cd "$MODDIR" && find kernel -name '*.ko*' | sort) >"$BUILD/all.list"
comm -23 "$BUILD/all.list" "$BUILD/keep.list" | (cd "$MODDIR" && xargs -r rm -f)
find "$MODDIR/kernel" -type d -empty -delete
depmod -b "$MODROOT" "$KVER"
for m in mac80211_hwsim cfg80211 mac80211 nlmon veth ip_set 9p 9pnet_virtio overlay virtio_pci ccm gcm cmac; do
  modprobe -d "$MODROOT" -S "$KVER" --show-depends "$m" >/dev/null 2>&1 || die "module $m missing after pruning"
done
log "modules pruned to $(du -sh "$MODDIR" | cut -f1) ($(wc -l <"$BUILD/keep.list") files)"

# ---------------------------------------------------------------- initramfs
# Stage one: load virtio + 9p + overlay, mount host / read-only with a tmpfs overlay, mount the
# per-run results share, then switch_root into the host's bash running the per-run guest script.
IRD="$BUILD/initramfs"
mkdir -p "$IRD"/{bin,dev,proc,sys,mods,lower,rw,newroot}
cp "$(command -v busybox)" "$IRD/bin/busybox"
for applet in sh mount umount mkdir insmod switch_root sleep echo cat; do
  ln -s busybox "$IRD/bin/$applet"
done
mknod -m 600 "$IRD/dev/console" c 5 1
mknod -m 666 "$IRD/dev/null" c 1 3

: >"$IRD/mods/order"
modprobe -d "$MODROOT" -S "$KVER" --show-depends -a virtio_pci 9pnet_virtio 9p overlay virtio-rng |
  awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
  while read -r ko; do
    cp "$ko" "$IRD/mods/"
    basename "$ko" >>"$IRD/mods/order"
  done

cat >"$IRD/init" <<'EOF'
#!/bin/sh
# nlkit guest, stage one (busybox). Everything per-run lives in the "nlkitrun" 9p share.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
fail() {
  echo "nlkit-guest: stage one failed: $*" >/dev/console
  echo o >/proc/sysrq-trigger
  sleep 30
}
while read -r m; do
  insmod "/mods/$m" || fail "insmod $m"
done </mods/order
o9p="trans=virtio,version=9p2000.L,msize=262144"
mount -t 9p -o "$o9p,ro,cache=loose" hostroot /lower || fail "mount hostroot"
mount -t tmpfs -o mode=0755 overlay-rw /rw || fail "mount tmpfs"
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay /newroot || fail "mount overlay"
mount -t tmpfs -o mode=0755,nosuid,nodev run /newroot/run || fail "mount /run"
mkdir -p /newroot/run/nlkit
mount -t 9p -o "$o9p,cache=none" nlkitrun /newroot/run/nlkit || fail "mount nlkitrun"
[ -r /newroot/run/nlkit/guest.sh ] || fail "no guest.sh in the run share"
mount --move /dev /newroot/dev
mount --move /sys /newroot/sys
mount --move /proc /newroot/proc
exec switch_root /newroot /bin/bash /run/nlkit/guest.sh
EOF
chmod 755 "$IRD/init"
(cd "$IRD" && find . | busybox cpio -o -H newc -R 0:0 2>/dev/null) >"$BUILD/initramfs.cpio"
[ -s "$BUILD/initramfs.cpio" ] || die "building the initramfs failed"
mv "$BUILD/initramfs.cpio" "$CACHE/initramfs.cpio"

rm -rf "$BUILD"
printf 'format=%s\nkver=%s\npackage=%s\ndeb=%s\n' "$SETUP_FORMAT" "$KVER" "$KPKG" "$(basename "$deb")" >"$CACHE/stamp"
log "done"
echo "$CACHE"
