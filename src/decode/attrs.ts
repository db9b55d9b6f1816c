// Attributes -> DecodedAttr lists, by schema. The walk keeps order and repeats, names every
// attribute by its kernel name, and never stops at a bad value: the value is kept as hex with
// the reason, and the first problem is reported for the message. Leaf values are read by the
// netlink codec itself (decodeAttrsAt), so the decoder and the library read bytes the same way.
import { decodeAttrsAt } from '../netlink/attrs.js';
import { AttrIter } from '../netlink/attr-iter.js';
import { NLA_F_NESTED, NLA_HDRLEN } from '../netlink/constants.js';
import { AttrSet, type AttrSpec, type AttrValue } from '../netlink/schema.js';
import type { DecodedAttr } from './types.js';

const MAX_DEPTH = 32;

export function toHex(b: Uint8Array, start = 0, end = b.length): string {
  return Buffer.from(b.buffer, b.byteOffset + start, Math.max(0, end - start)).toString('hex');
}

/** The first problem met while decoding a message: message text and byte offset in the record. */
export interface Problem {
  message: string;
  offset: number;
}

/** Collects the first problem; `base` turns buffer offsets into record offsets. */
export class Problems {
  first?: Problem;
  /** Record byte ranges whose values are approximate (rebuilt from strace's symbolic decoding). */
  approx?: readonly { start: number; end: number }[];
  constructor(readonly base: number) {}
  /** Whether buf[start, end) (offsets relative to `base`) holds an approximate value. */
  isApprox(start: number, end: number): boolean {
    if (!this.approx) return false;
    const s = this.base + start;
    const e = this.base + end;
    for (const r of this.approx) if (r.start < e && s < r.end) return true;
    return false;
  }
  add(message: string, at: number): void {
    if (!this.first) this.first = { message, offset: this.base + at };
  }
}

/** Hooks a protocol can give: extra decoding of some attributes (nl80211 IEs). */
export interface AttrHooks {
  /** Called for every decoded leaf; may add fields to `out` (e.g. `ies`). */
  leaf?(spec: AttrSpec, out: DecodedAttr, payload: Uint8Array): void;
  /**
   * The set of a nested attribute whose layout depends on the message (rtnetlink's
   * IFLA_INFO_DATA by IFLA_INFO_KIND); `siblings` are the attributes decoded before it at its
   * level. Undefined: the schema's own set.
   */
  nested?(spec: AttrSpec, siblings: readonly DecodedAttr[]): AttrSet | undefined;
}

function errText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/ \(at byte \d+\)$/, '');
}

type BitTable = { masks: number[]; names: string[]; big: boolean };
const bitTables = new WeakMap<object, BitTable>();

function bitTable(table: Readonly<Record<number, string>>): BitTable {
  let t = bitTables.get(table);
  if (!t) {
    t = { masks: [], names: [], big: false };
    for (const [k, name] of Object.entries(table)) {
      const mask = Number(k);
      if (mask === 0) continue;
      if (mask > 0xffffffff || !Number.isInteger(mask)) t.big = true;
      t.masks.push(mask);
      t.names.push(name);
    }
    bitTables.set(table, t);
  }
  return t;
}

function bitsOf(value: number | bigint, table: Readonly<Record<number, string>>): string[] {
  const t = bitTable(table);
  const out: string[] = [];
  if (typeof value === 'number' && !t.big && value >= 0 && value <= 0xffffffff) {
    let rest = value;
    for (let i = 0; i < t.masks.length; i++) {
      const mask = t.masks[i]!;
      if (((rest & mask) >>> 0) === mask) {
        out.push(t.names[i]!);
        rest = (rest & ~mask) >>> 0;
      }
    }
    if (rest !== 0) out.push('0x' + rest.toString(16));
    return out;
  }
  let rest = BigInt(value);
  if (rest < 0n) rest &= 0xffffffffffffffffn;
  for (let i = 0; i < t.masks.length; i++) {
    const mask = BigInt(t.masks[i]!);
    if ((rest & mask) === mask) {
      out.push(t.names[i]!);
      rest &= ~mask;
    }
  }
  if (rest !== 0n) out.push('0x' + rest.toString(16));
  return out;
}

/** Adds enum / bits names of a numeric value. */
function nameValue(spec: AttrSpec, out: DecodedAttr): void {
  const v = out.value;
  if (typeof v !== 'number' && typeof v !== 'bigint') return;
  if (spec.enum) {
    const n = spec.enum[Number(v)];
    if (n !== undefined) out.enum = n;
  }
  if (spec.bits) out.bits = bitsOf(v, spec.bits);
}

/** Integer kinds read straight from the iterator (its reads check the width). */
const INT_READ: Readonly<Record<string, (it: AttrIter) => number>> = {
  u8: (it) => it.u8(), s8: (it) => it.s8(), u16: (it) => it.u16(), s16: (it) => it.s16(), be16: (it) => it.be16(),
  u32: (it) => it.u32(), s32: (it) => it.s32(), be32: (it) => it.be32(),
};

/**
 * The leaf value of the iterator's current attribute. Integers up to 32 bits are read by the
 * iterator itself (the hottest path); everything else goes through the codec, which decodes
 * exactly this attribute with the real set, so the decoder and the library read values alike.
 */
function leafValue(set: AttrSet, spec: AttrSpec, it: AttrIter): AttrValue {
  const read = INT_READ[spec.kind];
  if (read) {
    // The iterator's error sticks at the first one; each attribute's own width is checked here.
    const width = INT_WIDTH[spec.kind]!;
    if (it.len < width) throw new Error(`payload of ${it.len} bytes, expected ${width}`);
    return read(it);
  }
  const obj = decodeAttrsAt(set, it.buf, it.at, it.stop);
  const v = obj[spec.name];
  return spec.multi && Array.isArray(v) ? (v[0] as AttrValue) : v;
}

const INT_WIDTH: Readonly<Record<string, number>> = { u8: 1, s8: 1, u16: 2, s16: 2, be16: 2, u32: 4, s32: 4, be32: 4 };

/** Raw attributes (no schema): type and hex; nested-flagged ones are opened when they parse cleanly. */
export function rawAttrs(buf: Uint8Array, start: number, end: number, problems: Problems, depth = 0): DecodedAttr[] {
  const out: DecodedAttr[] = [];
  walk(buf, start, end, problems, (it) => {
    const a = rawAttr(buf, it.type, it.flags, it.start, it.stop, depth);
    if (problems.isApprox(it.at, it.stop)) a.approximate = true;
    out.push(a);
  });
  return out;
}

function rawAttr(buf: Uint8Array, type: number, flags: number, at: number, stop: number, depth: number): DecodedAttr {
  const a: DecodedAttr = { type, hex: toHex(buf, at, stop) };
  if (flags & NLA_F_NESTED) {
    a.nested = true;
    if (depth < MAX_DEPTH) {
      const quiet = new Problems(0);
      const kids = rawAttrs(buf, at, stop, quiet, depth + 1);
      if (!quiet.first) a.attrs = kids;
    }
  }
  return a;
}

/**
 * Walks attributes in buf[start, end) with the netlink iterator: calls fn for each well-framed
 * one; a framing error (a length shorter than the header or past the container) is recorded
 * and ends this level. The iterator's own typed-read errors are not framing: the walk goes on.
 */
function walk(
  buf: Uint8Array,
  start: number,
  end: number,
  problems: Problems,
  fn: (it: AttrIter) => void,
): void {
  const it = new AttrIter(buf, start, end);
  while (it.next()) fn(it);
  if (it.truncated && it.err) problems.add(it.err.reason, it.err.offset);
}

/** Decodes attributes in buf[start, end) with a schema (undefined: raw). */
export function decodeAttrList(
  set: AttrSet | undefined,
  buf: Uint8Array,
  start: number,
  end: number,
  problems: Problems,
  hooks?: AttrHooks,
  depth = 0,
): DecodedAttr[] {
  if (!set) return rawAttrs(buf, start, end, problems, depth);
  if (depth > MAX_DEPTH) {
    problems.add(`attributes nested deeper than ${MAX_DEPTH}`, start);
    return [{ type: 0, hex: toHex(buf, start, end), error: 'nested too deep' }];
  }
  const out: DecodedAttr[] = [];
  walk(buf, start, end, problems, (it) => {
    const spec = set.specs[it.type];
    if (!spec) {
      const a = rawAttr(buf, it.type, it.flags, it.start, it.stop, depth);
      if (problems.isApprox(it.at, it.stop)) a.approximate = true;
      out.push(a);
      return;
    }
    out.push(decodeOne(set, spec, it, problems, hooks, depth, out));
  });
  return out;
}

function decodeOne(
  set: AttrSet,
  spec: AttrSpec,
  it: AttrIter,
  problems: Problems,
  hooks: AttrHooks | undefined,
  depth: number,
  siblings?: readonly DecodedAttr[],
  item = false,
): DecodedAttr {
  const { buf, type, start: at, stop } = it;
  // An array element carries `item` instead of a name; built in its final shape (no delete).
  const a: DecodedAttr = item ? { type, item: true } : { type, name: spec.kernelName };
  if (problems.isApprox(it.at, stop)) a.approximate = true;
  if (spec.kind === 'nested') {
    const inner = (siblings && hooks?.nested?.(spec, siblings)) ?? AttrSet.nestedOf(spec);
    a.attrs = decodeAttrList(inner, buf, at, stop, problems, hooks, depth + 1);
    return a;
  }
  if (spec.kind === 'array' && spec.element) {
    a.attrs = decodeArray(set, spec, buf, at, stop, problems, hooks, depth);
    return a;
  }
  try {
    a.value = leafValue(set, spec, it);
    nameValue(spec, a);
    if (hooks?.leaf) hooks.leaf(spec, a, buf.subarray(at, stop));
  } catch (e) {
    const msg = errText(e);
    a.error = msg;
    a.hex = toHex(buf, at, stop);
    problems.add(`${spec.kernelName}: ${msg.startsWith(spec.kernelName) ? msg.slice(spec.kernelName.length + 2) : msg}`, at - NLA_HDRLEN);
  }
  return a;
}

const elementSets = new WeakMap<AttrSpec, AttrSet>();

/** An attribute set that gives every element of an array the element's definition (types 0..n). */
function elementSet(spec: AttrSpec, count: number): AttrSet {
  let s = elementSets.get(spec);
  if (!s || s.specs.length < count) {
    const el = spec.element!;
    const defs: Record<number, readonly [string, typeof el[1], typeof el[2]]> = {};
    const n = Math.max(count, 64);
    for (let i = 0; i < n; i++) defs[i] = ['item', el[1], el[2]];
    s = new AttrSet(`${spec.kernelName}[]`, `${spec.kernelName}[]`, defs);
    elementSets.set(spec, s);
  }
  return s;
}

function decodeArray(
  _set: AttrSet,
  spec: AttrSpec,
  buf: Uint8Array,
  start: number,
  end: number,
  problems: Problems,
  hooks: AttrHooks | undefined,
  depth: number,
): DecodedAttr[] {
  const out: DecodedAttr[] = [];
  const el = spec.element!;
  walk(buf, start, end, problems, (it) => {
    const { type, flags, start: at, stop } = it;
    if (el[1] === 'nested') {
      const inner = el[2]?.set;
      const s = typeof inner === 'function' ? inner() : inner;
      out.push({ type, item: true, attrs: decodeAttrList(s, buf, at, stop, problems, hooks, depth + 1) });
      return;
    }
    const es = type < 4096 ? elementSet(spec, type + 1) : undefined;
    const espec = es?.specs[type];
    if (!es || !espec) {
      const a = rawAttr(buf, type, flags, at, stop, depth);
      a.item = true;
      out.push(a);
      return;
    }
    out.push(decodeOne(es, espec, it, problems, hooks, depth + 1, undefined, true));
  });
  return out;
}
