// The module parts of `nlkit tour`: an ipset built, bulk-loaded, listed and
// saved; a bundled capture decoded; the wireless phys where there is nl80211.
// Runs inside the tour's private network namespace.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPSet } from '../ipset/ipset.js';
import { IW } from '../nl80211/iw.js';
import { NetlinkError } from '../netlink/errors.js';
import { intToIPv4 } from '../netlink/addr.js';
import type { CliIO } from './io.js';

const TOUR_ENTRIES = 200_000;

function progressBar(io: CliIO, label: string, total: number): (done: number) => void {
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  let last = -1;
  return (done) => {
    const pct = Math.floor((100 * done) / total);
    if (pct === last) return;
    last = pct;
    if (tty) {
      const width = 30, full = Math.round((width * done) / total);
      io.stderr.write(`\r  ${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${pct}%${done >= total ? '\n' : ''}`);
    } else if (pct % 25 === 0) {
      io.stdout.write(`  ${label}: ${pct}%\n`);
    }
  };
}

function packageFile(...parts: string[]): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return path.join(dir, ...parts);
}

async function ipsetStep(io: CliIO): Promise<void> {
  io.stdout.write('\n== ipset: a set built, bulk-loaded, listed and saved\n');
  const ipset = await IPSet.open({ netns: io.netns });
  try {
    await ipset.create('tour', 'hash:ip', { family: 'inet', timeout: 600, counters: true, comment: true, maxelem: 1 << 20 });
    const entries = (function* () {
      for (let i = 0; i < TOUR_ENTRIES; i++) yield intToIPv4(0x0a000000 + i);
    })();
    const bar = progressBar(io, 'addMany', TOUR_ENTRIES);
    const t = performance.now();
    const r = await ipset.addMany('tour', entries, { onProgress: (done) => bar(done) });
    bar(TOUR_ENTRIES);
    const secs = (performance.now() - t) / 1000;
    io.stdout.write(`  added ${r.done} entries in ${secs.toFixed(2)} s (${Math.round(r.done / secs)} entries/s), ${r.failed.length} refused\n`);
    await ipset.add('tour', '192.0.2.1', { comment: 'hello from nlkit', timeout: 60 });
    io.stdout.write(`  test 192.0.2.1: ${await ipset.test('tour', '192.0.2.1')}; test 198.51.100.1: ${await ipset.test('tour', '198.51.100.1')}\n`);
    const [info] = await ipset.lists({ terse: true, name: 'tour' });
    if (info) io.stdout.write(`  list -terse: ${info.name} ${info.type} revision ${info.revision}: ${info.headerText}\n`);
    const save = (await ipset.save('tour')).split('\n');
    io.stdout.write(`  save (first lines of ${save.length - 1}):\n`);
    for (const line of save.slice(0, 4)) io.stdout.write(`    ${line}\n`);
    await ipset.destroy('tour');
  } finally {
    ipset.close();
  }
}

async function decodeStep(io: CliIO): Promise<void> {
  const file = packageFile('captures', 'nlmon_iw_ipset.pcap');
  if (!fs.existsSync(file)) return;
  io.stdout.write(`\n== decode: a bundled nlmon capture (${path.basename(file)})\n`);
  const { decode, formatMessage } = await import('../decode/index.js');
  const messages = decode(fs.readFileSync(file));
  const families = [...new Set(messages.map((m) => m.family ?? m.protocol))];
  io.stdout.write(`  ${messages.length} messages (${families.join(', ')}); one of each family, first lines:\n`);
  for (const fam of families) {
    const m = messages.find((x) => (x.family ?? x.protocol) === fam && (x.header?.type ?? 0) >= 0x10);
    if (!m) continue;
    const lines = formatMessage(m).trimEnd().split('\n');
    for (const line of lines.slice(0, 10)) io.stdout.write(`    ${line}\n`);
    if (lines.length > 10) io.stdout.write(`    ... (${lines.length - 10} more lines)\n`);
  }
}

async function wirelessStep(io: CliIO): Promise<void> {
  io.stdout.write('\n== nl80211: wireless phys\n');
  let iw: IW;
  try {
    iw = await IW.open({ netns: io.netns });
  } catch (e) {
    if (e instanceof NetlinkError && e.code === 'ENOENT') {
      io.stdout.write('  nl80211 not found: this kernel has no wireless stack (the test suite uses a QEMU guest with mac80211_hwsim)\n');
      return;
    }
    throw e;
  }
  try {
    const phys = await iw.phys();
    if (!phys.length) io.stdout.write('  no wireless phys in this namespace\n');
    for (const p of phys) io.stdout.write(`  ${p.name}: ${p.bands?.length ?? 0} bands\n`);
  } finally {
    iw.close();
  }
}

export async function moduleSteps(io: CliIO): Promise<void> {
  await ipsetStep(io);
  await decodeStep(io);
  await wirelessStep(io);
}
