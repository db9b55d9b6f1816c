// Request round trips on one socket, next to a plain Python raw-socket loop doing the same
// messages in the same network namespace, measured in turns (Python, nlkit, Python, ...) so that
// each ratio compares runs a moment apart on this shared machine. Prints JSON: per figure the
// median and the range over the rounds, and the ratios per round.
//   node dist/bench/roundtrip.js [--n 20000] [--rounds 7]      (as root: it makes a namespace)
// Figures:
//  - getfamily: CTRL_CMD_GETFAMILY("nlctrl") with an ACK, one after another (body encoded once, like
//    the Python loop); getfamilySchema encodes the body through the nlctrl schema on every request;
//  - inflight64: the same request with 64 in flight;
//  - getlinkDump: small RTM_GETLINK dumps (the namespace has only lo), one after another;
//  - *_sync: the same through requestSync()/dumpSync(), which return the replies with no promise;
//  - node_bare_getfamily: the same request on the bare addon in a synchronous loop (no promise, no
//    routing): what Node and N-API cost before any of nlkit's request machinery;
//  - node_bare_async_getfamily: the same, each request wrapped in a promise that the loop awaits:
//    the floor for any request() that returns a promise;
//  - c_*: the kernel's own ceiling, bench/ceiling.c (built here with cc): the GETFAMILY request from a
//    minimal C loop, one after another, 64 per sendmsg() each with its ACK, and 64 per sendmsg() with
//    the ACK on the last only (lastack: what nlkit sends for requests of one turn, ack-group.ts).
//    No runtime can beat the batched figure that sends the same messages. c_getlink_dump: the small
//    dumps from C, one after another.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NetlinkSocket } from '../src/netlink/socket.js';
import { native } from '../src/native.js';
import { writeGenl } from '../src/genl/header.js';
import { nlctrl, CTRL_CMD } from '../src/genl/ctrl.js';
import { Writer } from '../src/netlink/writer.js';
import { createNetns } from '../test/helpers/netns.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '7' } } });
const n = Number(values.n);
const rounds = Number(values.rounds);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const encodeBody = (w: Writer) => writeGenl(w, CTRL_CMD.GETFAMILY, 2, nlctrl.attrs, { family_name: 'nlctrl' });
const bw = new Writer(64);
encodeBody(bw);
const getFamily = { type: 0x10, body: bw.take() };
const getFamilySchema = { type: 0x10, body: encodeBody };
const getLink = { type: 18 /* RTM_GETLINK */, body: new Uint8Array(16) /* struct ifinfomsg, AF_UNSPEC */ };

async function rate(count: number, fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return count / ((performance.now() - t) / 1000);
}

const sequential = (s: NetlinkSocket, msg: typeof getFamily | typeof getFamilySchema, count: number) =>
  rate(count, async () => { for (let i = 0; i < count; i++) await s.request(msg); });

const inFlight = (s: NetlinkSocket, count: number, window: number) => rate(count, async () => {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await s.request(getFamily);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
});

/**
 * The GETFAMILY request on the bare addon (send, read until the ACK), no nlkit around it:
 * `bare` runs it from a synchronous loop (what Node and N-API cost), `bareAsync` wraps each one
 * in a promise that the loop awaits (the least any promise-returning request() can cost).
 */
function bareRoundTrip(s: NetlinkSocket): (seq: number) => void {
  const addon = native();
  const msg = new Uint8Array(16 + getFamily.body.length);
  const dv = new DataView(msg.buffer);
  dv.setUint32(0, msg.length, true); dv.setUint16(4, getFamily.type, true); dv.setUint16(6, 0x05, true); // REQUEST|ACK
  msg.set(getFamily.body, 16);
  const slab = new Uint8Array(1 << 20);
  const out = new Int32Array(4 * 64);
  addon.useBuffers!(s.fd, msg, slab, out); // the buffers bound once, as nlkit's socket does: calls take offsets only
  return (seq) => {
    dv.setUint32(8, seq, true);
    if (addon.sendBound!(s.fd, 0, msg.length) < 0) throw new Error('bare loop: send failed');
    for (let acked = false; !acked;) {
      const k = addon.recvBound!(s.fd, 0, 65536, 2); // a reply and the ACK: no attempt on an empty queue after
      for (let j = 0; j < k; j++) if (slab[out[4 * j]! + 4] === 2 /* NLMSG_ERROR: the ACK, after the reply */) acked = true;
    }
  };
}

function bare(s: NetlinkSocket, count: number): number {
  const roundTrip = bareRoundTrip(s);
  const t = performance.now();
  for (let i = 1; i <= count; i++) roundTrip(i);
  return count / ((performance.now() - t) / 1000);
}

async function bareAsync(s: NetlinkSocket, count: number): Promise<number> {
  const roundTrip = bareRoundTrip(s);
  const t = performance.now();
  for (let i = 1; i <= count; i++) await new Promise<void>((resolve) => { roundTrip(i); resolve(); });
  return count / ((performance.now() - t) / 1000);
}

const dumps = (s: NetlinkSocket, count: number) => rate(count, async () => { for (let i = 0; i < count; i++) await s.dumpAll(getLink); });

/** requestSync()/dumpSync(): the same requests with no promise, as the Python loop makes them. */
function syncRate(count: number, fn: () => unknown): number {
  const t = performance.now();
  for (let i = 0; i < count; i++) fn();
  return count / ((performance.now() - t) / 1000);
}

/** A reference kept running in the namespace, one command and one JSON line at a time. */
function reference(ns: string, argv: string[]) {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async run(cmd: string, count: number, ...more: number[]): Promise<{ rps?: number; error?: string }> {
      child.stdin.write(`${[cmd, count, ...more].join(' ')}\n`);
      const r = await lines.next();
      if (r.done) throw new Error(`the reference ${argv[0]} exited`);
      return JSON.parse(r.value) as { rps?: number; error?: string };
    },
    close: () => child.stdin.end(),
  };
}

/** bench/ceiling.c built with the system's cc, or undefined (said on stderr) where there is none. */
function buildCeiling(): string | undefined {
  const exe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nlkit-ceiling-')), 'ceiling');
  const r = spawnSync('cc', ['-O2', '-o', exe, path.join(root, 'bench', 'ceiling.c')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status === 0) return exe;
  process.stderr.write('roundtrip: NO C CEILING: cc failed or is missing; the c_* figures are left out\n');
  return undefined;
}

interface Summary { median: number; min: number; max: number }
function summary(xs: number[], digits = 0): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => +x.toFixed(digits);
  return { median: f(s[Math.floor(s.length / 2)]!), min: f(s[0]!), max: f(s[s.length - 1]!) };
}

const ns = createNetns('nlkit-bench');
try {
  const py = reference(ns.name, ['/usr/bin/python3', path.join(root, 'bench', 'roundtrip.py')]);
  const ceilingExe = buildCeiling();
  const c = ceilingExe ? reference(ns.name, [ceilingExe]) : undefined;
  const genl = NetlinkSocket.open('GENERIC', { netns: ns.name });
  const bareSock = NetlinkSocket.open('GENERIC', { netns: ns.name }); // only its fd: the loop is synchronous
  const route = NetlinkSocket.open('ROUTE', { netns: ns.name });
  // Warm-up, both sides.
  await sequential(genl, getFamily, 2000);
  await sequential(genl, getFamilySchema, 2000);
  await inFlight(genl, 4000, 64);
  await dumps(route, 2000);
  syncRate(2000, () => genl.requestSync(getFamily));
  syncRate(2000, () => route.dumpSync(getLink));
  await py.run('getfamily', 2000);
  await py.run('getlink', 2000);
  await c?.run('seq', 2000);
  const fig: Record<string, number[]> = {
    python_getfamily: [], nlkit_getfamily: [], nlkit_getfamily_schema: [], nlkit_inflight64: [],
    node_bare_getfamily: [], ratio_getfamily_vs_node_bare: [], ratio_node_bare_vs_python: [],
    node_bare_async_getfamily: [], ratio_node_bare_async_vs_python: [], ratio_getfamily_vs_node_bare_async: [],
    python_getlink_dump: [], nlkit_getlink_dump: [],
    nlkit_getfamily_sync: [], ratio_getfamily_sync: [], nlkit_getlink_dump_sync: [], ratio_getlink_dump_sync: [],
    ratio_getfamily: [], ratio_getfamily_schema: [], ratio_inflight64_vs_python_sequential: [], ratio_getlink_dump: [],
    c_getfamily: [], c_getfamily_batch64: [], ratio_getfamily_vs_c: [], ratio_inflight64_vs_c_batch64: [],
    ratio_c_batch64_vs_python_sequential: [],
    c_getfamily_batch64_lastack: [], ratio_inflight64_vs_c_lastack: [], ratio_c_lastack_vs_python_sequential: [],
    c_getlink_dump: [], ratio_c_dump_vs_python: [], ratio_getlink_dump_sync_vs_c: [],
  };
  const push = (k: string, v: number) => fig[k]!.push(v);
  for (let r = 0; r < rounds; r++) {
    const pyFam = (await py.run('getfamily', n)).rps!;
    const seq = await sequential(genl, getFamily, n);
    const seqSync = syncRate(n, () => genl.requestSync(getFamily));
    const bareRate = bare(bareSock, n);
    const bareAsyncRate = await bareAsync(bareSock, n);
    const seqSchema = await sequential(genl, getFamilySchema, n);
    const conc = await inFlight(genl, n * 2, 64);
    const pyFam2 = (await py.run('getfamily', n)).rps!;
    const pyLink = (await py.run('getlink', n)).rps!;
    const dump = await dumps(route, n);
    const dumpSync = syncRate(n, () => route.dumpSync(getLink));
    const pyLink2 = (await py.run('getlink', n)).rps!;
    if (c) {
      const cSeq = (await c.run('seq', n)).rps!;
      const cBatch = (await c.run('batch', n * 2, 64)).rps!;
      push('c_getfamily', cSeq); push('c_getfamily_batch64', cBatch);
      push('ratio_getfamily_vs_c', seq / cSeq); push('ratio_inflight64_vs_c_batch64', conc / cBatch);
      push('ratio_c_batch64_vs_python_sequential', cBatch / ((pyFam + pyFam2) / 2));
      const cLast = (await c.run('lastack', n * 2, 64)).rps!;
      push('c_getfamily_batch64_lastack', cLast); push('ratio_inflight64_vs_c_lastack', conc / cLast);
      push('ratio_c_lastack_vs_python_sequential', cLast / ((pyFam + pyFam2) / 2));
      const cDump = (await c.run('dump', n)).rps!;
      push('c_getlink_dump', cDump); push('ratio_c_dump_vs_python', cDump / ((pyLink + pyLink2) / 2));
      push('ratio_getlink_dump_sync_vs_c', dumpSync / cDump);
    }
    // Each nlkit figure against the mean of the Python runs just before and just after it.
    const pyF = (pyFam + pyFam2) / 2;
    const pyL = (pyLink + pyLink2) / 2;
    push('node_bare_getfamily', bareRate); push('ratio_getfamily_vs_node_bare', seq / bareRate); push('ratio_node_bare_vs_python', bareRate / pyF);
    push('node_bare_async_getfamily', bareAsyncRate); push('ratio_node_bare_async_vs_python', bareAsyncRate / pyF); push('ratio_getfamily_vs_node_bare_async', seq / bareAsyncRate);
    push('python_getfamily', pyF); push('nlkit_getfamily', seq); push('nlkit_getfamily_schema', seqSchema); push('nlkit_inflight64', conc);
    push('python_getlink_dump', pyL); push('nlkit_getlink_dump', dump);
    push('ratio_getfamily', seq / pyF); push('ratio_getfamily_schema', seqSchema / pyF);
    push('ratio_inflight64_vs_python_sequential', conc / pyF); push('ratio_getlink_dump', dump / pyL);
    push('nlkit_getfamily_sync', seqSync); push('ratio_getfamily_sync', seqSync / pyF);
    push('nlkit_getlink_dump_sync', dumpSync); push('ratio_getlink_dump_sync', dumpSync / pyL);
  }
  const pr2 = await py.run('pyroute2', Math.min(n, 5000));
  py.close();
  c?.close();
  if (ceilingExe) fs.rmSync(path.dirname(ceilingExe), { recursive: true, force: true });
  genl.close();
  bareSock.close();
  route.close();
  const out: Record<string, unknown> = {
    benchmark: 'netlink request round trips on one socket, nlkit vs a plain Python raw-socket loop, same namespace, interleaved',
    n, rounds,
  };
  for (const [k, xs] of Object.entries(fig)) if (xs.length) out[k] = summary(xs, k.startsWith('ratio') ? 2 : 0);
  out.pyroute2_getfamily = pr2.rps ? Math.round(pr2.rps) : { skipped: pr2.error };
  console.log(JSON.stringify(out, null, 2));
} finally {
  ns.destroy();
}
