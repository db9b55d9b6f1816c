// ipset benchmark: nlkit against the references, in one fresh network namespace, same run.
//   node dist/bench/ipset.js [--n 1000000] [--py 20000]
// Prints JSON: bulk add (nlkit addMany vs `ipset restore` vs pyroute2 one by one),
// listing the full set (nlkit entries() vs `ipset save`), the CLI's restore of a
// file (`nlkit ipset restore` vs `ipset restore`, both as processes) and the CLI's
// peak memory restoring a much bigger file (streamed: it should not grow with it).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { IPSet } from '../src/ipset/ipset.js';
import { createNetns } from '../test/helpers/netns.js';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '1000000' }, py: { type: 'string', default: '20000' },
  'cli-n': { type: 'string', default: '1000000' }, 'mem-n': { type: 'string', default: '10000000' },
} });
const N = Number(values.n);
const NPY = Number(values.py);
const NCLI = Number(values['cli-n']);
const NMEM = Number(values['mem-n']);
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli/main.js');

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

function ipOf(i: number): string {
  const n = 0x0a000000 + i;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function timeCmd(ns: string, cmd: string[], input?: string): number {
  const t = performance.now();
  const r = spawnSync('ip', ['netns', 'exec', ns, ...cmd], { input, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
  return performance.now() - t;
}

async function main(): Promise<void> {
  const ns = createNetns('nlkit-bench');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nlkit-bench-'));
  try {
    const ips = new Array<string>(N);
    for (let i = 0; i < N; i++) ips[i] = ipOf(i);
    const hashsize = 1 << Math.max(10, Math.ceil(Math.log2(N / 4)));
    const createOpts = `hashsize ${hashsize} maxelem ${N * 2}`;

    // nlkit addMany
    const ipset = await IPSet.open({ netns: ns.name });
    await ipset.create('nl', 'hash:ip', { hashsize, maxelem: N * 2 });
    let t = performance.now();
    const r = await ipset.addMany('nl', ips);
    const nlAddMs = performance.now() - t;
    if (r.failed.length || r.done !== N) throw new Error(`addMany: ${r.done} done, ${r.failed.length} failed`);

    // ipset restore (same entries, same options)
    const file = path.join(tmp, 'restore.txt');
    fs.writeFileSync(file, `create ref hash:ip ${createOpts}\n` + ips.map((ip) => `add ref ${ip}\n`).join(''));
    const restoreMs = timeCmd(ns.name, ['ipset', 'restore', '-f', file]);

    // pyroute2, one add per entry (its IPSet API)
    let py: { n: number; ms: number; perSec: number } | { skipped: string };
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
      py = { n: NPY, ms: Math.round(ms), perSec: Math.round((NPY / ms) * 1000) };
    } else py = { skipped: `pyroute2 failed: ${pr.stderr.trim().split('\n').pop()}` };

    // Listing: nlkit entries() vs ipset save
    if (global.gc) global.gc();
    const rss0 = process.memoryUsage().rss;
    const heap0 = process.memoryUsage().heapUsed;
    let peakRss = rss0, peakHeap = heap0;
    t = performance.now();
    let count = 0;
    for await (const e of ipset.entries('nl')) {
      count++;
      if ((count & 0x3fff) === 0) {
        const m = process.memoryUsage();
        if (m.rss > peakRss) peakRss = m.rss;
        if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
      }
      void e;
    }
    const nlListMs = performance.now() - t;
    if (count !== N) throw new Error(`entries(): ${count} of ${N}`);
    const saveMs = timeCmd(ns.name, ['sh', '-c', 'ipset save nl > /dev/null']);
    await ipset.destroy();
    ipset.close();

    // The CLI against the binary: the same restore file (set names aside), each a process, same run.
    const cliOpts = `hashsize ${1 << Math.max(10, Math.ceil(Math.log2(NCLI / 4)))} maxelem ${NCLI * 2}`;
    const fa = path.join(tmp, 'cli-a.txt'), fb = path.join(tmp, 'cli-b.txt');
    restoreFile(fa, 'ca', NCLI, NCLI, cliOpts);
    restoreFile(fb, 'cb', NCLI, NCLI, cliOpts);
    // Three runs each, alternating, medians compared: a loaded machine swings single runs.
    const refRuns: { ms: number; peakRssMB: number }[] = [], nlRuns: { ms: number; peakRssMB: number }[] = [];
    for (let i = 0; i < 3; i++) {
      refRuns.push(timeRss(ns.name, ['ipset', 'restore', '-f', fa]));
      nlRuns.push(timeRss(ns.name, [process.execPath, CLI, 'ipset', 'restore', '-f', fb]));
      execFileSync('ip', ['netns', 'exec', ns.name, 'ipset', 'destroy']);
    }
    const median = (runs: { ms: number; peakRssMB: number }[]) => [...runs].sort((a, b) => a.ms - b.ms)[1]!;
    const refCli = { ...median(refRuns), runsMs: refRuns.map((r) => r.ms) };
    const nlCli = { ...median(nlRuns), runsMs: nlRuns.map((r) => r.ms) };
    fs.rmSync(fa);
    fs.rmSync(fb);

    // Peak memory on a big file: NMEM lines over 65536 addresses with -exist (the kernel's set stays small,
    // every line is still read, parsed and sent), against the binary on the same file.
    const fm = path.join(tmp, 'mem.txt');
    restoreFile(fm, 'm', NMEM, 65536, 'hashsize 65536 maxelem 131072');
    const fileMB = +(fs.statSync(fm).size / 2 ** 20).toFixed(0);
    const nlMem = timeRss(ns.name, [process.execPath, CLI, 'ipset', '-exist', 'restore', '-f', fm]);
    execFileSync('ip', ['netns', 'exec', ns.name, 'ipset', 'destroy']);
    const refMem = timeRss(ns.name, ['ipset', '-exist', 'restore', '-f', fm]);
    fs.rmSync(fm);

    const perSec = (n: number, ms: number) => Math.round((n / ms) * 1000);
    const out = {
      kernel: os.release(),
      n: N,
      add: {
        nlkit_addMany: { ms: Math.round(nlAddMs), perSec: perSec(N, nlAddMs) },
        ipset_restore: { ms: Math.round(restoreMs), perSec: perSec(N, restoreMs) },
        pyroute2_one_by_one: py,
        ratio_vs_ipset_restore: +(restoreMs / nlAddMs).toFixed(2),
        ratio_vs_pyroute2: 'perSec' in py ? +(perSec(N, nlAddMs) / py.perSec).toFixed(1) : null,
      },
      list: {
        nlkit_entries: { ms: Math.round(nlListMs), perSec: perSec(N, nlListMs), peakRssDeltaMB: +((peakRss - rss0) / 2 ** 20).toFixed(1), peakHeapDeltaMB: +((peakHeap - heap0) / 2 ** 20).toFixed(1) },
        ipset_save: { ms: Math.round(saveMs) },
        ratio_vs_ipset_save: +(saveMs / nlListMs).toFixed(2),
      },
      cli_restore: {
        lines: NCLI,
        nlkit_ipset_restore: nlCli,
        ipset_restore: refCli,
        ratio_vs_ipset_restore: +(refCli.ms / nlCli.ms).toFixed(2),
      },
      cli_restore_memory: { lines: NMEM, fileMB, nlkit_ipset_restore: nlMem, ipset_restore: refMem },
    };
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
void execFileSync;
