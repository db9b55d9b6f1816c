// Attribute values as numbers, bigints, bytes and text, whatever kind the schema gave them.
import type { AttrValue, Attrs } from '../../netlink/schema.js';

/** A number from an integer attribute however the schema typed it (u8..u64, number or bigint). */
export function num(v: AttrValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Uint8Array) {
    const d = new DataView(v.buffer, v.byteOffset, v.byteLength);
    if (v.length === 1) return d.getUint8(0);
    if (v.length === 2) return d.getUint16(0, true);
    if (v.length === 4) return d.getUint32(0, true);
    if (v.length === 8) return Number(d.getBigUint64(0, true));
  }
  return undefined;
}

export function big(v: AttrValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof Uint8Array && v.length === 8) return new DataView(v.buffer, v.byteOffset, 8).getBigUint64(0, true);
  if (v instanceof Uint8Array && v.length === 4) return BigInt(new DataView(v.buffer, v.byteOffset, 4).getUint32(0, true));
  return undefined;
}

/** A kernel s8 sent with nla_put_u8 (signal levels): -128..127 whatever the schema said. */
export function s8(v: AttrValue): number | undefined {
  const n = num(v);
  if (n === undefined) return undefined;
  return n > 127 ? n - 256 : n;
}

/** A kernel s32 sent as u32 (BSS signal in mBm, noise...). */
export function s32(v: AttrValue): number | undefined {
  const n = num(v);
  if (n === undefined) return undefined;
  return n > 0x7fffffff ? n - 0x100000000 : n;
}

export function bytes(v: AttrValue): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return new TextEncoder().encode(v);
  return undefined;
}

export function utf8(b: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b);
}

export function macText(v: AttrValue): string | undefined {
  if (typeof v === 'string') return v.toLowerCase();
  if (v instanceof Uint8Array && v.length >= 6) return Array.from(v.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(':');
  return undefined;
}

export function nested(v: AttrValue): Attrs | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) return v as Attrs;
  return undefined;
}

export function list(v: AttrValue): AttrValue[] {
  if (Array.isArray(v)) return v as AttrValue[];
  if (v === undefined) return [];
  const o = nested(v);
  if (o) return Object.entries(o).filter(([k]) => k !== '$unknown').map(([, x]) => x);
  return [v];
}

/** u32 values of an array attribute or of a packed binary one (cipher suites, commands...). */
export function u32s(v: AttrValue): number[] {
  if (v instanceof Uint8Array) {
    const d = new DataView(v.buffer, v.byteOffset, v.byteLength);
    const out: number[] = [];
    for (let i = 0; i + 4 <= v.length; i += 4) out.push(d.getUint32(i, true));
    return out;
  }
  return list(v).map((x) => num(x)).filter((x): x is number => x !== undefined);
}

/** Names of a nested set of flags ({ station: true, ap: true }) or of an array of numbers. */
export function flagNames(v: AttrValue, byNumber: Readonly<Record<number, string>>): string[] {
  if (Array.isArray(v)) return (v as AttrValue[]).map((x) => byNumber[num(x) ?? -1] ?? String(x));
  const o = nested(v);
  if (!o) return [];
  const out = Object.keys(o).filter((k) => k !== '$unknown' && o[k]);
  for (const u of o.$unknown ?? []) out.push(byNumber[u.type] ?? `#${u.type}`);
  return out;
}
