// Loads the compiled addon the way node-gyp-build does: a local source build
// (build/Release, present only when it was built here) first, else the
// prebuild shipped in the package (prebuilds/linux-x64/*.node).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

export interface NativeWatcher { readonly __brand: 'NativeWatcher' }

export interface NativeAddon {
  open(protocol: number, netnsPath: string | null): number;
  bind(fd: number, groups: number, pid: number): number;
  portId(fd: number): number;
  setsockopt(fd: number, level: number, option: number, value: number): number;
  getsockopt(fd: number, level: number, option: number): number;
  send(fd: number, buffers: Uint8Array | Uint8Array[], destPid: number, destGroups: number): number;
  /** buf[start, end) in one send() to the kernel. Optional: without it, send() of a subarray. */
  sendAt?(fd: number, buf: Uint8Array, start: number, end: number): number;
  recv(fd: number, buf: Uint8Array, flags: number, out: Int32Array): number;
  /**
   * Every waiting datagram (up to out.length / 4 and what fits in buf from `at` in slots of
   * `slot` bytes) in one call, packed 8-byte aligned from `at`: the count, or -errno.
   * out[4i..4i+3] = offset, real length (> slot: truncated), sender pid, sender groups.
   * Optional: a transport without it is read one datagram per recv(). `max` (> 0): at most that many.
   */
  recvMany?(fd: number, buf: Uint8Array, at: number, slot: number, out: Int32Array, max?: number): number;
  /**
   * Binds a socket's send buffer, receive slab and out array (null: keep the one bound) for
   * sendBound()/recvBound(), which then take offsets only: a typed array argument costs more to
   * take apart than a small request's send(). Held until rebound or close(fd). Optional.
   */
  useBuffers?(fd: number, send: Uint8Array | null, slab: Uint8Array | null, out: Int32Array | null): number;
  /** sendAt() of the bound send buffer. */
  sendBound?(fd: number, start: number, end: number): number;
  /** recvMany() into the bound slab and out. */
  recvBound?(fd: number, at: number, slot: number, max?: number): number;
  /**
   * sendBound(start, end) then recvBound(at, slot, max) in one call: the count read, -errno of the read,
   * or -4096 - errno when the send failed (nothing was read).
   */
  exchangeBound?(fd: number, start: number, end: number, at: number, slot: number, max?: number): number;
  /**
   * Blocks until fd is readable (or has a pending error): 1, 0 on timeout, or -errno. Optional:
   * requestSync() over a transport without it gives up when a reply is not there at once.
   */
  waitReadable?(fd: number, timeoutMs: number): number;
  close(fd: number): number;
  watch(fd: number, onReadable: (status: number) => void): NativeWatcher;
  unwatch(w: NativeWatcher): void;
  ref(w: NativeWatcher, on: boolean): void;
}

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('nlkit: cannot find the package root');
    dir = up;
  }
  return dir;
}

let addon: NativeAddon | undefined;

export function native(): NativeAddon {
  if (addon) return addon;
  const root = packageRoot();
  const require = createRequire(import.meta.url);
  const candidates = [
    path.join(root, 'build', 'Release', 'nlkit_native.node'),
    path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'nlkit_native.node'),
  ];
  for (const file of candidates) {
    if (fs.existsSync(file)) {
      addon = require(file) as NativeAddon;
      return addon;
    }
  }
  throw new Error(`nlkit: the native addon is not built (looked in ${candidates.join(', ')}); run \`npm run build:native\``);
}
