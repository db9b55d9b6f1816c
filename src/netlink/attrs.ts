// Encoding and decoding of attributes by schema. Decoding works on views over
// the received bytes and checks every length before reading: a bad length is
// a DecodeError naming the attribute, never a read past the end.
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER } from './constants.js';
import { AttrIter } from './attr-iter.js';
import { DecodeError, EncodeError } from './errors.js';
import { AttrSet, type AttrSpec, type AttrValue, type Attrs, type AttrDef, type UnknownAttr } from './schema.js';
import { Writer } from './writer.js';
import { parseIPv4, parseIPv6, parseMac } from './addr.js';

const MAX_DEPTH = 32;
const textEncoder = new TextEncoder();

/**
 * Calls fn(type, flags, payloadStart, payloadEnd) for each attribute in buf[start, end).
 * A broken length throws the DecodeError the iterator recorded.
 */
export function forEachAttr(
  buf: Uint8Array,
  start: number,
  end: number,
  fn: (type: number, flags: number, at: number, stop: number) => void,
): void {
  const it = new AttrIter(buf, start, end);
  while (it.next()) fn(it.type, it.flags, it.start, it.stop);
  it.check();
}

/** Reads the current attribute of `it` as `spec` says. Problems are recorded in `it` (a zero value comes back). */
function decodeValue(spec: AttrSpec, it: AttrIter, depth: number): AttrValue {
  switch (spec.kind) {
    case 'u8': return it.u8();
    case 's8': return it.s8();
    case 'u16': return it.u16();
    case 's16': return it.s16();
    case 'be16': return it.be16();
    case 'u32': return it.u32();
    case 's32': return it.s32();
    case 'be32': return it.be32();
    case 'u64': return it.u64();
    case 's64': return it.s64();
    case 'be64': return it.be64();
    case 'string': return it.string();
    case 'strn': return it.strn();
    case 'binary': return it.bytes();
    case 'flag': return true;
    case 'ipv4': return it.ipv4();
    case 'ipv6': return it.ipv6();
    case 'ip': return it.ip();
    case 'mac': return it.mac();
    case 'nested': {
      const set = AttrSet.nestedOf(spec);
      if (!set) return it.fail('nested without a set'), undefined;
      return decodeWith(set, it.nested(set), depth + 1);
    }
    case 'array': {
      const el = spec.element;
      if (!el) return it.fail('array without an element'), undefined;
      const elSpec = elementSpec(spec, el);
      const out: AttrValue[] = [];
      const kids = it.nested((t) => `${spec.kernelName}[${t}]`);
      while (kids.next()) out.push(decodeValue(elSpec, kids, depth + 1));
      return out;
    }
    case 'custom':
      if (!spec.custom) return it.fail('custom without a codec'), undefined;
      try {
        return spec.custom.decode(it.view8()) as AttrValue;
      } catch (e) {
        if (e instanceof DecodeError) return it.fail(e.reason, it.start + e.offset), undefined;
        throw e;
      }
  }
}

const elementCache = new WeakMap<AttrSpec, AttrSpec>();
function elementSpec(spec: AttrSpec, el: AttrDef): AttrSpec {
  let s = elementCache.get(spec);
  if (!s) {
    s = { ...el[2], name: spec.name, kernelName: `${spec.kernelName}[]`, type: 0, kind: el[1] };
    elementCache.set(spec, s);
  }
  return s;
}

function decodeWith(set: AttrSet, it: AttrIter, depth: number): Attrs {
  const out: Attrs = {};
  if (depth > MAX_DEPTH) {
    it.fail(`attributes nested deeper than ${MAX_DEPTH}`);
    return out;
  }
  while (it.next()) {
    const spec = set.specs[it.type];
    if (!spec) {
      (out.$unknown ??= []).push({ type: it.type, flags: it.flags, data: it.bytes() });
      continue;
    }
    const value = decodeValue(spec, it, depth);
    if (spec.multi) {
      const list = out[spec.name] as AttrValue[] | undefined;
      if (list) list.push(value);
      else out[spec.name] = [value];
    } else {
      out[spec.name] = value;
    }
  }
  return out;
}

/**
 * Decodes the attributes in buf[start, end) with a schema. Throws the first DecodeError, whose message leads
 * with the attribute path ("IPSET_ATTR_ADT › IPSET_ATTR_DATA › IPSET_ATTR_IP: need 4 bytes, got 2").
 */
export function decodeAttrsAt(set: AttrSet, buf: Uint8Array, start: number, end: number, depth = 0): Attrs {
  const it = new AttrIter(buf, start, end, set);
  const out = decodeWith(set, it, depth);
  it.check();
  return out;
}

export function decodeAttrs(set: AttrSet, buf: Uint8Array): Attrs {
  return decodeAttrsAt(set, buf, 0, buf.length);
}

// ---- encoding ----

function toBigInt(spec: AttrSpec, v: AttrValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new EncodeError(`${spec.kernelName}: ${String(v)} is not an integer`);
}

function intRange(spec: AttrSpec, v: AttrValue, min: number, max: number): number {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && spec.enum) n = enumValue(spec, v);
  else if (typeof v === 'bigint') n = Number(v);
  else if (typeof v === 'boolean') n = v ? 1 : 0;
  else throw new EncodeError(`${spec.kernelName}: ${String(v)} is not an integer`);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new EncodeError(`${spec.kernelName}: ${String(v)} is out of range ${min}..${max}`);
  }
  return n;
}

function enumValue(spec: AttrSpec, name: string): number {
  for (const [k, v] of Object.entries(spec.enum ?? {})) if (v === name) return Number(k);
  throw new EncodeError(`${spec.kernelName}: unknown value '${name}'`);
}

function encodeValue(spec: AttrSpec, v: AttrValue, w: Writer, depth: number): void {
  switch (spec.kind) {
    case 'u8': w.u8(intRange(spec, v, 0, 0xff)); return;
    case 's8': w.s8(intRange(spec, v, -0x80, 0x7f)); return;
    case 'u16': w.u16(intRange(spec, v, 0, 0xffff)); return;
    case 's16': w.s16(intRange(spec, v, -0x8000, 0x7fff)); return;
    case 'be16': w.u16(intRange(spec, v, 0, 0xffff), true); return;
    case 'u32': w.u32(intRange(spec, v, 0, 0xffffffff)); return;
    case 's32': w.s32(intRange(spec, v, -0x80000000, 0x7fffffff)); return;
    case 'be32': w.u32(intRange(spec, v, 0, 0xffffffff), true); return;
    case 'u64': case 'be64': {
      const b = toBigInt(spec, v);
      if (b < 0n || b > 0xffffffffffffffffn) throw new EncodeError(`${spec.kernelName}: ${b} is out of range for u64`);
      w.u64(b, spec.kind === 'be64');
      return;
    }
    case 's64': w.s64(toBigInt(spec, v)); return;
    case 'string': case 'strn': {
      if (typeof v !== 'string') throw new EncodeError(`${spec.kernelName}: expected a string, got ${typeof v}`);
      w.bytes(textEncoder.encode(v));
      if (spec.kind === 'string') w.u8(0);
      return;
    }
    case 'binary':
      if (!(v instanceof Uint8Array)) throw new EncodeError(`${spec.kernelName}: expected bytes (Uint8Array)`);
      w.bytes(v);
      return;
    case 'flag':
      return;
    case 'ipv4':
      if (typeof v !== 'string') throw new EncodeError(`${spec.kernelName}: expected an IPv4 address string`);
      w.bytes(parseIPv4(v));
      return;
    case 'ipv6':
      if (typeof v !== 'string') throw new EncodeError(`${spec.kernelName}: expected an IPv6 address string`);
      w.bytes(parseIPv6(v));
      return;
    case 'ip':
      if (typeof v !== 'string') throw new EncodeError(`${spec.kernelName}: expected an address string`);
      w.bytes(v.includes(':') ? parseIPv6(v) : parseIPv4(v));
      return;
    case 'mac':
      if (typeof v === 'string') w.bytes(parseMac(v));
      else if (v instanceof Uint8Array && v.length === 6) w.bytes(v);
      else throw new EncodeError(`${spec.kernelName}: expected a MAC address`);
      return;
    case 'nested': {
      const set = AttrSet.nestedOf(spec);
      if (!set || typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
        throw new EncodeError(`${spec.kernelName}: expected an object of attributes`);
      }
      encodeAttrsInto(set, v as Attrs, w, depth + 1);
      return;
    }
    case 'array': {
      if (!Array.isArray(v) || !spec.element) throw new EncodeError(`${spec.kernelName}: expected an array`);
      const el = elementSpec(spec, spec.element);
      const base = spec.base ?? 1;
      (v as AttrValue[]).forEach((item, i) => writeAttr(el, base + i, item, w, depth + 1));
      return;
    }
    case 'custom':
      if (!spec.custom) throw new EncodeError(`${spec.kernelName}: custom without a codec`);
      spec.custom.encode(v, w);
      return;
  }
}

function writeAttr(spec: AttrSpec, type: number, v: AttrValue, w: Writer, depth: number): void {
  let t = type;
  if ((spec.kind === 'nested' || spec.kind === 'array') && spec.nestedFlag !== false) t |= NLA_F_NESTED;
  if (spec.netorder) t |= NLA_F_NET_BYTEORDER;
  const at = w.begin(t);
  encodeValue(spec, v, w, depth);
  w.end(at);
}

/** Writes attributes of an object by schema. Keys the schema lacks are an error; `$unknown` entries are written as given. */
export function encodeAttrsInto(set: AttrSet, attrs: Attrs, w: Writer, depth = 0): void {
  if (depth > MAX_DEPTH) throw new EncodeError(`attributes nested deeper than ${MAX_DEPTH}`);
  for (const key of Object.keys(attrs)) {
    const v = attrs[key];
    if (v === undefined) continue;
    if (key === '$unknown') {
      for (const u of v as UnknownAttr[]) {
        const at = w.begin(u.type | u.flags);
        w.bytes(u.data);
        w.end(at);
      }
      continue;
    }
    const spec = set.byName.get(key);
    if (!spec) throw new EncodeError(`${set.name}: unknown attribute '${key}'`);
    if (spec.kind === 'flag' && v === false) continue;
    if (spec.multi) {
      if (!Array.isArray(v)) throw new EncodeError(`${spec.kernelName}: expected an array (repeated attribute)`);
      for (const item of v as AttrValue[]) writeAttr(spec, spec.type, item, w, depth);
    } else {
      writeAttr(spec, spec.type, v, w, depth);
    }
  }
}

export function encodeAttrs(set: AttrSet, attrs: Attrs): Uint8Array {
  const w = new Writer(256);
  encodeAttrsInto(set, attrs, w);
  return w.take();
}
