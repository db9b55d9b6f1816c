// ipset benchmark: nlkit next to its references, in one fresh network namespace, in turns.
//   node dist/bench/ipset.js [--n 1000000] [--rounds 7] [--py 20000] [--cli-n 1000000] [--mem-n 10000000] [--no-cli]   (as root)
// Each round, on fresh sets of the same type and options:
//  - kernel ceiling: the same entries pre-encoded into ADT messages (32 KiB, as nlkit sends them)
//    before the clock starts, then written by a minimal loop on the bare addon (4 messages per
//    sendmsg, 256 in flight, ACKs read by recvMany): what the kernel takes at most;
//  - nlkit addMany from the strings;
//  - `ipset restore` of the same entries;
//  - listing the set: nlkit entries() (and entryBatches(): an array per message) against
//    `ipset save > /dev/null`, and against the listing ceiling:
//    the same LIST dump read by a minimal loop on the bare addon (recvmmsg into one buffer, the same
//    slot and receive buffer sizes as nlkit's socket, message headers walked to find NLMSG_DONE,
//    nothing decoded): what the kernel hands out at most.
// pyroute2 adding one entry per call is measured once. Then the CLI: `nlkit ipset restore` of a file
// against `ipset restore` of the same lines, both as processes, in turns; and the CLI's peak memory
// restoring a 10M-line file (streamed: it should not grow with the input). Prints JSON with medians,
// ranges and ratios; the *_cpu ratios compare CPU time (this process's threads; the tools' whole
// process trees), steadier than wall time when the machine is shared. --no-cli stops after the
// library figures.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { IPSet } from '../src/ipset/ipset.js';
import { createNetns } from '../test/helpers/netns.js';
import { NLKIT_SLOT, type Timed, ceilingLoop, ipOf, listRequest, preEncode, rawListLoop, summary, timed } from './ipset-refs.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '7' }, py: { type: 'string', default: '20000' },
  'cli-n': { type: 'string', default: '1000000' }, 'mem-n': { type: 'string', default: '10000000' },
  // Only the library figures (no pyroute2, no CLI processes): for quick turns while tuning.
  'no-cli': { type: 'boolean', default: false },
} });
const N = Number(values.n);
const ROUNDS = Number(values.rounds);
const NPY = Number(values.py);
const NCLI = Number(values['cli-n']);
const NMEM = Number(values['mem-n']);
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli/main.js');

// Runs argv, then prints its wall time and the CPU of it and its descendants (getrusage's children), in ms.
const RUSAGE_PY = `
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:])
ms = (time.perf_counter() - t) * 1000
u = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write('\\n@timed %f %f\\n' % (ms, (u.ru_utime + u.ru_stime) * 1000))
sys.exit(r.returncode)
`;

/** Runs a command in the namespace: its wall time and the CPU time of the whole process tree (ip, sh, the tool). */
function timeCmd(ns: string, cmd: string[], input?: string): Timed {
  const r = spawnSync('python3', ['-c', RUSAGE_PY, 'ip', 'netns', 'exec', ns, ...cmd], { input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const m = /@timed (\S+) (\S+)\s*$/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
  return { ms: Number(m[1]), cpuMs: Number(m[2]) };
}

/** Runs a command in the namespace under /usr/bin/time: wall milliseconds and peak RSS in MiB. */
function timeRss(ns: string, cmd: string[]): { ms: number; peakRssMB: number } {
  const t = performance.now();
  const r = spawnSync('ip', ['netns', 'exec', ns, '/usr/bin/time', '-f', 'maxrss %M', ...cmd], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
  const kb = Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  return { ms: Math.round(ms), peakRssMB: +(kb / 1024).toFixed(1) };
}

/** A restore file of n add lines for set `name` (cycling over `distinct` addresses), written in pieces. */
function restoreFile(file: string, name: string, n: number, distinct: number, createOpts: string): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `create ${name} hash:ip ${createOpts}\n`);
  const step = 1 << 16;
  for (let i = 0; i < n; i += step) {
    let chunk = '';
    for (let j = i; j < Math.min(n, i + step); j++) chunk += `add ${name} ${ipOf(j % distinct)}\n`;
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}

async function main(): Promise<void> {
  const ns = createNetns('nlkit-bench');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nlkit-bench-'));
  try {
    const ips = Array.from({ length: N }, (_, i) => ipOf(i));
    const hashsize = 1 << Math.max(10, Math.ceil(Math.log2(N / 4)));
    const createOpts = { hashsize, maxelem: N * 2 };
    const ipset = await IPSet.open({ netns: ns.name });
    const msgs = preEncode('ceil', ips, ipset.protocol);
    const file = path.join(tmp, 'restore.txt');
    fs.writeFileSync(file, `create ref hash:ip hashsize ${hashsize} maxelem ${N * 2}\n` + ips.map((ip) => `add ref ${ip}\n`).join(''));
    const perSec = (ms: number) => (N / ms) * 1000;
    // Wall-clock figures, and the same ratios in CPU time (steadier when the machine is shared).
    const fig: Record<string, number[]> = {
      ceiling_perSec: [], nlkit_addMany_perSec: [], ipset_restore_perSec: [], ratio_addMany_vs_ceiling: [], ratio_addMany_vs_restore: [],
      nlkit_entries_perSec: [], ipset_save_perSec: [], list_ceiling_perSec: [], ratio_entries_vs_save: [],
      ratio_entries_vs_list_ceiling: [], ratio_list_ceiling_vs_save: [],
      ratio_addMany_vs_ceiling_cpu: [], ratio_entries_vs_save_cpu: [], ratio_entries_vs_list_ceiling_cpu: [],
      nlkit_entryBatches_perSec: [], ratio_entryBatches_vs_save: [], ratio_entryBatches_vs_save_cpu: [],
    };
    const listReq = listRequest('nl', ipset.protocol);
    let listShape = { datagrams: 0, bytes: 0 };
    const push = (k: string, v: number) => fig[k]!.push(v);
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of ['ceil', 'nl', 'ref']) await ipset.destroy(s).catch(() => {});
      // The ceiling and nlkit take turns going first, each on a fresh set with the other's set gone.
      const runCeiling = async (): Promise<Timed> => {
        await ipset.create('ceil', 'hash:ip', createOpts);
        const t = await timed(() => ceilingLoop(ns.name, msgs));
        await ipset.destroy('ceil');
        return t;
      };
      const runNlkit = async (): Promise<Timed> => {
        await ipset.create('nl', 'hash:ip', createOpts);
        const t = await timed(async () => {
          const res = await ipset.addMany('nl', ips);
          if (res.failed.length || res.done !== N) throw new Error(`addMany: ${res.done} done, ${res.failed.length} failed`);
        });
        return t;
      };
      let ceil: Timed, nl: Timed;
      if (r % 2 === 0) {
        ceil = await runCeiling();
        nl = await runNlkit();
      } else {
        nl = await runNlkit();
        await ipset.destroy('nl');
        ceil = await runCeiling();
        await runNlkit(); // the set to list below
      }
      const restore = timeCmd(ns.name, ['ipset', 'restore', '-f', file]);
      push('ceiling_perSec', perSec(ceil.ms)); push('nlkit_addMany_perSec', perSec(nl.ms)); push('ipset_restore_perSec', perSec(restore.ms));
      push('ratio_addMany_vs_ceiling', ceil.ms / nl.ms); push('ratio_addMany_vs_restore', restore.ms / nl.ms);
      push('ratio_addMany_vs_ceiling_cpu', ceil.cpuMs / nl.cpuMs);

      // The listing: ceiling, nlkit and ipset save, the first two taking turns going first.
      const runList = (): Promise<Timed> => timed(async () => {
        let count = 0;
        for await (const e of ipset.entries('nl')) {
          count++;
          void e;
        }
        if (count !== N) throw new Error(`entries(): ${count} of ${N}`);
      });
      let list: Timed, raw: Timed;
      const runRaw = (): Promise<Timed> => timed(() => (listShape = rawListLoop(ns.name, listReq, NLKIT_SLOT)));
      if (r % 2 === 0) {
        raw = await runRaw();
        list = await runList();
      } else {
        list = await runList();
        raw = await runRaw();
      }
      // The same listing an array per kernel message (no promise per member).
      const batches = await timed(async () => {
        let count = 0;
        for await (const b of ipset.entryBatches('nl')) for (const e of b) { count++; void e; }
        if (count !== N) throw new Error(`entryBatches(): ${count} of ${N}`);
      });
      const save = timeCmd(ns.name, ['sh', '-c', 'ipset save nl > /dev/null']);
      push('nlkit_entryBatches_perSec', perSec(batches.ms)); push('ratio_entryBatches_vs_save', save.ms / batches.ms);
      push('ratio_entryBatches_vs_save_cpu', save.cpuMs / batches.cpuMs);
      push('nlkit_entries_perSec', perSec(list.ms)); push('ipset_save_perSec', perSec(save.ms)); push('list_ceiling_perSec', perSec(raw.ms));
      push('ratio_entries_vs_save', save.ms / list.ms); push('ratio_entries_vs_list_ceiling', raw.ms / list.ms); push('ratio_list_ceiling_vs_save', save.ms / raw.ms);
      push('ratio_entries_vs_save_cpu', save.cpuMs / list.cpuMs); push('ratio_entries_vs_list_ceiling_cpu', raw.cpuMs / list.cpuMs);
    }
    ipset.close();
    const out: Record<string, unknown> = { benchmark: 'ipset bulk add and listing, hash:ip, one namespace, rounds in turns', kernel: os.release(), n: N, rounds: ROUNDS };
    for (const [k, xs] of Object.entries(fig)) out[k] = summary(xs, k.startsWith('ratio') ? 2 : 0);
    out.list_dump = { ...listShape, entriesPerDatagram: Math.round(N / listShape.datagrams) };
    if (values['no-cli']) {
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return;
    }

    // pyroute2, one add per entry (its IPSet API), once.
    let py: Record<string, unknown>;
    const pyScript = `
import time, sys
from pyroute2.ipset import IPSet
n = int(sys.argv[1])
ips = ['11.%d.%d.%d' % ((i >> 16) & 255, (i >> 8) & 255, i & 255) for i in range(n)]
s = IPSet()
s.create('py', stype='hash:ip', maxelem=${N * 2})
t = time.perf_counter()
for ip in ips:
    s.add('py', ip)
print((time.perf_counter() - t) * 1000)
s.close()
`;
    const pr = spawnSync('ip', ['netns', 'exec', ns.name, '/usr/bin/python3', '-c', pyScript, String(NPY)], { encoding: 'utf8' });
    if (pr.status === 0) {
      const ms = Number(pr.stdout.trim().split('\n').pop());
      py = { n: NPY, perSec: Math.round((NPY / ms) * 1000) };
    } else py = { skipped: `pyroute2 failed: ${pr.stderr.trim().split('\n').pop()}` };

    // The CLI against the binary: the same lines (set names aside), each a process, in turns.
    const cliOpts = `hashsize ${1 << Math.max(10, Math.ceil(Math.log2(NCLI / 4)))} maxelem ${NCLI * 2}`;
    const fa = path.join(tmp, 'cli-a.txt'), fb = path.join(tmp, 'cli-b.txt');
    restoreFile(fa, 'ca', NCLI, NCLI, cliOpts);
    restoreFile(fb, 'cb', NCLI, NCLI, cliOpts);
    const cli: Record<string, number[]> = { nlkit_ipset_restore_ms: [], ipset_restore_ms: [], ratio_cli_restore_vs_ipset_restore: [], nlkit_ipset_restore_peakRssMB: [] };
    execFileSync('ip', ['netns', 'exec', ns.name, 'ipset', 'destroy']);
    for (let r = 0; r < ROUNDS; r++) {
      const ref = timeRss(ns.name, ['ipset', 'restore', '-f', fa]);
      const nl = timeRss(ns.name, [process.execPath, CLI, 'ipset', 'restore', '-f', fb]);
      execFileSync('ip', ['netns', 'exec', ns.name, 'ipset', 'destroy']);
      cli.nlkit_ipset_restore_ms!.push(nl.ms); cli.ipset_restore_ms!.push(ref.ms);
      cli.ratio_cli_restore_vs_ipset_restore!.push(ref.ms / nl.ms); cli.nlkit_ipset_restore_peakRssMB!.push(nl.peakRssMB);
    }
    fs.rmSync(fa);
    fs.rmSync(fb);
    // Peak memory on a big file: NMEM lines over 65536 addresses with -exist (the kernel's set stays small; every
    // line is still read, parsed and sent), next to the same run's 1M-line figure above.
    const fm = path.join(tmp, 'mem.txt');
    restoreFile(fm, 'm', NMEM, 65536, 'hashsize 65536 maxelem 131072');
    const fileMB = Math.round(fs.statSync(fm).size / 2 ** 20);
    const nlMem = timeRss(ns.name, [process.execPath, CLI, 'ipset', '-exist', 'restore', '-f', fm]);
    execFileSync('ip', ['netns', 'exec', ns.name, 'ipset', 'destroy']);
    const refMem = timeRss(ns.name, ['ipset', '-exist', 'restore', '-f', fm]);
    fs.rmSync(fm);

    out.pyroute2_one_by_one = py;
    out.cli_restore = { lines: NCLI, ...Object.fromEntries(Object.entries(cli).map(([k, xs]) => [k, summary(xs, k.startsWith('ratio') ? 2 : 1)])) };
    out.cli_restore_memory = { lines: NMEM, fileMB, nlkit_ipset_restore: nlMem, ipset_restore: refMem };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } finally {
    ns.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exitCode = 1;
});
