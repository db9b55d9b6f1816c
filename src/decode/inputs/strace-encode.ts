// Turns the netlink structures that strace prints back into bytes.
//
// strace decodes netlink buffers as (netlink.c in strace):
//   one message          [{nlmsg_len=.., nlmsg_type=.., ...}, payload...]   or just {hdr} without payload
//   several messages     [[{hdr}, payload...], {hdr}, ..., "\x.." (< 16 trailing bytes)]
//   NLMSG_ERROR payload  {error=-ENOENT, msg=[{hdr}, payload...]} / {error=0, msg={hdr}} (capped)
//                        followed by extended ack attributes as a key-less field
//   NLMSG_DONE payload   0 (an int)
//   family header        {nfgen_family=AF_INET, version=NFNETLINK_V0, res_id=htons(0)}, {ifi_family=..}, ...
//   attributes           [{nla_len=5, nla_type=0x1}, "\x07"] or a list [[{..}, ..], {nla_len=4, ..}]
//   other payloads       "\x.." strings (generic netlink payloads, nested attributes, ...)
// Padding to 4 bytes is never printed and is rebuilt as zeros. Every length (nlmsg_len,
// nla_len) is kept even where a value cannot be rebuilt: those bytes become zeros and the
// problem is recorded, so the record gets `truncated: true` with a warning.

import os from 'node:os';
import { CONSTANTS, STATIC_GENL_FAMILIES, NLMSG_ERROR } from './strace-names.js';
import { field, hasKey, unescapeC, type SVal } from './strace-value.js';

export interface EncodeContext {
  /** Generic netlink family ids learned so far (name -> id). */
  genl: Map<string, number>;
  /** Network interfaces learned so far (name -> index), for if_nametoindex("eth0"). */
  links?: Map<string, number>;
  /** Why the result is not exact. */
  problems: string[];
  /** A string cut by strace ("..."...) was written since the last length check. */
  cut?: boolean;
  /**
   * Byte ranges of the buffer whose value is not what the process sent or received: strace
   * printed it symbolically (if_nametoindex("lo"), a name this reader does not know, a
   * structure it cannot lay out) and it was rebuilt as a guess or as zeros. The decoder marks
   * the attributes there as approximate.
   */
  marks?: Mark[];
}

export interface Mark {
  start: number;
  end: number;
  note: string;
}

/** Records a mark for buf[start, end) unless a mark inside it already says more. */
function mark(ctx: EncodeContext, start: number, end: number, note: string, marksBefore: number): void {
  const marks = (ctx.marks ??= []);
  if (marks.length > marksBefore) return;
  marks.push({ start, end: Math.max(end, start), note });
}

const ERRNO = os.constants.errno as Record<string, number>;
const MAX_BUFFER = 1 << 24; // 16 MiB: far more than any netlink buffer

class Writer {
  buf: Buffer = Buffer.alloc(256);
  pos = 0;

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    if (need > MAX_BUFFER) throw new RangeError('reconstructed buffer too large');
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const b = Buffer.alloc(size);
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  zeros(n: number): void {
    if (n <= 0) return;
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** Writes `v` as a `width`-byte integer (two's complement). */
  int(v: bigint, width: number, be = false): void {
    this.ensure(width);
    let u = BigInt.asUintN(width * 8, v);
    for (let i = 0; i < width; i++) {
      const at = be ? this.pos + width - 1 - i : this.pos + i;
      this.buf[at] = Number(u & 0xffn);
      u >>= 8n;
    }
    this.pos += width;
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

const align4 = (n: number): number => (n + 3) & ~3;

// ---------------------------------------------------------------------------------------
// Atoms: numbers, flag expressions, names.

interface Num {
  v: bigint;
  /** htons()/htonl(): the value is in network byte order. */
  be?: boolean;
  /** Bytes given literally (inet_addr("..."), inet_pton(...)). */
  raw?: Uint8Array;
  /** Resolved from what the trace showed earlier, not from the call itself (if_nametoindex). */
  guess?: string;
}

function lookup(name: string, ctx: EncodeContext): number | undefined {
  const c = CONSTANTS.get(name);
  if (c !== undefined) return c;
  const g = ctx.genl.get(name) ?? STATIC_GENL_FAMILIES.get(name);
  if (g !== undefined) return g;
  const e = ERRNO[name];
  if (typeof e === 'number') return e;
  return undefined;
}

/** Splits `s` at top-level occurrences of `sep` (outside parentheses and quotes). */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      out.push(s.slice(from, i));
      i += sep.length - 1;
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

function parseIPv4(s: string): Uint8Array | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const b = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const v = Number(m[i + 1]);
    if (v > 255) return undefined;
    b[i] = v;
  }
  return b;
}

function parseIPv6(s: string): Uint8Array | undefined {
  let text = s;
  const tail: number[] = [];
  const v4 = /:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (v4) {
    const b = parseIPv4(v4[1]);
    if (!b) return undefined;
    tail.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
    text = text.slice(0, v4.index + 1) + (text.endsWith('::' + v4[1]) ? ':' : '');
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (!h) return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const a = parse(halves[0]);
  const b = halves.length === 2 ? parse(halves[1]) : [];
  if (!a || !b) return undefined;
  const groups = a.length + b.length + tail.length;
  if (halves.length === 1 ? groups !== 8 : groups > 7) return undefined;
  const all = [...a, ...new Array<number>(8 - groups).fill(0), ...b, ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => { out[2 * i] = g >> 8; out[2 * i + 1] = g & 0xff; });
  return out;
}

function quotedArg(s: string): string | undefined {
  const m = /"((?:[^"\\]|\\.)*)"/.exec(s);
  return m ? Buffer.from(unescapeC(m[1])).toString('latin1') : undefined;
}

function evalTerm(t: string, ctx: EncodeContext): Num | undefined {
  const s = t.trim();
  if (!s) return undefined;
  if (s.startsWith('(') && s.endsWith(')')) return evalExpr(s.slice(1, -1), ctx);
  if (s[0] === '-' || s[0] === '~') {
    const inner = evalTerm(s.slice(1), ctx);
    if (!inner || inner.raw) return undefined;
    return { v: s[0] === '-' ? -inner.v : ~inner.v, ...(inner.be ? { be: true } : {}) };
  }
  if (/^(?:0x[0-9a-fA-F]+|\d+)$/.test(s)) {
    if (s.length > 1 && s[0] === '0' && s[1] !== 'x' && /^[0-7]+$/.test(s)) return { v: BigInt('0o' + s.slice(1)) };
    return { v: BigInt(s) };
  }
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) {
    const v = lookup(s, ctx);
    return v === undefined ? undefined : { v: BigInt(v) };
  }
  const call = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/s.exec(s);
  if (call) {
    const [, fn, arg] = call;
    if (fn === 'htons' || fn === 'htonl' || fn === 'ntohs' || fn === 'ntohl' || fn === 'htobe16' || fn === 'htobe32' || fn === 'htobe64') {
      const inner = evalExpr(arg, ctx);
      return inner && !inner.raw ? { v: inner.v, be: true } : undefined;
    }
    if (fn === 'inet_addr') {
      const q = quotedArg(arg);
      const raw = q === undefined ? undefined : parseIPv4(q);
      return raw ? { v: 0n, raw } : undefined;
    }
    if (fn === 'inet_pton') {
      const q = quotedArg(arg);
      if (q === undefined) return undefined;
      const raw = arg.includes('AF_INET6') ? parseIPv6(q) : parseIPv4(q);
      return raw ? { v: 0n, raw } : undefined;
    }
    if (fn === 'if_nametoindex') {
      const q = quotedArg(arg);
      const idx = q === undefined ? undefined : ctx.links?.get(q);
      return idx === undefined ? undefined : { v: BigInt(idx), guess: `if_nametoindex("${q}") taken as ${idx} from an earlier RTM_NEWLINK` };
    }
    return undefined; // makedev(), ...
  }
  if (/^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})+$/.test(s)) { // a hardware address
    return { v: 0n, raw: Buffer.from(s.replace(/:/g, ''), 'hex') };
  }
  return undefined;
}

/** Evaluates a printed expression: `A|B|0x600`, `NFNL_SUBSYS_IPSET<<8|IPSET_CMD_LIST`, `-ENOENT`, `htons(0)`. */
export function evalExpr(text: string, ctx: EncodeContext): Num | undefined {
  const terms = splitTop(text, '|');
  let acc = 0n;
  let be = false;
  for (const term of terms) {
    const shifts = splitTop(term, '<<');
    let v: Num | undefined = evalTerm(shifts[0], ctx);
    if (!v) return undefined;
    if (v.raw || v.guess) {
      if (terms.length === 1 && shifts.length === 1) return v;
      if (v.raw) return undefined;
    }
    for (let i = 1; i < shifts.length; i++) {
      const by = evalTerm(shifts[i], ctx);
      if (!by || by.raw || by.v < 0n || by.v > 64n) return undefined;
      v = { v: v.v << by.v, ...(v.be ? { be: true } : {}) };
    }
    acc |= v.v;
    be ||= v.be === true;
  }
  return be ? { v: acc, be } : { v: acc };
}

function atomText(v: SVal | undefined): string | undefined {
  return v && v.t === 'atom' ? v.text : undefined;
}

function numField(obj: SVal, key: string, ctx: EncodeContext, what: string): bigint {
  const v = field(obj, key);
  const text = atomText(v);
  if (text === undefined) {
    ctx.problems.push(`${what}: no ${key}`);
    return 0n;
  }
  const n = evalExpr(text, ctx);
  if (!n || n.raw) {
    ctx.problems.push(`${what}: cannot evaluate ${key}=${text}`);
    return 0n;
  }
  return n.v;
}

// ---------------------------------------------------------------------------------------
// Structures.

type FieldSpec = readonly [offset: number, size: number];
interface StructSpec {
  name: string;
  size: number;
  fields: Readonly<Record<string, FieldSpec>>;
}

/** Family headers and a few attribute payload structures strace prints field by field. */
const STRUCTS: readonly StructSpec[] = [
  { name: 'nfgenmsg', size: 4, fields: { nfgen_family: [0, 1], version: [1, 1], res_id: [2, 2] } },
  { name: 'genlmsghdr', size: 4, fields: { cmd: [0, 1], version: [1, 1], reserved: [2, 2] } },
  { name: 'ifinfomsg', size: 16, fields: { ifi_family: [0, 1], ifi_type: [2, 2], ifi_index: [4, 4], ifi_flags: [8, 4], ifi_change: [12, 4] } },
  { name: 'ifaddrmsg', size: 8, fields: { ifa_family: [0, 1], ifa_prefixlen: [1, 1], ifa_flags: [2, 1], ifa_scope: [3, 1], ifa_index: [4, 4] } },
  {
    name: 'rtmsg', size: 12,
    fields: {
      rtm_family: [0, 1], rtm_dst_len: [1, 1], rtm_src_len: [2, 1], rtm_tos: [3, 1], rtm_table: [4, 1],
      rtm_protocol: [5, 1], rtm_scope: [6, 1], rtm_type: [7, 1], rtm_flags: [8, 4],
    },
  },
  { name: 'ndmsg', size: 12, fields: { ndm_family: [0, 1], ndm_ifindex: [4, 4], ndm_state: [8, 2], ndm_flags: [10, 1], ndm_type: [11, 1] } },
  { name: 'tcmsg', size: 20, fields: { tcm_family: [0, 1], tcm_ifindex: [4, 4], tcm_handle: [8, 4], tcm_parent: [12, 4], tcm_info: [16, 4] } },
  { name: 'rtgenmsg', size: 1, fields: { rtgen_family: [0, 1] } },
  { name: 'netconfmsg', size: 1, fields: { ncm_family: [0, 1] } },
  {
    name: 'fib_rule_hdr', size: 12,
    fields: { family: [0, 1], dst_len: [1, 1], src_len: [2, 1], tos: [3, 1], table: [4, 1], res1: [5, 1], res2: [6, 1], action: [7, 1], flags: [8, 4] },
  },
  {
    name: 'rta_cacheinfo', size: 32,
    fields: { rta_clntref: [0, 4], rta_lastuse: [4, 4], rta_expires: [8, 4], rta_error: [12, 4], rta_used: [16, 4], rta_id: [20, 4], rta_ts: [24, 4], rta_tsage: [28, 4] },
  },
  { name: 'ifa_cacheinfo', size: 16, fields: { ifa_prefered: [0, 4], ifa_valid: [4, 4], cstamp: [8, 4], tstamp: [12, 4] } },
];

function findStruct(obj: Extract<SVal, { t: 'obj' }>): StructSpec | undefined {
  const first = obj.fields.find((f) => f.key !== undefined)?.key;
  if (!first) return undefined;
  return STRUCTS.find((s) => Object.prototype.hasOwnProperty.call(s.fields, first));
}

/** Bytes a printed element occupies, when its lengths say so. */
function declaredSize(v: SVal): number | undefined {
  if (v.t === 'str') return v.more ? undefined : v.bytes.length;
  if (v.t === 'obj' && hasKey(v, 'nla_len')) return declaredLen(v, 'nla_len');
  if (v.t === 'arr') {
    if (v.items.length && v.items[0].t === 'obj' && hasKey(v.items[0], 'nla_len')) return declaredLen(v.items[0], 'nla_len');
    let sum = 0;
    for (let i = 0; i < v.items.length; i++) {
      const s = declaredSize(v.items[i]);
      if (s === undefined) return undefined;
      sum += i < v.items.length - 1 ? align4(s) : s;
    }
    return sum;
  }
  return undefined;
}

function declaredLen(obj: SVal, key: string): number | undefined {
  const t = atomText(field(obj, key));
  if (t === undefined || !/^\d+$/.test(t)) return undefined;
  return Number(t);
}

function encodeStruct(obj: Extract<SVal, { t: 'obj' }>, w: Writer, end: number, ctx: EncodeContext, rest: SVal[]): void {
  const spec = findStruct(obj);
  if (!spec) {
    // Unknown structure: keep the layout by giving it the room the following elements leave.
    let size = 0;
    let restSize: number | undefined = 0;
    for (const r of rest) {
      const s = declaredSize(r);
      if (s === undefined) { restSize = undefined; break; }
      restSize += align4(s);
    }
    if (restSize !== undefined && Number.isFinite(end)) size = Math.max(0, end - w.pos - restSize);
    const first = obj.fields[0]?.key ?? '?';
    ctx.problems.push(`unknown structure {${first}=...}: ${size} zero bytes`);
    mark(ctx, w.pos, w.pos + size, `strace printed a structure {${first}=...}: rebuilt as ${size} zero bytes`, Infinity);
    w.zeros(size);
    return;
  }
  const start = w.pos;
  w.zeros(spec.size);
  const saved = w.pos;
  for (const f of obj.fields) {
    if (f.key === undefined || !Object.prototype.hasOwnProperty.call(spec.fields, f.key)) {
      ctx.problems.push(`${spec.name}: unexpected field ${f.key ?? '(unnamed)'}`);
      continue;
    }
    const [off, size] = spec.fields[f.key];
    w.pos = start + off;
    const text = atomText(f.val);
    const n = text === undefined ? undefined : evalExpr(text, ctx);
    if (n === undefined) {
      ctx.problems.push(`${spec.name}: cannot evaluate ${f.key}=${text ?? '(structure)'}`);
      mark(ctx, w.pos, w.pos + size, `${f.key}=${text ?? '(structure)'} could not be rebuilt (zeros)`, Infinity);
    } else if (n.raw) {
      if (n.raw.length === size) w.bytes(n.raw);
      else ctx.problems.push(`${spec.name}: ${f.key} has ${n.raw.length} bytes, not ${size}`);
    } else {
      if (n.guess) mark(ctx, w.pos, w.pos + size, n.guess, Infinity);
      w.int(n.v, size, n.be === true);
    }
  }
  w.pos = saved;
}

// ---------------------------------------------------------------------------------------
// Messages and attributes.

const isHdr = (v: SVal | undefined): v is Extract<SVal, { t: 'obj' }> => v !== undefined && v.t === 'obj' && hasKey(v, 'nlmsg_len');
const isNla = (v: SVal | undefined): v is Extract<SVal, { t: 'obj' }> => v !== undefined && v.t === 'obj' && hasKey(v, 'nla_len');
const isMsgLike = (v: SVal): boolean => isHdr(v) || (v.t === 'arr' && isHdr(v.items[0]));

/** Pads or cuts what was written since `start` to `target` bytes. */
function fit(w: Writer, start: number, target: number, ctx: EncodeContext, what: string): void {
  const written = w.pos - start;
  const cut = ctx.cut === true;
  ctx.cut = false;
  if (written < target) {
    if (align4(written) < target || cut) ctx.problems.push(`${what}: rebuilt ${written} of ${target} bytes`);
    w.zeros(target - written);
  } else if (written > target) {
    ctx.problems.push(`${what}: rebuilt ${written} bytes, more than its ${target}`);
    w.pos = start + target;
  }
}

function encodeMessage(hdr: Extract<SVal, { t: 'obj' }>, payload: SVal[], w: Writer, end: number, ctx: EncodeContext, headerOnly = false): void {
  const start = w.pos;
  const headerProblems = ctx.problems.length;
  const what = `message at ${start}`;
  const len = numField(hdr, 'nlmsg_len', ctx, what);
  const typeText = atomText(field(hdr, 'nlmsg_type'));
  let type = 0n;
  if (typeText !== undefined && /^[a-z][a-z0-9_]*$/.test(typeText) && lookup(typeText, ctx) === undefined) {
    ctx.problems.push(`generic netlink family "${typeText}": id unknown (no CTRL_CMD_NEWFAMILY reply seen)`);
  } else {
    type = numField(hdr, 'nlmsg_type', ctx, what);
  }
  w.int(len, 4);
  w.int(type, 2);
  w.int(numField(hdr, 'nlmsg_flags', ctx, what), 2);
  w.int(numField(hdr, 'nlmsg_seq', ctx, what), 4);
  w.int(numField(hdr, 'nlmsg_pid', ctx, what), 4);
  if (ctx.problems.length > headerProblems) mark(ctx, start, w.pos, ctx.problems[ctx.problems.length - 1]!, Infinity);
  // A header printed alone: nothing followed it in the buffer, or it is the echoed request
  // of a capped NLMSG_ERROR; its nlmsg_len is not what is there.
  const target = headerOnly || payload.length === 0 ? 16 : Math.max(16, Math.min(Number(BigInt.asUintN(32, len)), end - start));
  const msgEnd = start + target;
  encodeItems(payload, Number(type), w, msgEnd, ctx);
  fit(w, start, target, ctx, what);
}

function encodeItems(items: SVal[], type: number, w: Writer, end: number, ctx: EncodeContext): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (type === NLMSG_ERROR && item.t === 'obj' && hasKey(item, 'error')) encodeError(item, w, end, ctx);
    else encodeItem(item, w, end, ctx, items.slice(i + 1));
    if (i < items.length - 1) {
      const pad = align4(w.pos) - w.pos;
      if (pad) w.zeros(Math.min(pad, Math.max(0, end - w.pos)));
    }
  }
}

function encodeItem(item: SVal, w: Writer, end: number, ctx: EncodeContext, rest: SVal[] = []): void {
  switch (item.t) {
    case 'str':
      w.bytes(item.bytes);
      // strace also marks complete NUL-terminated strings with "...": whether bytes are
      // missing is told by the length of the enclosing attribute or message.
      if (item.more) ctx.cut = true;
      return;
    case 'more':
      ctx.problems.push('elements left out by strace ("...")');
      return;
    case 'atom': {
      const n = evalExpr(item.text, ctx);
      if (n && n.raw) w.bytes(n.raw);
      else if (n) w.int(n.v, 4, n.be === true);
      else ctx.problems.push(`cannot encode ${item.text}`);
      return;
    }
    case 'obj':
      if (isNla(item)) encodeAttr(item, [], w, end, ctx);
      else if (isHdr(item)) encodeMessage(item, [], w, end, ctx);
      else encodeStruct(item, w, end, ctx, rest);
      return;
    case 'arr': {
      const first = item.items[0];
      if (isNla(first)) { encodeAttr(first, item.items.slice(1), w, end, ctx); return; }
      if (isHdr(first) && !item.items.slice(1).some(isMsgLike)) { encodeMessage(first, item.items.slice(1), w, end, ctx); return; }
      for (let i = 0; i < item.items.length; i++) {
        encodeItem(item.items[i], w, end, ctx, item.items.slice(i + 1));
        if (i < item.items.length - 1) {
          const pad = align4(w.pos) - w.pos;
          if (pad) w.zeros(Math.min(pad, Math.max(0, end - w.pos)));
        }
      }
      return;
    }
  }
}

function encodeAttr(hdr: Extract<SVal, { t: 'obj' }>, values: SVal[], w: Writer, end: number, ctx: EncodeContext): void {
  const problemsBefore = ctx.problems.length;
  const marksBefore = ctx.marks?.length ?? 0;
  const start = w.pos;
  const target = writeAttr(hdr, values, w, end, ctx);
  // A problem at this level (not inside a nested attribute that marked itself) marks the whole attribute.
  if (ctx.problems.length > problemsBefore) mark(ctx, start, start + target, ctx.problems[ctx.problems.length - 1]!, marksBefore);
}

/** Writes one attribute; returns its length. */
function writeAttr(hdr: Extract<SVal, { t: 'obj' }>, values: SVal[], w: Writer, end: number, ctx: EncodeContext): number {
  const start = w.pos;
  const what = `attribute at ${start}`;
  const len = numField(hdr, 'nla_len', ctx, what);
  w.int(len, 2);
  w.int(numField(hdr, 'nla_type', ctx, what), 2);
  const target = Math.max(4, Math.min(Number(BigInt.asUintN(16, len)), end - start));
  const attrEnd = start + target;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v.t === 'atom') {
      const width = attrEnd - w.pos;
      const n = evalExpr(v.text, ctx);
      if (!n) ctx.problems.push(`${what}: cannot encode ${v.text}`);
      else if (n.raw) w.bytes(n.raw);
      else if (width === 1 || width === 2 || width === 4 || width === 8) {
        if (n.guess) mark(ctx, w.pos, w.pos + width, n.guess, Infinity);
        w.int(n.v, width, n.be === true);
      } else ctx.problems.push(`${what}: number ${v.text} in ${width} bytes`);
    } else {
      encodeItem(v, w, attrEnd, ctx, values.slice(i + 1));
    }
  }
  fit(w, start, target, ctx, what);
  return target;
}

function encodeError(obj: Extract<SVal, { t: 'obj' }>, w: Writer, end: number, ctx: EncodeContext): void {
  w.int(numField(obj, 'error', ctx, 'nlmsgerr'), 4);
  for (const f of obj.fields) {
    if (f.key === 'error') continue;
    if (f.key === 'msg') {
      const m = f.val;
      if (isHdr(m)) encodeMessage(m, [], w, end, ctx, true);
      else if (m.t === 'arr' && isHdr(m.items[0])) encodeMessage(m.items[0], m.items.slice(1), w, end, ctx);
      else encodeItem(m, w, end, ctx);
    } else if (f.key === undefined) {
      encodeItem(f.val, w, end, ctx); // extended ack attributes
    } else {
      ctx.problems.push(`nlmsgerr: unexpected field ${f.key}`);
    }
  }
}

/**
 * Bytes of one printed buffer (a sendto/recvfrom buffer or one iov_base); undefined when
 * strace printed no data (NULL, an address). `limit` is how many bytes the buffer held.
 */
export function encodeBuffer(v: SVal, limit: number | undefined, ctx: EncodeContext): Uint8Array | undefined {
  const end = limit ?? Infinity;
  const w = new Writer();
  if (v.t === 'atom' || v.t === 'more') return undefined;
  if (v.t === 'str') {
    if (v.more && limit === undefined) ctx.problems.push('string cut by strace (-s)');
    return v.bytes;
  }
  if (v.t === 'obj') {
    if (!hasKey(v, 'nlmsg_len')) {
      ctx.problems.push('buffer printed as an unknown structure');
      return new Uint8Array(0);
    }
    encodeMessage(v, [], w, end, ctx);
    return w.result();
  }
  const items = v.items;
  if (isHdr(items[0]) && !items.slice(1).some(isMsgLike)) {
    encodeMessage(items[0], items.slice(1), w, end, ctx);
    return w.result();
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.t === 'more') { ctx.problems.push('messages left out by strace ("...")'); break; }
    if (i > 0) w.zeros(Math.min(align4(w.pos) - w.pos, Math.max(0, end - w.pos)));
    if (item.t === 'str') encodeItem(item, w, end, ctx);
    else if (isHdr(item)) encodeMessage(item, [], w, end, ctx);
    else if (item.t === 'arr' && isHdr(item.items[0])) encodeMessage(item.items[0], item.items.slice(1), w, end, ctx);
    else { ctx.problems.push(`unexpected element ${i} in a message list`); break; }
  }
  return w.result();
}

/** True when `v` holds a netlink message header (strace decoded the buffer as netlink). */
export function looksDecodedNetlink(v: SVal): boolean {
  return isHdr(v) || (v.t === 'arr' && (isHdr(v.items[0]) || (v.items[0]?.t === 'arr' && isHdr(v.items[0].items[0]))));
}
