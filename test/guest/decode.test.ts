// The decoder on traffic made in the guest (Debian's 6.1 kernel with mac80211_hwsim):
//  - iw's traffic, captured by `nlkit decode --exec`, decodes with no error and every attribute named;
//  - an nlmon capture (dumpcap on an nlmon device) of iw, ipset and ip decodes the same way, and
//    agrees with tshark on every attribute both decode, except where the UAPI header shows tshark
//    is wrong (the list in test/unit/decode-tshark.test.ts).
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

const missing = (await nl80211Missing()) ?? needTools('iw', 'strace');

const IW_COMMANDS = [
  ['dev'], ['phy', 'phy0', 'info'], ['reg', 'get'], ['dev', 'wlan0', 'info'], ['dev', 'wlan0', 'station', 'dump'],
  ['dev', 'wlan0', 'survey', 'dump'], ['phy', 'phy0', 'interface', 'add', 'dmon0', 'type', 'monitor'], ['dev', 'dmon0', 'del'],
];

test('iw traffic captured by nlkit decode --exec: no error, every attribute named', { skip: missing }, () => {
  // One traced shell for all of them (strace -f follows each iw): one start of node and strace under TCG.
  const script = IW_COMMANDS.map((c) => `iw ${c.join(' ')} >/dev/null`).join('; ');
  const r = run(process.execPath, [MAIN, 'decode', '--exec', '--json', '--', 'sh', '-c', script], 120000);
  assert.equal(r.status, 0, r.stderr);
  const all = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as DecodedMessage);
  const s = decodeStats(all);
  console.log(`guest iw: ${s.messages} messages, ${s.errors.length} errors, ${s.named} named attributes, ${s.unnamed.length} unnamed`);
  assert.deepEqual(s.errors, []);
  assert.deepEqual([...new Set(s.unnamed)], []);
  assert.ok(all.some((m) => m.command === 'NL80211_CMD_NEW_WIPHY'));
});

const nlmonMissing = missing ?? needTools('dumpcap', 'tshark', 'ipset');

test('nlmon capture of iw, ipset and ip: no error, every attribute named, and tshark agrees', { skip: nlmonMissing }, async () => {
  const pcap = '/tmp/nlkit-nlmon.pcap';
  for (const c of [['modprobe', 'nlmon'], ['ip', 'link', 'add', 'nlmon0', 'type', 'nlmon'], ['ip', 'link', 'set', 'nlmon0', 'up']]) {
    const r = run(c[0]!, c.slice(1));
    assert.equal(r.status, 0, `${c.join(' ')}: ${r.stderr}`);
  }
  const cap = spawn('dumpcap', ['-q', '-P', '-i', 'nlmon0', '-w', pcap], { stdio: 'ignore' });
  try {
    // dumpcap writes the file header once it listens on the device (slow to start under TCG).
    await waitFor('dumpcap to start', async () => fs.existsSync(pcap) && fs.statSync(pcap).size >= 24, 30000);
    await sleep(500);
    for (const c of IW_COMMANDS) run('iw', c);
    for (const c of [['create', 'g1', 'hash:ip', 'counters', 'comment'], ['add', 'g1', '10.0.0.1', 'comment', 'x'], ['list'], ['destroy', 'g1']]) run('ipset', c);
    for (const c of [['-d', 'link'], ['-d', 'addr'], ['route'], ['-s', 'link']]) run('ip', c);
    await sleep(1000);
  } finally {
    cap.kill('SIGINT');
    await new Promise((r) => cap.on('close', r));
    spawnSync('ip', ['link', 'del', 'nlmon0']);
  }
  const ms = decode(fs.readFileSync(pcap), { bytes: true });
  const s = decodeStats(ms);
  console.log(`guest nlmon: ${s.messages} messages, ${s.errors.length} errors, ${s.named} named attributes, ${s.unnamed.length} unnamed`);
  assert.ok(s.messages > 100, `${s.messages} messages`);
  assert.deepEqual(s.errors, []);
  assert.deepEqual([...new Set(s.unnamed)], []);
  const a = agreement(ms, runTshark(pcap), (m) => (m.protocol === 'route' ? HEADERS[groupOf(m.header!.type) ?? '']?.size ?? 0 : 4));
  console.log(`guest tshark: ${a.both} attributes both decode; names ${a.nameAgree}/${a.names} agree; values ${a.valueAgree}/${a.values} agree; tshark left ${a.tsharkRaw} as bytes; other: ${[...a.disagreements].map(([k, n]) => `${k} (${n})`).join('; ')}`);
  assert.deepEqual([...a.disagreements.keys()].filter((k) => !TSHARK_WRONG.has(k)), []);
  assert.equal(a.valueAgree, a.values);
  fs.rmSync(pcap, { force: true });
});
