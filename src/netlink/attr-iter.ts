// The one reader of netlink attribute bytes. Every module, the codec and the
// decoder walk attributes with it; none masks a type or aligns a length itself.
//
//   const it = new AttrIter(payload, 4, payload.length, ipsetAttrs);
//   while (it.next()) {
//     switch (it.type) {
//       case 1: proto = it.u8(); break;
//       case 7: for (const d = it.nested(dataAttrs); d.next();) ...
//     }
//   }
//   if (it.err) throw it.err;
//
// next() never throws: a broken length ends the walk and is recorded in `err`.
// Typed reads check the payload's width; a short one records an error naming
// the attribute's path ("IPSET_ATTR_ADT › IPSET_ATTR_DATA › IPSET_ATTR_IP:
// need 4 bytes, got 2") and returns a zero value, so reading code runs straight
// down with one check at the end. The first error sticks, and reaches the
// iterators the nested one came from.
import * as C from './constants.js';
import { DecodeError } from './errors.js';
import { formatIPv4, formatIPv6, formatMac } from './addr.js';

/** Names attribute types for error paths: an AttrSet-like object or a function. */
export type AttrNamer =
  | { readonly specs: readonly ({ readonly kernelName: string } | undefined)[] }
  | ((type: number) => string | undefined);

// The module's own copies of the constants next() uses: TurboFan folds a module's consts into the
// code, while an imported binding is loaded from its cell and checked at every use (five per attribute).
const NLA_HDRLEN = C.NLA_HDRLEN;
const NLA_TYPE_MASK = C.NLA_TYPE_MASK;
const NLA_FLAGS = C.NLA_F_NESTED | C.NLA_F_NET_BYTEORDER;
const align4 = C.align4;

const textDecoder = new TextDecoder('utf-8', { fatal: false });

/** Up to this many bytes of ASCII are turned into text here: a TextDecoder call costs more than the loop. */
const SHORT_TEXT = 32;

// Short ASCII texts met before, one per slot picked by a hash of their bytes, with those bytes. Names
// repeat through a capture or a dump (families, sets, interfaces): a hit compares bytes instead of
// building a string a character at a time (a concatenation each).
const TEXT_SLOTS = 256;
const textStrings: string[] = new Array<string>(TEXT_SLOTS).fill('');
const textLengths = new Int32Array(TEXT_SLOTS);
const textBytes = new Uint8Array(TEXT_SLOTS * SHORT_TEXT);

/** buf[start, end) as UTF-8 text; with `toNul`, only up to the first NUL in it. */
function text(buf: Uint8Array, start: number, end: number, toNul: boolean): string {
  if (end - start > SHORT_TEXT) {
    if (toNul) end = nulIn(buf, start, end);
    if (end - start > SHORT_TEXT) return textDecoder.decode(buf.subarray(start, end));
  }
  // One pass: where the text ends, whether it is ASCII, and its hash (FNV-1a).
  let h = 0x811c9dc5;
  let i = start;
  let high = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === 0 && toNul) break;
    high |= c;
    h = Math.imul(h ^ c, 0x01000193);
  }
  if (high > 0x7f) return textDecoder.decode(buf.subarray(start, i));
  const n = i - start;
  const slot = h >>> 24;
  const at = slot * SHORT_TEXT;
  if (textLengths[slot] === n) {
    let k = 0;
    while (k < n && textBytes[at + k] === buf[start + k]) k++;
    if (k === n) return textStrings[slot]!;
  }
  const s = textDecoder.decode(buf.subarray(start, i));
  textStrings[slot] = s;
  textLengths[slot] = n;
  textBytes.set(buf.subarray(start, i), at);
  return s;
}

/** Where the text in buf[start, end) ends: its first NUL, or `end`. */
function nulIn(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && buf[i] !== 0) i++;
  return i;
}

// Fields are read from the bytes: a DataView per payload cost more than the walk itself.
const le16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
/** Signed; `>>> 0` makes it unsigned. */
const le32 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
const be32 = (b: Uint8Array, at: number): number => (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;

export class AttrIter {
  // Not readonly only for reset(): a walk that reuses one iterator per level.
  buf: Uint8Array;
  /** End of the attribute area (exclusive). */
  end: number;
  /** Type of the current attribute, without the NESTED/NET_BYTEORDER bits. */
  type = 0;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits of the current attribute. */
  flags = 0;
  /** Offset of the current attribute's header in `buf`. */
  at = -1;
  /** The current attribute's payload is buf[start, stop). */
  start = 0;
  stop = 0;
  /** The first problem met here or in an iterator nested from this one. */
  err: DecodeError | undefined;

  private pos: number;
  private broken = false;
  private readonly names: AttrNamer | undefined;
  private readonly parent: AttrIter | undefined;
  private parentType: number;

  constructor(buf: Uint8Array, start = 0, end = buf.length, names?: AttrNamer, parent?: AttrIter, parentType = 0) {
    this.buf = buf;
    this.pos = start;
    // Not Math.min(), which works in doubles.
    this.end = end < buf.length ? end : buf.length;
    this.names = names;
    this.parent = parent;
    this.parentType = parentType;
  }

  /**
   * Points this iterator at buf[start, end) as if new, for walks that reuse one iterator per
   * level (the decoder: an iterator per nested list was a tenth of its allocations). Its names
   * and parent stay as they were made.
   */
  reset(buf: Uint8Array, start: number, end: number): this {
    // A reused iterator lives long: storing a young object in it costs a write barrier, so only on change.
    if (this.buf !== buf) this.buf = buf;
    this.pos = start;
    this.end = end < buf.length ? end : buf.length;
    this.type = 0;
    this.flags = 0;
    this.at = -1;
    this.start = 0;
    this.stop = 0;
    if (this.err !== undefined) this.err = undefined;
    this.broken = false;
    return this;
  }

  /** Moves to the next attribute; false at the end or on a broken length (then `err` says why). */
  next(): boolean {
    if (this.broken) return false;
    const at = this.pos;
    const end = this.end;
    if (at + NLA_HDRLEN > end) {
      // Fewer bytes than a header: alignment padding at most, as the kernel's nla_for_each_attr treats it.
      this.at = -1;
      return false;
    }
    const b = this.buf;
    const len = b[at]! | (b[at + 1]! << 8);
    const raw = b[at + 2]! | (b[at + 3]! << 8);
    // The messages are made out of line: next() stays small enough for callers' code to take in.
    if (len < NLA_HDRLEN || at + len > end) return this.breakLength(len, raw, at);
    this.at = at;
    this.type = raw & NLA_TYPE_MASK;
    this.flags = raw & NLA_FLAGS;
    this.start = at + NLA_HDRLEN;
    this.stop = at + len;
    this.pos = at + align4(len);
    return true;
  }

  /** Payload length of the current attribute. */
  get len(): number {
    return this.stop - this.start;
  }

  /** Offset where the walk stopped: after the last attribute read. */
  get offset(): number {
    return this.pos;
  }

  /** True when the walk ended on a broken length rather than at the end. */
  get truncated(): boolean {
    return this.broken;
  }

  /** The kernel name of an attribute type here, or "attribute N". */
  nameOf(type: number): string {
    const n = this.names;
    const name = n === undefined ? undefined : typeof n === 'function' ? n(type) : n.specs[type]?.kernelName;
    return name ?? `attribute ${type}`;
  }

  /** The path of names from the outermost iterator down to the current attribute. */
  path(type: number | undefined = this.at >= 0 ? this.type : undefined): string[] {
    const out: string[] = [];
    for (let it: AttrIter | undefined = this.parent, t = this.parentType; it; t = it.parentType, it = it.parent) {
      out.unshift(it.nameOf(t));
    }
    if (type !== undefined) out.push(this.nameOf(type));
    return out;
  }

  /** Records a problem with the current attribute (the first one sticks) and returns false. */
  fail(message: string, at = this.at >= 0 ? this.at : this.pos): false {
    this.record(new DecodeError(message, at, this.path()));
    return false;
  }

  /** Ends the walk on the attribute at `at`, whose length is shorter than its header or runs past the container. */
  private breakLength(len: number, raw: number, at: number): false {
    const message = len < NLA_HDRLEN
      ? `attribute length ${len} is shorter than its header`
      : `attribute type ${raw & NLA_TYPE_MASK} of length ${len} runs past its container (${this.end - at} bytes left)`;
    this.broken = true;
    this.at = -1;
    this.record(new DecodeError(message, at, this.path(undefined)));
    return false;
  }

  private record(e: DecodeError): void {
    for (let it: AttrIter | undefined = this; it; it = it.parent) if (!it.err) it.err = e;
  }

  /** Checks the payload holds at least `want` bytes; records "need N bytes, got M" when not. */
  need(want: number): boolean {
    const got = this.stop - this.start;
    return got >= want || this.fail(`need ${want} bytes, got ${got}`);
  }

  // ---- typed reads of the current attribute ----

  u8(): number { return this.need(1) ? this.buf[this.start]! : 0; }
  s8(): number { return this.need(1) ? (this.buf[this.start]! << 24) >> 24 : 0; }
  u16(): number { return this.need(2) ? le16(this.buf, this.start) : 0; }
  s16(): number { return this.need(2) ? (le16(this.buf, this.start) << 16) >> 16 : 0; }
  be16(): number { return this.need(2) ? (this.buf[this.start]! << 8) | this.buf[this.start + 1]! : 0; }
  u32(): number { return this.need(4) ? le32(this.buf, this.start) >>> 0 : 0; }
  s32(): number { return this.need(4) ? le32(this.buf, this.start) : 0; }
  be32(): number { return this.need(4) ? be32(this.buf, this.start) >>> 0 : 0; }

  /** A 64-bit integer: a number when exact, else a bigint. The kernel may send small values in 4 bytes. */
  u64(): number | bigint { return this.int64('u64'); }
  s64(): number | bigint { return this.int64('s64'); }
  be64(): number | bigint { return this.int64('be64'); }

  private int64(kind: 'u64' | 's64' | 'be64'): number | bigint {
    const b = this.buf;
    const at = this.start;
    const be = kind === 'be64';
    if (this.stop - at === 4) return be ? be32(b, at) >>> 0 : kind === 's64' ? le32(b, at) : le32(b, at) >>> 0;
    if (!this.need(8)) return 0;
    // Two 32-bit halves; the value is a number when it is a safe integer (within ±(2^53 - 1)).
    const lo = (be ? be32(b, at + 4) : le32(b, at)) >>> 0;
    const high = be ? be32(b, at) : le32(b, at + 4);
    const hi = kind === 's64' ? high : high >>> 0;
    if (hi <= 0x1fffff && (hi > -0x200000 || (hi === -0x200000 && lo > 0))) return hi * 0x100000000 + lo;
    const big = (BigInt(high >>> 0) << 32n) | BigInt(lo);
    return kind === 's64' ? BigInt.asIntN(64, big) : big;
  }

  /** A DataView of the whole buffer, made on each call (the reads here do not use one). */
  get view(): DataView {
    return new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }
  /** A view of the payload (no copy). */
  view8(): Uint8Array { return this.buf.subarray(this.start, this.stop); }
  /** A copy of the payload. */
  bytes(): Uint8Array { return this.buf.slice(this.start, this.stop); }
  /** Text up to the first NUL (or the whole payload). */
  string(): string { return text(this.buf, this.start, this.stop, true); }
  /** The whole payload as text, NULs included. */
  strn(): string { return text(this.buf, this.start, this.stop, false); }
  ipv4(): string { return this.need(4) ? formatIPv4(this.buf, this.start) : ''; }
  ipv6(): string { return this.need(16) ? formatIPv6(this.buf, this.start) : ''; }
  /** An IPv4 or IPv6 address, told apart by its length. */
  ip(): string {
    const len = this.stop - this.start;
    if (len === 4) return formatIPv4(this.buf, this.start);
    if (len === 16) return formatIPv6(this.buf, this.start);
    this.fail(`an address of ${len} bytes (need 4 or 16)`);
    return '';
  }
  mac(): string { return this.need(6) ? formatMac(this.buf, this.start) : ''; }

  /**
   * An iterator over the current attribute's payload as nested attributes. `reuse`, an iterator an
   * earlier nested() on this one returned, is re-pointed here instead of a new one being made (hot
   * loops over many members); its names stay.
   */
  nested(names?: AttrNamer, reuse?: AttrIter): AttrIter {
    if (reuse === undefined || reuse.parent !== this) return new AttrIter(this.buf, this.start, this.stop, names, this, this.type);
    reuse.reset(this.buf, this.start, this.stop);
    reuse.parentType = this.type;
    return reuse;
  }

  /**
   * Steps into a wrapped value. When the current attribute's payload is exactly one attribute of type
   * `outer` whose payload is exactly one attribute of type `inner` with `len` bytes (an ipset member:
   * IPSET_ATTR_DATA › IPSET_ATTR_IP › IPSET_ATTR_IPADDR_IPV4), that innermost attribute becomes the
   * current one (type, flags, start, stop; next() goes on after the attribute stepped into) and the
   * answer is true: no iterator per level. Otherwise false and nothing moved: walk it with nested(),
   * which names whatever is wrong.
   */
  wrapped(outer: number, inner: number, len: number): boolean {
    const b = this.buf;
    const o = this.start;
    const i = o + NLA_HDRLEN;
    const innerLen = NLA_HDRLEN + len;
    if (this.stop - o !== NLA_HDRLEN + align4(innerLen)) return false;
    if ((b[o]! | (b[o + 1]! << 8)) !== NLA_HDRLEN + innerLen || ((b[o + 2]! | (b[o + 3]! << 8)) & NLA_TYPE_MASK) !== outer) return false;
    const raw = b[i + 2]! | (b[i + 3]! << 8);
    if ((b[i]! | (b[i + 1]! << 8)) !== innerLen || (raw & NLA_TYPE_MASK) !== inner) return false;
    this.at = i;
    this.type = inner;
    this.flags = raw & NLA_FLAGS;
    this.start = i + NLA_HDRLEN;
    this.stop = i + innerLen;
    return true;
  }

  /** Throws the recorded error, if any. */
  check(): void {
    if (this.err) throw this.err;
  }
}
