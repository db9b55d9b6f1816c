// ipset benchmark: nlkit against the references, in one fresh network namespace, same run.
//   node dist/bench/ipset.js [--n 1000000] [--py 20000]
// Prints JSON: bulk add (nlkit addMany vs `ipset restore` vs pyroute2 one by one) and
// listing the full set (nlkit entries() vs `ipset save`), with ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { IPSet } from '../src/ipset/ipset.js';
import { createNetns } from '../test/helpers/netns.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '1000000' }, py: { type: 'string', default: '20000' } } });
const N = Number(values.n);
const NPY = Number(values.py);

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
    ipset.close();

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
