// The decoder on traffic made in the guest (Debian's 6.1 kernel with mac80211_hwsim), in one
// run to keep TCG time down: iw, ipset and ip run under `nlkit decode --exec` while dumpcap
// records an nlmon device. Both views must decode with no error and every attribute named, and
// the nlmon capture must agree with tshark on every attribute both decode, except where the UAPI
// header shows tshark is wrong (TSHARK_WRONG in test/helpers/tshark.ts).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { decode } from '../../src/decode/decode.js';
import type { DecodedMessage } from '../../src/decode/types.js';
import { HEADERS, groupOf } from '../../src/rtnetlink/index.js';
import { decodeStats } from '../helpers/decode-stats.js';
import { TSHARK_WRONG, agreement, runTshark } from '../helpers/tshark.js';
import { MAIN, needTools, nl80211Missing, run, sleep, waitFor } from './helpers.js';

const missing = (await nl80211Missing()) ?? needTools('iw', 'strace', 'ipset', 'dumpcap', 'tshark');

const SCRIPT = [
  'iw dev', 'iw phy phy0 info', 'iw reg get', 'iw dev wlan0 info', 'iw dev wlan0 survey dump',
  'iw phy phy0 interface add dmon0 type monitor', 'iw dev dmon0 del',
  'ipset create g1 hash:ip counters comment', 'ipset add g1 10.0.0.1 comment x', 'ipset list', 'ipset destroy g1',
  'ip -d link', 'ip route',
].map((c) => `${c} >/dev/null`).join('; ');

test('iw, ipset and ip in the guest: --exec and an nlmon capture decode with no error, every attribute named; tshark agrees', { skip: missing }, async () => {
  const pcap = '/tmp/nlkit-nlmon.pcap';
  for (const c of [['modprobe', 'nlmon'], ['ip', 'link', 'add', 'nlmon0', 'type', 'nlmon'], ['ip', 'link', 'set', 'nlmon0', 'up']]) {
    const r = run(c[0]!, c.slice(1));
    assert.equal(r.status, 0, `${c.join(' ')}: ${r.stderr}`);
  }
  const cap = spawn('dumpcap', ['-q', '-P', '-i', 'nlmon0', '-w', pcap], { stdio: 'ignore' });
  let traced;
  try {
    // dumpcap writes the file header once it listens on the device (slow to start under TCG).
    await waitFor('dumpcap to start', async () => fs.existsSync(pcap) && fs.statSync(pcap).size >= 24, 30000);
    await sleep(500);
    const t0 = Date.now();
    traced = run(process.execPath, [MAIN, 'decode', '--exec', '--json', '--', 'sh', '-c', SCRIPT], 180000);
    console.log(`guest: traced run ${Date.now() - t0} ms`);
    await sleep(1000);
  } finally {
    cap.kill('SIGINT');
    await new Promise((r) => cap.on('close', r));
    spawnSync('ip', ['link', 'del', 'nlmon0']);
  }

  assert.equal(traced.status, 0, traced.stderr);
  const viaExec = traced.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as DecodedMessage);
  const e = decodeStats(viaExec);
  console.log(`guest --exec: ${e.messages} messages, ${e.errors.length} errors, ${e.named} named attributes, ${e.unnamed.length} unnamed`);
  assert.deepEqual(e.errors, []);
  assert.deepEqual([...new Set(e.unnamed)], []);
  assert.ok(viaExec.some((m) => m.command === 'NL80211_CMD_NEW_WIPHY') && viaExec.some((m) => m.family === 'ipset') && viaExec.some((m) => m.command === 'RTM_NEWLINK'));

  const ms = decode(fs.readFileSync(pcap), { bytes: true });
  const s = decodeStats(ms);
  console.log(`guest nlmon: ${s.messages} messages, ${s.errors.length} errors, ${s.named} named attributes, ${s.unnamed.length} unnamed`);
  assert.ok(s.messages > 100, `${s.messages} messages`);
  assert.deepEqual(s.errors, []);
  assert.deepEqual([...new Set(s.unnamed)], []);
  const t1 = Date.now();
  const packets = runTshark(pcap);
  console.log(`guest: tshark ${Date.now() - t1} ms`);
  const a = agreement(ms, packets, (m) => (m.protocol === 'route' ? HEADERS[groupOf(m.header!.type) ?? '']?.size ?? 0 : 4));
  console.log(`guest tshark: ${a.both} attributes both decode; names ${a.nameAgree}/${a.names} agree; values ${a.valueAgree}/${a.values} agree; tshark left ${a.tsharkRaw} as bytes; other: ${[...a.disagreements].map(([k, n]) => `${k} (${n})`).join('; ')}`);
  assert.deepEqual([...a.disagreements.keys()].filter((k) => !TSHARK_WRONG.has(k)), []);
  assert.equal(a.valueAgree, a.values);
  fs.rmSync(pcap, { force: true });
});
