// Runs every benchmark in turn (each measures its own reference in the same
// run) and prints their JSON together: `npm run bench` (as root for ipset).
//   node dist/bench/run.js [--quick]   (--quick: smaller N everywhere)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const runs: [string, string[]][] = [
  ['roundtrip', quick ? ['--n', '5000'] : []],
  ['ipset', quick ? ['--n', '100000', '--cli-n', '100000', '--mem-n', '1000000'] : []],
  ['decode', quick ? ['--mb', '8'] : []],
];
const out: Record<string, unknown> = {};
for (const [name, args] of runs) {
  const r = spawnSync(process.execPath, [path.join(here, `${name}.js`), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  try {
    out[name] = JSON.parse(r.stdout);
  } catch {
    out[name] = { error: `exit ${r.status}`, output: r.stdout.slice(-2000) };
  }
}
console.log(JSON.stringify(out, null, 2));
