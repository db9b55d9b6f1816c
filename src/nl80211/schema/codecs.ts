// Custom codecs for the C structs and packed lists that nl80211 carries in
// attribute payloads (layouts from <linux/nl80211.h>), and for the few
// attributes whose encoding depends on the message (a flag in a wiphy dump,
// a value in a request).
import { decodeAttrsAt, encodeAttrsInto } from '../../netlink/attrs.js';
import { DecodeError, EncodeError } from '../../netlink/errors.js';
import { attrSet, type AttrDef, type AttrSet, type AttrValue, type Attrs, type CustomCodec } from '../../netlink/schema.js';
import type { Writer } from '../../netlink/writer.js';

function view(d: Uint8Array): DataView {
  return new DataView(d.buffer, d.byteOffset, d.byteLength);
}

function int(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  throw new EncodeError(`${what}: ${String(v)} is not an integer`);
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
    throw new EncodeError(`${what}: expected an object`);
  }
  return v as Record<string, unknown>;
}

type FieldKind = 'u8' | 's8' | 'u16' | 'u32' | 's32';
const fieldSize: Record<FieldKind, number> = { u8: 1, s8: 1, u16: 2, u32: 4, s32: 4 };

/** One little-endian integer field of a C struct or array. */
function readField(v: DataView, at: number, k: FieldKind): number {
  switch (k) {
    case 'u8': return v.getUint8(at);
    case 's8': return v.getInt8(at);
    case 'u16': return v.getUint16(at, true);
    case 'u32': return v.getUint32(at, true);
    default: return v.getInt32(at, true);
  }
}

function writeField(w: Writer, k: FieldKind, n: number): void {
  if (k === 'u8') w.u8(n);
  else if (k === 's8') w.s8(n);
  else if (k === 'u16') w.u16(n);
  else if (k === 'u32') w.u32(n >>> 0);
  else w.s32(n);
}

/**
 * A packed C struct of integers (little-endian, host order), decoded to an object.
 * A longer payload (a newer kernel grew the struct) keeps the known prefix.
 */
export function struct(cname: string, fields: readonly (readonly [string, FieldKind])[]): CustomCodec<Attrs> {
  const size = fields.reduce((n, [, k]) => n + fieldSize[k], 0);
  return {
    decode(data) {
      if (data.length < size) throw new DecodeError(`struct ${cname}: ${data.length} bytes, expected ${size}`, 0);
      const v = view(data);
      const out: Attrs = {};
      let at = 0;
      for (const [name, k] of fields) {
        out[name] = readField(v, at, k);
        at += fieldSize[k];
      }
      return out;
    },
    encode(value, w) {
      const o = obj(value, `struct ${cname}`);
      for (const [name, k] of fields) {
        const n = int(o[name] ?? 0, `struct ${cname}.${name}`);
        writeField(w, k, n);
      }
    },
  };
}

/** A packed array of one integer kind (rates as u8, cipher suites as u32, ...), decoded to number[]. */
export function list(kind: FieldKind, what: string): CustomCodec<number[]> {
  const n = fieldSize[kind];
  return {
    decode(data) {
      if (data.length % n !== 0) throw new DecodeError(`${what}: ${data.length} bytes is not a whole number of ${kind}`, 0);
      const v = view(data);
      const out: number[] = [];
      for (let at = 0; at < data.length; at += n) {
        out.push(readField(v, at, kind));
      }
      return out;
    },
    encode(value, w) {
      if (!Array.isArray(value)) throw new EncodeError(`${what}: expected an array of numbers`);
      for (const x of value) {
        const i = int(x, what);
        writeField(w, kind, i);
      }
    },
  };
}

/**
 * A nest whose attribute types are indexes (band numbers, chain numbers, TIDs + 1):
 * decoded to a sparse array where `array[type - base]` is the element, so the
 * index survives when the kernel leaves some out (split wiphy dumps send one band
 * per message; chain signals only for the chains in use).
 */
export interface IndexedCodec extends CustomCodec<AttrValue[]> {
  /** The definition of each element (for tools that walk the schema). */
  readonly element: AttrDef;
  readonly base: number;
}

export function indexed(element: AttrDef, base: number, what: string, max = 64): IndexedCodec {
  let set: AttrSet | undefined;
  const getSet = (): AttrSet => {
    if (!set) {
      const defs: Record<number, AttrDef> = {};
      for (let t = 0; t < max; t++) defs[t] = [String(t), element[1], element[2]];
      set = attrSet(what, `${what}[`, defs);
    }
    return set;
  };
  return {
    element,
    base,
    decode(data) {
      const attrs = decodeAttrsAt(getSet(), data, 0, data.length, 1);
      const out: AttrValue[] = [];
      for (const [k, v] of Object.entries(attrs)) {
        if (k === '$unknown') continue;
        out[Number(k) - base] = v;
      }
      // Indexes past the table are kept as raw bytes at their place.
      for (const u of attrs.$unknown ?? []) out[u.type - base] = u.data;
      return out;
    },
    encode(value, w: Writer) {
      if (!Array.isArray(value)) throw new EncodeError(`${what}: expected an array`);
      const attrs: Attrs = {};
      value.forEach((v: AttrValue, i: number) => {
        if (v !== undefined && v !== null) attrs[String(i + base)] = v;
      });
      encodeAttrsInto(getSet(), attrs, w, 1);
    },
  };
}

/**
 * An attribute that is a flag in one message (capability in a wiphy dump) and
 * a value in another (a request): an empty payload decodes to true.
 */
export function flagOr<T>(inner: CustomCodec<T> | FieldKind, what: string): CustomCodec<T | true> {
  const codec: CustomCodec<T> =
    typeof inner === 'string' ? (intCodec(inner, what) as unknown as CustomCodec<T>) : inner;
  return {
    decode(data) {
      return data.length === 0 ? true : codec.decode(data);
    },
    encode(value, w) {
      if (value === true) return;
      codec.encode(value as T, w);
    },
  };
}

function intCodec(kind: FieldKind, what: string): CustomCodec<number> {
  const n = fieldSize[kind];
  return {
    decode(data) {
      if (data.length < n) throw new DecodeError(`${what}: ${data.length} bytes, expected ${n}`, 0);
      const v = view(data);
      return readField(v, 0, kind);
    },
    encode(value, w) {
      const i = int(value, what);
      writeField(w, kind, i);
    },
  };
}

/**
 * A bitmap of bytes where bit n (byte n / 8, bit n % 8) means enum value n
 * (NL80211_ATTR_EXT_FEATURES): decoded to the names of the set bits
 * (`bit_N` for bits the header does not name).
 */
export function bitmapNames(values: Readonly<Record<string, number>>, what: string): CustomCodec<string[]> {
  const byBit = new Map<number, string>();
  for (const [k, v] of Object.entries(values)) if (!byBit.has(v)) byBit.set(v, k.toLowerCase());
  const byName = new Map<string, number>();
  for (const [b, n] of byBit) byName.set(n, b);
  return {
    decode(data) {
      const out: string[] = [];
      for (let i = 0; i < data.length * 8; i++) {
        if (data[i >> 3]! & (1 << (i & 7))) out.push(byBit.get(i) ?? `bit_${i}`);
      }
      return out;
    },
    encode(value, w) {
      if (!Array.isArray(value)) throw new EncodeError(`${what}: expected an array of names`);
      const bits = value.map((x) => {
        if (typeof x === 'number') return x;
        const m = /^bit_(\d+)$/.exec(String(x));
        const b = m ? Number(m[1]) : byName.get(String(x).toLowerCase());
        if (b === undefined) throw new EncodeError(`${what}: unknown name '${String(x)}'`);
        return b;
      });
      const len = Math.max(0, ...bits.map((b) => (b >> 3) + 1));
      const bytes = new Uint8Array(len);
      for (const b of bits) bytes[b >> 3]! |= 1 << (b & 7);
      w.bytes(bytes);
    },
  };
}

// ---- the structs of the header ----

/** struct nl80211_sta_flag_update { __u32 mask; __u32 set; } (bits are 1 << NL80211_STA_FLAG_*). */
export const staFlagUpdate = struct('nl80211_sta_flag_update', [['mask', 'u32'], ['set', 'u32']]);

/** struct nl80211_bss_select_rssi_adjust { __u8 band; __s8 delta; } */
export const rssiAdjust = struct('nl80211_bss_select_rssi_adjust', [['band', 'u8'], ['delta', 's8']]);

/** struct nl80211_pattern_support { max_patterns, min_pattern_len, max_pattern_len, max_pkt_offset } (all __u32). */
export const patternSupport = struct('nl80211_pattern_support', [
  ['max_patterns', 'u32'], ['min_pattern_len', 'u32'], ['max_pattern_len', 'u32'], ['max_pkt_offset', 'u32'],
]);

/** struct nl80211_coalesce_rule_support { __u32 max_rules; struct nl80211_pattern_support pat; __u32 max_delay; } */
export const coalesceRuleSupport = struct('nl80211_coalesce_rule_support', [
  ['max_rules', 'u32'], ['max_patterns', 'u32'], ['min_pattern_len', 'u32'], ['max_pattern_len', 'u32'],
  ['max_pkt_offset', 'u32'], ['max_delay', 'u32'],
]);

/** struct nl80211_wowlan_tcp_data_seq { __u32 start, offset, len; } */
export const tcpDataSeq = struct('nl80211_wowlan_tcp_data_seq', [['start', 'u32'], ['offset', 'u32'], ['len', 'u32']]);

/** struct nl80211_wowlan_tcp_data_token_feature { __u32 min_len, max_len, bufsize; } */
export const tcpTokenFeature = struct('nl80211_wowlan_tcp_data_token_feature', [['min_len', 'u32'], ['max_len', 'u32'], ['bufsize', 'u32']]);

/** struct nl80211_vendor_cmd_info { __u32 vendor_id; __u32 subcmd; } */
export const vendorCmdInfo = struct('nl80211_vendor_cmd_info', [['vendor_id', 'u32'], ['subcmd', 'u32']]);

/** struct nl80211_txrate_vht / nl80211_txrate_he { __u16 mcs[8]; }: one MCS bitmap per NSS. */
export const mcsPerNss = list('u16', 'struct nl80211_txrate_vht/he mcs[NSS]');

export const u8List = list('u8', 'u8 list');
export const u16List = list('u16', 'u16 list');
export const u32List = list('u32', 'u32 list');
export const s32List = list('s32', 's32 list');

/**
 * struct nl80211_wowlan_tcp_data_token { __u32 offset, len; __u8 token_stream[]; }
 * decoded to { offset, len, token_stream: bytes }.
 */
export const tcpDataToken: CustomCodec<Attrs> = {
  decode(data) {
    if (data.length < 8) throw new DecodeError(`struct nl80211_wowlan_tcp_data_token: ${data.length} bytes, expected 8 or more`, 0);
    const v = view(data);
    return { offset: v.getUint32(0, true), len: v.getUint32(4, true), token_stream: data.slice(8) };
  },
  encode(value, w) {
    const o = obj(value, 'struct nl80211_wowlan_tcp_data_token');
    w.u32(int(o.offset ?? 0, 'token.offset'));
    w.u32(int(o.len ?? 0, 'token.len'));
    if (o.token_stream instanceof Uint8Array) w.bytes(o.token_stream);
  },
};

/**
 * NL80211_ATTR_COALESCE_RULE: in a wiphy dump the device's limits
 * (struct nl80211_coalesce_rule_support, 24 bytes); in a request or a
 * GET_COALESCE reply, a nest of rules (nested NL80211_ATTR_COALESCE_RULE_*).
 */
export function coalesceRules(ruleSet: () => AttrSet): CustomCodec<Attrs | AttrValue[]> {
  const rules = indexed(['rule', 'nested', { set: ruleSet }], 1, 'NL80211_ATTR_COALESCE_RULE', 64);
  return {
    decode(data) {
      // A rule nest starts with an attribute header whose type is the rule's index (1, 2, ...) with
      // NLA_F_NESTED; the support struct starts with max_rules (a u32), so its bytes 2..3 are zero.
      const looksNested = data.length >= 4 && (data[2]! | data[3]!) !== 0;
      if (data.length === 24 && !looksNested) return coalesceRuleSupport.decode(data);
      return rules.decode(data).filter((x) => x !== undefined);
    },
    encode(value, w) {
      if (Array.isArray(value)) rules.encode(value, w);
      else coalesceRuleSupport.encode(value as Attrs, w);
    },
  };
}
