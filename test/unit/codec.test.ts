// The attribute codec: every kind round-trips, and no input makes the decoder
// throw anything but DecodeError (or read out of bounds, or loop).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attrSet, type Attrs } from '../../src/netlink/schema.js';
import { decodeAttrs, encodeAttrs } from '../../src/netlink/attrs.js';
import { DecodeError, EncodeError } from '../../src/netlink/errors.js';
import { encodeMessage, parseError, parseMessages } from '../../src/netlink/message.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER } from '../../src/netlink/constants.js';
import { formatIPv4, formatIPv6, intToIPv4, ipv4ToInt, parseIPv4, parseIPv6 } from '../../src/netlink/addr.js';

const inner = attrSet('test.inner', 'TI_', {
  1: ['name', 'string'],
  2: ['value', 'u32'],
});

const all = attrSet('test', 'T_', {
  1: ['u8', 'u8'], 2: ['u16', 'u16'], 3: ['u32', 'u32'], 4: ['u64', 'u64'],
  5: ['s8', 's8'], 6: ['s16', 's16'], 7: ['s32', 's32'], 8: ['s64', 's64'],
  9: ['be16', 'be16', { netorder: true }], 10: ['be32', 'be32', { netorder: true }], 11: ['be64', 'be64'],
  12: ['str', 'string'], 13: ['strn', 'strn'], 14: ['bin', 'binary'], 15: ['flag', 'flag'],
  16: ['v4', 'ipv4'], 17: ['v6', 'ipv6'], 18: ['ip', 'ip'], 19: ['mac', 'mac'],
  20: ['nest', 'nested', { set: inner }],
  21: ['arr', 'array', { element: ['x', 'u16'] }],
  22: ['many', 'u32', { multi: true }],
  23: ['nests', 'array', { element: ['n', 'nested', { set: inner }] }],
});

const sample: Attrs = {
  u8: 255, u16: 65535, u32: 4294967295, u64: 2n ** 64n - 1n,
  s8: -128, s16: -32768, s32: -2147483648, s64: -(2n ** 63n),
  be16: 0x1234, be32: 0xdeadbeef, be64: 0x0102030405060708n,
  str: 'hello', strn: 'raw', bin: Uint8Array.from([1, 2, 3]), flag: true,
  v4: '192.0.2.1', v6: '2001:db8::1', ip: '10.0.0.1', mac: '02:00:00:00:01:ff',
  nest: { name: 'x', value: 7 }, arr: [1, 2, 3], many: [5, 6],
  nests: [{ name: 'a', value: 1 }, { name: 'b', value: 2 }],
};

test('every attribute kind round-trips', () => {
  const bytes = encodeAttrs(all, sample);
  const back = decodeAttrs(all, bytes);
  assert.deepEqual(back, sample);
});

test('byte order and flags on the wire', () => {
  const b = encodeAttrs(all, { be32: 0x01020304, nest: { value: 1 }, u32: 0x01020304 });
  const v = new DataView(b.buffer);
  // be32: NLA_F_NET_BYTEORDER set, payload big-endian
  assert.equal(v.getUint16(2, true), 10 | NLA_F_NET_BYTEORDER);
  assert.deepEqual([...b.subarray(4, 8)], [1, 2, 3, 4]);
  // nested: NLA_F_NESTED set
  assert.equal(v.getUint16(10, true), 20 | NLA_F_NESTED);
  // u32: host (little-endian) order
  assert.deepEqual([...b.subarray(b.length - 4)], [4, 3, 2, 1]);
});

test('unknown attributes are kept by number and written back', () => {
  const withUnknown = Uint8Array.from([8, 0, 99, 0, 1, 2, 3, 4, 5, 0, 1, 0, 7, 0, 0, 0]);
  const d = decodeAttrs(all, withUnknown);
  assert.equal(d.u8, 7);
  assert.deepEqual(d.$unknown, [{ type: 99, flags: 0, data: Uint8Array.from([1, 2, 3, 4]) }]);
  assert.deepEqual(encodeAttrs(all, d), withUnknown);
});

test('u64 values beyond 2^53 stay exact as bigint, small ones are numbers', () => {
  const d = decodeAttrs(all, encodeAttrs(all, { u64: 5 }));
  assert.equal(d.u64, 5);
  const big = decodeAttrs(all, encodeAttrs(all, { u64: 2n ** 60n + 1n }));
  assert.equal(big.u64, 2n ** 60n + 1n);
});

test('bad values are rejected before encoding, naming the value', () => {
  assert.throws(() => encodeAttrs(all, { u8: 256 }), (e: Error) => e instanceof EncodeError && /T_U8.*256/.test(e.message));
  assert.throws(() => encodeAttrs(all, { v4: '300.1.1.1' }), /'300.1.1.1' is not a valid IPv4 address/);
  assert.throws(() => encodeAttrs(all, { mac: 'zz:00' }), /'zz:00' is not a valid MAC address/);
  assert.throws(() => encodeAttrs(all, { nope: 1 }), /unknown attribute 'nope'/);
});

test('a bad length is a DecodeError naming the attribute, never a read past the end', () => {
  assert.throws(() => decodeAttrs(all, Uint8Array.from([8, 0, 3, 0, 1, 2])), DecodeError);
  assert.throws(() => decodeAttrs(all, Uint8Array.from([6, 0, 3, 0, 1, 2, 0, 0])), /T_U32: need 4 bytes, got 2/);
  assert.throws(() => decodeAttrs(all, Uint8Array.from([2, 0, 3, 0])), /shorter than its header/);
});

test('IPv6 text follows RFC 5952', () => {
  for (const [input, out] of [
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::', '::'], ['::1', '::1'], ['fe80::1:0:0:1', 'fe80::1:0:0:1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'], ['1:0:3:4:5:6:7:8', '1:0:3:4:5:6:7:8'],
  ] as const) {
    assert.equal(formatIPv6(parseIPv6(input)), out, input);
  }
  assert.throws(() => parseIPv6('1::2::3'), /not a valid IPv6/);
});

test('IPv4 text from bytes: every octet value in every position, and at an offset', () => {
  const b = new Uint8Array(6);
  for (let v = 0; v < 256; v++) {
    for (let pos = 0; pos < 4; pos++) {
      b.fill(0);
      b[2 + pos] = v;
      const n = (v << (8 * (3 - pos))) >>> 0;
      assert.equal(formatIPv4(b, 2), intToIPv4(n));
    }
  }
  assert.equal(formatIPv4(Uint8Array.from([255, 255, 255, 255])), '255.255.255.255');
  assert.equal(formatIPv4(Uint8Array.from([10, 0, 100, 9])), '10.0.100.9');
});

test('NLMSG_ERROR with extended ack: errno, message, offset', () => {
  // error -22, capped request header, then NLMSGERR_ATTR_MSG "bad" and NLMSGERR_ATTR_OFFS 20
  const payload = new Uint8Array(4 + 16 + 8 + 8);
  const v = new DataView(payload.buffer);
  v.setInt32(0, -22, true);
  v.setUint32(4, 40, true); v.setUint16(8, 0x10, true); v.setUint32(12, 77, true);
  v.setUint16(20, 8, true); v.setUint16(22, 1, true); payload.set([98, 97, 100, 0], 24);
  v.setUint16(28, 8, true); v.setUint16(30, 2, true); v.setUint32(32, 20, true);
  const msg = encodeMessage({ type: 2, flags: 0x300, seq: 77, pid: 1 }, payload);
  const [m] = parseMessages(msg);
  const e = parseError(m!);
  assert.equal(e.error, -22);
  assert.equal(e.message, 'bad');
  assert.equal(e.offset, 20);
  assert.equal(e.request?.seq, 77);
});

test('property: random bytes never throw anything but DecodeError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      for (const f of [() => decodeAttrs(all, bytes), () => parseMessages(bytes)]) {
        try {
          f();
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }
    }),
    { numRuns: 20000 },
  );
});

test('property: every truncation of a valid encoding fails cleanly or decodes', () => {
  fc.assert(
    fc.property(
      fc.record({ u32: fc.nat(), str: fc.string({ maxLength: 20 }), arr: fc.array(fc.nat({ max: 65535 }), { maxLength: 5 }), nest: fc.record({ value: fc.nat() }) }),
      fc.nat(),
      (obj, cut) => {
        const full = encodeAttrs(all, obj as Attrs);
        const part = full.subarray(0, cut % (full.length + 1));
        try {
          decodeAttrs(all, part);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      },
    ),
    { numRuns: 5000 },
  );
});

test('property: encode then decode is the identity for generated values', () => {
  fc.assert(
    fc.property(
      fc.record({
        u16: fc.nat({ max: 65535 }), s32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), str: fc.string({ maxLength: 30 }).filter((s) => !s.includes('\0')),
        v4: fc.ipV4(), mac: fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':')),
        many: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
      }),
      (obj) => {
        assert.deepEqual(decodeAttrs(all, encodeAttrs(all, obj as Attrs)), { ...obj });
      },
    ),
    { numRuns: 2000 },
  );
});

test('zeros after the last message are padding (iproute2 pads its requests), other trailing bytes are not', () => {
  const m = encodeMessage({ type: 18, flags: 0x301, seq: 1, pid: 0 }, Uint8Array.from([1, 2, 3, 4]));
  const padded = new Uint8Array(m.length + 64);
  padded.set(m);
  assert.equal(parseMessages(padded).length, 1);
  const junk = Uint8Array.from(padded);
  junk[m.length + 10] = 1;
  assert.throws(() => parseMessages(junk), /shorter than the netlink header/);
});

test('ipv4ToInt (the bulk encoder\'s parser) agrees with the strict parseIPv4 on good and bad text', () => {
  // The reference: parseIPv4's regular expression, as a number, or -1 where it throws.
  const ref = (t: string): number => {
    try {
      const b = parseIPv4(t);
      return b[0]! * 2 ** 24 + b[1]! * 65536 + b[2]! * 256 + b[3]!;
    } catch {
      return -1;
    }
  };
  for (const t of ['0.0.0.0', '255.255.255.255', '10.0.0.1', '1.2.3', '1.2.3.4.', '.1.2.3', '01.2.3.4', '1.02.3.4', '1.2.3.04',
    '256.1.1.1', '1.1.1.256', '1..2.3', '1.2.3.4a', 'a1.2.3.4', '', '1.2.3.1000', '1.2.3.-1', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4/24', '100.200.250.255']) {
    assert.equal(ipv4ToInt(t), ref(t), t);
  }
  // Any text made of digits and dots.
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.'), maxLength: 16 }), (t) => ipv4ToInt(t) === ref(t)));
  // Any address.
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => ipv4ToInt(intToIPv4(n)) === n));
  // The end argument: the text before a /cidr.
  assert.equal(ipv4ToInt('10.1.2.3/24', 8), 0x0a010203);
  assert.equal(ipv4ToInt('10.1.2.3/24', 7), ref('10.1.2.'));
});
