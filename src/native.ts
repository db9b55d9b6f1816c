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
