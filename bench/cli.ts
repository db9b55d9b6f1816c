// CLI start-up: one-shot commands next to a bare `node -e 0`, run in turns in the same run.
//   node dist/bench/cli.js [--rounds 15]      (as root: it makes a namespace and an ipset set)
// Prints JSON: per command the median and range of wall-clock milliseconds per call, and the
// median of the per-round ratios to `node -e 0` (launcher: the installed bin, with per-command
// bundles; modules: dist/src/cli/main.js, the ES modules themselves).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createNetns, hasCommand } from '../test/helpers/netns.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const rounds = Number(values.rounds);
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli');
const node = process.execPath;

const ns = createNetns('nlkit-bench-cli');
try {
  ns.exec('ipset', ['create', 'S', 'hash:ip']);
  const add = ['ipset', '-exist', 'add', 'S', '10.0.0.1'];
  const cmds: Record<string, string[]> = {
    'node -e 0': [node, '-e', '0'],
    'nlkit --version': [node, path.join(cli, 'launch.cjs'), '--version'],
    'nlkit ipset -exist add S IP': [node, path.join(cli, 'launch.cjs'), '--netns', ns.name, ...add],
    'modules: nlkit --version': [node, path.join(cli, 'main.js'), '--version'],
    'modules: nlkit ipset -exist add S IP': [node, path.join(cli, 'main.js'), '--netns', ns.name, ...add],
  };
  if (hasCommand('ipset')) cmds['ipset -exist add S IP'] = ['ip', 'netns', 'exec', ns.name, ...add];
  const ms: Record<string, number[]> = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  const ratios: Record<string, number[]> = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]));
  for (let r = 0; r < rounds + 1; r++) {
    const round: Record<string, number> = {};
    for (const [k, [cmd, ...args]] of Object.entries(cmds)) {
      const t = performance.now();
      const x = spawnSync(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      round[k] = performance.now() - t;
      if (x.status !== 0) throw new Error(`${k}: exit ${x.status}: ${x.stderr}`);
    }
    if (r === 0) continue; // warm-up: page cache, the first namespace entry
    for (const k of Object.keys(cmds)) {
      ms[k]!.push(round[k]!);
      ratios[k]!.push(round[k]! / round['node -e 0']!);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const out: Record<string, unknown> = { benchmark: 'CLI start-up, wall-clock ms per call, interleaved rounds', rounds };
  for (const k of Object.keys(cmds)) {
    out[k] = { medianMs: +med(ms[k]!).toFixed(1), minMs: +Math.min(...ms[k]!).toFixed(1), maxMs: +Math.max(...ms[k]!).toFixed(1), ratioVsNode: +med(ratios[k]!).toFixed(2) };
  }
  console.log(JSON.stringify(out, null, 2));
} finally {
  ns.destroy();
}
