// Tests of the decoder (src/decode): every recorded capture and pyroute2 sample decodes cleanly
// with its protocol and families found, spot checks against the tools' own output, round trips
// through nlkit's encoder, protocol guessing, errors, the CLI, and property tests on hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import fc from 'fast-check';
import { decode, decodeStream, formatMessage, formatMessageJson, type DecodedAttr, type DecodedMessage } from '../../src/decode/index.js';
import { decodeCli } from '../../src/cli/decode.js';
import { CTRL_CMD, nlctrl } from '../../src/genl/ctrl.js';
import { GENL_ID_CTRL, writeGenl } from '../../src/genl/header.js';
import { encodeAttrsInto } from '../../src/netlink/attrs.js';
import { NLMSG_ERROR, NLM_F } from '../../src/netlink/constants.js';
import { encodeMessage } from '../../src/netlink/message.js';
import { Writer } from '../../src/netlink/writer.js';
import { IPSET_CMD, IPSET_PROTOCOL, IPSET_SUBSYS, SET_TYPES, ipsetAttrsFor } from '../../src/ipset/schema.js';
import { parseElement } from '../../src/ipset/entry.js';
import { nfMsgType, writeNfgen } from '../../src/nfnetlink/header.js';
import { NL80211_CMD, nl80211 } from '../../src/nl80211/schema/index.js';
import { dataDir } from '../helpers/netns.js';

const CAPTURES = path.join(dataDir(), 'captures');
const PEERS = path.join(dataDir(), 'peers');
/** The capture files (the other files beside them are the tools' text output). */
const captureFiles = fs.readdirSync(CAPTURES).filter((f) => /_strace(_hex)?\.txt$|\.pcap$/.test(f)).sort();
const peerFiles = fs.readdirSync(PEERS).filter((f) => /\.(data|dump)$/.test(f)).sort();
/** pyroute2's samples were recorded where nl80211 had these ids (test/data/peers/README.md). */
const PEER_FAMILIES: Record<string, Record<string, number>> = {
  'iw_scan_rsp.dump': { nl80211: 0x1c },
};
const peerFamilies = (f: string) => PEER_FAMILIES[f] ?? (f.startsWith('iw_') || f.startsWith('nl80211') ? { nl80211: 0x1b } : {});

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));

/** Every attribute in a message, depth first. */
function* allAttrs(list: readonly DecodedAttr[] | undefined): Generator<DecodedAttr> {
  for (const a of list ?? []) {
    yield a;
    yield* allAttrs(a.attrs);
  }
}
const find = (ms: readonly DecodedMessage[], name: string): DecodedAttr[] =>
  ms.flatMap((m) => [...allAttrs(m.attrs)].filter((a) => a.name === name));
const values = (ms: readonly DecodedMessage[], name: string): unknown[] => find(ms, name).map((a) => a.value);

function assertClean(ms: readonly DecodedMessage[], what: string): void {
  assert.ok(ms.length > 0, `${what}: no messages`);
  for (const m of ms) {
    assert.equal(m.decodeError, undefined, `${what} #${m.index} (${m.source}): ${m.decodeError?.message}`);
    assert.notEqual(m.protocol, 'unknown', `${what} #${m.index}: protocol not found`);
    assert.ok(m.header, `${what} #${m.index}: no header`);
    assert.ok(m.command, `${what} #${m.index}: not named`);
    if (m.family === 'ipset' || m.family === 'nl80211' || m.family === 'nlctrl') {
      assert.doesNotMatch(m.command!, /^cmd \d+$/, `${what} #${m.index}: unknown ${m.family} command`);
    }
    for (const a of allAttrs(m.attrs)) assert.equal(a.error, undefined, `${what} #${m.index} ${a.name}: ${a.error}`);
  }
}

// ---- every capture and sample ----

test('captures: every recorded capture decodes with no error, its protocols and families found, every message named', () => {
  assert.ok(captureFiles.length >= 8, `captures found: ${captureFiles.join(', ')}`);
  for (const f of captureFiles) {
    const ms = decode(read(CAPTURES, f));
    assertClean(ms, f);
    const protocols = new Set(ms.map((m) => m.protocol));
    const families = new Set(ms.map((m) => m.family));
    if (f.startsWith('ipset')) {
      assert.deepEqual([...protocols], ['netfilter'], f);
      assert.ok(families.has('ipset'), f);
    }
    if (f.startsWith('iw')) {
      assert.deepEqual([...protocols], ['generic'], f);
      assert.ok(families.has('nl80211') && families.has('nlctrl'), `${f}: ${[...families].join(',')}`);
    }
    if (f.startsWith('nlmon')) {
      assert.deepEqual([...protocols].sort(), ['generic', 'netfilter'], f);
      assert.ok(families.has('nl80211') && families.has('ipset') && families.has('nlctrl'), f);
    }
    if (f.startsWith('genl_rtnl')) {
      assert.deepEqual([...protocols].sort(), ['generic', 'route'], f);
      assert.ok(ms.some((m) => m.command?.startsWith('RTM_')), f);
    }
    // Every message renders, as text and as one JSON line.
    for (const m of ms) {
      assert.match(formatMessage(m), /^#\d+ /);
      const line = formatMessageJson(m);
      assert.equal(line.indexOf('\n'), line.length - 1);
      assert.equal((JSON.parse(line) as { index: number }).index, m.index);
    }
  }
});

test('peers: pyroute2 samples decode cleanly; the protocol is guessed, nl80211 is named by --family', () => {
  assert.ok(peerFiles.length >= 10);
  for (const f of peerFiles) {
    const ms = decode(read(PEERS, f), { families: peerFamilies(f) });
    assertClean(ms, f);
    assert.ok(ms.every((m) => m.protocolFrom === 'guess'), f);
    if (f.startsWith('ipset')) assert.ok(ms.every((m) => m.protocol === 'netfilter') && ms.some((m) => m.family === 'ipset'), f);
    else assert.ok(ms.every((m) => m.protocol === 'generic') && ms.some((m) => m.family === 'nl80211'), f);
  }
  // Without --family the dynamic id is still placed as generic netlink, shown by number.
  const raw = decode(read(PEERS, 'iw_info_rsp.data'));
  assert.equal(raw[0]!.protocol, 'generic');
  assert.equal(raw[0]!.family, '0x1b');
  assert.ok(raw[0]!.attrs!.every((a) => a.name === undefined && typeof a.hex === 'string'));
});

test('peers: iw_info_rsp.dump matches pyroute2\'s own decode (command, every attribute)', () => {
  const text = read(PEERS, 'iw_info_rsp.dump').toString('latin1');
  const expected = JSON.parse(text.slice(text.indexOf('#: application/json') + '#: application/json'.length)) as {
    attrs: [string, unknown][]; cmd: number; event: string; header: { length: number; pid: number; sequence_number: number };
  }[];
  const [m] = decode(Buffer.from(text, 'latin1'), { families: { nl80211: 0x1b } });
  const e = expected[0]!;
  assert.equal(m!.command, e.event);
  assert.deepEqual(m!.familyHeader, { kind: 'genl', cmd: e.cmd, version: 1 });
  assert.equal(m!.header!.len, e.header.length);
  assert.equal(m!.header!.seq, e.header.sequence_number);
  assert.deepEqual(m!.attrs!.map((a) => [a.name, a.value]), e.attrs);
});

// ---- spot checks against the tools' output kept beside the captures ----

test('spot checks: ipset entry, comment, header and timeout as ipset printed them', () => {
  const output = read(CAPTURES, 'nlmon_iw_ipset_output.txt').toString();
  const ms = decode(read(CAPTURES, 'nlmon_iw_ipset.pcap'));
  // "192.0.2.0/24 packets 0 bytes 0 comment "docs net""
  assert.match(output, /192\.0\.2\.0\/24 .*comment "docs net"/);
  const add = ms.find((m) => m.command === 'IPSET_CMD_ADD' && m.direction === 'send')!;
  const data = add.attrs!.find((a) => a.name === 'IPSET_ATTR_DATA')!;
  assert.equal(find([{ ...add, attrs: data.attrs }], 'IPSET_ATTR_IPADDR_IPV4')[0]!.value, '192.0.2.0');
  assert.equal(data.attrs!.find((a) => a.name === 'IPSET_ATTR_CIDR')!.value, 24);
  assert.equal(data.attrs!.find((a) => a.name === 'IPSET_ATTR_COMMENT')!.value, 'docs net');
  // "Header: family inet hashsize 1024 maxelem 65536 ... initval 0x0f76b7c6"
  const initval = /initval (0x[0-9a-f]+)/.exec(output)![1]!;
  assert.ok(values(ms, 'IPSET_ATTR_INITVAL').includes(Number(initval)));
  assert.ok(values(ms, 'IPSET_ATTR_HASHSIZE').includes(1024));
  assert.ok(find(ms, 'IPSET_ATTR_CADT_FLAGS').some((a) => a.bits?.includes('IPSET_FLAG_WITH_COMMENT')));
  assert.ok(find(ms, 'IPSET_ATTR_FAMILY').some((a) => a.enum === 'inet'));
  // ipset create test hash:ip timeout 600 ...
  const strace = decode(read(CAPTURES, 'ipset_strace.txt'));
  const create = strace.find((m) => m.command === 'IPSET_CMD_CREATE' && m.attrs?.some((a) => a.value === 'test'))!;
  assert.ok(values([create], 'IPSET_ATTR_TIMEOUT').includes(600));
  assert.ok(values([create], 'IPSET_ATTR_TYPENAME').includes('hash:ip'));
});

test('spot checks: wiphy name, frequency, SSID and a station\'s signal as iw printed them', () => {
  const iw = decode(read(CAPTURES, 'iw_strace.txt'));
  assert.ok(values(iw, 'NL80211_ATTR_WIPHY_NAME').includes('phy0'));
  const apsta = read(CAPTURES, 'iw_ap_sta_output.txt').toString();
  const ms = decode(read(CAPTURES, 'iw_ap_sta_strace.txt'));
  // "freq: 2437" (link), "signal:  \t-30 dBm" (station dump), "SSID: kt-test-ap"
  assert.match(apsta, /freq: 2437/);
  assert.ok(values(ms, 'NL80211_BSS_FREQUENCY').includes(2437));
  const signal = Number(/signal:\s+(-\d+) dBm/.exec(apsta.slice(apsta.indexOf('station dump')))![1]);
  assert.ok(values(ms, 'NL80211_STA_INFO_SIGNAL').includes(signal));
  const ies = find(ms, 'NL80211_BSS_INFORMATION_ELEMENTS').flatMap((a) => (a.ies ?? []) as { id: number; ssid?: string }[]);
  assert.ok(ies.some((e) => e.id === 0 && e.ssid === 'kt-test-ap'));
  assert.match(ms.map(formatMessage).join(''), /IE 0 ssid: "kt-test-ap"/);
  // iw dev: "Interface wlan1", "addr 02:00:00:00:01:00", "type managed" (iw_scan_output.txt)
  assert.match(read(CAPTURES, 'nlmon_iw_ipset_output.txt').toString(), /Interface wlan1\n\t\tifindex 3\n\t\twdev 0x100000001\n\t\taddr 02:00:00:00:01:00\n\t\ttype managed/);
  const scan = decode(read(CAPTURES, "nlmon_iw_ipset.pcap"));
  assert.ok(values(scan, 'NL80211_ATTR_IFNAME').includes('wlan1'));
  assert.ok(values(scan, 'NL80211_ATTR_MAC').includes('02:00:00:00:01:00'));
  assert.ok(find(scan, 'NL80211_ATTR_IFTYPE').some((a) => a.enum === 'station'));
});

test('spot checks: rtnetlink names, fixed headers and link names', () => {
  const ms = decode(read(CAPTURES, 'genl_rtnl_strace.txt'));
  const route = ms.filter((m) => m.protocol === 'route' && m.family === 'route');
  assert.ok(route.length > 0);
  assert.ok(route.every((m) => /^RTM_[A-Z]+$/.test(m.command!)));
  assert.ok(route.some((m) => m.familyHeader?.kind === 'ifinfomsg' || m.familyHeader?.kind === 'rtgenmsg'));
  assert.ok(values(ms, 'IFLA_IFNAME').length > 0);
});

// ---- state: family ids learned from the capture ----

test('generic netlink family ids are learned from CTRL_CMD_NEWFAMILY earlier in the same capture', () => {
  const pcap = read(CAPTURES, 'nlmon_iw_ipset.pcap');
  const ms = decode(pcap);
  const newfam = ms.find((m) => m.command === 'CTRL_CMD_NEWFAMILY')!;
  const id = find([newfam], 'CTRL_ATTR_FAMILY_ID')[0]!.value as number;
  const nl = ms.filter((m) => m.header?.type === id);
  assert.ok(nl.length > 0 && nl.every((m) => m.family === 'nl80211' && m.header!.typeName === 'nl80211'));
  assert.ok(nl.every((m) => m.index > newfam.index));
  // The same nl80211 message alone: unknown family; with --family: named.
  const body = encodeMessage({ type: id, flags: NLM_F.REQUEST | NLM_F.ACK, seq: 1, pid: 0 }, (w) =>
    writeGenl(w, NL80211_CMD.GET_INTERFACE, 0, nl80211.attrs, { ifindex: 3 }));
  assert.equal(decode(body, { format: 'raw', protocol: 'generic' })[0]!.family, '0x' + id.toString(16));
  const named = decode(body, { format: 'raw', protocol: 'generic', families: { nl80211: id } })[0]!;
  assert.equal(named.command, 'NL80211_CMD_GET_INTERFACE');
  assert.deepEqual(named.attrs, [{ type: 3, name: 'NL80211_ATTR_IFINDEX', value: 3 }]);
  // State is per capture: a second decode() does not know the id.
  assert.equal(decode(body, { format: 'raw', protocol: 'generic' })[0]!.family, '0x' + id.toString(16));
});

// ---- round trips through nlkit's encoder, written as strace-style hex ----

/** `"\x20\x00..."`: a C string of \x escapes, as strace -xx prints a buffer. */
const asEscapes = (b: Uint8Array) => '"' + [...b].map((x) => '\\x' + x.toString(16).padStart(2, '0')).join('') + '"';
/** strace's `-e write=` dump lines: ` | 00000  20 00 00 00 ...  ascii |`. */
function asDump(b: Uint8Array): string {
  const lines: string[] = [];
  for (let at = 0; at < b.length; at += 16) {
    const row = [...b.subarray(at, at + 16)];
    const hex = row.map((x) => x.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ').padEnd(23);
    const right = hex.slice(8).join(' ').padEnd(23);
    const ascii = row.map((x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : '.')).join('').padEnd(16);
    lines.push(` | ${at.toString(16).padStart(5, '0')}  ${left}  ${right}  ${ascii} |`);
  }
  return lines.join('\n');
}

test('round trip: nlctrl GETFAMILY and an ipset add, encoded by nlkit, written as \\x escapes and dump lines, decode to the same values', () => {
  const getfamily = encodeMessage({ type: GENL_ID_CTRL, flags: NLM_F.REQUEST | NLM_F.ACK, seq: 42, pid: 0 }, (w) =>
    writeGenl(w, CTRL_CMD.GETFAMILY, nlctrl.version, nlctrl.attrs, { family_name: 'nl80211' }));
  const data = parseElement('192.0.2.0/24', SET_TYPES['hash:net']!, 'inet');
  const addMsg = encodeMessage({ type: nfMsgType(IPSET_SUBSYS, IPSET_CMD.ADD), flags: NLM_F.REQUEST | NLM_F.ACK, seq: 43, pid: 0 }, (w: Writer) => {
    writeNfgen(w, 2);
    encodeAttrsInto(ipsetAttrsFor(IPSET_CMD.ADD), { protocol: IPSET_PROTOCOL, setname: 'blocklist', data: { ...data, timeout: 30, comment: 'test' } }, w);
  });
  for (const form of [asEscapes, asDump]) {
    const text = `# send\n${form(getfamily)}\n# send\n${form(addMsg)}\n`;
    const [g, a] = decode(Buffer.from(text), { format: 'hex' });
    assert.equal(g!.protocol, 'generic');
    assert.equal(g!.command, 'CTRL_CMD_GETFAMILY');
    assert.deepEqual(g!.header, { len: getfamily.length, type: 0x10, typeName: 'nlctrl', flags: 5, flagNames: ['REQUEST', 'ACK'], seq: 42, pid: 0 });
    assert.deepEqual(g!.familyHeader, { kind: 'genl', cmd: 3, version: nlctrl.version });
    assert.deepEqual(g!.attrs, [{ type: 2, name: 'CTRL_ATTR_FAMILY_NAME', value: 'nl80211' }]);
    assert.equal(a!.protocol, 'netfilter');
    assert.equal(a!.family, 'ipset');
    assert.equal(a!.command, 'IPSET_CMD_ADD');
    assert.deepEqual(a!.familyHeader, { kind: 'nfgen', family: 2, familyName: 'ipv4', version: 0, resId: 0 });
    assert.deepEqual(values([a!], 'IPSET_ATTR_SETNAME'), ['blocklist']);
    assert.deepEqual(values([a!], 'IPSET_ATTR_IPADDR_IPV4'), ['192.0.2.0']);
    assert.deepEqual(values([a!], 'IPSET_ATTR_CIDR'), [24]);
    assert.deepEqual(values([a!], 'IPSET_ATTR_TIMEOUT'), [30]);
    assert.deepEqual(values([a!], 'IPSET_ATTR_COMMENT'), ['test']);
    assert.equal(a!.decodeError, undefined);
  }
});

// ---- errors and control messages ----

function errorMessage(code: number, request: Uint8Array, ext?: { msg?: string; offs?: number }): Uint8Array {
  const flags = ext ? NLM_F.CAPPED | NLM_F.ACK_TLVS : NLM_F.CAPPED;
  return encodeMessage({ type: NLMSG_ERROR, flags, seq: 7, pid: 99 }, (w) => {
    w.s32(code);
    w.bytes(request.subarray(0, 16));
    if (ext) {
      const at = w.begin(1); w.bytes(Buffer.from(ext.msg + '\0')); w.end(at);
      const o = w.begin(2); w.u32(ext.offs ?? 0); w.end(o);
    }
  });
}

test('NLMSG_ERROR: errno by name, the ext-ack message and offset, the request it answers; ipset codes by ipset name', () => {
  const req = encodeMessage({ type: GENL_ID_CTRL, flags: NLM_F.REQUEST | NLM_F.ACK, seq: 7, pid: 0 }, (w) =>
    writeGenl(w, CTRL_CMD.GETFAMILY, 1, nlctrl.attrs, { family_name: 'nope' }));
  const [m] = decode(errorMessage(-2, req, { msg: 'Unknown family', offs: 20 }), { format: 'raw', protocol: 'generic' });
  assert.equal(m!.command, 'NLMSG_ERROR');
  assert.deepEqual(m!.header!.flagNames, ['CAPPED', 'ACK_TLVS']);
  assert.equal(m!.error!.code, -2);
  assert.equal(m!.error!.errno, 2);
  assert.equal(m!.error!.name, 'ENOENT');
  assert.equal(m!.error!.text, 'No such file or directory');
  assert.equal(m!.error!.message, 'Unknown family');
  assert.equal(m!.error!.offset, 20);
  assert.equal(m!.error!.request!.header.typeName, 'nlctrl');
  assert.deepEqual(m!.error!.request!.header.flagNames, ['REQUEST', 'ACK']);
  assert.match(formatMessage(m!), /error: -2 ENOENT \(No such file or directory\) "Unknown family" at request offset 20/);

  const ipreq = encodeMessage({ type: nfMsgType(IPSET_SUBSYS, IPSET_CMD.ADD), flags: NLM_F.REQUEST | NLM_F.ACK, seq: 7, pid: 0 }, (w) => writeNfgen(w, 2));
  const [e] = decode(errorMessage(-4103, ipreq), { format: 'raw', protocol: 'netfilter' });
  assert.equal(e!.error!.name, 'IPSET_ERR_EXIST');
  assert.equal(e!.error!.text, "Element cannot be added to the set: it's already added");
  assert.equal(e!.error!.request!.command, 'IPSET_CMD_ADD');
  // An ACK alone is placed by the request it echoes.
  const [ack] = decode(errorMessage(0, ipreq), { format: 'raw' });
  assert.equal(ack!.protocol, 'netfilter');
  assert.equal(ack!.error!.name, 'ACK');
});

test('unknown attributes are kept as type + hex; NLA_F_NESTED ones are opened', () => {
  const msg = encodeMessage({ type: GENL_ID_CTRL, flags: 0, seq: 1, pid: 0 }, (w) => {
    w.u8(CTRL_CMD.NEWFAMILY); w.u8(2); w.u16(0);
    const a = w.begin(99); w.u32(0x01020304); w.end(a);
    const n = w.beginNested(100); const c = w.begin(1); w.u16(7); w.end(c); w.end(n);
  });
  const [m] = decode(msg, { format: 'raw', protocol: 'generic' });
  assert.deepEqual(m!.attrs, [
    { type: 99, hex: '04030201' },
    { type: 100, hex: '0600010007000000', nested: true, attrs: [{ type: 1, hex: '0700' }] },
  ]);
  assert.match(formatMessage(m!), /attr 99 \(unknown\): 04030201/);
});

// ---- protocol guessing ----

test('protocol guess: ipset types -> netfilter, nlctrl -> generic, RTM_GETLINK with ifinfomsg -> route; --protocol wins', () => {
  const ipset = encodeMessage({ type: nfMsgType(IPSET_SUBSYS, IPSET_CMD.PROTOCOL), flags: NLM_F.REQUEST, seq: 1, pid: 0 }, (w) => {
    writeNfgen(w, 2);
    encodeAttrsInto(ipsetAttrsFor(IPSET_CMD.PROTOCOL), { protocol: 7 }, w);
  });
  assert.equal(decode(ipset, { format: 'raw' })[0]!.protocol, 'netfilter');
  const ctrl = encodeMessage({ type: GENL_ID_CTRL, flags: NLM_F.REQUEST | NLM_F.DUMP, seq: 1, pid: 0 }, (w) =>
    writeGenl(w, CTRL_CMD.GETFAMILY, 1, nlctrl.attrs, {}));
  const g = decode(ctrl, { format: 'raw' })[0]!;
  assert.equal(g.protocol, 'generic');
  assert.deepEqual(g.header!.flagNames, ['REQUEST', 'DUMP']);
  const link = encodeMessage({ type: 18, flags: NLM_F.REQUEST | NLM_F.DUMP, seq: 1, pid: 0 }, (w) => {
    w.u8(0); w.u8(0); w.u16(0); w.s32(0); w.u32(0); w.u32(0);
    const a = w.begin(29); w.u32(1); w.end(a);
  });
  const r = decode(link, { format: 'raw' })[0]!;
  assert.equal(r.protocol, 'route');
  assert.equal(r.command, 'RTM_GETLINK');
  assert.deepEqual(r.attrs, [{ type: 29, name: 'IFLA_EXT_MASK', value: 1, bits: ['RTEXT_FILTER_VF'] }]);
  const forced = decode(link, { format: 'raw', protocol: 'generic' })[0]!;
  assert.equal(forced.protocol, 'generic');
  assert.equal(forced.protocolFrom, 'option');
  assert.throws(() => decode(link, { protocol: 'bogus' }), /unknown netlink protocol 'bogus'/);
});

// ---- robustness ----

test('a bad message is reported with its offset and decoding moves on to the next record', () => {
  const good = encodeMessage({ type: GENL_ID_CTRL, flags: NLM_F.REQUEST, seq: 1, pid: 0 }, (w) =>
    writeGenl(w, CTRL_CMD.GETFAMILY, 1, nlctrl.attrs, { family_name: 'nl80211' }));
  const bad = Buffer.from(good);
  bad.writeUInt16LE(200, 20); // the attribute's length runs past the message
  const cut = good.subarray(0, 24); // nlmsg_len says 32, 24 bytes there
  const text = ['# a', asEscapes(bad), '# b', asEscapes(cut), '# c', asEscapes(Buffer.concat([good, Buffer.from([1, 2, 3, 4, 5])])), '# d', asEscapes(good)].join('\n');
  const ms = decode(Buffer.from(text), { format: 'hex', protocol: 'generic' });
  assert.equal(ms[0]!.decodeError!.offset, 20);
  assert.match(ms[0]!.decodeError!.message, /runs past its container/);
  assert.equal(ms[0]!.command, 'CTRL_CMD_GETFAMILY');
  assert.equal(ms[1]!.decodeError!.offset, 0);
  assert.match(ms[1]!.decodeError!.message, /runs past the end of the record/);
  assert.equal(ms[2]!.decodeError, undefined);
  assert.match(ms[3]!.decodeError!.message, /trailing bytes/);
  assert.equal(ms[3]!.decodeError!.offset, good.length);
  assert.equal(ms[4]!.decodeError, undefined);
  assert.deepEqual(ms[4]!.attrs, [{ type: 2, name: 'CTRL_ATTR_FAMILY_NAME', value: 'nl80211' }]);
  // A length shorter than the header ends the record's framing.
  const tiny = Buffer.from(good); tiny.writeUInt32LE(8, 0);
  const [t] = decode(tiny, { format: 'raw' });
  assert.match(t!.decodeError!.message, /shorter than the netlink header/);
});

test('an array of nested elements: a broken element keeps what it read, is reported at its offset, and the next ones decode', () => {
  const attr = (type: number, payload: number[]): number[] => {
    const out = [4 + payload.length, 0, type & 0xff, type >> 8, ...payload];
    while (out.length % 4) out.push(0);
    return out;
  };
  const u32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
  const op = (id: number, flags: number) => [...attr(1, u32(id)), ...attr(2, u32(flags))];
  const ops = [...attr(1, op(3, 0x0e)), ...attr(2, op(5, 0x02)), ...attr(3, op(7, 0x0c))];
  const payload = [CTRL_CMD.NEWFAMILY, 2, 0, 0, ...attr(2, [...Buffer.from('fam'), 0]), ...attr(0x8006, ops)];
  const msg = Buffer.from([0, 0, 0, 0, GENL_ID_CTRL, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, ...payload]);
  msg.writeUInt32LE(msg.length, 0);
  // The second element's CTRL_ATTR_OP_FLAGS: header at 16 (nlmsghdr) + 4 (genlmsghdr) + 8 (name) + 4 (OPS header) + 20 (first element) + 4 + 8.
  const at = 16 + 4 + 8 + 4 + 20 + 4 + 8;
  assert.equal(msg.readUInt16LE(at + 2), 2);
  const clean = decode(msg, { format: 'raw', protocol: 'generic' })[0]!;
  assert.equal(clean.decodeError, undefined);
  const items = (m: DecodedMessage) => m.attrs![1]!.attrs!.map((i) => [i.type, i.item, i.attrs!.map((a) => [a.name, a.value, a.bits])]);
  const op3 = [1, true, [['CTRL_ATTR_OP_ID', 3, undefined], ['CTRL_ATTR_OP_FLAGS', 14, ['GENL_CMD_CAP_DO', 'GENL_CMD_CAP_DUMP', 'GENL_CMD_CAP_HASPOL']]]];
  const op7 = [3, true, [['CTRL_ATTR_OP_ID', 7, undefined], ['CTRL_ATTR_OP_FLAGS', 12, ['GENL_CMD_CAP_DUMP', 'GENL_CMD_CAP_HASPOL']]]];
  assert.deepEqual(items(clean), [op3, [2, true, [['CTRL_ATTR_OP_ID', 5, undefined], ['CTRL_ATTR_OP_FLAGS', 2, ['GENL_CMD_CAP_DO']]]], op7]);
  const bad = Buffer.from(msg);
  bad.writeUInt16LE(12, at);
  const m = decode(bad, { format: 'raw', protocol: 'generic' })[0]!;
  assert.deepEqual(m.decodeError, { message: 'attribute type 2 of length 12 runs past its container (8 bytes left)', offset: at });
  assert.deepEqual(items(m), [op3, [2, true, [['CTRL_ATTR_OP_ID', 5, undefined]]], op7]);
});

function mutate(base: Uint8Array, edits: { at: number; kind: number; value: number }[], cutAt: number | null): Uint8Array {
  const b = Buffer.from(base);
  for (const e of edits) {
    const at = e.at % Math.max(1, b.length);
    if (e.kind === 0) b[at] = b[at]! ^ (1 << (e.value & 7));              // bit flip
    else if (e.kind === 1) b[at] = e.value & 0xff;                       // byte
    else if (e.kind === 2 && at + 2 <= b.length) b.writeUInt16LE(e.value & 0xffff, at); // a length field
    else if (at + 4 <= b.length) b.writeUInt32LE(e.value >>> 0, at);
  }
  return cutAt === null ? b : b.subarray(0, cutAt % (b.length + 1));
}

const noInternal = (ms: DecodedMessage[]) => {
  for (const m of ms) assert.doesNotMatch(m.decodeError?.message ?? '', /internal decoder error/);
};

test('property: decode() of random bytes never throws, ends, and every message renders', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom('raw', 'hex', 'strace', 'pcap', undefined), fc.constantFrom('route', 'generic', 'netfilter', undefined), (bytes, format, protocol) => {
      const ms = decode(bytes, { format, protocol });
      noInternal(ms);
      for (const m of ms) { formatMessage(m); formatMessageJson(m); }
    }),
    { numRuns: 400 },
  );
});

test('property: mutated real captures (bit flips, bytes, length fields, truncation) never make decode() throw', () => {
  const pcap = read(CAPTURES, 'nlmon_iw_ipset.pcap');
  const hexCap = read(CAPTURES, 'ipset_strace_hex.txt');
  const edits = fc.array(fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 3 }), value: fc.nat() }), { maxLength: 8 });
  fc.assert(
    fc.property(fc.constantFrom(pcap, hexCap), edits, fc.option(fc.nat(), { nil: null }), (base, ed, cut) => {
      const ms = decode(mutate(base, ed, cut));
      noInternal(ms);
      for (const m of ms) formatMessage(m);
    }),
    { numRuns: 150 },
  );
});

test('property: mutated netlink datagrams from the captures decode message by message without throwing', async () => {
  const { readCapture } = await import('../../src/decode/inputs/index.js');
  const datagrams: Uint8Array[] = [];
  for (const f of ['nlmon_iw_ipset.pcap', 'iw_strace_hex.txt', 'ipset_strace_hex.txt', 'genl_rtnl_strace.txt']) {
    for (const r of readCapture(read(CAPTURES, f))) if (r.bytes.length) datagrams.push(r.bytes);
  }
  assert.ok(datagrams.length > 50);
  const edits = fc.array(fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 3 }), value: fc.nat() }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(fc.constantFrom(...datagrams), edits, fc.option(fc.nat(), { nil: null }), fc.constantFrom('route', 'generic', 'netfilter', undefined), (base, ed, cut, protocol) => {
      const ms = decode(mutate(base, ed, cut), { format: 'raw', protocol, families: { nl80211: 0x20 } });
      noInternal(ms);
      for (const m of ms) { formatMessage(m); formatMessageJson(m); }
    }),
    { numRuns: 1500 },
  );
});

// ---- streaming and the CLI ----

async function* chunked(b: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < b.length; at += size) yield b.subarray(at, at + size);
}

test('decodeStream gives the same messages as decode(), whatever the chunk size', async () => {
  for (const f of ['nlmon_iw_ipset.pcap', 'iw_strace_hex.txt', 'ipset_strace.txt']) {
    const bytes = read(CAPTURES, f);
    const whole = decode(bytes).map(formatMessageJson);
    for (const size of [7, 4096]) {
      const streamed: string[] = [];
      for await (const m of decodeStream(chunked(bytes, size))) streamed.push(formatMessageJson(m));
      assert.deepEqual(streamed, whole, `${f} in chunks of ${size}`);
    }
  }
});

function sink(): { stream: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, cb) { parts.push(Buffer.from(chunk)); cb(); } });
  return { stream, text: () => Buffer.concat(parts).toString() };
}

test('CLI: nlkit decode FILE (text), --json from stdin, --family, bad options', async () => {
  const out = sink();
  const err = sink();
  const stdin = new PassThrough();
  const io = { stdout: out.stream, stderr: err.stream, stdin };
  assert.equal(await decodeCli([path.join(CAPTURES, 'nlmon_iw_ipset.pcap')], io), 0);
  assert.match(out.text(), /#3 send generic nl80211 NL80211_CMD_GET_INTERFACE/);
  assert.match(out.text(), /IPSET_ATTR_COMMENT "docs net"/);

  const out2 = sink();
  stdin.end(read(PEERS, 'iw_info_rsp.data'));
  assert.equal(await decodeCli(['--json', '--family', 'nl80211=0x1b', '-'], { ...io, stdout: out2.stream }), 0);
  const lines = out2.text().trim().split('\n').map((l) => JSON.parse(l) as DecodedMessage);
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.command, 'NL80211_CMD_NEW_INTERFACE');

  const err2 = sink();
  assert.equal(await decodeCli(['--family', 'nl80211'], { ...io, stderr: err2.stream }), 1);
  assert.match(err2.text(), /--family expects NAME=ID/);
  assert.equal(await decodeCli(['--format', 'xml', 'x'], { ...io, stderr: err2.stream }), 1);
  assert.equal(await decodeCli(['/nonexistent/file'], { ...io, stderr: err2.stream }), 1);
  assert.equal(await decodeCli(['--protocol', 'bogus', path.join(CAPTURES, 'ipset_strace.txt')], { ...io, stderr: err2.stream }), 1);
  assert.match(err2.text(), /unknown netlink protocol 'bogus'/);
});

test('the bundled capture for the tour is the nlmon pcap', () => {
  const bundled = path.join(dataDir(), '..', '..', 'captures', 'nlmon_iw_ipset.pcap');
  assert.deepEqual(fs.readFileSync(bundled), read(CAPTURES, 'nlmon_iw_ipset.pcap'));
});

test('property: integers read by the decoder equal the codec\'s (decodeAttrsAt) for every width and payload length', async () => {
  const { attrSet } = await import('../../src/netlink/schema.js');
  const { decodeAttrsAt } = await import('../../src/netlink/attrs.js');
  const { decodeAttrList, Problems } = await import('../../src/decode/attrs.js');
  const kinds = ['u8', 's8', 'u16', 's16', 'be16', 'u32', 's32', 'be32'] as const;
  const set = attrSet('t', 'T_', Object.fromEntries(kinds.map((k, i) => [i + 1, [k, k]])));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: kinds.length }), fc.uint8Array({ maxLength: 9 }), (type, payload) => {
      const w = new Writer(32);
      const at = w.begin(type); w.bytes(payload); w.end(at);
      const buf = w.take();
      let expected: unknown; let failed = false;
      try { expected = decodeAttrsAt(set, buf, 0, buf.length)[kinds[type - 1]!]; } catch { failed = true; }
      const problems = new Problems(0);
      const [a] = decodeAttrList(set, buf, 0, buf.length, problems);
      if (failed) assert.ok(a!.error && problems.first);
      else assert.equal(a!.value, expected);
    }),
    { numRuns: 2000 },
  );
});
