// The decoder on traffic made during the run, on this host's kernel: iproute2 (links of
// several kinds, addresses, routes, neighbours, rules, next hops, netconf, statistics), ipset
// and genl, each captured by `nlkit decode --exec` in a fresh namespace. Every message must
// decode with no error and every attribute must have its kernel name.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { decode } from '../../src/decode/decode.js';
import { readCapture } from '../../src/decode/inputs/index.js';
import type { DecodedAttr, DecodedMessage } from '../../src/decode/types.js';
import { HEADERS, groupOf } from '../../src/rtnetlink/index.js';
import { decodeStats, findAttr as find } from '../helpers/decode-stats.js';
import { agreement, nlmonPcap, runTshark } from '../helpers/tshark.js';
import { createNetns, hasCommand, repoRoot, type Netns } from '../helpers/netns.js';

const canRun = process.getuid?.() === 0 && hasCommand('ip') && hasCommand('strace');
const skip = canRun ? false : 'needs root, ip and strace';
const cli = path.join(repoRoot(), 'dist', 'src', 'cli', 'main.js');

/** `nlkit decode --exec --json [extra] -- cmd...` inside the namespace. */
function traced(ns: Netns, cmd: string[], extra: string[] = []): { status: number; messages: DecodedMessage[]; stdout: string; stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', ns.name, process.execPath, cli, 'decode', '--exec', ...extra, '--', ...cmd], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const messages = extra.includes('--json') ? r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as DecodedMessage) : [];
  return { status: r.status ?? 1, messages, stdout: r.stdout, stderr: r.stderr };
}

/** A namespace with veth, bridge and vxlan links, IPv4/IPv6 addresses, a route, a neighbour, a rule and a next hop. */
function setUp(ns: Netns): void {
  const ip = (...a: string[]) => ns.exec('ip', a);
  ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
  ip('link', 'add', 'br0', 'type', 'bridge');
  ip('link', 'set', 'vb', 'master', 'br0');
  ip('link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'local', '10.0.0.1', 'dev', 'va');
  for (const l of ['va', 'vb', 'br0']) ip('link', 'set', l, 'up');
  ip('addr', 'add', '10.0.0.1/24', 'dev', 'va');
  ip('addr', 'add', '2001:db8::1/64', 'dev', 'va', 'nodad');
  ip('route', 'add', '10.1.0.0/16', 'via', '10.0.0.2');
  ip('neigh', 'add', '10.0.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'va');
  ip('rule', 'add', 'from', '10.0.0.0/24', 'table', '100', 'priority', '100');
  ip('nexthop', 'add', 'id', '7', 'via', '10.0.0.2', 'dev', 'va');
}

test('iproute2 traffic decodes with no error and every attribute named', { skip }, () => {
  const ns = createNetns('nlkit-dec');
  try {
    setUp(ns);
    // One traced shell for all commands (strace -f follows each ip): one start of node and strace.
    const commands = ['-d link', '-d addr', 'route', '-6 route', 'neigh', 'rule', '-s link', 'netconf', 'nexthop', '-d -s link show dev vb'];
    const r = traced(ns, ['sh', '-c', commands.map((c) => `ip ${c} >/dev/null`).join(' && ')], ['--json']);
    assert.equal(r.status, 0, r.stderr);
    const all = r.messages;
    const requests = new Set(all.filter((m) => m.direction === 'send').map((m) => m.command));
    for (const c of ['RTM_GETLINK', 'RTM_GETADDR', 'RTM_GETROUTE', 'RTM_GETNEIGH', 'RTM_GETRULE', 'RTM_GETNETCONF', 'RTM_GETNEXTHOP']) assert.ok(requests.has(c), c);
    const s = decodeStats(all);
    console.log(`iproute2: ${s.messages} messages, ${s.errors.length} errors, ${s.named} named attributes, ${s.unnamed.length} unnamed`);
    assert.deepEqual(s.errors, []);
    assert.deepEqual(s.unnamed, []);
    assert.equal(s.approximate, 0, 'hex dumps give exact bytes');
    // The struct, per-kind and per-family attributes are decoded, not left as bytes.
    const links = all.filter((m) => m.command === 'RTM_NEWLINK');
    const stats = find(links[0]!.attrs, 'IFLA_STATS64');
    assert.equal(typeof (stats?.value as Record<string, unknown>)?.rx_packets, 'number');
    assert.ok(links.some((m) => find(m.attrs, 'IFLA_VXLAN_ID')?.value === 42), 'vxlan INFO_DATA');
    assert.ok(links.some((m) => find(m.attrs, 'IFLA_BR_STP_STATE') !== undefined), 'bridge INFO_DATA');
    assert.ok(links.some((m) => find(m.attrs, 'IFLA_BRPORT_STATE') !== undefined), 'bridge port SLAVE_DATA');
    const conf = find(links[0]!.attrs, 'IFLA_INET6_CONF')?.value as Record<string, number> | undefined;
    assert.equal(typeof conf?.disable_ipv6, 'number', 'inet6 conf named by index');
    assert.ok(all.some((m) => m.command === 'RTM_NEWNEXTHOP' && find(m.attrs, 'NHA_ID')?.value === 7));
    assert.ok(all.some((m) => m.command === 'RTM_NEWRULE' && find(m.attrs, 'FRA_PRIORITY')?.value === 100));
    assert.ok(all.some((m) => m.command === 'RTM_NEWNETCONF' && find(m.attrs, 'NETCONFA_FORWARDING') !== undefined));
    // iproute2 pads its GETADDR request: the padding is accepted.
    assert.ok(all.some((m) => m.command === 'RTM_GETADDR' && !m.decodeError));
  } finally {
    ns.destroy();
  }
});

test('ipset and genl traffic decodes with no error and every attribute named', { skip: skip || (!hasCommand('ipset') && 'needs ipset') }, () => {
  const ns = createNetns('nlkit-dec');
  try {
    const runs = [
      'ipset create d1 hash:ip timeout 60 counters comment', 'ipset add d1 10.0.0.1 comment x', 'ipset add d1 10.0.0.1',
      'ipset list', 'ipset save', 'genl ctrl list',
    ];
    const r = traced(ns, ['sh', '-c', runs.map((c) => `${c} >/dev/null 2>&1`).join('; ')], ['--json']);
    const all = r.messages;
    assert.ok(all.some((m) => m.family === 'ipset') && all.some((m) => m.family === 'nlctrl'), r.stderr);
    const s = decodeStats(all);
    console.log(`ipset+genl: ${s.messages} messages, ${s.errors.length} errors, ${s.named} named attributes, ${s.unnamed.length} unnamed`);
    assert.deepEqual(s.errors, []);
    assert.deepEqual(s.unnamed, []);
    assert.ok(all.some((m) => m.error?.name === 'IPSET_ERR_EXIST'), 'the duplicate add is named');
  } finally {
    ns.destroy();
  }
});

test('--exec keeps the command output apart; without hex dumps values are marked approximate (exit 3)', { skip }, () => {
  const ns = createNetns('nlkit-dec');
  try {
    const r = traced(ns, ['ip', 'link']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^ip\| 1: lo:/m, "ip's own output, prefixed, on stderr");
    assert.doesNotMatch(r.stdout, /^1: lo:/m);
    assert.match(r.stdout, /RTM_NEWLINK/);
    // A capture made with strace's decoding only: the link dump's structs are approximate.
    const file = path.join(fs.mkdtempSync('/tmp/nlkit-dec-'), 'trace.txt');
    ns.exec('strace', ['-f', '-xx', '-s', '65536', '-e', 'trace=network', '-o', file, 'ip', '-s', 'link']);
    const d = spawnSync(process.execPath, [cli, 'decode', file], { encoding: 'utf8' });
    fs.rmSync(path.dirname(file), { recursive: true });
    assert.equal(d.status, 3, d.stderr);
    assert.match(d.stdout, /~ approximate: .*if_nametoindex/);
    assert.match(d.stderr, /with approximate values .*-e read=all -e write=all/);
  } finally {
    ns.destroy();
  }
});

test('--emit ts: the program printed for an ipset capture recreates the set in a fresh namespace', { skip: skip || (!hasCommand('ipset') && 'needs ipset') }, () => {
  const a = createNetns('nlkit-dec');
  const b = createNetns('nlkit-dec');
  const dir = fs.mkdtempSync(path.join(repoRoot(), 'dist', 'emit-'));
  try {
    a.exec('ipset', ['create', 'e1', 'hash:net', 'comment']);
    const r = traced(a, ['ipset', 'add', 'e1', '192.0.2.0/24', 'comment', 'from a capture'], ['--emit', 'ts']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /await ipset\.request\('ADD', \{/);
    b.exec('ipset', ['create', 'e1', 'hash:net', 'comment']);
    // The emitted program is plain ESM as well as TypeScript: run it against the built package.
    const program = r.stdout.replace(/from 'nlkit'/, `from '${pathToFileURL(path.join(repoRoot(), 'dist', 'src', 'index.js')).href}'`) + '\nprocess.exit(0);\n';
    fs.writeFileSync(path.join(dir, 'emitted.mjs'), program);
    b.exec(process.execPath, [path.join(dir, 'emitted.mjs')]);
    assert.match(b.exec('ipset', ['list', 'e1']), /192\.0\.2\.0\/24 comment "from a capture"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    a.destroy();
    b.destroy();
  }
});

test('iproute2 traffic as an nlmon pcap: names and values agree with tshark on every attribute both decode', { skip: skip || (!hasCommand('tshark') && 'needs tshark') }, () => {
  const ns = createNetns('nlkit-dec');
  const dir = fs.mkdtempSync('/tmp/nlkit-dec-');
  try {
    setUp(ns);
    // The host has no nlmon: the exact bytes of strace's hex dumps are written in nlmon's pcap format.
    const records: { bytes: Uint8Array; protocol: number; outgoing: boolean }[] = [];
    for (const c of [['-d', 'link'], ['-d', 'addr'], ['route'], ['-6', 'route'], ['neigh'], ['rule'], ['-s', 'link'], ['netconf'], ['nexthop']]) {
      const file = path.join(dir, 'trace.txt');
      ns.exec('strace', ['-f', '-xx', '-s', '65536', '-e', 'trace=network', '-e', 'read=all', '-e', 'write=all', '-o', file, 'ip', ...c]);
      for (const r of readCapture(fs.readFileSync(file))) {
        if (r.bytes.length && !r.peek) records.push({ bytes: r.bytes, protocol: r.protocol ?? 0, outgoing: r.direction === 'send' });
      }
    }
    const pcap = path.join(dir, 'iproute2.pcap');
    fs.writeFileSync(pcap, nlmonPcap(records));
    const ms = decode(fs.readFileSync(pcap), { bytes: true });
    const a = agreement(ms, runTshark(pcap), (m) => HEADERS[groupOf(m.header!.type) ?? '']?.size ?? 0);
    console.log(`tshark iproute2 pcap: ${ms.length} messages; ${a.both} attributes both decode; names ${a.nameAgree}/${a.names} agree; values ${a.valueAgree}/${a.values} agree; tshark left ${a.tsharkRaw} as bytes`);
    assert.deepEqual([...a.disagreements.keys()], []);
    assert.ok(a.values > 300, 'the comparison covered the capture');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    ns.destroy();
  }
});
