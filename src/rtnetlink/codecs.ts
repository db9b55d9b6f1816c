// Codecs for the C structs and arrays that rtnetlink carries inside attributes: fixed structs
// (rtnl_link_stats64, rtnl_link_ifmap, *_cacheinfo) decoded field by field, and the
// per-device configuration arrays (IFLA_INET_CONF, IFLA_INET6_CONF, IFLA_INET6_STATS) decoded
// to objects keyed by the kernel's index names. The kernel grows these structs at the end, so a
// longer payload keeps the known prefix and a shorter one is read up to `min` fields.
import { formatIPv4, formatIPv6, formatMac } from '../netlink/addr.js';
import { DecodeError, EncodeError } from '../netlink/errors.js';
import type { CustomCodec } from '../netlink/schema.js';

export type FieldKind = 'u8' | 'u16' | 'u32' | 's32' | 'u64' | 'be16' | 'be32' | 'mac' | 'ipv4';

/** Where each field of a struct lies (for readers that rebuild structs from their printed fields, like strace's). */
export interface StructLayout {
  name: string;
  size: number;
  fields: readonly { name: string; offset: number; size: number }[];
}

/** Every struct the rtnetlink schema defines, in definition order. */
export const STRUCT_LAYOUTS: StructLayout[] = [];
export type Field = readonly [name: string, kind: FieldKind];

const SIZE: Readonly<Record<FieldKind, number>> = { u8: 1, u16: 2, be16: 2, u32: 4, s32: 4, be32: 4, u64: 8, mac: 6, ipv4: 4 };

function readField(v: DataView, b: Uint8Array, at: number, kind: FieldKind): number | string {
  switch (kind) {
    case 'u8': return v.getUint8(at);
    case 'u16': return v.getUint16(at, true);
    case 'be16': return v.getUint16(at, false);
    case 'u32': return v.getUint32(at, true);
    case 's32': return v.getInt32(at, true);
    case 'be32': return v.getUint32(at, false);
    case 'mac': return formatMac(b, at);
    case 'ipv4': return formatIPv4(b, at);
    default: {
      const n = v.getBigUint64(at, true);
      return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
    }
  }
}

function noEncode(what: string): (v: unknown) => never {
  return () => {
    throw new EncodeError(`${what} is decoded only: send it as bytes`);
  };
}

/**
 * A C struct read field by field (natural alignment is given by the field order the kernel
 * uses). `min` is the field count an older kernel sends; fewer bytes than that is an error.
 */
export function struct(name: string, fields: readonly Field[], min = fields.length): CustomCodec<Record<string, number | string>> {
  const offsets: number[] = [];
  let at = 0;
  for (const [, k] of fields) {
    const size = SIZE[k];
    if (size <= 8 && size > 1 && size !== 6) at = Math.ceil(at / Math.min(size, 8)) * Math.min(size, 8);
    offsets.push(at);
    at += size;
  }
  const minBytes = min === 0 ? 0 : offsets[min - 1]! + SIZE[fields[min - 1]![1]];
  const maxAlign = Math.max(1, ...fields.map(([, k]) => (SIZE[k] === 6 ? 1 : SIZE[k])));
  STRUCT_LAYOUTS.push({
    name,
    size: Math.ceil(at / maxAlign) * maxAlign,
    fields: fields.map(([f, k], i) => ({ name: f, offset: offsets[i]!, size: SIZE[k] })),
  });
  return {
    decode(d) {
      if (d.length < minBytes) throw new DecodeError(`struct ${name}: ${d.length} bytes, expected ${minBytes}`, 0);
      const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
      const out: Record<string, number | string> = {};
      for (let i = 0; i < fields.length; i++) {
        const [f, k] = fields[i]!;
        if (offsets[i]! + SIZE[k] > d.length) break;
        out[f] = readField(v, d, offsets[i]!, k);
      }
      return out;
    },
    encode: noEncode(`struct ${name}`),
  };
}

/** A list of one struct repeated (struct nexthop_grp[], struct bridge_vlan_info[] ...). */
export function structList(name: string, fields: readonly Field[], size: number): CustomCodec<Record<string, number | string>[]> {
  const one = struct(name, fields);
  return {
    decode(d) {
      if (d.length % size) throw new DecodeError(`${name}[]: ${d.length} bytes is not a multiple of ${size}`, 0);
      const out = [];
      for (let at = 0; at < d.length; at += size) out.push(one.decode(d.subarray(at, at + size)));
      return out;
    },
    encode: noEncode(`${name}[]`),
  };
}

/**
 * An array of integers indexed by a kernel enum (IPV4_DEVCONF_*, DEVCONF_*, IPSTATS_MIB_*):
 * decoded to { name: value }, names in lower case without the prefix; an index newer than the
 * table is kept as `#index`. `first` is the enum value of element 0.
 */
export function namedArray(name: string, kind: 'u32' | 's32' | 'u64', names: readonly string[], first = 0): CustomCodec<Record<string, number | string>> {
  const size = SIZE[kind];
  return {
    decode(d) {
      if (d.length % size) throw new DecodeError(`${name}: ${d.length} bytes is not a multiple of ${size}`, 0);
      const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
      const out: Record<string, number | string> = {};
      for (let i = 0; i * size < d.length; i++) {
        const key = names[i + first] ?? `#${i + first}`;
        out[key] = readField(v, d, i * size, kind);
      }
      return out;
    },
    encode: noEncode(name),
  };
}

/** An unsigned integer of 1, 2, 4 or 8 bytes (the kernel's NLA_UINT, and fields whose width varies by device). */
export const uint: CustomCodec<number | string> = {
  decode(d) {
    const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
    switch (d.length) {
      case 1: return v.getUint8(0);
      case 2: return v.getUint16(0, true);
      case 4: return v.getUint32(0, true);
      case 8: return readField(v, d, 0, 'u64');
      default: throw new DecodeError(`unsigned integer of ${d.length} bytes (expected 1, 2, 4 or 8)`, 0);
    }
  },
  encode: noEncode('a variable-width integer'),
};

/** A link-layer address: a MAC when 6 bytes, else hex (tunnels carry IPv4 addresses here). */
export const lladdr: CustomCodec<string> = {
  decode(d) {
    return d.length === 6 ? formatMac(d) : Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex');
  },
  encode: noEncode('a link-layer address'),
};

/** struct rtvia: an address family, then the address (RTA_VIA). */
export const rtvia: CustomCodec<{ family: number; address: string }> = {
  decode(d) {
    if (d.length < 2) throw new DecodeError(`struct rtvia: ${d.length} bytes, expected 2 or more`, 0);
    const family = d[0]! | (d[1]! << 8);
    const a = d.subarray(2);
    const address = a.length === 4 ? formatIPv4(a) : a.length === 16 ? formatIPv6(a) : Buffer.from(a).toString('hex');
    return { family, address };
  },
  encode: noEncode('struct rtvia'),
};
