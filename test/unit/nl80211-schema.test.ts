// The nl80211 schema (src/nl80211/schema) against real traffic: every nl80211
// message in the recorded `iw` straces (hex dumps and escaped strings) and in
// pyroute2's samples decodes without error, nothing the IW API reads is left
// unknown or raw, and decoded values match what `iw` printed for the same run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { decodeAttrsAt, encodeAttrs, decodeAttrs } from '../../src/netlink/attrs.js';
import { AttrSet, type AttrDef, type AttrValue, type Attrs } from '../../src/netlink/schema.js';
import { ctrlAttrs } from '../../src/genl/ctrl.js';
import {
  nl80211, nl80211Attrs, NL80211_CMD, NL80211_ATTR, IFTYPE, BAND, CHAN_WIDTH, STA_INFO, BSS, NL80211_ENUMS,
  band as bandSet, staInfo as staInfoSet,
} from '../../src/nl80211/schema/index.js';
import { findIE, parseIEs } from '../../src/nl80211/ie/index.js';
import { dataDir, repoRoot } from '../helpers/netns.js';

const captures = path.join(dataDir(), 'captures');
const peers = path.join(dataDir(), 'peers');

// ---------------------------------------------------------------------------------------
// Extraction of nl80211 messages from the recordings

interface Record {
  /** Where it came from: file, line, and the `iw` command of that section. */
  where: string;
  command: string;
  direction: 'send' | 'recv';
  /** The netlink message type (the family id). */
  type: number;
  /** genl header + attributes. */
  payload: Uint8Array;
}

function hexBytes(s: string): number[] {
  return (s.match(/[0-9a-fA-F]{2}/g) ?? []).map((h) => parseInt(h, 16));
}

/** Splits a datagram into netlink messages: [type, payload] pairs. */
function splitMessages(dgram: Uint8Array): { type: number; flags: number; payload: Uint8Array }[] {
  const out: { type: number; flags: number; payload: Uint8Array }[] = [];
  const v = new DataView(dgram.buffer, dgram.byteOffset, dgram.byteLength);
  let at = 0;
  while (at + 16 <= dgram.length) {
    const len = v.getUint32(at, true);
    if (len < 16 || at + len > dgram.length) break;
    out.push({ type: v.getUint16(at + 4, true), flags: v.getUint16(at + 6, true), payload: dgram.subarray(at + 16, at + len) });
    at += (len + 3) & ~3;
  }
  return out;
}

/** The nl80211 family id, from a CTRL_CMD_NEWFAMILY reply in the datagrams. */
function familyIdFrom(dgrams: Uint8Array[]): number | undefined {
  for (const d of dgrams) {
    for (const m of splitMessages(d)) {
      if (m.type !== 0x10 || m.payload[0] !== 1) continue;
      const a = decodeAttrsAt(ctrlAttrs, m.payload, 4, m.payload.length);
      if (a.family_name === 'nl80211') return a.family_id as number;
    }
  }
  return undefined;
}

/** `strace -x` hex dumps: the ` | 00000  1c 00 ...` blocks after each sendmsg/recvmsg line. */
function fromHexDump(file: string): Record[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const dgrams: { d: Uint8Array; line: number; command: string; direction: 'send' | 'recv' }[] = [];
  let command = '';
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('===== $ ')) command = l.slice(8);
    const call = /^(sendmsg|recvmsg)\(/.exec(l);
    if (!call) continue;
    const bytes: number[] = [];
    let j = i + 1;
    for (; j < lines.length && /^ [|*]/.test(lines[j]!); j++) {
      const m = /^ \| [0-9a-f]{5}  (.{48})/.exec(lines[j]!);
      if (m) bytes.push(...hexBytes(m[1]!));
    }
    if (bytes.length) dgrams.push({ d: Uint8Array.from(bytes), line: i + 1, command, direction: call[1] === 'sendmsg' ? 'send' : 'recv' });
    i = j - 1;
  }
  return records(path.basename(file), dgrams);
}

/** Plain straces: `{nlmsg_len=N, nlmsg_type=nl80211, ...}, "\x07\x01..."` pairs. */
function fromEscapedStrace(file: string): Record[] {
  const out: Record[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  let command = '';
  lines.forEach((l, i) => {
    if (l.startsWith('===== ')) command = l.replace(/^===== (\$ |strace )?/, '');
    const call = /^(?:[\d:.]+ )?(sendmsg|recvmsg)\(/.exec(l);
    if (!call) return;
    for (const m of l.matchAll(/\{nlmsg_len=(\d+), nlmsg_type=nl80211, [^}]*\}, "((?:\\x[0-9a-f]{2})*)"/g)) {
      const payload = Uint8Array.from(hexBytes(m[2]!.replace(/\\x/g, ' ')));
      assert.equal(payload.length + 16, Number(m[1]), `${path.basename(file)}:${i + 1}: a whole message`);
      out.push({ where: `${path.basename(file)}:${i + 1}`, command, direction: call[1] === 'sendmsg' ? 'send' : 'recv', type: -1, payload });
    }
  });
  return out;
}

/** pyroute2's samples: `\xNN` escapes or colon hex, `#` comments, a `#:` block (their decode) at the end. */
function fromPeerSample(file: string): Record[] {
  const dgrams: { d: Uint8Array; line: number; command: string; direction: 'send' | 'recv' }[] = [];
  let cur: number[] = [];
  let start = 0;
  let direction: 'send' | 'recv' = 'recv';
  const flush = (): void => {
    if (cur.length) dgrams.push({ d: Uint8Array.from(cur), line: start, command: path.basename(file), direction });
    cur = [];
  };
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (l.startsWith('#:')) break;
    if (l.startsWith('#') || l === '') {
      flush();
      if (/^# send/.test(l)) direction = 'send';
      if (/^# recv/.test(l)) direction = 'recv';
      continue;
    }
    if (!cur.length) start = i + 1;
    cur.push(...hexBytes(l.replace(/\\x/g, ' ').replace(/:/g, ' ')));
  }
  flush();
  const out: Record[] = [];
  for (const g of dgrams) {
    for (const m of splitMessages(g.d)) {
      if (m.type === 0x1b || m.type === 0x1c) {
        out.push({ where: `${path.basename(file)}:${g.line}`, command: g.command, direction: g.direction, type: m.type, payload: m.payload });
      }
    }
  }
  return out;
}

function records(name: string, dgrams: { d: Uint8Array; line: number; command: string; direction: 'send' | 'recv' }[]): Record[] {
  const id = familyIdFrom(dgrams.map((x) => x.d));
  assert.ok(id, `${name}: the capture resolves nl80211 (CTRL_CMD_GETFAMILY)`);
  const out: Record[] = [];
  for (const g of dgrams) {
    for (const m of splitMessages(g.d)) {
      if (m.type === id) out.push({ where: `${name}:${g.line}`, command: g.command, direction: g.direction, type: m.type, payload: m.payload });
    }
  }
  return out;
}

function allRecords(): Record[] {
  return [
    ...fromHexDump(path.join(captures, 'iw_strace_hex.txt')),
    ...['iw_strace.txt', 'iw_scan_strace.txt', 'iw_ap_sta_strace.txt', 'iw_scan_connected_hang_strace.txt'].flatMap((f) =>
      fromEscapedStrace(path.join(captures, f)),
    ),
    ...fs.readdirSync(peers).filter((f) => /^(iw_|nl80211)/.test(f)).sort().flatMap((f) => fromPeerSample(path.join(peers, f))),
  ];
}

function decode(r: Record): Attrs {
  return decodeAttrsAt(nl80211.attrs, r.payload, 4, r.payload.length);
}

/** Every `$unknown` and every raw-bytes value in a decoded tree, with its path. */
function walk(v: AttrValue, p: string, set: AttrSet | undefined, found: { unknown: string[]; raw: string[] }): void {
  if (v instanceof Uint8Array) {
    found.raw.push(p);
    return;
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x as AttrValue, `${p}[${i}]`, set, found));
    return;
  }
  if (v && typeof v === 'object') {
    const o = v as Attrs;
    for (const u of o.$unknown ?? []) found.unknown.push(`${p}.${u.type}`);
    for (const [k, x] of Object.entries(o)) {
      if (k === '$unknown') continue;
      const spec = set?.byName.get(k);
      if (spec && spec.kind === 'binary') continue; // raw on purpose
      const el = spec?.element ?? (spec?.custom as { element?: AttrDef } | undefined)?.element;
      const sub = spec ? (AttrSet.nestedOf(spec) ?? (el ? AttrSet.nestedOf(el[2] ?? {}) : undefined)) : undefined;
      if (el && el[1] === 'binary') continue;
      walk(x, `${p}.${k}`, sub ?? (spec ? undefined : set), found);
    }
  }
}

// ---------------------------------------------------------------------------------------

test('the enums come from the header: known numbers', () => {
  assert.equal(NL80211_CMD.GET_WIPHY, 1);
  assert.equal(NL80211_CMD.TRIGGER_SCAN, 33);
  assert.equal(NL80211_CMD.NEW_SCAN_RESULTS, 34);
  assert.equal(NL80211_CMD.GET_STATION, 17);
  assert.equal(NL80211_ATTR.WIPHY_BANDS, 22);
  assert.equal(NL80211_ATTR.MAX_NUM_SCAN_SSIDS, 43);
  assert.equal(NL80211_ATTR.MAC_ACL_MAX, 167);
  assert.equal(NL80211_ATTR.BSSID, 245);
  assert.equal(IFTYPE.MONITOR, 6);
  assert.equal(BAND['6GHZ'], 3);
  assert.equal(CHAN_WIDTH['80'], 3);
  assert.equal(STA_INFO.SIGNAL, 7);
  assert.equal(BSS.SIGNAL_MBM, 7);
  assert.ok(NL80211_ENUMS.length > 100);
  assert.equal(nl80211.name, 'nl80211');
  assert.equal(nl80211.commands[NL80211_CMD.NEW_INTERFACE], 'NL80211_CMD_NEW_INTERFACE');
});

test('every NL80211_ATTR_* has a kind; none of the attributes the IW API reads is binary', () => {
  for (const [k, v] of Object.entries(NL80211_ATTR)) {
    if (v === 0) continue;
    const s = nl80211Attrs.spec(v);
    assert.ok(s, `NL80211_ATTR_${k} is in the schema`);
    assert.equal(s.kernelName, `NL80211_ATTR_${k}`);
  }
  const read = ['wiphy', 'wiphy_name', 'ifindex', 'ifname', 'iftype', 'mac', 'generation', 'wdev', 'wiphy_freq', 'channel_width',
    'center_freq1', 'center_freq2', 'wiphy_tx_power_level', 'ssid', 'sta_info', 'bss', 'survey_info', 'reg_rules', 'reg_alpha2',
    'wiphy_bands', 'supported_iftypes', 'supported_commands', 'interface_combinations', 'cipher_suites', 'max_num_scan_ssids',
    'software_iftypes', 'ext_features', 'feature_flags', 'wiphy_retry_short', 'wiphy_retry_long', 'wiphy_frag_threshold',
    'wiphy_rts_threshold', 'wiphy_coverage_class', 'wiphy_antenna_avail_tx', 'wiphy_antenna_tx', 'dfs_region', 'bss_basic_rates', '4addr'];
  for (const n of read) assert.notEqual(nl80211Attrs.byName.get(n)?.kind, 'binary', n);
});

test('every nl80211 message in the recordings decodes; nothing is unknown or left raw', (t) => {
  const recs = allRecords();
  assert.ok(recs.length >= 60, `found ${recs.length} nl80211 messages`);
  const files = new Set(recs.map((r) => r.where.split(':')[0]));
  for (const f of ['iw_strace_hex.txt', 'iw_strace.txt', 'iw_scan_strace.txt', 'iw_ap_sta_strace.txt', 'iw_scan_connected_hang_strace.txt',
    'iw_add_monitor_dev.data', 'iw_add_monitor_phy.data', 'iw_del_dev.data', 'iw_info_req.data', 'iw_info_rsp.data', 'iw_scan_rsp.dump', 'nl80211.data']) {
    assert.ok(files.has(f), `messages from ${f}`);
  }
  t.diagnostic(`${recs.length} nl80211 messages from ${files.size} files`);
  const problems: string[] = [];
  for (const r of recs) {
    let a: Attrs;
    try {
      a = decode(r);
    } catch (e) {
      problems.push(`${r.where} (${r.command}): ${(e as Error).message}`);
      continue;
    }
    const found = { unknown: [] as string[], raw: [] as string[] };
    walk(a, nl80211.commands[r.payload[0]!] ?? String(r.payload[0]), nl80211Attrs, found);
    for (const u of found.unknown) problems.push(`${r.where} (${r.command}): unknown ${u}`);
    for (const u of found.raw) problems.push(`${r.where} (${r.command}): raw bytes at ${u}`);
  }
  assert.deepEqual(problems, []);
});

test("iw's requests re-encode to the same bytes (nlkit also sets NLA_F_NESTED on nests)", () => {
  const sends = allRecords().filter((r) => r.direction === 'send');
  assert.ok(sends.length >= 10);
  for (const r of sends) {
    const orig = r.payload.subarray(4);
    const again = encodeAttrs(nl80211Attrs, decode(r));
    assert.equal(again.length, orig.length, r.where);
    for (let i = 0; i < orig.length; i++) {
      if (again[i] !== orig[i]) assert.equal(again[i], orig[i]! | 0x80, `${r.where}: byte ${i} (only the NLA_F_NESTED bit may differ)`);
    }
  }
});

test('enums.ts is what scripts/gen-nl80211.mjs makes of the installed header (when it is the same header)', (t) => {
  const header = '/usr/include/linux/nl80211.h';
  const enumsTs = path.join(repoRoot(), 'src', 'nl80211', 'schema', 'enums.ts');
  if (!fs.existsSync(header)) return t.skip('no <linux/nl80211.h> here');
  const sha = createHash('sha256').update(fs.readFileSync(header)).digest('hex').slice(0, 16);
  const committed = fs.readFileSync(enumsTs, 'utf8');
  if (!committed.includes(`sha256 ${sha}`)) return t.skip(`the installed header (sha256 ${sha}...) is not the one enums.ts was made from`);
  const tmp = path.join(os.tmpdir(), `nlkit-enums-${process.pid}.ts`);
  try {
    execFileSync(process.execPath, [path.join(repoRoot(), 'scripts', 'gen-nl80211.mjs'), header, tmp], { stdio: 'ignore' });
    assert.equal(fs.readFileSync(tmp, 'utf8'), committed);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
});

test('attributes carry the header kernel-doc as their doc', () => {
  assert.match(nl80211Attrs.byName.get('wiphy_bands')!.doc!, /indexed by band/);
  assert.match(nl80211Attrs.byName.get('ifname')!.doc!, /network interface name/i);
  assert.match(staInfoSet.byName.get('signal')!.doc!, /dBm/);
});

test('custom codecs: structs, flag-or-value, sparse indexed nests, bitmaps, coalesce rules', () => {
  const round = (a: Attrs): Attrs => decodeAttrs(nl80211Attrs, encodeAttrs(nl80211Attrs, a));
  // struct nl80211_sta_flag_update: 8 bytes, mask then set.
  const b = encodeAttrs(nl80211Attrs, { sta_flags2: { mask: 0x22, set: 0x02 } });
  assert.deepEqual([...b], [12, 0, NL80211_ATTR.STA_FLAGS2, 0, 0x22, 0, 0, 0, 0x02, 0, 0, 0]);
  // A flag in the wiphy dump, an ethertype in a request.
  assert.deepEqual(round({ control_port_ethertype: true }), { control_port_ethertype: true });
  assert.deepEqual(round({ control_port_ethertype: 0x888e }), { control_port_ethertype: 0x888e });
  // Bands keep their numbers: only 5 GHz and 6 GHz.
  const bands: (Attrs | undefined)[] = [];
  bands[BAND['5GHZ']] = { ht_capa: 0x1234 };
  bands[BAND['6GHZ']] = { freqs: [{ freq: 5955 }] };
  const back = round({ wiphy_bands: bands }).wiphy_bands as (Attrs | undefined)[];
  assert.equal(back.length, 4);
  assert.equal(back[0], undefined);
  assert.deepEqual(back[1], { ht_capa: 0x1234 });
  assert.deepEqual(back[3], { freqs: [{ freq: 5955 }] });
  // Extended features by name; unknown bits as bit_N.
  const ef = round({ ext_features: ['vht_ibss', 'rrm', 'bit_200'] }).ext_features;
  assert.deepEqual(ef, ['vht_ibss', 'rrm', 'bit_200']);
  // COALESCE_RULE: the support struct in a wiphy dump, rules in a request.
  const support = { max_rules: 8, max_patterns: 4, min_pattern_len: 1, max_pattern_len: 128, max_pkt_offset: 0, max_delay: 100 };
  assert.deepEqual(round({ coalesce_rule: support }).coalesce_rule, support);
  const rules = [{ delay: 25, condition: 1, pkt_pattern: [{ mask: new Uint8Array([1]), pattern: new Uint8Array([0xff]) }] }];
  assert.deepEqual(round({ coalesce_rule: rules }).coalesce_rule, rules);
  // Cipher suites, rates, station info signed values.
  assert.deepEqual(round({ cipher_suites: [0x000fac04, 0x000fac02] }).cipher_suites, [0x000fac04, 0x000fac02]);
  const tids: Attrs[] = [];
  tids[1] = { rx_msdu: 3 };
  assert.deepEqual(round({ sta_info: { signal: -42, chain_signal: [-40, -44], tid_stats: tids } }).sta_info,
    { signal: -42, chain_signal: [-40, -44], tid_stats: tids });
  // Encoding by enum name.
  assert.deepEqual(decodeAttrs(nl80211Attrs, encodeAttrs(nl80211Attrs, { iftype: 'monitor' })), { iftype: IFTYPE.MONITOR });
  assert.deepEqual(round({ mntr_flags: { control: true, otherbss: undefined, other_bss: true } }).mntr_flags, { control: true, other_bss: true });
});

test('re-encoding every decoded message gives the same attributes back', () => {
  for (const r of allRecords()) {
    const a = decode(r);
    const again = decodeAttrs(nl80211Attrs, encodeAttrs(nl80211Attrs, a));
    assert.deepEqual(again, a, `${r.where}`);
  }
});

// ---------------------------------------------------------------------------------------
// Spot checks against what the tools printed

test("pyroute2's interface info reply decodes to the values of pyroute2's own decode (iw_info_rsp.dump)", () => {
  const file = path.join(peers, 'iw_info_rsp.dump');
  const [r] = fromPeerSample(file);
  assert.ok(r);
  const want = JSON.parse(fs.readFileSync(file, 'utf8').split('#: application/json')[1]!) as { cmd: number; attrs: [string, unknown][] }[];
  assert.equal(r.payload[0], want[0]!.cmd);
  const a = decode(r);
  for (const [kname, value] of want[0]!.attrs) {
    const spec = [...nl80211Attrs.byName.values()].find((x) => x.kernelName === kname);
    assert.ok(spec, kname);
    assert.equal(a[spec.name], value, kname);
  }
});

function cmdRecords(recs: Record[], cmd: number, direction: 'send' | 'recv'): { r: Record; a: Attrs }[] {
  return recs.filter((r) => r.payload[0] === cmd && r.direction === direction).map((r) => ({ r, a: decode(r) }));
}

test('iw dev: interface names, types, addresses (iw_strace_hex.txt)', () => {
  const recs = fromHexDump(path.join(captures, 'iw_strace_hex.txt'));
  const ifs = cmdRecords(recs, NL80211_CMD.NEW_INTERFACE, 'recv').filter((x) => x.r.command === 'iw dev');
  assert.ok(ifs.length >= 1);
  for (const { a } of ifs) {
    assert.equal(typeof a.ifname, 'string');
    assert.equal(typeof a.ifindex, 'number');
    assert.equal(typeof a.wiphy, 'number');
    assert.match(a.mac as string, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    assert.ok(Object.values(IFTYPE).includes(a.iftype as never));
  }
  // The monitor interface the second command adds.
  const add = cmdRecords(recs, NL80211_CMD.NEW_INTERFACE, 'send').find((x) => x.r.command.includes('interface add test'));
  assert.ok(add);
  assert.equal(add.a.ifname, 'test');
  assert.equal(add.a.iftype, IFTYPE.MONITOR);
});

test('iw phy phy0 info: bands, frequencies, rates, iftypes, commands, combinations (iw_strace.txt)', () => {
  const recs = fromEscapedStrace(path.join(captures, 'iw_strace.txt')).filter((r) => r.command.includes('phy phy0 info'));
  const parts = cmdRecords(recs, NL80211_CMD.NEW_WIPHY, 'recv').map((x) => x.a);
  assert.ok(parts.length > 1, 'a split wiphy dump');
  assert.equal(parts[0]!.wiphy_name, 'phy0');
  const bands = new Map<number, Attrs[]>();
  const freqs: Attrs[] = [];
  let iftypes: Attrs | undefined;
  let commands: number[] = [];
  let combos: Attrs[] = [];
  for (const p of parts) {
    const b = p.wiphy_bands as (Attrs | undefined)[] | undefined;
    b?.forEach((x, i) => {
      if (!x) return;
      bands.set(i, [...(bands.get(i) ?? []), x]);
      freqs.push(...((x.freqs as Attrs[] | undefined) ?? []));
    });
    if (p.supported_iftypes) iftypes = p.supported_iftypes as Attrs;
    if (p.supported_commands) commands = p.supported_commands as number[];
    if (p.interface_combinations) combos = p.interface_combinations as Attrs[];
  }
  assert.ok(bands.has(BAND['2GHZ']), 'band 0 (2.4 GHz) at index 0');
  const f2412 = freqs.find((f) => f.freq === 2412);
  assert.ok(f2412, '2412 MHz');
  assert.equal(typeof f2412.max_tx_power, 'number');
  const rates = bands.get(0)!.flatMap((b) => (b.rates as Attrs[] | undefined) ?? []).map((r) => r.rate);
  assert.ok(rates.includes(10) && rates.includes(540), `2.4 GHz rates 1.0 and 54.0 Mb/s in ${rates.join(',')}`);
  assert.ok(iftypes && iftypes.station === true && iftypes.monitor === true);
  assert.ok(commands.includes(NL80211_CMD.NEW_INTERFACE) && commands.includes(NL80211_CMD.CONNECT));
  assert.ok(combos.length >= 1 && Array.isArray(combos[0]!.limits));
  assert.ok(bandSet.byName.get('freqs'));
});

test('iw dev wlan0 station dump: signal in dBm, bitrates, flags (iw_ap_sta_strace.txt / iw_ap_sta_output.txt)', () => {
  const recs = fromEscapedStrace(path.join(captures, 'iw_ap_sta_strace.txt')).filter((r) => r.command.includes('station dump'));
  const out = fs.readFileSync(path.join(captures, 'iw_ap_sta_output.txt'), 'utf8');
  const stations = cmdRecords(recs, NL80211_CMD.NEW_STATION, 'recv').map((x) => x.a);
  assert.ok(stations.length >= 1);
  for (const s of stations) {
    assert.ok(out.includes(`Station ${s.mac as string}`), `station ${s.mac as string} printed by iw`);
    const info = s.sta_info as Attrs;
    assert.ok(staInfoSet.byName.get('signal')?.kind === 's8');
    if (info.signal !== undefined) {
      assert.ok((info.signal as number) < 0, 'signal is negative dBm');
      assert.match(out, new RegExp(`signal:\\s+${info.signal as number}\\b`));
    }
    for (const dir of ['tx', 'rx'] as const) {
      const rate = info[`${dir}_bitrate`] as Attrs | undefined;
      if (!rate) continue;
      const mbps = (rate.bitrate32 as number) / 10;
      assert.match(out, new RegExp(`${dir} bitrate:\\s+${mbps.toFixed(1).replace('.', '\\.')} MBit/s`), `${dir} bitrate ${mbps}`);
    }
    const flags = info.sta_flags as Attrs;
    const set = (bit: number): string => ((flags.set as number) & (1 << bit) ? 'yes' : 'no');
    assert.match(out, new RegExp(`authorized:\\s+${set(1)}`));
    assert.match(out, new RegExp(`authenticated:\\s+${set(5)}`));
    assert.match(out, new RegExp(`associated:\\s+${set(7)}`));
    assert.match(out, new RegExp(`tx failed:\\s+${info.tx_failed as number}`));
  }
});

test('iw dev wlan1 scan: BSS, signal in mBm, SSID and RSN from the IEs (iw_scan_strace.txt / iw_scan_output.txt)', () => {
  const recs = fromEscapedStrace(path.join(captures, 'iw_scan_strace.txt'));
  const out = fs.readFileSync(path.join(captures, 'iw_scan_output.txt'), 'utf8');
  const results = cmdRecords(recs, NL80211_CMD.NEW_SCAN_RESULTS, 'recv').map((x) => x.a).filter((a) => a.bss);
  assert.ok(results.length >= 1);
  for (const a of results) {
    const b = a.bss as Attrs;
    assert.ok(out.includes(`BSS ${b.bssid as string}`), `BSS ${b.bssid as string} printed by iw`);
    const dbm = (b.signal_mbm as number) / 100;
    assert.ok(out.includes(`signal: ${dbm.toFixed(2)} dBm`), `signal ${dbm.toFixed(2)} dBm`);
    assert.ok(out.includes(`freq: ${b.frequency as number}`));
    const ies = parseIEs(b.information_elements as Uint8Array);
    const ssid = findIE(ies, 'ssid');
    assert.ok(ssid && out.includes(`SSID: ${ssid.ssid}`));
  }
});
