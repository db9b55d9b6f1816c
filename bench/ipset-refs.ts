// The ipset bench's references on the bare addon, shared by ipset.ts and ipset-split.ts: the kernel's
// ceilings (pre-encoded ADD batches written by a minimal loop; a LIST dump read by a minimal loop),
// and timing that reports wall and CPU time alike.
import os from 'node:os';
import { native } from '../src/native.js';
import { NLMSG_DONE, NLMSG_ERROR, NLM_F, SOL_NETLINK, SOL_SOCKET } from '../src/netlink/constants.js';
import { writeMessage } from '../src/netlink/message.js';
import { Writer } from '../src/netlink/writer.js';
import { beginBulkMessage, writeFastV4 } from '../src/ipset/bulk-encode.js';
import { FAMILY, IPSET_CMD, IPSET_SUBSYS, attrTypes, ipsetCreateCmdAttrs } from '../src/ipset/schema.js';
import { nfMsgType, writeNfgen } from '../src/nfnetlink/header.js';

const NETLINK_CAP_ACK = 10, SO_RCVBUFFORCE = 33, SO_SNDBUFFORCE = 32;
const EAGAIN = os.constants.errno.EAGAIN;
/** nlkit's socket reads with 64 KiB slots (SocketOptions.bufferSize's default): the raw reader does too. */
export const NLKIT_SLOT = 65536;

export function ipOf(i: number): string {
  const n = 0x0a000000 + i;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Wall and CPU milliseconds of one measured piece of work. */
export interface Timed { ms: number; cpuMs: number }

/** Times fn in this process: wall, and CPU of every thread (the GC's included). */
export async function timed(fn: () => unknown): Promise<Timed> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const u = process.cpuUsage(c);
  return { ms, cpuMs: (u.user + u.system) / 1000 };
}

/** ADD messages for `name`, 32 KiB each, as whole netlink messages (header included). */
export function preEncode(name: string, ips: string[], protocol: number): Uint8Array[] {
  const body = new Writer(1 << 16);
  const msg = new Writer(1 << 16);
  const nameBytes = Buffer.from(name + '\0');
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < ips.length) {
    body.reset();
    const adtAt = beginBulkMessage(body, FAMILY.inet, protocol, nameBytes);
    while (i < ips.length && body.pos < 32 * 1024 - 256) {
      writeFastV4(body, ips[i]!, i + 1);
      i++;
    }
    body.end(adtAt);
    msg.reset();
    writeMessage(msg, { type: nfMsgType(IPSET_SUBSYS, IPSET_CMD.ADD), flags: NLM_F.REQUEST | NLM_F.ACK | NLM_F.EXCL, seq: out.length + 1, pid: 0 }, (w) => w.bytes(body.buf.subarray(0, body.pos)));
    out.push(msg.take());
  }
  return out;
}

/** The minimal loop: pre-encoded messages out, ACKs in, nothing else. */
export function ceilingLoop(ns: string, msgs: Uint8Array[]): void {
  const a = native();
  const fd = a.open(12 /* NETLINK_NETFILTER */, `/run/netns/${ns}`);
  if (fd < 0) throw new Error(`socket: ${-fd}`);
  a.bind(fd, 0, 0);
  a.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
  a.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, 4 << 20);
  a.setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, 8 << 20);
  const buf = new Uint8Array(1 << 20);
  const view = new DataView(buf.buffer);
  const out = new Int32Array(256);
  let sent = 0, acked = 0;
  while (acked < msgs.length) {
    while (sent < msgs.length && sent - acked < 256) {
      const batch = msgs.slice(sent, sent + 4);
      if (a.send(fd, batch, 0, 0) < 0) throw new Error('sendmsg failed');
      sent += batch.length;
    }
    const n = a.recvMany!(fd, buf, 0, 65536, out);
    if (n === -EAGAIN) continue;
    if (n < 0) throw new Error(`recv: ${-n}`);
    for (let j = 0; j < n; j++) {
      let at = out[4 * j]!;
      const end = at + out[4 * j + 1]!;
      while (at < end) {
        const len = view.getUint32(at, true);
        if (view.getUint16(at + 4, true) === NLMSG_ERROR) {
          const err = view.getInt32(at + 16, true);
          if (err !== 0) throw new Error(`the kernel refused a message: ${err}`);
          acked++;
        }
        at += (len + 3) & ~3;
      }
    }
  }
  a.close(fd);
}

/** The LIST dump of set `name`, in whole (header included). */
export function listRequest(name: string, protocol: number): Uint8Array {
  const w = new Writer(64);
  const A = attrTypes(ipsetCreateCmdAttrs, ['protocol', 'setname']);
  writeMessage(w, { type: nfMsgType(IPSET_SUBSYS, IPSET_CMD.LIST), flags: NLM_F.REQUEST | NLM_F.DUMP, seq: 1, pid: 0 }, (b) => {
    writeNfgen(b, FAMILY.inet);
    let at = b.begin(A.protocol); b.u8(protocol); b.end(at);
    at = b.begin(A.setname); b.bytes(Buffer.from(name + '\0')); b.end(at);
  });
  return w.take();
}

/**
 * The listing ceiling: the dump read by a minimal loop (recvmmsg into one buffer with nlkit's slot and
 * receive buffer sizes, headers walked for NLMSG_DONE, nothing decoded). Returns the dump's size.
 */
export function rawListLoop(ns: string, req: Uint8Array, slot: number): { datagrams: number; bytes: number } {
  const a = native();
  const fd = a.open(12 /* NETLINK_NETFILTER */, `/run/netns/${ns}`);
  if (fd < 0) throw new Error(`socket: ${-fd}`);
  a.bind(fd, 0, 0);
  a.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, 4 << 20);
  const buf = new Uint8Array(1 << 20);
  const view = new DataView(buf.buffer);
  const out = new Int32Array(256);
  let datagrams = 0, bytes = 0;
  if (a.send(fd, req, 0, 0) < 0) throw new Error('sendmsg failed');
  for (let done = false; !done;) {
    const n = a.recvMany!(fd, buf, 0, slot, out);
    if (n === -EAGAIN) continue;
    if (n < 0) throw new Error(`recv: ${-n}`);
    datagrams += n;
    for (let j = 0; j < n; j++) {
      let at = out[4 * j]!;
      const end = at + out[4 * j + 1]!;
      bytes += out[4 * j + 1]!;
      while (at < end) {
        const type = view.getUint16(at + 4, true);
        if (type === NLMSG_DONE) done = true;
        else if (type === NLMSG_ERROR) throw new Error(`the kernel refused the dump: ${view.getInt32(at + 16, true)}`);
        at += (view.getUint32(at, true) + 3) & ~3;
      }
    }
  }
  a.close(fd);
  return { datagrams, bytes };
}

export interface Summary { median: number; min: number; max: number }
export function summary(xs: number[], digits = 0): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => +x.toFixed(digits);
  return { median: f(s[Math.floor(s.length / 2)]!), min: f(s[0]!), max: f(s[s.length - 1]!) };
}
