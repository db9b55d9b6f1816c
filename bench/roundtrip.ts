// Request round trips on one socket: CTRL_CMD_GETFAMILY("nlctrl"), next to a plain
// Python raw-socket loop and pyroute2 measured in the same run. Prints JSON.
//   node dist/bench/roundtrip.js [--n 20000]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NetlinkSocket } from '../src/netlink/socket.js';
import { writeGenl } from '../src/genl/header.js';
import { nlctrl, CTRL_CMD } from '../src/genl/ctrl.js';

const arg = process.argv.indexOf('--n');
const n = arg > 0 ? Number(process.argv[arg + 1]) : 20000;
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const msg = { type: 0x10, body: (w: import('../src/netlink/writer.js').Writer) => writeGenl(w, CTRL_CMD.GETFAMILY, 2, nlctrl.attrs, { family_name: 'nlctrl' }) };

async function sequential(s: NetlinkSocket, count: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < count; i++) await s.request(msg);
  return count / ((performance.now() - t) / 1000);
}

async function concurrent(s: NetlinkSocket, count: number, window: number): Promise<number> {
  const t = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await s.request(msg);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return count / ((performance.now() - t) / 1000);
}

const s = NetlinkSocket.open('GENERIC');
await sequential(s, 2000); // warm-up
const seq = await sequential(s, n);
const conc = await concurrent(s, n * 2, 64);
s.close();

let ref: { python_raw_socket_rps?: number; pyroute2_rps?: number | null; pyroute2_error?: string } = {};
try {
  ref = JSON.parse(execFileSync('/usr/bin/python3', [path.join(root, 'bench', 'roundtrip.py'), String(n)], { encoding: 'utf8' }));
} catch (e) {
  ref = { pyroute2_error: `python reference failed: ${(e as Error).message}` };
}
const r = (x: number) => Math.round(x);
console.log(JSON.stringify({
  benchmark: 'netlink request round trip (CTRL_CMD_GETFAMILY nlctrl), one socket',
  n,
  nlkit_sequential_rps: r(seq),
  nlkit_concurrent_64_rps: r(conc),
  python_raw_socket_rps: ref.python_raw_socket_rps ? r(ref.python_raw_socket_rps) : null,
  pyroute2_rps: ref.pyroute2_rps ? r(ref.pyroute2_rps) : null,
  ratio_sequential_vs_python_raw: ref.python_raw_socket_rps ? +(seq / ref.python_raw_socket_rps).toFixed(2) : null,
  ratio_concurrent_vs_python_raw: ref.python_raw_socket_rps ? +(conc / ref.python_raw_socket_rps).toFixed(2) : null,
  ratio_sequential_vs_pyroute2: ref.pyroute2_rps ? +(seq / ref.pyroute2_rps).toFixed(2) : null,
  ...(ref.pyroute2_error ? { pyroute2_error: ref.pyroute2_error } : {}),
}, null, 2));
