// Runs every benchmark in turn (each measures its own reference in the same run, in turns) and
// prints their JSON together, then the issue-12 goals as a table: `npm run bench` (as root).
//   node dist/bench/run.js [--quick]   (--quick: smaller N and fewer rounds everywhere)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const runs: [string, string[]][] = [
  ['roundtrip', quick ? ['--n', '5000', '--rounds', '3'] : []],
  ['cli', quick ? ['--rounds', '7'] : ['--rounds', '31']],
  ['ipset', quick ? ['--n', '200000', '--rounds', '2', '--py', '2000', '--cli-n', '200000', '--mem-n', '1000000'] : []],
  ['decode', quick ? ['--mb', '8', '--py-mb', '2'] : []],
];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const out: Json = {};
for (const [name, args] of runs) {
  const r = spawnSync(process.execPath, [path.join(here, `${name}.js`), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  try {
    out[name] = JSON.parse(r.stdout);
  } catch {
    out[name] = { error: `exit ${r.status}`, output: r.stdout.slice(-2000) };
  }
}
console.log(JSON.stringify(out, null, 2));

// The goals, each as nlkit's figure, the reference's, and the ratio against the goal.
const rt = out.roundtrip, cli = out.cli, ips = out.ipset, dec = out.decode;
const m = (x: Json | undefined) => (x && typeof x === 'object' && 'median' in x ? x.median : undefined);
const range = (x: Json | undefined) => (x && 'min' in x ? ` (${x.min}–${x.max})` : '');
const rows: string[][] = [
  ['CTRL_CMD_GETFAMILY, one after another', `${m(rt?.nlkit_getfamily)}/s`, `Python raw loop ${m(rt?.python_getfamily)}/s`, `${m(rt?.ratio_getfamily)}x${range(rt?.ratio_getfamily)}`, '≥ 1.0x'],
  ['CTRL_CMD_GETFAMILY, one after another, requestSync()', `${m(rt?.nlkit_getfamily_sync)}/s`, `Python raw loop ${m(rt?.python_getfamily)}/s`, `${m(rt?.ratio_getfamily_sync)}x${range(rt?.ratio_getfamily_sync)}`, '≥ 1.0x'],
  ['(floor) GETFAMILY from a sync loop on the bare addon', `${m(rt?.node_bare_getfamily)}/s`, `Python raw loop ${m(rt?.python_getfamily)}/s`, `${m(rt?.ratio_node_bare_vs_python)}x${range(rt?.ratio_node_bare_vs_python)}`, '(Node + N-API, no promises)'],
  ['(floor) the same, each request a promise awaited', `${m(rt?.node_bare_async_getfamily)}/s`, `Python raw loop ${m(rt?.python_getfamily)}/s`, `${m(rt?.ratio_node_bare_async_vs_python)}x${range(rt?.ratio_node_bare_async_vs_python)}`, '(any promise-returning request)'],
  ['GETFAMILY one after another vs that floor', `${m(rt?.nlkit_getfamily)}/s`, `bare + promise ${m(rt?.node_bare_async_getfamily)}/s`, `${m(rt?.ratio_getfamily_vs_node_bare_async)}x${range(rt?.ratio_getfamily_vs_node_bare_async)}`, ''],
  ['small RTM_GETLINK dumps, one after another', `${m(rt?.nlkit_getlink_dump)}/s`, `Python raw loop ${m(rt?.python_getlink_dump)}/s`, `${m(rt?.ratio_getlink_dump)}x${range(rt?.ratio_getlink_dump)}`, '≥ 1.0x'],
  ['small RTM_GETLINK dumps, one after another, dumpSync()', `${m(rt?.nlkit_getlink_dump_sync)}/s`, `Python raw loop ${m(rt?.python_getlink_dump)}/s`, `${m(rt?.ratio_getlink_dump_sync)}x${range(rt?.ratio_getlink_dump_sync)}`, '≥ 1.0x'],
  ['(ceiling) the same dumps from C', `${m(rt?.c_getlink_dump)}/s`, `Python raw loop ${m(rt?.python_getlink_dump)}/s`, `${m(rt?.ratio_c_dump_vs_python)}x${range(rt?.ratio_c_dump_vs_python)}`, '(the kernel allows)'],
  ['dumpSync() vs that C loop', `${m(rt?.nlkit_getlink_dump_sync)}/s`, `C ${m(rt?.c_getlink_dump)}/s`, `${m(rt?.ratio_getlink_dump_sync_vs_c)}x${range(rt?.ratio_getlink_dump_sync_vs_c)}`, ''],
  ['CTRL_CMD_GETFAMILY, 64 in flight', `${m(rt?.nlkit_inflight64)}/s`, `Python raw loop, sequential ${m(rt?.python_getfamily)}/s`, `${m(rt?.ratio_inflight64_vs_python_sequential)}x${range(rt?.ratio_inflight64_vs_python_sequential)}`, '≥ 2.0x'],
  ['(ceiling) the same from C, 64 per sendmsg', `${m(rt?.c_getfamily_batch64)}/s`, `Python raw loop, sequential ${m(rt?.python_getfamily)}/s`, `${m(rt?.ratio_c_batch64_vs_python_sequential)}x${range(rt?.ratio_c_batch64_vs_python_sequential)}`, '(what 2.0x needs)'],
  ['GETFAMILY 64 in flight vs that C ceiling', `${m(rt?.nlkit_inflight64)}/s`, `C batched ${m(rt?.c_getfamily_batch64)}/s`, `${m(rt?.ratio_inflight64_vs_c_batch64)}x${range(rt?.ratio_inflight64_vs_c_batch64)}`, ''],
  ['(ceiling) C, 64 per sendmsg, ACK on the last only', `${m(rt?.c_getfamily_batch64_lastack)}/s`, `Python raw loop, sequential ${m(rt?.python_getfamily)}/s`, `${m(rt?.ratio_c_lastack_vs_python_sequential)}x${range(rt?.ratio_c_lastack_vs_python_sequential)}`, '(the messages nlkit sends)'],
  ['GETFAMILY 64 in flight vs that C ceiling', `${m(rt?.nlkit_inflight64)}/s`, `C, last ACK only ${m(rt?.c_getfamily_batch64_lastack)}/s`, `${m(rt?.ratio_inflight64_vs_c_lastack)}x${range(rt?.ratio_inflight64_vs_c_lastack)}`, ''],
  ['`nlkit ipset -exist add S IP`', `${cli?.['nlkit ipset -exist add S IP']?.medianMs} ms`, `node -e 0: ${cli?.['node -e 0']?.medianMs} ms`, `${cli?.['nlkit ipset -exist add S IP']?.ratioVsNode}x`, '≤ 1.25x'],
  ['`nlkit --version`', `${cli?.['nlkit --version']?.medianMs} ms`, `node -e 0: ${cli?.['node -e 0']?.medianMs} ms`, `${cli?.['nlkit --version']?.ratioVsNode}x`, '≤ 1.25x'],
  ['ipset addMany (hash:ip)', `${m(ips?.nlkit_addMany_perSec)}/s`, `kernel ceiling ${m(ips?.ceiling_perSec)}/s`, `${m(ips?.ratio_addMany_vs_ceiling)}x${range(ips?.ratio_addMany_vs_ceiling)}`, '≥ 0.8x'],
  ['ipset addMany, in CPU time', '', 'kernel ceiling', `${m(ips?.ratio_addMany_vs_ceiling_cpu)}x${range(ips?.ratio_addMany_vs_ceiling_cpu)}`, '≥ 0.8x'],
  ['ipset entries()', `${m(ips?.nlkit_entries_perSec)}/s`, `ipset save ${m(ips?.ipset_save_perSec)}/s`, `${m(ips?.ratio_entries_vs_save)}x${range(ips?.ratio_entries_vs_save)}`, '≥ 1.5x'],
  ['ipset entries(), in CPU time', '', 'ipset save (its process tree)', `${m(ips?.ratio_entries_vs_save_cpu)}x${range(ips?.ratio_entries_vs_save_cpu)}`, '≥ 1.5x'],
  ['ipset entryBatches() (an array per message)', `${m(ips?.nlkit_entryBatches_perSec)}/s`, `ipset save ${m(ips?.ipset_save_perSec)}/s`, `${m(ips?.ratio_entryBatches_vs_save)}x${range(ips?.ratio_entryBatches_vs_save)}`, '≥ 1.5x'],
  ['(ceiling) the LIST dump read raw, nothing decoded', `${m(ips?.list_ceiling_perSec)}/s`, `ipset save ${m(ips?.ipset_save_perSec)}/s`, `${m(ips?.ratio_list_ceiling_vs_save)}x${range(ips?.ratio_list_ceiling_vs_save)}`, '(what the kernel allows)'],
  ['ipset entries() vs that raw reader', `${m(ips?.nlkit_entries_perSec)}/s`, `raw reader ${m(ips?.list_ceiling_perSec)}/s`, `${m(ips?.ratio_entries_vs_list_ceiling)}x${range(ips?.ratio_entries_vs_list_ceiling)}`, ''],
  ['decoder on raw datagrams', `${dec?.nlkit?.datagrams?.MBps} MB/s (${dec?.nlkit?.datagrams?.MBpsMin}–${dec?.nlkit?.datagrams?.MBpsMax}; cold round ${dec?.nlkit?.datagrams?.coldMBps})`, `pyroute2 lazy decode ${dec?.pyroute2?.decode?.MBps} MB/s`, `${dec?.ratio?.datagramsVsPyroute2LazyDecode}x`, '≥ 100 MB/s'],
];
console.log('\n| goal | nlkit | reference (same run) | ratio: median (range) | target |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
