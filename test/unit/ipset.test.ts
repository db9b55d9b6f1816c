// ipset without a kernel: entry text both ways, create options, error wording,
// and encoding/decoding against the bytes of real `ipset` traffic (captures).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AttrIter } from '../../src/netlink/attr-iter.js';
import { decodeAttrsAt, encodeAttrsInto } from '../../src/netlink/attrs.js';
import { Writer } from '../../src/netlink/writer.js';
import { NFGEN_HDRLEN, nfMsgType, readNfgen, writeNfgen } from '../../src/nfnetlink/header.js';
import {
  IPSetSyntaxError, elemText, entryToAttrs, formatEntryAttrs, forEachMember, parseElement, parseEntryWords, readEntry,
} from '../../src/ipset/entry.js';
import { ipsetErrorMessage, IPSetError } from '../../src/ipset/errors.js';
import { createOptionsToAttrs, formatHeader, headerFromAttrs } from '../../src/ipset/format.js';
import { parseCreateWords } from '../../src/ipset/option-words.js';
import { splitLine as splitWords } from '../../src/ipset/command-line.js';
import { setType } from '../../src/ipset/ipset.js';
import { IPSET_CMD, IPSET_CMD_NAMES, SET_TYPES, adtAttrs, adtDataAttrs, ipsetAttrsFor } from '../../src/ipset/schema.js';
import { A as BULK_ATTR, writeFastV4 } from '../../src/ipset/bulk-encode.js';
import { dataDir } from '../helpers/netns.js';

/** The captured messages of one command: [direction, bytes][] from the hex dump. */
function capture(command: string): { dir: 'send' | 'recv'; bytes: Uint8Array }[] {
  const text = fs.readFileSync(path.join(dataDir(), 'captures', 'ipset_strace_hex.txt'), 'utf8');
  const section = text.split('===== $ ').find((s) => s.startsWith(command + '\n'));
  assert.ok(section, `capture of '${command}'`);
  const out: { dir: 'send' | 'recv'; bytes: Uint8Array }[] = [];
  let cur: number[] | undefined;
  for (const line of section.split('\n')) {
    if (/^(sendto|recvmsg)\(/.test(line)) {
      cur = [];
      out.push({ dir: line.startsWith('send') ? 'send' : 'recv', bytes: new Uint8Array() });
      continue;
    }
    const m = /^ \| [0-9a-f]{5}  ((?:[0-9a-f]{2} {1,2})+)/.exec(line);
    if (m && cur) {
      for (const h of m[1]!.trim().split(/\s+/)) cur.push(parseInt(h, 16));
      out[out.length - 1]!.bytes = Uint8Array.from(cur);
    }
  }
  return out;
}

test('entry text: every type parses and formats back', () => {
  const cases: [string, string, 'inet' | 'inet6' | undefined][] = [
    ['hash:ip', '192.0.2.1', 'inet'],
    ['hash:ip', '2001:db8::1', 'inet6'],
    ['hash:net', '10.0.0.0/8', 'inet'],
    ['hash:net', '2001:db8::/32', 'inet6'],
    ['hash:ip,port', '192.0.2.1,tcp:80', 'inet'],
    ['hash:ip,port', '192.0.2.1,udp:53', 'inet'],
    ['hash:ip,port', '192.0.2.1,icmp:echo-request', 'inet'],
    ['hash:ip,port', '::1,ipv6-icmp:echo-request', 'inet6'],
    ['hash:ip,port,ip', '192.0.2.1,udp:53,198.51.100.1', 'inet'],
    ['hash:ip,port,net', '192.0.2.1,tcp:443,198.51.100.0/24', 'inet'],
    ['hash:net,port', '192.0.2.0/25,tcp:22', 'inet'],
    ['hash:net,iface', '192.0.2.0/24,eth0', 'inet'],
    ['hash:net,iface', '10.0.0.0/8,physdev:eth0', 'inet'],
    ['hash:net,net', '10.0.0.0/8,192.168.0.0/16', 'inet'],
    ['hash:net,port,net', '10.0.0.0/8,tcp:80,192.168.0.0/16', 'inet'],
    ['hash:ip,mac', '192.0.2.1,AA:BB:CC:DD:EE:FF', 'inet'],
    ['hash:mac', 'AA:BB:CC:DD:EE:FF', undefined],
    ['hash:ip,mark', '192.0.2.1,0x0000003f', 'inet'],
    ['bitmap:ip', '192.0.2.5', 'inet'],
    ['bitmap:ip,mac', '192.0.2.5,02:00:00:00:00:01'.toUpperCase(), 'inet'],
    ['bitmap:port', '80', undefined],
    ['list:set', 'member', undefined],
  ];
  for (const [type, text, family] of cases) {
    const t = setType(type);
    const attrs = parseElement(text, t, family);
    // What the kernel returns looks like what was sent: format it back.
    assert.equal(formatEntryAttrs(attrs, t, family), text, `${type} ${text}`);
  }
});

test('entry text: ranges, services, ICMP type/code and defaults', () => {
  const ipport = setType('hash:ip,port');
  assert.deepEqual(parseElement('192.0.2.1-192.0.2.9,tcp:80-82', ipport, 'inet'), {
    ip: { ipv4: '192.0.2.1' }, ip_to: { ipv4: '192.0.2.9' }, proto: 6, port: 80, port_to: 82,
  });
  assert.equal(parseElement('192.0.2.1,80', ipport, 'inet').proto, 6);
  assert.equal(parseElement('192.0.2.1,icmp:8/0', ipport, 'inet').port, 0x0800);
  assert.equal(parseElement('192.0.2.1,icmp:host-unreachable', ipport, 'inet').port, 0x0301);
  assert.equal(parseElement('::1,icmpv6:1/3', ipport, 'inet6').port, 0x0103);
  assert.equal(formatEntryAttrs({ ip: { ipv6: '::1' }, proto: 58, port: 0x0103 }, ipport, 'inet6'), '::1,ipv6-icmp:address-unreachable');
  assert.equal(formatEntryAttrs({ ip: { ipv4: '1.2.3.4' }, proto: 1, port: 0x2a07 }, ipport, 'inet'), '1.2.3.4,icmp:42/7');
  assert.equal(parseElement('192.0.2.1,tcp:http', ipport, 'inet').port, 80);
  assert.equal(formatEntryAttrs({ ip: { ipv4: '10.1.1.1' }, cidr: 32 }, setType('hash:net'), 'inet'), '10.1.1.1');
  assert.deepEqual(parseElement('10.0.0.1-10.0.0.9', setType('hash:ip'), 'inet'), { ip: { ipv4: '10.0.0.1' }, ip_to: { ipv4: '10.0.0.9' } });
  assert.deepEqual(parseElement('20-22', setType('bitmap:port'), undefined), { port: 20, port_to: 22 });
  assert.deepEqual(parseElement('10.0.0.0/8,eth+', setType('hash:net,iface'), 'inet'), { ip: { ipv4: '10.0.0.0' }, cidr: 8, iface: 'eth+' });
});

test('entry text: bad input is refused with ipset\'s words, naming the value', () => {
  const ip = setType('hash:ip');
  const bad: [() => unknown, RegExp][] = [
    [() => parseElement('foo', ip, 'inet'), /^Syntax error: cannot parse foo: resolving to IPv4 address failed$/],
    [() => parseElement('1.2.3.4', ip, 'inet6'), /cannot parse 1\.2\.3\.4: resolving to IPv6 address failed/],
    [() => parseElement('1.2.3.4', setType('hash:ip,port'), 'inet'), /^Syntax error: Second element is missing from 1\.2\.3\.4\.$/],
    [() => parseElement('1.2.3.4,80', ip, 'inet'), /Elem separator in 1\.2\.3\.4,80, but settype hash:ip supports none/],
    [() => parseElement('1.2.3.4,icmpv6:echo-request', setType('hash:ip,port'), 'inet'), /Protocol ICMPv6 can be used with family inet6 only/],
    [() => parseElement('1.2.3.4,tcp:99999', setType('hash:ip,port'), 'inet'), /'99999' is out of range 0-65535/],
    [() => parseElement('1.2.3.4,nope:1', setType('hash:ip,port'), 'inet'), /cannot parse 'nope' as a protocol/],
    [() => parseElement('zz:bb:cc:dd:ee:ff', setType('hash:mac'), undefined), /cannot parse 'zz:bb:cc:dd:ee:ff' as ethernet address/],
    [() => parseElement('a'.repeat(32), setType('list:set'), undefined), /setname 'a{32}' is longer than 31 characters/],
    [() => parseElement('10.0.0.0/8,averyveryverylongname', setType('hash:net,iface'), 'inet'), /interface name 'averyveryverylongname'/],
    [() => entryToAttrs('1.2.3.4', ip, 'inet', { nomatch: true }), /nomatch is not supported by set type hash:ip/],
    [() => entryToAttrs('1.2.3.4', ip, 'inet', { comment: 'a"b' }), /" character is not permitted in comments/],
    [() => parseEntryWords(['bogus']), /Unknown argument: `bogus'/],
    [() => setType('hash:foo'), /typename 'hash:foo' is unknown/],
    [() => createOptionsToAttrs(setType('bitmap:port'), {}), /Mandatory option `range' is missing/],
    [() => createOptionsToAttrs(setType('hash:ip'), { size: 8 }), /Unknown argument: `size'/],
    [() => createOptionsToAttrs(setType('bitmap:ip'), { range: '10.0.0.0/8', family: 'inet6' }), /Unknown argument: `family'/],
  ];
  for (const [fn, re] of bad) {
    assert.throws(fn, (e: Error) => {
      assert.ok(e instanceof IPSetSyntaxError, `${String(re)}: ${e.name}`);
      assert.match(e.message, re);
      return true;
    });
  }
});

test('entry options and words', () => {
  const o = parseEntryWords(splitWords('timeout 59 packets 5 bytes 300 comment "hello world" skbmark 0x10/0xff skbprio 1:10 skbqueue 3'));
  const d = entryToAttrs('10.0.0.0', setType('hash:ip'), 'inet', o);
  assert.equal(formatEntryAttrs(d, setType('hash:ip'), 'inet'), '10.0.0.0 timeout 59 packets 5 bytes 300 comment "hello world" skbmark 0x10/0xff skbprio 1:10 skbqueue 3');
  const typed = entryToAttrs({ ip: '192.0.2.1', proto: 'udp', port: 53, timeout: 5 }, setType('hash:ip,port'), 'inet');
  assert.deepEqual(typed, { ip: { ipv4: '192.0.2.1' }, proto: 17, port: 53, timeout: 5 });
  assert.equal(elemText({ ip: '192.0.2.1', proto: 'udp', port: 53 }, setType('hash:ip,port'), 'inet'), '192.0.2.1,udp:53');
});

test('create options: words -> attributes -> header text', () => {
  const t = setType('hash:ip');
  const o = parseCreateWords(['family', 'inet', 'hashsize', '128', 'maxelem', '100', 'netmask', '24', 'timeout', '5', 'counters', 'comment', 'skbinfo', 'bucketsize', '4', 'initval', '0x1234']);
  const d = createOptionsToAttrs(t, o);
  assert.equal(formatHeader(t, headerFromAttrs(t, d, 'inet')), 'family inet hashsize 128 maxelem 100 netmask 24 timeout 5 counters comment skbinfo bucketsize 4 initval 0x00001234');
  const b = setType('bitmap:ip');
  assert.equal(formatHeader(b, headerFromAttrs(b, createOptionsToAttrs(b, { range: '10.0.0.0/24', netmask: 30 }), 'inet')), 'range 10.0.0.0-10.0.0.255 netmask 30');
  const p = setType('bitmap:port');
  assert.equal(formatHeader(p, headerFromAttrs(p, createOptionsToAttrs(p, { range: '0-1024' }), undefined)), 'range 0-1024');
  const l = setType('list:set');
  assert.equal(formatHeader(l, headerFromAttrs(l, createOptionsToAttrs(l, { size: 8 }), undefined)), 'size 8');
});

test('error wording per command and type', () => {
  assert.equal(ipsetErrorMessage(17, IPSET_CMD.CREATE), 'Set cannot be created: set with the same name already exists');
  assert.equal(ipsetErrorMessage(4103, IPSET_CMD.ADD), "Element cannot be added to the set: it's already added");
  assert.equal(ipsetErrorMessage(4103, IPSET_CMD.DEL), "Element cannot be deleted from the set: it's not added");
  assert.equal(ipsetErrorMessage(2, IPSET_CMD.LIST), 'The set with the given name does not exist');
  assert.equal(ipsetErrorMessage(4352, IPSET_CMD.ADD, 'bitmap:ip'), 'Element is out of the range of the set');
  assert.equal(ipsetErrorMessage(4352, IPSET_CMD.ADD, 'hash:ip'), 'Hash is full, cannot add more elements');
  assert.equal(ipsetErrorMessage(4352, IPSET_CMD.ADD, 'list:set'), 'Set to be added/deleted/tested as element does not exist.');
  assert.equal(ipsetErrorMessage(4098, IPSET_CMD.TYPE), 'Kernel error received: set type not supported');
  assert.equal(ipsetErrorMessage(4101, IPSET_CMD.SWAP), 'Sets cannot be swapped: the second set does not exist');
  assert.equal(ipsetErrorMessage(99, IPSET_CMD.ADD), 'Kernel error received: Cannot assign requested address');
  assert.equal(ipsetErrorMessage(5000, IPSET_CMD.ADD), 'Undecoded error 5000 received from kernel');
  const e = new IPSetError({ errno: 4103, cmd: IPSET_CMD.ADD, setName: 's', typeName: 'hash:ip' });
  assert.equal(e.code, 'IPSET_ERR_EXIST');
  assert.equal(e.message, "Element cannot be added to the set: it's already added");
  assert.equal(e.setName, 's');
  assert.equal(e.commandName, 'IPSET_CMD_ADD');
});

test('schema: command names, attribute spaces by command', () => {
  assert.equal(IPSET_CMD_NAMES[9], 'IPSET_CMD_ADD');
  assert.equal(ipsetAttrsFor(IPSET_CMD.RENAME).spec(3)?.name, 'setname2');
  assert.equal(ipsetAttrsFor(IPSET_CMD.CREATE).spec(3)?.name, 'typename');
  assert.equal(Object.keys(SET_TYPES).length, 16);
  assert.equal(nfMsgType(6, IPSET_CMD.ADD), 0x0609);
});

test('capture: CREATE request bytes equal ipset\'s', () => {
  const msgs = capture('ipset create test hash:ip timeout 600 counters comment skbinfo');
  const create = msgs.filter((m) => m.dir === 'send')[2]!.bytes;
  assert.equal(create[4], IPSET_CMD.CREATE);
  const t = setType('hash:ip');
  const w = new Writer();
  writeNfgen(w, 2);
  encodeAttrsInto(ipsetAttrsFor(IPSET_CMD.CREATE), {
    protocol: 7, setname: 'test', typename: 'hash:ip', revision: 6, family: 2,
    data: createOptionsToAttrs(t, parseCreateWords(['timeout', '600', 'counters', 'comment', 'skbinfo'])),
  }, w);
  assert.deepEqual(w.take(), create.subarray(16));
});

test('capture: ADD request bytes equal ipset\'s', () => {
  const msgs = capture('ipset add test 10.0.0.1 timeout 30 comment hello packets 1 bytes 2 skbmark 0x1/0xff');
  const add = msgs.filter((m) => m.dir === 'send').find((m) => m.bytes[4] === IPSET_CMD.ADD)!.bytes;
  const d = entryToAttrs('10.0.0.1', setType('hash:ip'), 'inet', parseEntryWords(splitWords('timeout 30 comment hello packets 1 bytes 2 skbmark 0x1/0xff')));
  // ipset writes the options in its own order; same values, same encoding.
  const data = { ip: d.ip, timeout: d.timeout, bytes: d.bytes, packets: d.packets, comment: d.comment, skbmark: d.skbmark, lineno: 0 };
  const w = new Writer();
  writeNfgen(w, 2);
  encodeAttrsInto(ipsetAttrsFor(IPSET_CMD.ADD), { protocol: 7, setname: 'test', data }, w);
  assert.deepEqual(w.take(), add.subarray(16));
  // And decoding it gives the same attributes back.
  const back = decodeAttrsAt(ipsetAttrsFor(IPSET_CMD.ADD), add, 16 + NFGEN_HDRLEN, add.length);
  assert.equal(formatEntryAttrs(back.data as never, setType('hash:ip'), 'inet'), '10.0.0.1 timeout 30 packets 1 bytes 2 comment "hello" skbmark 0x1/0xff');
});

test('capture: LIST reply decodes to ipset\'s own text', () => {
  const msgs = capture('ipset list test');
  const reply = msgs.filter((m) => m.dir === 'recv').find((m) => m.bytes[4] === IPSET_CMD.LIST)!.bytes;
  const payload = reply.subarray(16);
  assert.equal(readNfgen(payload).family, 2);
  const a = decodeAttrsAt(ipsetAttrsFor(IPSET_CMD.LIST), payload, NFGEN_HDRLEN, payload.length);
  const t = setType(String(a.typename));
  const h = headerFromAttrs(t, a.data as never, 'inet');
  assert.equal(formatHeader(t, h), 'family inet hashsize 1024 maxelem 65536 timeout 600 counters comment skbinfo bucketsize 12 initval 0x55725753');
  assert.equal(h.memsize, 382);
  const adt = a.adt as { data: never[] };
  assert.equal(formatEntryAttrs(adt.data[0]!, t, 'inet'), '10.0.0.1 timeout 29 packets 1 bytes 2 comment "hello" skbmark 0x1/0xff');
  // The fast reader agrees with the schema decoder.
  const it = new AttrIter(payload, NFGEN_HDRLEN, payload.length, ipsetAttrsFor(IPSET_CMD.LIST));
  const seen: string[] = [];
  while (it.next()) {
    if (it.type !== 8) continue; // IPSET_ATTR_ADT
    forEachMember(it.nested(adtAttrs), (d) => {
      const en = readEntry(d, t, 'inet');
      seen.push(`${en.elem} ${en.timeout} ${en.packets} ${en.bytes} ${en.comment} ${en.skbmark?.mark}/${en.skbmark?.mask}`);
    });
  }
  it.check();
  assert.deepEqual(seen, ['10.0.0.1 29 1 2 hello 1/255']);
});

test('capture: the kernel\'s "set type not supported" error maps to ipset\'s words', () => {
  const msgs = capture('ipset create nope hash:mac');
  const err = msgs.filter((m) => m.dir === 'recv').find((m) => m.bytes[4] === 2)!.bytes;
  const code = -new DataView(err.buffer, err.byteOffset).getInt32(16, true);
  assert.equal(code, 4098);
  assert.equal(ipsetErrorMessage(code, IPSET_CMD.TYPE, 'hash:mac'), 'Kernel error received: set type not supported');
});

test('member reader: a short field is an error naming its attribute path', () => {
  // LIST reply body: nfgenmsg, then ADT { DATA { IP { IPV4 with 2 bytes } } }.
  const ipv4 = [6, 0, 1 | 0x4000, 0, 10, 0, 0, 0]; // len 6: two bytes of address, padded
  const ip = [4 + ipv4.length, 0, 1 | 0x8000, 0, ...ipv4];
  const data = [4 + ip.length, 0, 7 | 0x8000, 0, ...ip];
  const adt = [4 + data.length, 0, 8 | 0x8000, 0, ...data];
  const payload = new Uint8Array([2, 0, 0, 0, ...adt]);
  const it = new AttrIter(payload, NFGEN_HDRLEN, payload.length, ipsetAttrsFor(IPSET_CMD.LIST));
  assert.ok(it.next());
  const adtIt = it.nested(adtAttrs);
  forEachMember(adtIt, (d) => readEntry(d, setType('hash:ip'), 'inet'));
  assert.match(String(adtIt.err?.message), /IPSET_ATTR_ADT › IPSET_ATTR_DATA › IPSET_ATTR_IP › IPSET_ATTR_IPADDR_IPV4: need 4 bytes, got 2/);
});

test('member reader: an address-only member read in place equals the walk of the same member with more in it', () => {
  // LIST bodies of one member each: ADT { DATA { IP { IPVx } [, TIMEOUT] } }.
  const a = (type: number, p: number[]) => { const len = 4 + p.length; const out = [len & 255, len >> 8, type & 255, type >> 8, ...p]; while (out.length % 4) out.push(0); return out; };
  const member = (ip: number[], v6: boolean, timeout: boolean) => {
    const data = [...a(1 | 0x8000, a((v6 ? 2 : 1) | 0x4000, ip)), ...(timeout ? a(6 | 0x4000, [0, 0, 1, 0]) : [])];
    return new Uint8Array([2, 0, 0, 0, ...a(8 | 0x8000, a(7 | 0x8000, data))]);
  };
  const read = (payload: Uint8Array, type: string, family: 'inet' | 'inet6') => {
    const it = new AttrIter(payload, NFGEN_HDRLEN, payload.length, ipsetAttrsFor(IPSET_CMD.LIST));
    assert.ok(it.next());
    const adtIt = it.nested(adtAttrs);
    const out: unknown[] = [];
    forEachMember(adtIt, (d) => out.push(readEntry(d, setType(type), family)));
    adtIt.check();
    return out;
  };
  const v4 = [192, 0, 2, 7], v6 = [0x20, 1, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 9], compat = [...new Array<number>(12).fill(0), 1, 2, 3, 4];
  for (const [ip, v, family, text] of [[v4, false, 'inet', '192.0.2.7'], [v6, true, 'inet6', '2001:db8::9'], [compat, true, 'inet6', '::1.2.3.4']] as const) {
    for (const type of ['hash:ip', 'bitmap:ip']) {
      if (type === 'bitmap:ip' && v) continue;
      const alone = read(member([...ip], v, false), type, family);
      assert.deepEqual(alone, [{ ip: text, elem: text }]);
      assert.deepEqual(Object.keys(alone[0]!), ['ip', 'elem']);
      // With a timeout the member goes the walking way: the same address and text, the option added.
      assert.deepEqual(read(member([...ip], v, true), type, family), [{ ip: text, timeout: 256, elem: text }]);
    }
  }
  // hash:net's element is not the address alone (cidr): never the in-place way.
  assert.deepEqual(read(member(v4, false, false), 'hash:net', 'inet'), [{ ip: '192.0.2.7', elem: '192.0.2.7' }]);
});

test('bulk fast path: the same DATA bytes as the schema encoder, and anything else left to it', () => {
  for (const [type, text] of [['hash:ip', '10.1.2.3'], ['hash:ip', '255.255.255.255'], ['hash:net', '192.168.0.0/16'], ['hash:net', '0.0.0.0/0'], ['hash:net', '1.2.3.4/32']] as const) {
    const fast = new Writer(64), slow = new Writer(64);
    assert.equal(writeFastV4(fast, text, 77), true, text);
    const attrs = entryToAttrs(text, setType(type), 'inet');
    attrs.lineno = 77;
    const at = slow.begin(BULK_ATTR.data | 0x8000);
    encodeAttrsInto(adtDataAttrs, attrs, slow);
    slow.end(at);
    assert.deepEqual(fast.buf.subarray(0, fast.pos), slow.buf.subarray(0, slow.pos), text);
  }
  for (const text of ['1.2.3', '1.2.3.4/', '1.2.3.4/33', '1.2.3.4/1x', '1.2.3.4/123', '1.2.3.4/-1', '1.2.3.4//1', '1.2/3.4', '01.2.3.4', '1.2.3.4x', '256.1.1.1', '::1', '']) {
    const w = new Writer(64);
    assert.equal(writeFastV4(w, text, 1), false, text);
    assert.equal(w.pos, 0, text);
  }
});
