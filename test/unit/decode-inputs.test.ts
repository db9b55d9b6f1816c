// Tests of the input layer of `nlkit decode` (src/decode/inputs) on the real captures in
// shared/captures and pyroute2's samples in shared/peers, plus synthetic forms and a
// deterministic fuzz test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CaptureFormatError, detectFormat, readCapture, readCaptureStream, readPeerSample, type CaptureRecord, type ReadCaptureOptions,
} from '../../src/decode/inputs/index.js';
import { prng as rng } from '../helpers/prng.js';

// ---------------------------------------------------------------------------------------
// Where the recorded data is: $NLKIT_SHARED (captures/ and peers/pyroute2-samples/), else the
// copy kept in the repository (test/data/captures, test/data/peers), else ../shared beside the
// repository. The repository is found by walking up to package.json from this file, which
// runs from dist/test/unit/.

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'nlkit') return dir;
      } catch {
        // not ours
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return process.cwd();
}

function dataDirs(): { captures: string; samples: string } {
  const root = repoRoot();
  const candidates = [
    ...(process.env.NLKIT_SHARED ? [{ captures: path.join(process.env.NLKIT_SHARED, 'captures'), samples: path.join(process.env.NLKIT_SHARED, 'peers', 'pyroute2-samples') }] : []),
    { captures: path.join(root, 'test', 'data', 'captures'), samples: path.join(root, 'test', 'data', 'peers') },
    { captures: path.resolve(root, '../shared/captures'), samples: path.resolve(root, '../shared/peers/pyroute2-samples') },
  ];
  return candidates.find((c) => fs.existsSync(path.join(c.captures, 'ipset_strace.txt')) && fs.existsSync(path.join(c.samples, 'ipset_01.data'))) ?? candidates[0];
}

const { captures: CAPTURES, samples: SAMPLES } = dataDirs();
const haveShared = fs.existsSync(path.join(CAPTURES, 'ipset_strace.txt'));
const skip = haveShared ? false : `recorded captures not found (looked in ${CAPTURES}; set NLKIT_SHARED)`;
const sampleFiles = (): string[] => fs.readdirSync(SAMPLES).filter((f) => /\.(data|dump)$/.test(f));

const STRACE_FILES = [
  'ipset_strace.txt', 'ipset_strace_hex.txt', 'genl_rtnl_strace.txt', 'iw_strace.txt', 'iw_strace_hex.txt',
  'iw_scan_strace.txt', 'iw_ap_sta_strace.txt', 'iw_scan_connected_hang_strace.txt',
];
const DUMP_FILES = ['ipset_strace_hex.txt', 'iw_strace_hex.txt', 'genl_rtnl_strace.txt'];

const capture = (name: string): Buffer => fs.readFileSync(path.join(CAPTURES, name));
const sample = (name: string): string => fs.readFileSync(path.join(SAMPLES, name), 'latin1');
const all = (b: Uint8Array, opts?: ReadCaptureOptions): CaptureRecord[] => [...readCapture(b, opts)];
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Lengths of the netlink messages in `b`, walking nlmsg_len; undefined if they do not tile it. */
function messageLengths(b: Uint8Array): number[] | undefined {
  const out: number[] = [];
  const v = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let off = 0;
  while (off < v.length) {
    if (off + 16 > v.length) return undefined;
    const len = v.readUInt32LE(off);
    if (len < 16 || off + len > v.length) return undefined;
    out.push(len);
    off += (len + 3) & ~3;
  }
  return off >= v.length && off - v.length < 4 ? out : undefined;
}

async function collect(it: AsyncIterable<CaptureRecord>): Promise<CaptureRecord[]> {
  const out: CaptureRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
}


async function* chunked(b: Uint8Array, rand: () => number, max = 4096): AsyncGenerator<Uint8Array> {
  let off = 0;
  while (off < b.length) {
    const n = 1 + Math.floor(rand() * max);
    yield b.subarray(off, off + n);
    off += n;
  }
}

const summary = (r: CaptureRecord): Record<string, unknown> => ({
  bytes: hex(r.bytes), source: r.source, direction: r.direction, protocol: r.protocol, pid: r.pid, fd: r.fd,
  truncated: r.truncated, error: r.error, time: r.time, label: r.label, peek: r.peek,
});

// ---------------------------------------------------------------------------------------
// Format detection.

test('detectFormat: captures, samples, magic numbers, binary', { skip }, () => {
  for (const f of STRACE_FILES) assert.equal(detectFormat(capture(f)), 'strace', f);
  assert.equal(detectFormat(capture('nlmon_iw_ipset.pcap')), 'pcap');
  for (const f of sampleFiles()) assert.equal(detectFormat(text(sample(f))), 'hex', f);
  for (const magic of ['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1', '0a0d0d0a']) {
    assert.equal(detectFormat(Buffer.from(magic + '00000000', 'hex')), 'pcap', magic);
  }
  assert.equal(detectFormat(Buffer.from([0x1c, 0, 0, 0, 0x10, 0, 5, 0])), 'raw');
  assert.equal(detectFormat(new Uint8Array(0)), 'raw');
  assert.equal(detectFormat(text('hello world, nothing here\n')), 'raw');
  assert.equal(detectFormat(text('# comment\n1c 00 00 00 10 00\n')), 'hex');
  assert.equal(detectFormat(text('[pid  12] sendto(3, "\\x14\\x00", 2, 0, NULL, 0) = 2\n')), 'strace');
});

// ---------------------------------------------------------------------------------------
// strace captures.

/** The strace lines that carry netlink data: sendto/sendmsg/recvmsg/recvfrom with a buffer. */
function dataLines(content: string): Array<{ line: number; fd: number; firstLen?: number; moved: number }> {
  const out: Array<{ line: number; fd: number; firstLen?: number; moved: number }> = [];
  content.split('\n').forEach((l, i) => {
    const m = /^(?:[\d:.]+ )?(sendto|sendmsg|recvmsg|recvfrom)\((\d+), (.*)\) = (-?\d+)/.exec(l);
    if (!m) return;
    if (/iov_base=NULL/.test(l)) return; // MSG_PEEK|MSG_TRUNC size probes: no data
    const first = /nlmsg_len=(\d+)/.exec(m[3]);
    out.push({ line: i + 1, fd: Number(m[2]), moved: Number(m[4]), ...(first ? { firstLen: Number(first[1]) } : {}) });
  });
  return out;
}

test('strace captures: every netlink sendto/sendmsg/recvmsg/recvfrom line yields an exact record', { skip }, () => {
  for (const f of STRACE_FILES) {
    const content = capture(f).toString('latin1');
    const records = all(text(content), { format: 'strace' });
    const lines = dataLines(content);
    assert.ok(lines.length > 0, f);
    assert.equal(records.length, lines.length, `${f}: one record per data line`);
    for (let i = 0; i < lines.length; i++) {
      const r = records[i];
      const l = lines[i];
      const where = `${f} line ${l.line}`;
      assert.equal(r.source, `line ${l.line}`, where);
      assert.equal(r.error, undefined, where);
      assert.equal(r.truncated, undefined, `${where}: ${r.warning ?? ''}`);
      assert.equal(r.bytes.length, l.moved, `${where}: length given by the call`);
      const lens = messageLengths(r.bytes);
      assert.ok(lens, `${where}: messages tile the buffer`);
      if (l.firstLen !== undefined) assert.equal(lens[0], l.firstLen, `${where}: first nlmsg_len`);
      assert.equal(r.direction, /^(?:[\d:.]+ )?send/.test(content.split('\n')[l.line - 1]) ? 'send' : 'recv', where);
      assert.equal(r.fd, l.fd, where);
    }
  }
});

test('strace: bytes rebuilt from the decoded form equal the -e write=/read= hex dumps', { skip }, () => {
  let compared = 0;
  for (const f of DUMP_FILES) {
    const b = capture(f);
    const fromDump = all(b);
    const rebuilt = all(b, { straceDumps: 'ignore' });
    assert.equal(fromDump.length, rebuilt.length, f);
    for (let i = 0; i < fromDump.length; i++) {
      assert.equal(rebuilt[i].truncated, undefined, `${f} ${rebuilt[i].source}: ${rebuilt[i].warning ?? ''}`);
      assert.equal(hex(rebuilt[i].bytes), hex(fromDump[i].bytes), `${f} ${rebuilt[i].source}`);
      compared++;
    }
  }
  assert.ok(compared >= 60, `compared ${compared} buffers`);
});

test('strace: a dump line holds the exact bytes, given by fixed columns', () => {
  const t = [
    'sendto(3, [{nlmsg_len=20, nlmsg_type=NLMSG_DONE, nlmsg_flags=0, nlmsg_seq=1, nlmsg_pid=0}, 0], 20, 0, NULL, 0) = 20',
    // ASCII column with '|' and hex-looking text must not be read as bytes
    ' | 00000  14 00 00 00 03 00 00 00  01 00 00 00 00 00 00 00  ab cd |||| ef 12 |',
    ' | 00010  7c 20 61 62                                       | ab             |',
  ].join('\n');
  const [r] = all(text(t));
  assert.equal(hex(r.bytes), '14000000030000000100000000000000' + '7c206162');
  const [rebuilt] = all(text(t), { straceDumps: 'ignore' });
  assert.equal(hex(rebuilt.bytes), '1400000003000000010000000000000000000000');
});

test('strace: protocols from socket() per (pid, fd), fd reuse, and from printed type names', { skip }, () => {
  const ipset = all(capture('ipset_strace.txt'));
  assert.ok(ipset.every((r) => r.protocol === 12));
  const iw = all(capture('iw_strace.txt'));
  assert.ok(iw.every((r) => r.protocol === 16));
  // no socket() lines in the -e trace=sendto,recvmsg captures: names tell the protocol
  assert.ok(all(capture('ipset_strace_hex.txt')).every((r) => r.protocol === 12));
  assert.ok(all(capture('iw_strace_hex.txt')).every((r) => r.protocol === 16));
  // genl_rtnl: generic netlink for `genl` and `iw`, then route for `ip`, on the same fd 3
  const content = capture('genl_rtnl_strace.txt').toString('latin1').split('\n');
  for (const r of all(capture('genl_rtnl_strace.txt'))) {
    const n = Number(/^line (\d+)/.exec(r.source)?.[1]);
    let header = '';
    for (let i = n - 1; i >= 0; i--) if (content[i].startsWith('===== $')) { header = content[i]; break; }
    assert.equal(r.protocol, header.includes('$ ip ') ? 0 : 16, `${r.source} (${header})`);
  }
});

test('strace: generic netlink family ids are learned from CTRL_CMD_NEWFAMILY replies', { skip }, () => {
  const content = capture('iw_strace.txt').toString('latin1').split('\n');
  const records = all(capture('iw_strace.txt'), { straceDumps: 'ignore' });
  // the nlctrl reply: CTRL_ATTR_FAMILY_ID (u16) follows the family name
  const reply = records.find((r) => r.direction === 'recv' && Buffer.from(r.bytes).readUInt16LE(4) === 0x10)!;
  const b = Buffer.from(reply.bytes);
  const id = b.readUInt16LE(b.indexOf(Buffer.from('06000100', 'hex')) + 4);
  let checked = 0;
  for (const r of records) {
    const n = Number(/^line (\d+)/.exec(r.source)?.[1]);
    const m = /nlmsg_len=\d+, nlmsg_type=(\w+)/.exec(content[n - 1]);
    if (m?.[1] !== 'nl80211') continue;
    assert.equal(Buffer.from(r.bytes).readUInt16LE(4), id, r.source);
    checked++;
  }
  assert.ok(checked > 10);
});

test('strace: nfnetlink structures, capped and full NLMSG_ERROR, NLMSG_DONE', { skip }, () => {
  const records = all(capture('ipset_strace.txt'));
  // sendto(3, [{nlmsg_len=28, nlmsg_type=NFNL_SUBSYS_IPSET<<8|IPSET_CMD_PROTOCOL, nlmsg_flags=NLM_F_REQUEST,
  //   nlmsg_seq=1795955845, nlmsg_pid=0}, {nfgen_family=AF_INET, version=NFNETLINK_V0, res_id=htons(0)},
  //   [{nla_len=5, nla_type=0x1}, "\x07"]], 28, ...)
  assert.equal(hex(records[0].bytes), '1c000000' + '0106' + '0100' + '851c0c6b' + '00000000' + '02000000' + '05000100' + '07000000');
  const capped = records.find((r) => r.bytes.length === 36 && Buffer.from(r.bytes).readUInt16LE(4) === 2)!;
  const c = Buffer.from(capped.bytes);
  assert.equal(c.readInt32LE(16), 0);
  assert.equal(c.readUInt32LE(20), 88); // the echoed request's own length, header only
  assert.equal(c.readUInt16LE(24), 0x602);
  const failed = records.find((r) => r.bytes.length > 36 && Buffer.from(r.bytes).readUInt16LE(4) === 2)!;
  assert.equal(Buffer.from(failed.bytes).readInt32LE(16), -4103);
  const done = records.filter((r) => messageLengths(r.bytes)?.length && Buffer.from(r.bytes).readUInt16LE(4) === 3);
  assert.ok(done.length > 0);
  for (const r of done) assert.equal(hex(r.bytes.subarray(16, 20)), '00000000');
});

test('strace: -f pids, leading pid column, time stamps, <unfinished ...>/<... resumed>, -X raw', () => {
  const t = [
    '100   1700000000.000001 socket(0x10, 0x3|0x80000, 0 <unfinished ...>',
    '101   1700000000.000002 socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER) = 3',
    '100   1700000000.000003 <... socket resumed>) = 3',
    '100   1700000000.000004 sendto(3, [{nlmsg_len=20, nlmsg_type=0x12, nlmsg_flags=0x301, nlmsg_seq=7, nlmsg_pid=0}, {rtgen_family=0}], 20, 0, NULL, 0) = 20',
    '100   1700000000.000005 recvmsg(3,  <unfinished ...>',
    '101   1700000000.000006 sendto(3, "\\x14\\x00\\x00\\x00\\x01\\x06\\x01\\x00\\x09\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x00\\x00", 20, 0, NULL, 0) = 20',
    '100   1700000000.000007 <... recvmsg resumed>{msg_name={sa_family=0x10, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base=[{nlmsg_len=20, nlmsg_type=0x3, nlmsg_flags=0x2, nlmsg_seq=7, nlmsg_pid=100}, 0], iov_len=32768}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 20',
    '100   1700000000.000008 +++ exited with 0 +++',
    '[pid   102] 13:00:00.000001 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_GENERIC) = 5',
    '[pid   102] 13:00:00.000002 sendmsg(5, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base=[{nlmsg_len=24, nlmsg_type=nlctrl, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK, nlmsg_seq=1, nlmsg_pid=0}, "\\x03\\x01\\x00\\x00\\x06\\x00\\x00\\x00"], iov_len=24}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 24',
  ].join('\n');
  const rs = all(text(t));
  assert.deepEqual(rs.map((r) => [r.source, r.pid, r.fd, r.direction, r.protocol, r.time]), [
    ['line 4', 100, 3, 'send', 0, '1700000000.000004'],
    ['line 6', 101, 3, 'send', 12, '1700000000.000006'],
    ['line 5 (resumed at line 7)', 100, 3, 'recv', 0, '1700000000.000005'],
    ['line 10', 102, 5, 'send', 16, '13:00:00.000002'],
  ]);
  assert.equal(hex(rs[0].bytes), '14000000120001030700000000000000' + '00000000');
  assert.equal(hex(rs[1].bytes), '14000000' + '0106' + '0100' + '09000000' + '00000000' + '02000000');
  assert.equal(hex(rs[2].bytes), '14000000030002000700000064000000' + '00000000');
  assert.equal(hex(rs[3].bytes), '18000000100005000100000000000000' + '0301000006000000');
  assert.ok(rs.every((r) => !r.truncated && !r.error));
});

test('strace: route structures, attributes, designated arrays, addresses, learned interface names', () => {
  const t = [
    'socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 4',
    // a link dump reply teaches lo -> 1
    'recvmsg(4, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base=[{nlmsg_len=48, nlmsg_type=RTM_NEWLINK, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=9, nlmsg_pid=77}, {ifi_family=AF_UNSPEC, ifi_type=ARPHRD_LOOPBACK, ifi_index=if_nametoindex("lo"), ifi_flags=IFF_UP|IFF_LOOPBACK|IFF_RUNNING|IFF_LOWER_UP, ifi_change=0}, [[{nla_len=7, nla_type=IFLA_IFNAME}, "\\x6c\\x6f\\x00"...], [{nla_len=8, nla_type=IFLA_MTU}, 65536]]], iov_len=32768}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 48',
    ' * 48 bytes in buffer 0',
    ' | 00000  30 00 00 00 10 00 02 00  09 00 00 00 4d 00 00 00  0...........M... |',
    ' | 00010  00 00 04 03 01 00 00 00  49 00 01 00 00 00 00 00  ........I....... |',
    ' | 00020  07 00 03 00 6c 6f 00 00  08 00 04 00 00 00 01 00  ....lo.......... |',
    // and then an address message naming lo can be rebuilt exactly
    'sendto(4, [{nlmsg_len=44, nlmsg_type=RTM_NEWADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE, nlmsg_seq=10, nlmsg_pid=0}, {ifa_family=AF_INET, ifa_prefixlen=8, ifa_flags=0, ifa_scope=RT_SCOPE_HOST, ifa_index=if_nametoindex("lo")}, [[{nla_len=8, nla_type=IFA_LOCAL}, inet_addr("127.0.0.1")], [{nla_len=7, nla_type=IFA_LABEL}, "lo"], {nla_len=4, nla_type=IFA_FLAGS}]], 44, 0, NULL, 0) = 44',
    // a designated array and a hardware address in attributes
    'sendto(4, [{nlmsg_len=52, nlmsg_type=RTM_SETLINK, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=11, nlmsg_pid=0}, {ifi_family=AF_UNSPEC, ifi_type=ARPHRD_NETROM, ifi_index=1, ifi_flags=0, ifi_change=0}, [[{nla_len=10, nla_type=IFLA_ADDRESS}, 02:00:00:00:00:01], [{nla_len=8, nla_type=IFLA_IFNAME}, [[0]=0x61, [1]=0x62, [2]=0x63, [3]=0]]]], 52, 0, NULL, 0) = 52',
  ].join('\n');
  const rs = all(text(t), { straceDumps: 'ignore' });
  assert.equal(rs.length, 3);
  assert.equal(rs[0].truncated, true, 'if_nametoindex("lo") is unknown before the first link reply');
  const viaDump = all(text(t));
  assert.equal(viaDump[0].truncated, undefined);
  assert.equal(hex(viaDump[1].bytes),
    '2c000000' + '1400' + '0506' + '0a000000' + '00000000' // RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
    + '020800fe' + '01000000' // AF_INET /8, RT_SCOPE_HOST, lo
    + '08000200' + '7f000001' // IFA_LOCAL 127.0.0.1
    + '07000300' + '6c6f0000' // IFA_LABEL "lo\0"
    + '04000800'); // IFA_FLAGS, empty
  assert.equal(viaDump[1].truncated, undefined, viaDump[1].warning);
  assert.equal(hex(viaDump[2].bytes.subarray(32, 44)), '0a000100' + '020000000001' + '0000');
  // strace prints no element width: four numbers filling a 4-byte payload are bytes.
  assert.equal(hex(viaDump[2].bytes.subarray(44, 52)), '08000300' + '61626300');
  assert.equal(viaDump[2].truncated, undefined, viaDump[2].warning);
});

test('strace: cut strings, left-out elements, unknown names and failed calls are marked', () => {
  const t = [
    // -s 8: the payload string was cut
    'sendto(3, [{nlmsg_len=40, nlmsg_type=0x10, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=1, nlmsg_pid=0}, "\\x03\\x01\\x00\\x00\\x08\\x00\\x02\\x00"...], 40, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 40',
    // -X raw buffer cut by -s
    'sendto(3, "\\x14\\x00\\x00\\x00\\x10\\x00"..., 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20',
    // a generic netlink family whose id was never seen
    'sendto(3, [{nlmsg_len=20, nlmsg_type=devlink, nlmsg_flags=NLM_F_REQUEST, nlmsg_seq=2, nlmsg_pid=0}, "\\x01\\x01\\x00\\x00"], 20, 0, NULL, 0) = 20',
    // strace left messages out
    'recvmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, msg_namelen=12, msg_iov=[{iov_base=[{nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=0, nlmsg_seq=0, nlmsg_pid=0}, {nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=0, nlmsg_seq=0, nlmsg_pid=0}, ...], iov_len=4096}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 64',
    // a failed send still shows what was sent
    'sendto(3, [{nlmsg_len=16, nlmsg_type=NLMSG_NOOP, nlmsg_flags=0, nlmsg_seq=0, nlmsg_pid=0}], 16, 0, NULL, 0) = -1 ENOBUFS (No buffer space available)',
    // a receive that failed carries no data
    'recvmsg(3, 0x7ffd5a8e1f20, 0) = -1 EAGAIN (Resource temporarily unavailable)',
  ].join('\n');
  const rs = all(text(t));
  assert.equal(rs.length, 5);
  assert.equal(rs[0].bytes.length, 40);
  assert.equal(rs[0].truncated, true);
  assert.equal(rs[1].bytes.length, 6);
  assert.equal(rs[1].truncated, true);
  assert.equal(rs[2].truncated, true);
  assert.match(rs[2].warning ?? '', /devlink/);
  assert.equal(rs[3].bytes.length, 32);
  assert.equal(rs[3].truncated, true);
  assert.equal(rs[4].bytes.length, 16);
  assert.match(rs[4].warning ?? '', /ENOBUFS/);
});

test('strace: non-netlink descriptors are skipped, -yy annotations, close and reuse, write/read', () => {
  const t = [
    'socket(AF_UNIX, SOCK_STREAM, 0) = 3',
    'sendto(3, "\\x14\\x00\\x00\\x00\\x10\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00", 20, 0, NULL, 0) = 20',
    'close(3) = 0',
    'socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT) = 3',
    'write(3, "\\x10\\x00\\x00\\x00\\xe8\\x03\\x01\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00", 16) = 16',
    'read(3, "\\x10\\x00\\x00\\x00\\x03\\x00\\x02\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00", 4096) = 16',
    'write(1, "hello\\n", 6) = 6',
    'dup2(3, 7) = 7',
    'sendto(7, "\\x10\\x00\\x00\\x00\\xe8\\x03\\x01\\x00\\x02\\x00\\x00\\x00\\x00\\x00\\x00\\x00", 16, 0, NULL, 0) = 16',
    'sendto(9<NETLINK:[SOCK_DIAG:1234]>, "\\x10\\x00\\x00\\x00\\x14\\x00\\x01\\x00\\x03\\x00\\x00\\x00\\x00\\x00\\x00\\x00", 16, 0, NULL, 0) = 16',
    'sendto(8<UNIX:[999]>, "\\x10\\x00\\x00\\x00\\x14\\x00\\x01\\x00\\x03\\x00\\x00\\x00\\x00\\x00\\x00\\x00", 16, 0, NULL, 0) = 16',
    'recvfrom(3, "\\x10\\x00\\x00\\x00\\x03\\x00\\x02\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00", 8192, MSG_PEEK, NULL, NULL) = 16',
    // an unknown descriptor whose bytes are no netlink message (its dump neither)
    'sendto(6, "GET / HTTP/1.1\\r\\n\\r\\n", 18, 0, NULL, 0) = 18',
    ' | 00000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1.. |',
    ' | 00010  0d 0a                                             ..               |',
    // one record per datagram of sendmmsg
    'sendmmsg(3, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\\x10\\x00\\x00\\x00\\xe8\\x03\\x01\\x00\\x05\\x00\\x00\\x00\\x00\\x00\\x00\\x00", iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=16}, {msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\\x10\\x00\\x00\\x00\\xe8\\x03\\x01\\x00\\x06\\x00\\x00\\x00\\x00\\x00\\x00\\x00", iov_len=16}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=16}], 2, 0) = 2',
  ].join('\n');
  const rs = all(text(t));
  assert.deepEqual(rs.map((r) => [r.source, r.syscall, r.fd, r.protocol, r.direction, r.peek]), [
    ['line 5', 'write', 3, 9, 'send', undefined],
    ['line 6', 'read', 3, 9, 'recv', undefined],
    ['line 9', 'sendto', 7, 9, 'send', undefined],
    ['line 10', 'sendto', 9, 4, 'send', undefined],
    ['line 12', 'recvfrom', 3, 9, 'recv', true],
    ['line 16 message 0', 'sendmmsg', 3, 9, 'send', undefined],
    ['line 16 message 1', 'sendmmsg', 3, 9, 'send', undefined],
  ]);
  assert.deepEqual(rs.slice(-2).map((r) => r.bytes[8]), [5, 6]);
});

test('strace: unparsable netlink lines become error records; nothing else stops the reader', () => {
  const t = [
    'sendto(3, [{nlmsg_len=20, nlmsg_type=NLMSG_DONE, {{{{', // cut line
    '<... recvmsg resumed>{msg_name={sa_family=AF_NETLINK}}, 0) = 20',
    'recvmsg(3,  <unfinished ...>',
    'some program output(with parentheses) = 3',
    'sendto(3, "\\x10\\x00\\x00\\x00\\x03\\x00\\x02\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00", 16, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 16',
  ].join('\n');
  const rs = all(text(t));
  assert.equal(rs.length, 4);
  assert.match(rs[0].error ?? '', /cannot parse sendto/);
  assert.match(rs[1].error ?? '', /resumed/);
  assert.equal(rs[2].error, undefined);
  assert.equal(rs[2].bytes.length, 16);
  assert.match(rs[3].error ?? '', /never resumed/);
});

// ---------------------------------------------------------------------------------------
// Hex text and pyroute2's samples.

test('pyroute2 samples: buffers are whole netlink messages; labels, directions, .dump literals', { skip }, () => {
  for (const f of sampleFiles()) {
    const s = readPeerSample(sample(f));
    assert.ok(s.records.length > 0, f);
    for (const r of s.records) {
      assert.equal(r.error, undefined, `${f} ${r.source}`);
      assert.ok(messageLengths(r.bytes), `${f} ${r.source}: messages tile the buffer`);
    }
    assert.equal(s.expected !== undefined, f.endsWith('.dump'), f);
    // readCapture reads the same data (and never the expected literal)
    assert.deepEqual(all(text(sample(f))).map(summary), s.records.map(summary), f);
  }
  const dev = readPeerSample(sample('iw_add_monitor_dev.data'));
  assert.deepEqual(dev.records.map((r) => r.direction), ['recv', 'send', 'recv', 'recv']);
  const info = readPeerSample(sample('iw_info_rsp.dump'));
  assert.equal(info.expectedType, 'application/json');
  const parsed = JSON.parse(info.expected!) as Array<{ event: string }>;
  assert.equal(parsed[0].event, 'NL80211_CMD_NEW_INTERFACE');
  assert.equal(hex(info.records[0].bytes), hex(readPeerSample(sample('iw_info_rsp.data')).records[0].bytes));
  const scan = readPeerSample(sample('iw_scan_rsp.dump'));
  assert.equal(scan.expectedType, 'application/x-python-code');
  assert.deepEqual(scan.records.map((r) => r.label), ['Bug-Url: https://github.com/svinota/pyroute2/pull/182\nBug-Url: https://github.com/svinota/pyroute2/issues/183\nsample 1', 'sample 2', 'sample 3', 'sample 4']);
  // a message split over lines and blank-line groups is one buffer (ipset_03.data)
  const ipset3 = readPeerSample(sample('ipset_03.data'));
  assert.equal(ipset3.records.length, 1);
  assert.deepEqual(messageLengths(ipset3.records[0].bytes), [28, 28, 48, 64, 68, 36]);
});

test('hex: the line forms, comments, blank lines and bad lines', () => {
  const t = [
    '# first',
    '\\x14\\x00\\x00\\x00 \\x03\\x00',
    '',
    '02:00 01:00:00:00',
    '00 00 00 00  # trailing comment',
    '0x00 0x00 0x00 0x00',
    '# recv',
    '"\\x10\\x00\\x00\\x00\\x01\\x00" "\\x00\\x00"',
    '0000000000000000',
    '# send',
    '1c 0',
    '14 00',
  ].join('\n');
  const rs = all(text(t), { format: 'hex' });
  assert.equal(rs.length, 3);
  assert.equal(hex(rs[0].bytes), '14000000030002000100000000000000' + '00000000');
  assert.deepEqual([rs[0].label, rs[0].direction, rs[0].source], ['first', undefined, 'lines 2-6']);
  assert.equal(hex(rs[1].bytes), '100000000100000000000000' + '00000000');
  assert.equal(rs[1].direction, 'recv');
  assert.equal(rs[2].direction, 'send');
  assert.match(rs[2].error ?? '', /line 11/);
  assert.equal(hex(rs[2].bytes), '1400');
});

// ---------------------------------------------------------------------------------------
// pcap.

function pcapPackets(b: Buffer): Array<{ sec: number; usec: number; data: Buffer; orig: number }> {
  const out: Array<{ sec: number; usec: number; data: Buffer; orig: number }> = [];
  for (let off = 24; off + 16 <= b.length;) {
    const incl = b.readUInt32LE(off + 8);
    out.push({ sec: b.readUInt32LE(off), usec: b.readUInt32LE(off + 4), data: b.subarray(off + 16, off + 16 + incl), orig: b.readUInt32LE(off + 12) });
    off += 16 + incl;
  }
  return out;
}

/** The same capture written big-endian (and with nanosecond stamps when `nano`). */
function pcapBigEndian(b: Buffer, nano: boolean): Buffer {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  h.writeUInt32BE(nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  h.writeUInt16BE(2, 4);
  h.writeUInt16BE(4, 6);
  h.writeUInt32BE(262144, 16);
  h.writeUInt32BE(253, 20);
  parts.push(h);
  for (const p of pcapPackets(b)) {
    const r = Buffer.alloc(16);
    r.writeUInt32BE(p.sec, 0);
    r.writeUInt32BE(nano ? p.usec * 1000 : p.usec, 4);
    r.writeUInt32BE(p.data.length, 8);
    r.writeUInt32BE(p.orig, 12);
    parts.push(r, p.data);
  }
  return Buffer.concat(parts);
}

/** The same capture as pcapng (section header, one interface, enhanced packet blocks). */
function pcapng(b: Buffer): Buffer {
  const block = (type: number, body: Buffer): Buffer => {
    const pad = Buffer.alloc((4 - (body.length % 4)) % 4);
    const len = 12 + body.length + pad.length;
    const h = Buffer.alloc(8);
    h.writeUInt32LE(type, 0);
    h.writeUInt32LE(len, 4);
    const t = Buffer.alloc(4);
    t.writeUInt32LE(len, 0);
    return Buffer.concat([h, body, pad, t]);
  };
  const shb = Buffer.alloc(16);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeBigInt64LE(-1n, 8);
  const idb = Buffer.alloc(8);
  idb.writeUInt16LE(253, 0);
  idb.writeUInt32LE(262144, 4);
  const parts = [block(0x0a0d0d0a, shb), block(1, idb)];
  for (const p of pcapPackets(b)) {
    const ts = BigInt(p.sec) * 1000000n + BigInt(p.usec);
    const e = Buffer.alloc(20);
    e.writeUInt32LE(0, 0);
    e.writeUInt32LE(Number(ts >> 32n), 4);
    e.writeUInt32LE(Number(ts & 0xffffffffn), 8);
    e.writeUInt32LE(p.data.length, 12);
    e.writeUInt32LE(p.orig, 16);
    parts.push(block(6, Buffer.concat([e, p.data])));
  }
  return Buffer.concat(parts);
}

test('pcap: nlmon capture, cooked header, protocols and directions', { skip }, () => {
  const b = capture('nlmon_iw_ipset.pcap');
  const rs = all(b);
  const packets = pcapPackets(b);
  assert.equal(rs.length, 48);
  assert.equal(rs.length, packets.length);
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i];
    assert.equal(hex(r.bytes), hex(packets[i].data.subarray(16)), r.source);
    assert.equal(r.protocol, packets[i].data.readUInt16BE(14));
    assert.ok(messageLengths(r.bytes), r.source);
    assert.equal(r.truncated, undefined);
    const request = (Buffer.from(r.bytes).readUInt16LE(6) & 1) === 1;
    assert.equal(r.direction, request ? 'send' : 'recv', r.source);
  }
  assert.equal(rs[0].source, 'packet 1 (offset 24)');
  assert.equal(rs[1].source, 'packet 2 (offset 88)');
  assert.equal(rs[0].time, '1795958452.158179');
  assert.deepEqual([...new Set(rs.map((r) => r.protocol))], [16, 12]);
  assert.ok(all(b, { pcapDirection: 'pkttype' }).every((r) => r.direction === 'send'), 'nlmon marks every packet outgoing');
});

test('pcap: big-endian, nanosecond, pcapng and streamed forms give the same records', { skip }, async () => {
  const b = capture('nlmon_iw_ipset.pcap');
  const strip = (rs: CaptureRecord[]): Array<Record<string, unknown>> => rs.map((r) => ({ ...summary(r), time: undefined }));
  const base = strip(all(b));
  assert.deepEqual(strip(all(pcapBigEndian(b, false))), base);
  const nano = all(pcapBigEndian(b, true));
  assert.deepEqual(strip(nano), base);
  assert.equal(nano[0].time, '1795958452.158179000');
  const ng = all(pcapng(b));
  assert.deepEqual(ng.map((r) => hex(r.bytes)), base.map((r) => r.bytes));
  assert.equal(ng[0].time, '1795958452.158179');
  const rand = rng(7);
  for (const input of [b, pcapng(b)]) {
    const streamed = await collect(readCaptureStream(chunked(input, rand, 700)));
    assert.deepEqual(streamed.map(summary), all(input).map(summary));
  }
});

test('pcap: cut files, short captures, bad magic and link types', { skip }, () => {
  const b = capture('nlmon_iw_ipset.pcap');
  // cut inside the last packet: a truncated record with what is there
  const cut = all(b.subarray(0, b.length - 10));
  assert.equal(cut.length, 48);
  assert.equal(cut[47].truncated, true);
  assert.equal(cut[47].bytes.length, 36 - 16 - 10);
  // cut inside a packet header: an error record
  const cut2 = all(b.subarray(0, 24 + 48 + 16 + 8));
  assert.equal(cut2.length, 2);
  assert.match(cut2[1].error ?? '', /file ends inside packet 2/);
  // cut inside the file header
  const cut3 = all(b.subarray(0, 10), { format: 'pcap' });
  assert.equal(cut3.length, 1);
  assert.match(cut3[0].error ?? '', /file header/);
  // caplen < len
  const short = Buffer.from(b.subarray(0, 24 + 16 + 48));
  short.writeUInt32LE(40, 24 + 8);
  const s = all(short.subarray(0, 24 + 16 + 40));
  assert.equal(s[0].truncated, true);
  assert.equal(s[0].bytes.length, 24);
  // not a pcap
  assert.throws(() => all(text('hello world'), { format: 'pcap' }), CaptureFormatError);
  const eth = Buffer.from(b.subarray(0, 24));
  eth.writeUInt32LE(1, 20);
  assert.throws(() => all(eth), (e: unknown) => e instanceof CaptureFormatError && e.offset === 20 && /link type 1/.test(e.message));
});

// ---------------------------------------------------------------------------------------
// raw, streams.

test('raw: the whole input is one buffer', async () => {
  const b = Buffer.from('14000000030002000100000000000000', 'hex');
  assert.deepEqual(all(b).map(summary), [summary({ bytes: b, source: 'input' })]);
  const streamed = await collect(readCaptureStream(chunked(b, rng(1), 3)));
  assert.equal(hex(streamed[0].bytes), hex(b));
  assert.deepEqual(all(new Uint8Array(0)), []);
});

test('streams: text captures read line by line give the same records', { skip }, async () => {
  const rand = rng(42);
  for (const f of [...STRACE_FILES.slice(0, 4), 'iw_strace_hex.txt']) {
    const b = capture(f);
    const streamed = await collect(readCaptureStream(chunked(b, rand, 5000)));
    assert.deepEqual(streamed.map(summary), all(b).map(summary), f);
  }
  const s = text(sample('iw_scan_rsp.dump'));
  assert.deepEqual((await collect(readCaptureStream(chunked(s, rand, 64)))).map(summary), all(s).map(summary));
});

// ---------------------------------------------------------------------------------------
// Robustness: random and damaged inputs only ever raise CaptureFormatError, and end.

test('fuzz: random, cut and damaged inputs throw nothing but CaptureFormatError', { skip }, async () => {
  const rand = rng(20240229);
  const seeds: Buffer[] = [
    capture('nlmon_iw_ipset.pcap'),
    capture('ipset_strace_hex.txt').subarray(0, 6000),
    capture('genl_rtnl_strace.txt').subarray(0, 8000),
    text(sample('ipset_03.data')),
    pcapng(capture('nlmon_iw_ipset.pcap')).subarray(0, 4000),
  ];
  const formats: Array<ReadCaptureOptions['format']> = [undefined, 'strace', 'hex', 'pcap', 'raw'];
  const mutate = (src: Buffer): Buffer => {
    const b = Buffer.from(src);
    const kind = Math.floor(rand() * 4);
    if (kind === 0) return b.subarray(0, Math.floor(rand() * b.length));
    if (kind === 1) {
      for (let i = 0; i < 1 + rand() * 20; i++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      return b;
    }
    if (kind === 2) {
      const tokens = ['[', ']', '{', '}', '"', '\\', '(', ')', ',', '...', '<unfinished ...>', '<... sendto resumed>', '\n', ' | 00000  ', 'nlmsg_len=', '=', '#', '#:'];
      const at = Math.floor(rand() * b.length);
      return Buffer.concat([b.subarray(0, at), Buffer.from(tokens[Math.floor(rand() * tokens.length)]), b.subarray(at)]);
    }
    const r = Buffer.alloc(Math.floor(rand() * 2000));
    for (let i = 0; i < r.length; i++) r[i] = Math.floor(rand() * 256);
    if (rand() < 0.5) r.set(src.subarray(0, Math.min(24, r.length)));
    return r;
  };
  const started = Date.now();
  let runs = 0;
  for (let i = 0; i < 300; i++) {
    const input = mutate(seeds[i % seeds.length]);
    const format = formats[Math.floor(rand() * formats.length)];
    for (const streamed of [false, true]) {
      try {
        const rs = streamed
          ? await collect(readCaptureStream(chunked(input, rand, 512), format ? { format } : {}))
          : all(input, format ? { format } : {});
        for (const r of rs) {
          assert.ok(r.bytes instanceof Uint8Array);
          assert.equal(typeof r.source, 'string');
        }
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(e instanceof CaptureFormatError, `run ${i} (${format ?? 'auto'}, streamed ${streamed}): ${String(e)}`);
        assert.ok(e.offset !== undefined || e.line !== undefined, 'the error has a position');
      }
      runs++;
    }
  }
  assert.equal(runs, 600);
  assert.ok(Date.now() - started < 60_000, 'terminates quickly');
});
