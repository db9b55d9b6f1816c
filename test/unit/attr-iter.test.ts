// The one attribute reader: framing never throws, typed reads check widths,
// errors carry the attribute path and stick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AttrIter } from '../../src/netlink/attr-iter.js';
import { decodeAttrsAt } from '../../src/netlink/attrs.js';
import { encodeAttrs } from '../../src/netlink/attrs.js';
import { DecodeError } from '../../src/netlink/errors.js';
import { IPSET_CMD, ipsetAttrsFor } from '../../src/ipset/schema.js';

/** One attribute: header, payload, padding. */
function attr(type: number, payload: number[] | Uint8Array): number[] {
  const p = [...payload];
  const len = 4 + p.length;
  const out = [len & 0xff, len >> 8, type & 0xff, type >> 8, ...p];
  while (out.length % 4) out.push(0);
  return out;
}

test('walks attributes, with types, flags and payload bounds', () => {
  const buf = Uint8Array.from([...attr(1, [7]), ...attr(0x8002, attr(3, [1, 0, 0, 0])), ...attr(0x4004, [0, 80])]);
  const it = new AttrIter(buf);
  const seen: [number, number, number][] = [];
  while (it.next()) seen.push([it.type, it.flags, it.len]);
  assert.deepEqual(seen, [[1, 0, 1], [2, 0x8000, 8], [4, 0x4000, 2]]);
  assert.equal(it.err, undefined);
  assert.equal(it.offset, buf.length);
});

test('typed reads: little and big endian, 64-bit in 4 or 8 bytes, addresses, strings', () => {
  const buf = Uint8Array.from([
    ...attr(1, [0x34, 0x12]), ...attr(2, [0x12, 0x34]), ...attr(3, [5, 0, 0, 0]),
    ...attr(4, [1, 0, 0, 0, 0, 0, 0x10, 0]), ...attr(5, [192, 0, 2, 1]), ...attr(6, [...Buffer.from('eth0'), 0]),
    ...attr(7, [2, 0, 0, 0, 0, 1]),
  ]);
  const it = new AttrIter(buf);
  const got: unknown[] = [];
  while (it.next()) {
    switch (it.type) {
      case 1: got.push(it.u16()); break;
      case 2: got.push(it.be16()); break;
      case 3: got.push(it.u64()); break;
      case 4: got.push(it.u64()); break;
      case 5: got.push(it.ipv4(), it.ip()); break;
      case 6: got.push(it.string(), it.strn()); break;
      case 7: got.push(it.mac()); break;
    }
  }
  assert.deepEqual(got, [0x1234, 0x1234, 5, 2 ** 52 + 1, '192.0.2.1', '192.0.2.1', 'eth0', 'eth0\0', '02:00:00:00:00:01']);
  assert.equal(it.err, undefined);
});

test('a short field records "need N bytes, got M" with the path, returns 0 and lets reading go on', () => {
  const inner = attr(3, [1, 2]);
  const buf = Uint8Array.from([...attr(0x8001, inner), ...attr(2, [9, 0, 0, 0])]);
  const names = (t: number): string | undefined => ({ 1: 'OUTER', 2: 'NEXT' } as Record<number, string>)[t];
  const it = new AttrIter(buf, 0, buf.length, names);
  let inside = -1;
  let next = -1;
  while (it.next()) {
    if (it.type === 1) for (const k = it.nested((t) => (t === 3 ? 'INNER' : undefined)); k.next();) inside = k.u32();
    else next = it.u32();
  }
  assert.equal(inside, 0);
  assert.equal(next, 9, 'reading goes on after a bad field');
  assert.ok(it.err instanceof DecodeError);
  assert.equal(it.err.message, 'OUTER › INNER: need 4 bytes, got 2 (at byte 4)');
  assert.deepEqual(it.err.path, ['OUTER', 'INNER']);
});

test('nested() can re-point an iterator it made before: same walk, path and errors as a new one', () => {
  // Three members: DATA { IP 4 bytes }, DATA { IP 2 bytes: short }, DATA { IP 4 bytes }.
  const buf = Uint8Array.from([
    ...attr(0x8007, attr(1, [10, 0, 0, 1])), ...attr(0x8007, attr(1, [10, 0])), ...attr(0x8007, attr(1, [10, 0, 0, 3])),
  ]);
  const names = (t: number): string | undefined => ({ 7: 'DATA', 1: 'IP' } as Record<number, string>)[t];
  const walk = (reuse: boolean): { ips: string[]; err?: string; iters: Set<AttrIter> } => {
    const it = new AttrIter(buf, 0, buf.length, names);
    const iters = new Set<AttrIter>();
    let d: AttrIter | undefined;
    const ips: string[] = [];
    while (it.next()) {
      d = it.nested(names, reuse ? d : undefined);
      iters.add(d);
      while (d.next()) ips.push(d.ipv4());
    }
    return { ips, err: it.err?.message, iters };
  };
  const fresh = walk(false), reused = walk(true);
  assert.deepEqual(reused.ips, ['10.0.0.1', '', '10.0.0.3']);
  assert.deepEqual(reused.ips, fresh.ips);
  assert.equal(reused.err, fresh.err);
  assert.match(String(reused.err), /DATA › IP: need 4 bytes, got 2/);
  assert.equal(fresh.iters.size, 3);
  assert.equal(reused.iters.size, 1);
  // An iterator made by another parent is not taken over: a new one comes back.
  const other = new AttrIter(buf, 0, buf.length, names);
  other.next();
  const foreign = other.nested(names);
  const it = new AttrIter(buf, 0, buf.length, names);
  it.next();
  const mine = it.nested(names, foreign);
  assert.notEqual(mine, foreign);
  assert.ok(mine.next());
  assert.equal(mine.ipv4(), '10.0.0.1');
});

test('a broken length ends the walk without throwing, and says where', () => {
  const it = new AttrIter(Uint8Array.from([...attr(1, [1, 0, 0, 0]), 40, 0, 2, 0, 0, 0, 0, 0]));
  assert.equal(it.next(), true);
  assert.equal(it.next(), false);
  assert.equal(it.truncated, true);
  assert.match(it.err!.message, /attribute type 2 of length 40 runs past its container \(8 bytes left\) \(at byte 8\)/);
  assert.equal(it.next(), false, 'stays stopped');
  const short = new AttrIter(Uint8Array.from([2, 0, 1, 0]));
  assert.equal(short.next(), false);
  assert.match(short.err!.message, /length 2 is shorter than its header/);
});

test('trailing bytes shorter than a header are padding', () => {
  const it = new AttrIter(Uint8Array.from([...attr(1, [1, 0, 0, 0]), 0, 0]));
  assert.equal(it.next(), true);
  assert.equal(it.next(), false);
  assert.equal(it.err, undefined);
});

test('the codec names the whole path: IPSET_ATTR_ADT › IPSET_ATTR_DATA › IPSET_ATTR_IP', () => {
  const adtSet = ipsetAttrsFor(IPSET_CMD.ADD);
  const good = encodeAttrs(adtSet, { protocol: 7, setname: 's', adt: { data: [{ ip: { ipv4: '192.0.2.1' } }] } } as never);
  // Shorten IPSET_ATTR_IPADDR_IPV4 from 4 bytes of payload to 2 (its padding keeps every other length right).
  const bad = Uint8Array.from(good);
  const hdr = good.lastIndexOf(192) - 4;
  assert.equal(bad[hdr], 8);
  bad[hdr] = 6;
  assert.throws(() => decodeAttrsAt(adtSet, bad, 0, bad.length), (e: Error) => {
    assert.ok(e instanceof DecodeError);
    assert.match(e.message, /^IPSET_ATTR_ADT › IPSET_ATTR_DATA › IPSET_ATTR_IP › IPSET_ATTR_IPADDR_IPV4: need 4 bytes, got 2/);
    return true;
  });
});

test('fuzz: random bytes never throw from next() or typed reads, and never read out of bounds', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => {
      const walk = (it: AttrIter, depth: number): void => {
        while (it.next()) {
          assert.ok(it.start >= 0 && it.stop <= bytes.length && it.start <= it.stop);
          it.u8(); it.u16(); it.u32(); it.u64(); it.be16(); it.ip(); it.string(); it.mac();
          if (depth < 4) walk(it.nested(), depth + 1);
        }
      };
      walk(new AttrIter(bytes), 0);
    }),
    { numRuns: 5000 },
  );
});

test('text reads match UTF-8 decoding for short and long, ASCII and not, cut at NUL or not', () => {
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  const cases = [
    [], [0x6e, 0x6c, 0x38, 0x30, 0x32, 0x31, 0x31], [0x63, 0x61, 0x66, 0xc3, 0xa9], [0xff, 0x41], [0xc3],
    [...Buffer.from('a string of more than thirty-two ASCII bytes')], [...Buffer.from('thirty-two bytes, exactly: 0123')],
  ];
  for (const text of cases) {
    for (const tail of [[], [0], [0, 0x42, 0x43]]) {
      const it = new AttrIter(Uint8Array.from(attr(1, [...text, ...tail])));
      assert.ok(it.next());
      const payload = Uint8Array.from([...text, ...tail]);
      assert.equal(it.string(), utf8.decode(Uint8Array.from(text)), `string() of ${JSON.stringify(text)} + ${JSON.stringify(tail)}`);
      assert.equal(it.strn(), utf8.decode(payload), `strn() of ${JSON.stringify(text)} + ${JSON.stringify(tail)}`);
    }
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
      const it = new AttrIter(Uint8Array.from(attr(1, bytes)));
      assert.ok(it.next());
      const nul = bytes.indexOf(0);
      assert.equal(it.string(), utf8.decode(nul >= 0 ? bytes.subarray(0, nul) : bytes));
      assert.equal(it.strn(), utf8.decode(bytes));
    }),
    { numRuns: 3000 },
  );
});

test('short ASCII texts read again come from a cache checked byte by byte: repeats, slot collisions, bytes changed in place', () => {
  // 2^1..2^9 texts over 'ab' of lengths 1..9: many more than the cache's 256 slots, so texts of one
  // length share slots; each is read twice in a shuffled order.
  const texts: string[] = [];
  for (let n = 1; n <= 9; n++) for (let v = 0; v < 1 << n; v++) texts.push(v.toString(2).padStart(n, '0').replace(/0/g, 'a').replace(/1/g, 'b'));
  let seed = 7;
  const order = [...texts, ...texts].map((t) => [t, (seed = (seed * 1103515245 + 12345) & 0x7fffffff)] as const).sort((x, y) => x[1] - y[1]);
  for (const [t] of order) {
    const it = new AttrIter(Uint8Array.from(attr(1, [...Buffer.from(t), 0, 0x41])));
    assert.ok(it.next());
    assert.equal(it.string(), t);
    assert.equal(it.strn(), `${t}\0A`);
  }
  // One buffer read, changed, read again: the same position and length give the new text.
  const buf = Uint8Array.from(attr(1, [...Buffer.from('wlan0'), 0]));
  const it = new AttrIter(buf);
  assert.ok(it.next());
  assert.equal(it.string(), 'wlan0');
  buf[8] = 0x31;
  assert.equal(it.string(), 'wlan1');
  buf[5] = 0xe9;
  assert.equal(it.string(), 'w\ufffdan1');
});

test('64-bit reads match DataView: a number when a safe integer, else a bigint; 4-byte values too', () => {
  const exact = (b: bigint): number | bigint => (b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : b);
  const edges = [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n,
    2n ** 64n - (2n ** 53n - 1n), 2n ** 64n - 2n ** 53n, 2n ** 64n - 2n ** 53n - 1n, 2n ** 64n - 2n ** 32n];
  const check = (payload: Uint8Array) => {
    const it = new AttrIter(Uint8Array.from(attr(1, payload)));
    assert.ok(it.next());
    const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    if (payload.length === 8) {
      assert.equal(it.u64(), exact(v.getBigUint64(0, true)), `u64 of ${Buffer.from(payload).toString('hex')}`);
      assert.equal(it.s64(), exact(v.getBigInt64(0, true)), `s64 of ${Buffer.from(payload).toString('hex')}`);
      assert.equal(it.be64(), exact(v.getBigUint64(0, false)), `be64 of ${Buffer.from(payload).toString('hex')}`);
    } else {
      assert.equal(it.u64(), v.getUint32(0, true));
      assert.equal(it.s64(), v.getInt32(0, true));
      assert.equal(it.be64(), v.getUint32(0, false));
    }
  };
  for (const e of edges) {
    const p = new Uint8Array(8);
    new DataView(p.buffer).setBigUint64(0, e, true);
    check(p);
    new DataView(p.buffer).setBigUint64(0, e, false);
    check(p);
  }
  fc.assert(fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (p) => check(p)), { numRuns: 3000 });
  fc.assert(fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (p) => check(p)), { numRuns: 500 });
});

test('wrapped(): steps into DATA › IP › IPV4 in place and the walk goes on; anything else moves nothing', () => {
  const member = (inner: number[]) => attr(0x8007, inner);
  const v4 = attr(0x8001, attr(0x4001, [10, 1, 2, 3]));
  const buf = Uint8Array.from([...member(v4), ...attr(9, [5])]);
  const it = new AttrIter(buf);
  assert.ok(it.next());
  assert.equal(it.wrapped(1, 1, 4), true);
  assert.deepEqual([it.type, it.flags, it.len, it.ipv4()], [1, 0x4000, 4, '10.1.2.3']);
  assert.ok(it.next());
  assert.deepEqual([it.type, it.u8()], [9, 5]);
  assert.equal(it.err, undefined);

  const cases: [string, number[]][] = [
    ['another outer type', attr(0x8002, attr(0x4001, [10, 1, 2, 3]))],
    ['another inner type', attr(0x8001, attr(0x4002, [10, 1, 2, 3]))],
    ['a short inner value', attr(0x8001, attr(0x4001, [10, 1]))],
    ['a second inner attribute', attr(0x8001, [...attr(0x4001, [10, 1, 2, 3]), ...attr(3, [1])])],
    ['a second outer attribute', [...attr(0x8001, attr(0x4001, [10, 1, 2, 3])), ...attr(6, [0, 0, 0, 9])]],
    ['an empty payload', []],
  ];
  for (const [what, inner] of cases) {
    const b = Uint8Array.from(member(inner));
    const m = new AttrIter(b);
    assert.ok(m.next());
    const before = [m.type, m.flags, m.start, m.stop];
    assert.equal(m.wrapped(1, 1, 4), false, what);
    assert.deepEqual([m.type, m.flags, m.start, m.stop], before, `${what}: nothing moved`);
    assert.equal(m.next(), false, what);
  }
});
