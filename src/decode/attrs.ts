// Attributes -> DecodedAttr lists, by schema. The walk keeps order and repeats, names every
// attribute by its kernel name, and never stops at a bad value: the value is kept as hex with
// the reason, and the first problem is reported for the message. Leaf values are read by the
// netlink iterator or, for the other kinds, by the codec itself (decodeAttrsAt), so the decoder
// and the library read bytes the same way. What each attribute type needs is resolved once per
// set (attr-plan.ts).
import { decodeAttrsAt } from '../netlink/attrs.js';
import { AttrIter } from '../netlink/attr-iter.js';
import { NLA_F_NESTED, NLA_HDRLEN } from '../netlink/constants.js';
import type { AttrSet, AttrSpec, AttrValue } from '../netlink/schema.js';
import { Read, Seen, Shape, elementSet, planOf, type BitTable, type Entry, type Plan } from './attr-plan.js';
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
  /** The same, for the tolerant readers of netlink/message.ts (TolerantRead). */
  onProblem(message: string, at: number): void {
    this.add(message, at);
  }
}

/** Hooks a protocol can give: extra decoding of some attributes (nl80211 IEs). */
export interface AttrHooks {
  /** Called for decoded leaves (those `leafNames` names, else all), the payload being buf[start, stop); may add fields to `out` (e.g. `ies`). */
  leaf?(spec: AttrSpec, out: DecodedAttr, buf: Uint8Array, start: number, stop: number): void;
  /** The kernel names of the leaves `leaf` is for: asked once per attribute type, not called for the others. */
  leafNames?: ReadonlySet<string>;
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

/** A copy of a short list of names: a literal costs a third of slice()'s builtin call. */
export function copyNames(names: readonly string[]): string[] {
  switch (names.length) {
    case 1: return [names[0]!];
    case 2: return [names[0]!, names[1]!];
    case 3: return [names[0]!, names[1]!, names[2]!];
    case 4: return [names[0]!, names[1]!, names[2]!, names[3]!];
    default: return names.slice();
  }
}

function bitsOf(value: number | bigint, t: BitTable): string[] {
  // Values met before: a copy of their names (the rest is out of line, so that callers take this in).
  if (typeof value === 'number' && value >= 0 && value < Seen.BITS && !t.big && Number.isInteger(value)) {
    const known = t.seen[value];
    if (known !== undefined) return copyNames(known);
  }
  return bitNames(value, t);
}

function bitNames(value: number | bigint, t: BitTable): string[] {
  if (typeof value === 'number' && !t.big && value >= 0 && value <= 0xffffffff) {
    const small = value < Seen.BITS && Number.isInteger(value);
    const out: string[] = [];
    let rest = value;
    for (let i = 0; i < t.masks.length; i++) {
      const mask = t.masks[i]!;
      if (((rest & mask) >>> 0) === mask) {
        out.push(t.names[i]!);
        rest = (rest & ~mask) >>> 0;
      }
    }
    if (rest !== 0) out.push('0x' + rest.toString(16));
    if (small) t.seen[value] = out.slice();
    return out;
  }
  const out: string[] = [];
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
function nameValue(e: Entry, out: DecodedAttr): void {
  const v = out.value;
  if (typeof v !== 'number' && typeof v !== 'bigint') return;
  if (e.enumNames) {
    const n = e.enumNames[Number(v)];
    if (n !== undefined) out.enum = n;
  }
  if (e.bits) out.bits = bitsOf(v, e.bits);
}

/**
 * The leaf value of the iterator's current attribute. Integers up to 32 bits, strings, bytes and
 * flags are read by the iterator itself (the hottest path); everything else goes through the
 * codec, which decodes exactly this attribute with the real set, so the decoder and the library
 * read values alike.
 */
function leafValue(e: Entry, it: AttrIter): AttrValue {
  // The iterator's error sticks at the first one; each attribute's own width is checked here.
  if (it.stop - it.start < e.width) tooShort(e, it);
  switch (e.read) {
    case Read.U8: return it.u8();
    case Read.S8: return it.s8();
    case Read.U16: return it.u16();
    case Read.S16: return it.s16();
    case Read.BE16: return it.be16();
    case Read.U32: return it.u32();
    case Read.S32: return it.s32();
    case Read.BE32: return it.be32();
    case Read.STRING: return it.string();
    case Read.STRN: return it.strn();
    case Read.BINARY: return it.bytes();
    case Read.FLAG: return true;
  }
  return codecValue(e, it);
}

// Out of leafValue, which callers take in: the error's text and the codec's path.
function tooShort(e: Entry, it: AttrIter): never {
  throw new Error(`payload of ${it.len} bytes, expected ${e.width}`);
}

function codecValue(e: Entry, it: AttrIter): AttrValue {
  const set = e.set ?? elementSet(e.array!, it.type + 1);
  const spec = set.specs[it.type]!;
  const obj = decodeAttrsAt(set, it.buf, it.at, it.stop);
  const v = obj[spec.name];
  return spec.multi && Array.isArray(v) ? (v[0] as AttrValue) : v;
}

// The walks nest strictly (a level ends before its parent goes on), so each nesting level reuses
// one iterator: `inUse` is the number of levels walking now.
const iters: AttrIter[] = [];
let inUse = 0;
const NO_BYTES = new Uint8Array(0);

/** The netlink iterator over buf[start, end), taken for one walk; give it back with endWalk(). */
function iterOver(buf: Uint8Array, start: number, end: number): AttrIter {
  const it = iters[inUse] ?? (iters[inUse] = new AttrIter(NO_BYTES));
  inUse++;
  return it.reset(buf, start, end);
}

/**
 * Ends a walk: a framing error (a length shorter than the header or past the container) is
 * recorded; it ended this level. The iterator's own typed-read errors are not framing.
 */
function endWalk(it: AttrIter, problems: Problems): void {
  inUse--;
  framing(it, problems);
}

function framing(it: AttrIter, problems: Problems): void {
  if (it.truncated && it.err) problems.add(it.err.reason, it.err.offset);
}

/** Raw attributes (no schema): type and hex; nested-flagged ones are opened when they parse cleanly. */
export function rawAttrs(buf: Uint8Array, start: number, end: number, problems: Problems, depth = 0): DecodedAttr[] {
  const out: DecodedAttr[] = [];
  const it = iterOver(buf, start, end);
  while (it.next()) out.push(unknownAttr(it, problems, depth));
  endWalk(it, problems);
  return out;
}

/** An attribute no schema names, marked when its bytes are approximate. */
function unknownAttr(it: AttrIter, problems: Problems, depth: number): DecodedAttr {
  const a = rawAttr(it.buf, it.type, it.flags, it.start, it.stop, depth);
  if (problems.isApprox(it.at, it.stop)) a.approximate = true;
  return a;
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
  const level = inUse;
  try {
    return decodeList(set ? planOf(set) : undefined, buf, start, end, problems, hooks, depth);
  } finally {
    // A walk that threw (a decoder bug, reported by the caller) gives its iterators back here.
    inUse = level;
  }
}

function decodeList(
  plan: Plan | undefined,
  buf: Uint8Array,
  start: number,
  end: number,
  problems: Problems,
  hooks: AttrHooks | undefined,
  depth: number,
): DecodedAttr[] {
  if (plan === undefined) return rawAttrs(buf, start, end, problems, depth);
  if (depth > MAX_DEPTH) {
    problems.add(`attributes nested deeper than ${MAX_DEPTH}`, start);
    return [{ type: 0, hex: toHex(buf, start, end), error: 'nested too deep' }];
  }
  const it = iterOver(buf, start, end);
  const list = walkList(plan, it, problems, hooks, depth);
  endWalk(it, problems);
  return list;
}

/** The attributes `it` has just been pointed at, by `plan`; the caller ends the walk. */
function walkList(plan: Plan, it: AttrIter, problems: Problems, hooks: AttrHooks | undefined, depth: number): DecodedAttr[] {
  // Most lists hold one or two attributes: they are made by a literal at their length (the first
  // push() on an empty list calls the runtime to grow it to 17 slots); longer ones grow from two.
  let out: DecodedAttr[] | undefined;
  let first: DecodedAttr | undefined;
  const entries = plan.entries;
  // A protocol's hook may pick a nested attribute's set by the attributes before it (siblings).
  const siblings = hooks !== undefined && hooks.nested !== undefined;
  while (it.next()) {
    const e = it.type < entries.length ? entries[it.type] : undefined;
    let a: DecodedAttr;
    if (e === undefined) a = unknownAttr(it, problems, depth);
    else a = decodeOne(e, it, problems, hooks, depth, siblings ? listOf(out, first) : undefined, false);
    if (out !== undefined) out.push(a);
    else if (first === undefined) first = a;
    else out = [first, a];
  }
  return listOf(out, first);
}

/** The list decodeList has so far: `out` once it holds two, else `first` alone or nothing. */
function listOf(out: DecodedAttr[] | undefined, first: DecodedAttr | undefined): DecodedAttr[] {
  return out ?? (first === undefined ? [] : [first]);
}

/**
 * One attribute of a known type. Named leaves, nested lists and arrays are built in their final shape, one
 * object literal per set of fields (a field added later costs a second allocation and a map
 * change); array elements, enums, approximate values and failures take the general path, which
 * adds fields in output order.
 */
function decodeOne(e: Entry, it: AttrIter, problems: Problems, hooks: AttrHooks | undefined, depth: number, siblings: readonly DecodedAttr[] | undefined, item: boolean): DecodedAttr {
  if (problems.approx === undefined) {
    if (e.shape !== Shape.LEAF) return container(e, it, problems, hooks, depth, siblings, item);
    try {
      const a = leaf(e, it, hooks, item);
      if (a !== undefined) return a;
    } catch {
      // Read again by the general path, which keeps what was read and reports why it stopped.
    }
  }
  return general(e, it, problems, hooks, depth, siblings, item);
}

/** A nested list or an array, in its final shape (out of decodeOne: the leaves' path is what callers take in). */
function container(e: Entry, it: AttrIter, problems: Problems, hooks: AttrHooks | undefined, depth: number, siblings: readonly DecodedAttr[] | undefined, item: boolean): DecodedAttr {
  const attrs = e.shape === Shape.NESTED ? nestedList(e, it, problems, hooks, depth, siblings) : decodeArray(e, it, problems, hooks, depth);
  return item ? { type: it.type, item: true, attrs } : { type: it.type, name: e.kernelName, attrs };
}

/** A named leaf, plain or with bit names (the common kinds); undefined sends the rest to the general path. */
function leaf(e: Entry, it: AttrIter, hooks: AttrHooks | undefined, item: boolean): DecodedAttr | undefined {
  if (item || e.enumNames !== undefined) return undefined;
  const type = it.type;
  const name = e.kernelName;
  const value = leafValue(e, it);
  let a: DecodedAttr;
  if (e.bits !== undefined && (typeof value === 'number' || typeof value === 'bigint')) a = { type, name, value, bits: bitsOf(value, e.bits) };
  else a = { type, name, value };
  if (hooks !== undefined && hooked(e, hooks)) hooks.leaf!(e.spec, a, it.buf, it.start, it.stop);
  return a;
}

/** Whether the hooks' leaf hook is for this attribute type (worked out once per entry and hooks). */
function hooked(e: Entry, hooks: AttrHooks): boolean {
  if (e.hooks !== hooks) {
    e.hooks = hooks;
    e.hooked = hooks.leaf !== undefined && (hooks.leafNames === undefined || hooks.leafNames.has(e.kernelName));
  }
  return e.hooked;
}

/** Any attribute of a known type, its fields added one by one (approximate values, failures). */
function general(e: Entry, it: AttrIter, problems: Problems, hooks: AttrHooks | undefined, depth: number, siblings: readonly DecodedAttr[] | undefined, item: boolean): DecodedAttr {
  const type = it.type;
  // An array element carries `item` instead of a name; built in its final shape (no delete).
  const a: DecodedAttr = item ? { type, item: true } : { type, name: e.kernelName };
  if (problems.approx !== undefined && problems.isApprox(it.at, it.stop)) a.approximate = true;
  if (e.shape !== Shape.LEAF) {
    a.attrs = e.shape === Shape.NESTED ? nestedList(e, it, problems, hooks, depth, siblings) : decodeArray(e, it, problems, hooks, depth);
    return a;
  }
  try {
    a.value = leafValue(e, it);
    if (e.enumNames !== undefined || e.bits !== undefined) nameValue(e, a);
    if (hooks !== undefined && hooked(e, hooks)) hooks.leaf!(e.spec, a, it.buf, it.start, it.stop);
  } catch (err) {
    failLeaf(e, a, err, it.buf, it.start, it.stop, problems);
  }
  return a;
}

/** A nested attribute's list, with the set the protocol's hook picks or the schema's own. */
function nestedList(e: Entry, it: AttrIter, problems: Problems, hooks: AttrHooks | undefined, depth: number, siblings: readonly DecodedAttr[] | undefined): DecodedAttr[] {
  const chosen = siblings && hooks?.nested ? hooks.nested(e.spec, siblings) : undefined;
  return decodeList(chosen ? planOf(chosen) : e.inner(), it.buf, it.start, it.stop, problems, hooks, depth + 1);
}

/** A leaf whose value could not be read: kept as hex with the reason, reported once per message. */
function failLeaf(e: Entry, a: DecodedAttr, err: unknown, buf: Uint8Array, at: number, stop: number, problems: Problems): void {
  const msg = errText(err);
  const name = e.kernelName;
  a.error = msg;
  a.hex = toHex(buf, at, stop);
  problems.add(`${name}: ${msg.startsWith(name) ? msg.slice(name.length + 2) : msg}`, at - NLA_HDRLEN);
}

/** The elements of the array attribute `outer` stands on. */
function decodeArray(e: Entry, outer: AttrIter, problems: Problems, hooks: AttrHooks | undefined, depth: number): DecodedAttr[] {
  // Nested elements: the plan they are all decoded with and, when they are walked here, one
  // iterator pointed at each in turn (an iterator taken and given back per element cost more).
  const inner = e.nestedElements ? e.inner() : null;
  const buf = outer.buf;
  const out: DecodedAttr[] = [];
  const it = iterOver(buf, outer.start, outer.stop);
  const el = inner !== null && inner !== undefined && depth < MAX_DEPTH ? iterOver(buf, 0, 0) : undefined;
  while (it.next()) {
    const type = it.type;
    if (inner !== null) {
      let attrs: DecodedAttr[];
      if (el !== undefined) {
        attrs = walkList(inner!, el.reset(buf, it.start, it.stop), problems, hooks, depth + 1);
        framing(el, problems);
      } else {
        attrs = decodeList(inner, buf, it.start, it.stop, problems, hooks, depth + 1);
      }
      out.push({ type, item: true, attrs });
    } else if (type >= 4096) {
      const a = rawAttr(buf, type, it.flags, it.start, it.stop, depth);
      a.item = true;
      out.push(a);
    } else {
      out.push(decodeOne(e.element(), it, problems, hooks, depth + 1, undefined, true));
    }
  }
  if (el !== undefined) inUse--;
  endWalk(it, problems);
  return out;
}
