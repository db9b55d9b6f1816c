#!/usr/bin/env node
// Long-running fuzzer for `nlkit decode`: mutates the real captures in test/data/captures (and
// pyroute2's samples, and the netlink datagrams inside the captures) and checks that decode()
// neither throws, hangs, nor reports an internal decoder error, and that every message formats.
//
//   node scripts/fuzz-decode.mjs [--seconds 60] [--seed N] [--hang-ms 10000]
//
// Needs a build (npx tsc -p .). Each iteration's input comes from a seed, so a finding is
// reproduced from the seed alone; it is also written to /tmp/nlkit-fuzz-<seed>.bin with the
// options beside it (.json). The work runs in a worker thread; the main thread watches its
// progress and reports a hang (with the seed of the input that hung).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---- deterministic inputs from a seed ----

function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

function corpus(readCapture) {
  const files = [];
  for (const dir of ['test/data/captures', 'test/data/peers']) {
    for (const f of fs.readdirSync(path.join(root, dir)).sort()) {
      if (/_strace(_hex)?\.txt$|\.pcap$|\.data$|\.dump$/.test(f)) files.push({ name: f, bytes: fs.readFileSync(path.join(root, dir, f)) });
    }
  }
  const datagrams = [];
  for (const f of files) {
    if (!/\.pcap$|_hex\.txt$|genl_rtnl/.test(f.name)) continue;
    for (const r of readCapture(f.bytes)) if (r.bytes.length) datagrams.push({ name: `${f.name} ${r.source}`, bytes: Buffer.from(r.bytes) });
  }
  return { files, datagrams };
}

const FORMATS = [undefined, 'raw', 'hex', 'strace', 'pcap'];
const PROTOCOLS = [undefined, 'route', 'generic', 'netfilter'];

/** The input and options of one iteration. */
function makeCase(seed, c) {
  const rnd = prng(seed);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const useDatagram = rnd() < 0.6;
  const base = useDatagram ? pick(c.datagrams) : pick(c.files);
  let b = Buffer.from(base.bytes);
  // Whole files are big: mutate a window of a text capture so the parse reaches the mutation.
  if (!useDatagram && b.length > 20000 && rnd() < 0.7) {
    const start = Math.floor(rnd() * (b.length - 20000));
    b = Buffer.from(b.subarray(base.name.endsWith('.pcap') ? 0 : start, (base.name.endsWith('.pcap') ? 0 : start) + 20000));
  }
  const n = 1 + Math.floor(rnd() * 8);
  const ops = [];
  for (let i = 0; i < n && b.length; i++) {
    const op = Math.floor(rnd() * 7);
    const at = Math.floor(rnd() * b.length);
    ops.push(op);
    if (op === 0) b[at] ^= 1 << Math.floor(rnd() * 8); // bit flip
    else if (op === 1) b[at] = Math.floor(rnd() * 256); // random byte
    else if (op === 2 && at + 2 <= b.length) b.writeUInt16LE(pick([0, 1, 3, 4, 5, 0xffff, 0x7fff, Math.floor(rnd() * 65536)]), at & ~1); // an nla_len-like field
    else if (op === 3 && at + 4 <= b.length) b.writeUInt32LE(pick([0, 15, 16, 17, 0xffffffff, Math.floor(rnd() * 2 ** 32)]) >>> 0, at & ~3); // an nlmsg_len-like field
    else if (op === 4) b = b.subarray(0, at); // truncation
    else if (op === 5) b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + Math.floor(rnd() * 64)))]); // deletion
    else if (op === 6) { const o = pick(c.datagrams).bytes; b = Buffer.concat([b.subarray(0, at), o.subarray(0, Math.floor(rnd() * o.length)), b.subarray(at)]); } // splice
  }
  const opts = {};
  const format = useDatagram ? (rnd() < 0.8 ? 'raw' : pick(FORMATS)) : pick(FORMATS);
  if (format) opts.format = format;
  const protocol = pick(PROTOCOLS);
  if (protocol) opts.protocol = protocol;
  if (rnd() < 0.5) opts.families = { nl80211: pick([0x1b, 0x1c, 0x20, 0x22]) };
  return { bytes: b, opts, base: base.name, ops };
}

function writeRepro(seed, kase, why) {
  const file = `/tmp/nlkit-fuzz-${seed}.bin`;
  fs.writeFileSync(file, kase.bytes);
  fs.writeFileSync(file.replace(/\.bin$/, '.json'), JSON.stringify({ seed, why, base: kase.base, ops: kase.ops, options: kase.opts }, null, 2) + '\n');
  return file;
}

async function load() {
  const dist = path.join(root, 'dist', 'src', 'decode', 'index.js');
  if (!fs.existsSync(dist)) throw new Error('build first: npx tsc -p .');
  return import(pathToFileURL(dist).href);
}

// ---- the worker: run iterations, publish the current seed ----

async function work() {
  const { decode, formatMessage, formatMessageJson, readCapture } = await load();
  const c = corpus(readCapture);
  const shared = new Int32Array(workerData.shared); // [iterations, current seed, busy]
  const deadline = Date.now() + workerData.seconds * 1000;
  let seed = workerData.seed;
  let messages = 0;
  let bytes = 0;
  const findings = [];
  while (Date.now() < deadline) {
    seed = (seed + 0x9e3779b9) >>> 0;
    Atomics.store(shared, 1, seed | 0);
    const kase = makeCase(seed, c);
    Atomics.store(shared, 2, 1);
    let why;
    try {
      const ms = decode(kase.bytes, kase.opts);
      messages += ms.length;
      for (const m of ms) {
        if (m.decodeError && /internal decoder error/.test(m.decodeError.message)) why = `internal error: ${m.decodeError.message}`;
        formatMessage(m);
        formatMessageJson(m);
      }
    } catch (e) {
      // A bad option value is the only thing decode() may throw on; anything else is a finding.
      if (!(e instanceof RangeError && /unknown netlink protocol/.test(e.message))) why = `exception: ${e?.stack ?? e}`;
    }
    Atomics.store(shared, 2, 0);
    bytes += kase.bytes.length;
    if (why) findings.push({ seed, why, file: writeRepro(seed, kase, why) });
    Atomics.add(shared, 0, 1);
  }
  parentPort.postMessage({ iterations: Atomics.load(shared, 0), messages, bytes, findings, corpus: { files: c.files.length, datagrams: c.datagrams.length } });
}

// ---- the main thread: start, watch for hangs, report ----

async function main() {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, seed: { type: 'string' }, 'hang-ms': { type: 'string', default: '10000' }, repro: { type: 'string' } } });
  if (values.repro) {
    // Re-run one seed in this thread and print what happens.
    const { decode, formatMessage, readCapture } = await load();
    const kase = makeCase(Number(values.repro), corpus(readCapture));
    console.log(JSON.stringify({ base: kase.base, ops: kase.ops, options: kase.opts, length: kase.bytes.length }));
    for (const m of decode(kase.bytes, kase.opts)) process.stdout.write(formatMessage(m));
    return;
  }
  const seconds = Number(values.seconds);
  const seed = values.seed !== undefined ? Number(values.seed) : (Date.now() ^ process.pid) >>> 0;
  const hangMs = Number(values['hang-ms']);
  const shared = new SharedArrayBuffer(12);
  const view = new Int32Array(shared);
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { seconds, seed, shared } });
  const started = Date.now();
  let last = 0;
  let lastChange = Date.now();
  const result = await new Promise((resolve, reject) => {
    const timer = setInterval(async () => {
      const n = Atomics.load(view, 0);
      if (n !== last) { last = n; lastChange = Date.now(); return; }
      if (Atomics.load(view, 2) === 1 && Date.now() - lastChange > hangMs) {
        clearInterval(timer);
        const hungSeed = Atomics.load(view, 1) >>> 0;
        await worker.terminate();
        const { readCapture } = await load();
        const file = writeRepro(hungSeed, makeCase(hungSeed, corpus(readCapture)), `hang: no progress for ${hangMs} ms`);
        resolve({ iterations: n, findings: [{ seed: hungSeed, why: 'hang', file }], hang: true });
      }
    }, 250);
    worker.once('message', (m) => { clearInterval(timer); resolve(m); });
    worker.once('error', (e) => { clearInterval(timer); reject(e); });
  });
  const secs = (Date.now() - started) / 1000;
  const report = {
    seconds: Math.round(secs * 10) / 10, seed, iterations: result.iterations, perSecond: Math.round(result.iterations / secs),
    messages: result.messages, megabytes: result.bytes !== undefined ? Math.round(result.bytes / 1e5) / 10 : undefined,
    corpus: result.corpus, findings: result.findings,
  };
  console.log(JSON.stringify(report, null, 2));
  if (result.findings.length) {
    console.error(`\n${result.findings.length} finding(s); reproduce one with: node scripts/fuzz-decode.mjs --repro SEED`);
    process.exitCode = 1;
  }
}

if (isMainThread) await main();
else await work();
