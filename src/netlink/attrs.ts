// Encoding and decoding of attributes by schema. Decoding works on views over
// the received bytes and checks every length before reading: a bad length is
// a DecodeError naming the attribute, never a read past the end.
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK, align4 } from './constants.js';
import { DecodeError, EncodeError } from './errors.js';
import { AttrSet, type AttrSpec, type AttrValue, type Attrs, type AttrDef, type UnknownAttr } from './schema.js';
import { Writer } from './writer.js';
import { formatIPv4, formatIPv6, formatMac, parseIPv4, parseIPv6, parseMac } from './addr.js';

const MAX_DEPTH = 32;
const textDecoder = new TextDecoder('utf-8', { fatal: false });
const textEncoder = new TextEncoder();

function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Calls fn(type, flags, payloadStart, payloadEnd) for each attribute in buf[start, end). */
export function forEachAttr(
  buf: Uint8Array,
  start: number,
  end: number,
  fn: (type: number, flags: number, at: number, stop: number) => void,
): void {
  const view = viewOf(buf);
  let at = start;
  while (at + NLA_HDRLEN <= end) {
    const len = view.getUint16(at, true);
    const raw = view.getUint16(at + 2, true);
    if (len < NLA_HDRLEN) throw new DecodeError(`attribute length ${len} is shorter than its header`, at);
    if (at + len > end) throw new DecodeError(`attribute type ${raw & NLA_TYPE_MASK} of length ${len} runs past its container (${end - at} bytes left)`, at);
    fn(raw & NLA_TYPE_MASK, raw & (NLA_F_NESTED | NLA_F_NET_BYTEORDER), at + NLA_HDRLEN, at + len);
    at += align4(len);
  }
  // Trailing bytes shorter than a header are padding at most; anything else is malformed.
  if (at < end && end - at >= NLA_HDRLEN) throw new DecodeError('trailing bytes after attributes', at);
}

function need(spec: AttrSpec | { kernelName: string }, len: number, want: number, at: number): void {
  if (len < want) throw new DecodeError(`${spec.kernelName}: payload of ${len} bytes, expected ${want}`, at);
}

/** Reads an integer kind; u64/s64 become numbers when exact, bigints otherwise. */
function readInt(kind: string, view: DataView, at: number, len: number, spec: AttrSpec): number | bigint {
  switch (kind) {
    case 'u8': need(spec, len, 1, at); return view.getUint8(at);
    case 's8': need(spec, len, 1, at); return view.getInt8(at);
    case 'u16': need(spec, len, 2, at); return view.getUint16(at, true);
    case 's16': need(spec, len, 2, at); return view.getInt16(at, true);
    case 'be16': need(spec, len, 2, at); return view.getUint16(at, false);
    case 'u32': need(spec, len, 4, at); return view.getUint32(at, true);
    case 's32': need(spec, len, 4, at); return view.getInt32(at, true);
    case 'be32': need(spec, len, 4, at); return view.getUint32(at, false);
    case 'u64': case 's64': case 'be64': {
      // The kernel sometimes sends a 64-bit attribute in 4 bytes (nla_put_u32 for small values).
      if (len === 4) return kind === 'be64' ? view.getUint32(at, false) : kind === 's64' ? view.getInt32(at, true) : view.getUint32(at, true);
      need(spec, len, 8, at);
      const v = kind === 'u64' ? view.getBigUint64(at, true) : kind === 's64' ? view.getBigInt64(at, true) : view.getBigUint64(at, false);
      return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
    }
  }
  throw new DecodeError(`${spec.kernelName}: not an integer kind ${kind}`, at);
}

function decodeValue(spec: AttrSpec, buf: Uint8Array, view: DataView, at: number, stop: number, depth: number): AttrValue {
  const len = stop - at;
  switch (spec.kind) {
    case 'u8': case 's8': case 'u16': case 's16': case 'be16': case 'u32': case 's32': case 'be32':
    case 'u64': case 's64': case 'be64':
      return readInt(spec.kind, view, at, len, spec);
    case 'string': {
      let e = stop;
      const nul = buf.indexOf(0, at);
      if (nul >= 0 && nul < stop) e = nul;
      return textDecoder.decode(buf.subarray(at, e));
    }
    case 'strn':
      return textDecoder.decode(buf.subarray(at, stop));
    case 'binary':
      return buf.slice(at, stop);
    case 'flag':
      return true;
    case 'ipv4':
      need(spec, len, 4, at);
      return formatIPv4(buf, at);
    case 'ipv6':
      need(spec, len, 16, at);
      return formatIPv6(buf, at);
    case 'ip':
      if (len === 4) return formatIPv4(buf, at);
      if (len === 16) return formatIPv6(buf, at);
      throw new DecodeError(`${spec.kernelName}: an address of ${len} bytes`, at);
    case 'mac':
      need(spec, len, 6, at);
      return formatMac(buf, at);
    case 'nested': {
      const set = AttrSet.nestedOf(spec);
      if (!set) throw new DecodeError(`${spec.kernelName}: nested without a set`, at);
      return decodeAttrsAt(set, buf, at, stop, depth + 1);
    }
    case 'array': {
      const el = spec.element;
      if (!el) throw new DecodeError(`${spec.kernelName}: array without an element`, at);
      const elSpec = elementSpec(spec, el);
      const out: AttrValue[] = [];
      forEachAttr(buf, at, stop, (_type, _flags, a, s) => {
        out.push(decodeValue(elSpec, buf, view, a, s, depth + 1));
      });
      return out;
    }
    case 'custom':
      if (!spec.custom) throw new DecodeError(`${spec.kernelName}: custom without a codec`, at);
      return spec.custom.decode(buf.subarray(at, stop)) as AttrValue;
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

/** Decodes the attributes in buf[start, end) with a schema. */
export function decodeAttrsAt(set: AttrSet, buf: Uint8Array, start: number, end: number, depth = 0): Attrs {
  if (depth > MAX_DEPTH) throw new DecodeError(`attributes nested deeper than ${MAX_DEPTH}`, start);
  const out: Attrs = {};
  const view = viewOf(buf);
  forEachAttr(buf, start, end, (type, flags, at, stop) => {
    const spec = set.specs[type];
    if (!spec) {
      (out.$unknown ??= []).push({ type, flags, data: buf.slice(at, stop) });
      return;
    }
    const value = decodeValue(spec, buf, view, at, stop, depth);
    if (spec.multi) {
      const list = out[spec.name] as AttrValue[] | undefined;
      if (list) list.push(value);
      else out[spec.name] = [value];
    } else {
      out[spec.name] = value;
    }
  });
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
