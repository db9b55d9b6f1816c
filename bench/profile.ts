// One hot path, run long enough for `node --cpu-prof` to see it:
//   node --cpu-prof --cpu-prof-dir=prof dist/bench/profile.js seq|seq-sync|inflight|dump|dump-sync|addmany|entries|decode [--n N]
// then `node dist/bench/prof-summary.js prof/X.cpuprofile` prints the top self-time functions.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NetlinkSocket } from '../src/netlink/socket.js';
import { writeGenl } from '../src/genl/header.js';
import { nlctrl, CTRL_CMD } from '../src/genl/ctrl.js';
import { Writer as WriterClass, type Writer } from '../src/netlink/writer.js';
import type { NativeAddon, NativeWatcher } from '../src/native.js';
import { IPSet } from '../src/ipset/ipset.js';
import { Decoder } from '../src/decode/decode.js';
import { readCapture } from '../src/decode/inputs/index.js';
import { createNetns } from '../test/helpers/netns.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { n: { type: 'string' }, schema: { type: 'boolean' } } });
const what = positionals[0] ?? 'seq';
const N = values.n ? Number(values.n) : undefined;

// The body encoded once, as the Python reference does; --schema encodes it per request.
const encodeBody = (w: Writer) => writeGenl(w, CTRL_CMD.GETFAMILY, 2, nlctrl.attrs, { family_name: 'nlctrl' });
const bodyWriter = new WriterClass(64);
encodeBody(bodyWriter);
const getFamily = { type: 0x10, body: values.schema ? encodeBody : bodyWriter.take() };
const getLink = { type: 18 /* RTM_GETLINK */, body: new Uint8Array(16) /* struct ifinfomsg, AF_UNSPEC */ };

/**
 * Answers every request with a 200-byte reply, and an ACK when it asked for one (as the kernel
 * does), both ready for the next read. Lean on purpose (byte stores, a ring of seqs, no views made
 * per message), so that a profile shows nlkit's cost rather than the fake's.
 */
function instantKernel(): NativeAddon {
  const ring = new Int32Array(1 << 16); // seq, then 1 if the request asked for an ACK
  let head = 0, tail = 0;
  const reply = new Uint8Array(200);
  reply[0] = 200; reply[4] = 0x10;
  const ack = new Uint8Array(36); // NLMSG_ERROR, capped: error 0 + the request's header
  ack[0] = 36; ack[4] = 2; ack[7] = 0x01;
  const putSeq = (buf: Uint8Array, at: number, seq: number) => {
    buf[at + 8] = seq; buf[at + 9] = seq >>> 8; buf[at + 10] = seq >>> 16; buf[at + 11] = seq >>> 24;
  };
  const noop = () => 0;
  return {
    open: () => 3, bind: noop, portId: () => 0, setsockopt: noop, getsockopt: noop, close: noop, recv: () => -11,
    watch: () => ({}) as NativeWatcher, unwatch: () => {}, ref: () => {},
    send(_fd, bufs) {
      for (const b of Array.isArray(bufs) ? bufs : [bufs]) {
        for (let at = 0; at < b.length;) {
          const len = b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
          ring[tail] = b[at + 8]! | (b[at + 9]! << 8) | (b[at + 10]! << 16) | (b[at + 11]! << 24);
          ring[tail + 1] = b[at + 6]! & 4; // NLM_F_ACK
          tail = (tail + 2) & (ring.length - 1);
          at += (len + 3) & ~3;
        }
      }
      return 1;
    },
    recvMany(_fd, buf, at, slot, out) {
      let n = 0;
      while (head !== tail && n + 2 <= out.length / 4 && buf.length - at >= slot) { // room for a reply and its ACK
        const seq = ring[head]!, acked = ring[head + 1] !== 0;
        head = (head + 2) & (ring.length - 1);
        buf.set(reply, at); putSeq(buf, at, seq);
        out[4 * n] = at; out[4 * n + 1] = 200; out[4 * n + 2] = 0; out[4 * n + 3] = 0; n++; at += 200;
        if (!acked) continue;
        buf.set(ack, at); putSeq(buf, at, seq);
        out[4 * n] = at; out[4 * n + 1] = 36; out[4 * n + 2] = 0; out[4 * n + 3] = 0; n++; at += 40;
      }
      return n || -11;
    },
  };
}

/** `count` GETFAMILY requests, one after another. */
async function sequential(s: NetlinkSocket, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await s.request(getFamily);
}

/** `count` GETFAMILY requests from 64 callers at once. */
async function inFlight(s: NetlinkSocket, count: number): Promise<void> {
  let next = 0;
  const worker = async () => { while (next < count) { next++; await s.request(getFamily); } };
  await Promise.all(Array.from({ length: 64 }, worker));
}

function ipOf(i: number): string {
  const n = 0x0a000000 + i;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

const t = performance.now();
const cpu0 = process.cpuUsage();
let count = 0;
switch (what) {
  case 'seq': {
    const s = NetlinkSocket.open('GENERIC');
    count = N ?? 100000;
    await sequential(s, count);
    s.close();
    break;
  }
  case 'seq-sync': {
    const s = NetlinkSocket.open('GENERIC');
    count = N ?? 200000;
    for (let i = 0; i < count; i++) s.requestSync(getFamily);
    s.close();
    break;
  }
  case 'seq-fake':
  case 'inflight-fake': {
    // nlkit's own cost per request: a transport that answers at once, without a kernel.
    const s = NetlinkSocket.open('GENERIC', { transport: instantKernel() });
    count = N ?? 1000000;
    await (what === 'seq-fake' ? sequential(s, count) : inFlight(s, count));
    s.close();
    break;
  }
  case 'inflight': {
    const s = NetlinkSocket.open('GENERIC');
    count = N ?? 200000;
    await inFlight(s, count);
    s.close();
    break;
  }
  case 'dump':
  case 'dump-sync': {
    // Small dumps in a fresh namespace (only lo), with dumpAll() or dumpSync().
    const ns = createNetns('nlkit-prof');
    try {
      const s = NetlinkSocket.open('ROUTE', { netns: ns.name });
      count = N ?? 100000;
      if (what === 'dump') for (let i = 0; i < count; i++) await s.dumpAll(getLink);
      else for (let i = 0; i < count; i++) s.dumpSync(getLink);
      s.close();
    } finally {
      ns.destroy();
    }
    break;
  }
  case 'addmany':
  case 'entries': {
    const ns = createNetns('nlkit-prof');
    try {
      count = N ?? 500000;
      const ips = Array.from({ length: count }, (_, i) => ipOf(i));
      const ipset = await IPSet.open({ netns: ns.name });
      await ipset.create('p', 'hash:ip', { hashsize: 1 << 18, maxelem: count * 2 });
      const t0 = performance.now();
      await ipset.addMany('p', ips);
      if (what === 'entries') {
        // Several passes, so the listing outweighs the load in the profile.
        const t1 = performance.now();
        for (let pass = 0; pass < 5; pass++) {
          let k = 0;
          for await (const e of ipset.entries('p')) { void e; k++; }
          if (k !== count) throw new Error(`entries: ${k} of ${count}`);
        }
        process.stderr.write(`entries: ${Math.round((5 * count) / ((performance.now() - t1) / 1000))}/s\n`);
      } else {
        process.stderr.write(`addMany: ${Math.round(count / ((performance.now() - t0) / 1000))}/s\n`);
      }
      ipset.close();
    } finally {
      ns.destroy();
    }
    break;
  }
  case 'decode': {
    let dir = path.dirname(new URL(import.meta.url).pathname);
    while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    const records = [...readCapture(fs.readFileSync(path.join(dir, 'test', 'data', 'captures', 'nlmon_iw_ipset.pcap')))];
    const d = new Decoder();
    const passes = N ?? 2000;
    let bytes = 0;
    for (let i = 0; i < passes; i++) for (const r of records) { bytes += r.bytes.length; for (const m of d.record(r)) void m; }
    count = bytes;
    process.stderr.write(`decode: ${(bytes / ((performance.now() - t) / 1000) / 1e6).toFixed(1)} MB/s\n`);
    break;
  }
  default:
    throw new Error(`unknown hot path '${what}'`);
}
const cu = process.cpuUsage(cpu0);
process.stderr.write(`${what}: ${count} in ${Math.round(performance.now() - t)} ms (${Math.round(count / ((performance.now() - t) / 1000))}/s), cpu ${((cu.user + cu.system) / count).toFixed(2)} us each (sys ${(cu.system / count).toFixed(2)})\n`);
