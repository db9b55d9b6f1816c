// The decoder on recorded iproute2 traffic (test/data/captures/iproute2_*: links of several
// kinds, addresses, rules, next hops; with and without strace's hex dumps), and the decode
// tool's output and input details: JSON bytes, flag names, band names, comments in hex,
// input that is not netlink, the summary line, --emit ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import { decodeCli } from '../../src/cli/decode.js';
import { decode } from '../../src/decode/decode.js';
import { formatMessageJson } from '../../src/decode/format-json.js';
import { formatMessage } from '../../src/decode/format-text.js';
import { readCapture } from '../../src/decode/inputs/index.js';
import { CONSTANTS } from '../../src/decode/inputs/strace-names.js';
import type { DecodedAttr, DecodedMessage } from '../../src/decode/types.js';
import { encodeMessage } from '../../src/netlink/message.js';
import { NLM_F } from '../../src/netlink/constants.js';
import { decodeStats, findAttr as find } from '../helpers/decode-stats.js';
import { dataDir } from '../helpers/netns.js';

const CAPTURES = path.join(dataDir(), 'captures');
const read = (f: string): Buffer => fs.readFileSync(path.join(CAPTURES, f));

function sink(): { stream: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, cb) { parts.push(Buffer.from(chunk)); cb(); } });
  return { stream, text: () => Buffer.concat(parts).toString() };
}

async function cli(argv: string[], stdin?: Uint8Array): Promise<{ status: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const input = new PassThrough();
  input.end(stdin ?? Buffer.alloc(0));
  const status = await decodeCli(argv, { stdout: out.stream, stderr: err.stream, stdin: input });
  return { status, out: out.text(), err: err.text() };
}

test('iproute2 with hex dumps: every message decodes, every attribute is named, structs and per-kind nests are typed', () => {
  const ms = decode(read('iproute2_strace_hex.txt'));
  const s = decodeStats(ms);
  assert.ok(s.messages > 20, `${s.messages} messages`);
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.unnamed, []);
  assert.equal(s.approximate, 0);
  const links = ms.filter((m) => m.command === 'RTM_NEWLINK');
  const stats = find(links[0]!.attrs, 'IFLA_STATS64')!.value as Record<string, number>;
  assert.equal(typeof stats.rx_packets, 'number');
  assert.equal(typeof (find(links[0]!.attrs, 'IFLA_MAP')!.value as Record<string, number>).irq, 'number');
  assert.ok(links.some((m) => find(m.attrs, 'IFLA_VXLAN_ID')?.value === 42));
  assert.ok(links.some((m) => find(m.attrs, 'IFLA_VXLAN_PORT')?.value === 4789));
  assert.ok(links.some((m) => find(m.attrs, 'IFLA_BR_STP_STATE') !== undefined));
  assert.ok(links.some((m) => find(m.attrs, 'IFLA_BRPORT_STATE')?.enum === 'BR_STATE_FORWARDING'));
  const inet = find(links[0]!.attrs, 'IFLA_INET_CONF')!.value as Record<string, number>;
  assert.equal(typeof inet.forwarding, 'number');
  assert.equal(typeof inet.rp_filter, 'number');
  assert.equal(typeof (find(links[0]!.attrs, 'IFLA_INET6_CONF')!.value as Record<string, number>).disable_ipv6, 'number');
  // The newest kernel attributes (6.18), from upstream's if_link.h.
  assert.ok(links.some((m) => find(m.attrs, 'IFLA_NETNS_IMMUTABLE') !== undefined && find(m.attrs, 'IFLA_HEADROOM') !== undefined));
  // ip pads its RTM_GETADDR request with zeros: accepted as the kernel accepts it.
  const getaddr = ms.find((m) => m.command === 'RTM_GETADDR')!;
  assert.equal(getaddr.decodeError, undefined);
  const addr = ms.find((m) => m.command === 'RTM_NEWADDR' && (m.familyHeader as Record<string, unknown> | undefined)?.family === 10)!;
  assert.ok(Array.isArray((addr.familyHeader as Record<string, unknown>).flagNames), 'family header bits as an array, named like nlmsghdr');
  assert.ok(find(addr.attrs, 'IFA_CACHEINFO')!.value !== undefined);
  assert.ok(ms.some((m) => m.command === 'RTM_NEWNEXTHOP' && find(m.attrs, 'NHA_ID')?.value === 7));
  assert.ok(ms.some((m) => m.command === 'RTM_NEWRULE' && find(m.attrs, 'FRA_TABLE')?.value === 100));
});

test('iproute2 without hex dumps: what strace printed symbolically is marked approximate; the CLI says so and exits 3', async () => {
  const ms = decode(read('iproute2_strace.txt'));
  const s = decodeStats(ms);
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.unnamed, [], 'names strace prints are found in the schemas');
  const link = ms.find((m) => m.command === 'RTM_NEWLINK' && m.approximate)!;
  assert.ok(link.approximate!.some((n) => /if_nametoindex/.test(n)), link.approximate!.join('; '));
  assert.equal(find(link.attrs, 'IFLA_MTU')!.approximate, undefined, 'a number strace printed is exact');
  // Structs strace prints member by member are rebuilt with the schema's layout, and arrays of
  // numbers by the room they fill: exact.
  assert.equal(find(link.attrs, 'IFLA_STATS64')!.approximate, undefined);
  assert.equal(find(link.attrs, 'IFLA_STATS')!.approximate, undefined);
  assert.equal(find(link.attrs, 'IFLA_INET6_STATS')!.approximate, undefined);
  assert.equal(typeof (find(link.attrs, 'IFLA_STATS64')!.value as Record<string, number>).rx_packets, 'number');
  // A bridge id's prio is printed as an array of two bytes inside the struct: not rebuilt, so marked.
  const bridge = ms.find((m) => find(m.attrs, 'IFLA_BR_BRIDGE_ID')?.approximate)!;
  assert.ok(bridge, 'IFLA_BR_BRIDGE_ID is marked approximate');
  assert.match(formatMessage(bridge), /^ +~IFLA_BR_BRIDGE_ID /m);
  assert.match(formatMessageJson(bridge), /"approximate":true/);
  const r = await cli([path.join(CAPTURES, 'iproute2_strace.txt')]);
  assert.equal(r.status, 3);
  assert.match(r.err, /messages?, \d+ with approximate values .*-e read=all -e write=all or use --exec/);
  const help = await cli(['--help']);
  assert.match(help.out, /strace -f -xx -s 65536 -e trace=network -e read=all -e write=all/);
});

test('never silently wrong: a record rebuilt from the structures strace prints either equals the hex dump or is marked approximate', () => {
  let exact = 0;
  let marked = 0;
  for (const f of ['iproute2_strace_hex.txt', 'ipset_strace_hex.txt', 'iw_strace_hex.txt', 'genl_rtnl_strace.txt']) {
    const buf = read(f);
    const dumps = [...readCapture(buf)];
    const rebuilt = [...readCapture(buf, { straceDumps: 'ignore' })];
    assert.equal(rebuilt.length, dumps.length, f);
    rebuilt.forEach((r, i) => {
      const want = Buffer.from(dumps[i]!.bytes);
      const got = Buffer.from(r.bytes);
      // iproute2 sends its requests from a zeroed buffer larger than the message: zeros after it are padding.
      const same = want.subarray(0, got.length).equals(got) && want.subarray(got.length).every((b) => b === 0);
      if (same) exact++;
      else {
        marked++;
        assert.ok(r.approximate?.length, `${f} ${r.source}: rebuilt bytes differ from the dump, unmarked`);
      }
    });
  }
  assert.ok(exact > 60 && marked > 5, `${exact} exact, ${marked} marked`);
});

test('JSON output: bytes are hex strings, Buffer values included', () => {
  for (const m of decode(read('iw_scan_strace.txt'))) assert.doesNotMatch(formatMessageJson(m), /"type":"Buffer"/);
});

test('NL80211_ATTR_WIPHY_BANDS: one child per band, named by enum nl80211_band', () => {
  const ms = decode(read('iw_strace.txt'));
  const bands = ms.map((m) => find(m.attrs, 'NL80211_ATTR_WIPHY_BANDS')).find((a) => a?.attrs?.length);
  assert.ok(bands);
  assert.deepEqual(bands.attrs!.map((a) => a.name), ['NL80211_BAND_2GHZ']);
  assert.ok(find(bands.attrs, 'NL80211_BAND_ATTR_HT_CAPA'));
});

test('flag names by request kind, also for generic netlink families without a schema', () => {
  const msg = encodeMessage({ type: 0x30, flags: NLM_F.REQUEST | NLM_F.ACK | NLM_F.EXCL | NLM_F.CREATE, seq: 1, pid: 0 }, Uint8Array.from([1, 1, 0, 0]));
  const [m] = decode(msg, { format: 'raw', protocol: 'generic' });
  assert.deepEqual(m!.header!.flagNames, ['REQUEST', 'ACK', 'EXCL', 'CREATE']);
  const dump = encodeMessage({ type: 0x30, flags: NLM_F.REQUEST | NLM_F.DUMP, seq: 1, pid: 0 }, Uint8Array.from([1, 1, 0, 0]));
  assert.deepEqual(decode(dump, { format: 'raw', protocol: 'generic' })[0]!.header!.flagNames, ['REQUEST', 'DUMP']);
});

test('input: colon hex with comments is detected; text that is not netlink and empty input exit 1; "1 message"', async () => {
  const ack = '14:00:00:00:03:00:02:00:01:00:00:00:00:00:00:00:00:00:00:00';
  for (const comment of ['# a done message', '// a done message', '; a done message']) {
    const [m] = decode(Buffer.from(`${comment}\n${ack}  ${comment}\n`));
    assert.equal(m!.command, 'NLMSG_DONE', comment);
  }
  const one = await cli(['-'], Buffer.from('12:00:00:00:02:00:00:00:01:00:00:00:00:00:00:00:ff:ff\n'));
  assert.equal(one.status, 2);
  assert.match(one.err, /^nlkit decode: 1 message, 1 with decode errors/);
  const text = await cli([path.join(CAPTURES, 'iproute2_output.txt')]);
  assert.equal(text.status, 1);
  assert.match(text.err, /not netlink traffic/);
  assert.equal(text.out, '');
  const empty = await cli(['-']);
  assert.equal(empty.status, 1);
  assert.match(empty.err, /no netlink messages/);
});

test('strace names come from the schemas', () => {
  assert.equal(CONSTANTS.get('IFLA_BR_HELLO_TIMER'), 16);
  assert.equal(CONSTANTS.get('IFLA_INET6_ADDR_GEN_MODE'), 8);
  assert.equal(CONSTANTS.get('NL80211_IFTYPE_MONITOR'), 6);
  assert.equal(CONSTANTS.get('IPSET_ATTR_HASHSIZE'), 18);
  assert.equal(CONSTANTS.get('RTM_GETNEXTHOP'), 106);
  assert.equal(CONSTANTS.get('NLM_F_DUMP'), 0x300);
});

test('--emit ts: one typed module call per request', async () => {
  const ipset = await cli(['--emit', 'ts', path.join(CAPTURES, 'ipset_strace_hex.txt')]);
  assert.equal(ipset.status, 0, ipset.err);
  assert.match(ipset.out, /^import \{ IPSet, NLM_F \} from 'nlkit';$/m);
  assert.match(ipset.out, /await ipset\.request\('CREATE', \{\n {2}setname: "test",\n {2}typename: "hash:ip",/);
  const iw = await cli(['--emit', 'ts', path.join(CAPTURES, 'iw_strace_hex.txt')]);
  assert.match(iw.out, /await iw\.request\('NEW_INTERFACE', \{\n {2}wiphy: 0,\n {2}ifname: "test",/);
  assert.match(iw.out, /await genl\.family\("nl80211"\);/);
  const route = await cli(['--emit', 'ts', path.join(CAPTURES, 'iproute2_strace_hex.txt')]);
  assert.match(route.out, /routeSocket\.dump\(\{ type: 18 \/\* RTM_GETLINK \*\/, flags: NLM_F\.REQUEST \| NLM_F\.DUMP, body: Buffer\.from\('/);
  assert.equal((await cli(['--emit', 'js', '-'])).status, 1);
});

test('--exec without a command is a usage error', async () => {
  const r = await cli(['--exec']);
  assert.equal(r.status, 1);
  assert.match(r.err, /--exec needs (a command|strace)/);
});

export type { DecodedMessage };
