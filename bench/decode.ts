// Decoder benchmark: nlkit decode on large captures built from the recorded nlmon pcap, next to
// pyroute2's decoder on the same netlink bytes (same run).
//   node dist/bench/decode.js [--mb 32] [--py-mb 8] [--rounds 5]
// Workloads:
//  - pcap: the nlmon capture's packets repeated to --mb MB, read as a stream (decodeStream);
//  - hex: the same datagrams as a hex dump (one `# send`/`# recv` comment + one hex line each);
//  - datagrams: the raw netlink datagrams fed to a Decoder (no input parsing): the figure to put
//    beside pyroute2, which parses the same datagrams with its nlmsg classes. Two untimed rounds
//    of --mb MB (the first, cold, runs at half speed or less while the JIT settles: coldMBps), then
//    --rounds timed rounds; the median round, with the range, each round's rate and the time of a
//    fixed loop run before it (cpuCheckMs: a slow host shows there, see cpuCheckMs()).
// Prints JSON: MB/s, messages/s and peak RSS for each, pyroute2's figures, and the ratios.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Decoder, decodeStream } from '../src/decode/decode.js';
import { readCapture, type CaptureRecord } from '../src/decode/inputs/index.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '32' }, 'py-mb': { type: 'string', default: '8' }, rounds: { type: 'string', default: '5' } } });
const ROUNDS = Math.max(1, Number(values.rounds));
const TARGET = Number(values.mb) * 1e6;
const PY_TARGET = Number(values['py-mb']) * 1e6;

function repoRoot(): string {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Peak RSS, sampled by a timer and at every call to sample(). */
class Rss {
  peak = process.memoryUsage().rss;
  private timer?: NodeJS.Timeout;
  start(): void {
    this.peak = process.memoryUsage().rss;
    this.timer = setInterval(() => this.sample(), 20);
  }
  sample(): void {
    const r = process.memoryUsage().rss;
    if (r > this.peak) this.peak = r;
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.round(this.peak / 1e5) / 10;
  }
}

/** The pcap's packets repeated until the file is `target` bytes. */
function buildPcap(src: Buffer, target: number, file: string): void {
  const head = src.subarray(0, 24);
  const packets = src.subarray(24);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, head);
  let size = head.length;
  while (size < target) {
    fs.writeSync(fd, packets);
    size += packets.length;
  }
  fs.closeSync(fd);
}

function buildHex(records: CaptureRecord[], target: number, file: string): void {
  const block = records.map((r) => `# ${r.direction ?? 'recv'}\n${Buffer.from(r.bytes).toString('hex').replace(/(..)/g, '$1 ').trimEnd()}\n`).join('');
  const fd = fs.openSync(file, 'w');
  let size = 0;
  while (size < target) {
    fs.writeSync(fd, block);
    size += block.length;
  }
  fs.closeSync(fd);
}

/**
 * A fixed integer loop, no allocation: ~15 ms on this machine's quiet host. The host sometimes runs
 * the VM's CPUs slower (21-30 ms here, while the other vCPU is busy, with no steal time reported):
 * a datagram round timed then runs at about half speed, whatever the code. Timed before each round.
 */
function cpuCheckMs(): number {
  const a = new Uint32Array(4096);
  let h = 1;
  const t = performance.now();
  for (let k = 0; k < 3000; k++) {
    for (let i = 0; i < 4096; i++) {
      h = Math.imul(h ^ a[i]!, 0x9e3779b1) >>> 0;
      a[i] = h;
    }
  }
  return Math.round((performance.now() - t) * 10) / 10;
}

async function timeStream(file: string): Promise<{ MB: number; seconds: number; MBps: number; messages: number; messagesPerSecond: number; errors: number; peakRssMB: number }> {
  const size = fs.statSync(file).size;
  const rss = new Rss();
  rss.start();
  const t = performance.now();
  let messages = 0;
  let errors = 0;
  for await (const m of decodeStream(fs.createReadStream(file, { highWaterMark: 256 * 1024 }))) {
    messages++;
    if (m.decodeError) errors++;
    if ((messages & 4095) === 0) rss.sample();
  }
  const seconds = (performance.now() - t) / 1000;
  const peakRssMB = rss.stop();
  return { MB: Math.round(size / 1e5) / 10, seconds: Math.round(seconds * 1000) / 1000, MBps: Math.round((size / seconds / 1e6) * 10) / 10, messages, messagesPerSecond: Math.round(messages / seconds), errors, peakRssMB };
}

async function main(): Promise<void> {
  const root = repoRoot();
  const src = fs.readFileSync(path.join(root, 'test', 'data', 'captures', 'nlmon_iw_ipset.pcap'));
  const records = [...readCapture(src)];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nlkit-decode-bench-'));
  try {
    const pcapFile = path.join(tmp, 'big.pcap');
    const hexFile = path.join(tmp, 'big.hex');
    buildPcap(src, TARGET, pcapFile);
    buildHex(records, TARGET, hexFile);

    // Warm up the JIT on one pass.
    for (const m of new Decoder().record(records[0]!)) void m;
    const pcap = await timeStream(pcapFile);
    const hex = await timeStream(hexFile);

    // Raw datagrams: the same netlink bytes pyroute2 gets, in --rounds rounds of --mb MB each (a
    // fresh Decoder per round); the figure is the median round, with the range.
    const perPass = records.reduce((n, r) => n + r.bytes.length, 0);
    const passes = Math.max(1, Math.ceil(TARGET / perPass));
    const rss = new Rss();
    rss.start();
    let messages = 0;
    let errors = 0;
    let d = new Decoder();
    const rates: number[] = [];
    const times: number[] = [];
    const cpuCheck: number[] = [];
    let cold = 0;
    // Two untimed rounds first: the first one runs at half speed or less while the JIT settles (its
    // rate is reported as coldMBps); the figure is the steady state.
    for (let round = -2; round < ROUNDS; round++) {
      messages = errors = 0;
      if (round >= 0) cpuCheck.push(cpuCheckMs());
      const t = performance.now();
      d = new Decoder();
      for (let i = 0; i < passes; i++) {
        for (const r of records) {
          for (const m of d.record(r)) {
            messages++;
            if (m.decodeError) errors++;
          }
        }
        if ((i & 63) === 0) rss.sample();
      }
      const seconds = (performance.now() - t) / 1000;
      if (round === -2) cold = (perPass * passes) / seconds / 1e6;
      if (round < 0) continue;
      times.push(seconds);
      rates.push((perPass * passes) / seconds / 1e6);
    }
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const seconds = mid(times);
    const bytes = perPass * passes;
    const datagrams = {
      MB: Math.round(bytes / 1e5) / 10, rounds: ROUNDS, seconds: Math.round(seconds * 1000) / 1000, MBps: Math.round(mid(rates) * 10) / 10,
      MBpsMin: Math.round(Math.min(...rates) * 10) / 10, MBpsMax: Math.round(Math.max(...rates) * 10) / 10, coldMBps: Math.round(cold * 10) / 10,
      roundsMBps: rates.map((r) => Math.round(r * 10) / 10), cpuCheckMs: cpuCheck,
      messages, messagesPerSecond: Math.round(messages / seconds), errors, peakRssMB: rss.stop(),
    };

    // pyroute2 on the same datagrams (fewer passes: it is much slower), Debian's python3-pyroute2.
    let pyroute2: Record<string, unknown>;
    const nl80211Id = d.state.genlFamilies.entries().next().value?.[0] ?? 0x20;
    const pyFile = path.join(tmp, 'datagrams.bin');
    const pyPasses = Math.max(1, Math.ceil(PY_TARGET / perPass));
    const parts: Buffer[] = [];
    for (const r of records) {
      const len = Buffer.alloc(4);
      len.writeUInt32LE(r.bytes.length);
      parts.push(len, Buffer.from(r.bytes));
    }
    const pass = Buffer.concat(parts);
    fs.writeFileSync(pyFile, Buffer.concat(new Array<Buffer>(pyPasses).fill(pass)));
    const py = spawnSync('/usr/bin/python3', [path.join(root, 'bench', 'decode-pyroute2.py'), pyFile, String(nl80211Id)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (py.status === 0) {
      pyroute2 = JSON.parse(py.stdout) as Record<string, unknown>;
    } else {
      pyroute2 = { skipped: (py.stderr || py.error?.message || 'failed').trim().split('\n').slice(-3).join(' ') };
    }
    const pyFull = (pyroute2.decodeDump as { MBps?: number } | undefined)?.MBps;
    const pyLazy = (pyroute2.decode as { MBps?: number } | undefined)?.MBps;
    const result = {
      bench: 'decode',
      node: process.version,
      source: 'test/data/captures/nlmon_iw_ipset.pcap (nl80211, nlctrl, ipset), repeated',
      nlkit: { pcapStream: pcap, hexStream: hex, datagrams },
      pyroute2,
      ratio: {
        datagramsVsPyroute2DecodeDump: pyFull ? Math.round((datagrams.MBps / pyFull) * 10) / 10 : null,
        datagramsVsPyroute2LazyDecode: pyLazy ? Math.round((datagrams.MBps / pyLazy) * 10) / 10 : null,
        pcapStreamVsPyroute2DecodeDump: pyFull ? Math.round((pcap.MBps / pyFull) * 10) / 10 : null,
      },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
