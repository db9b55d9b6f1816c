// A bounds-checked reader over one element's payload: every short read names the field.
// Fixed runs of fields are written as layouts (data) and read by struct(); the bit fields of
// an integer are read with flag() and field(), numbered as the standard numbers them.

export class Short extends Error {}

/** A bounds-checked reader over one element's payload. */
export class Reader {
  at = 0;
  constructor(readonly b: Uint8Array, readonly what: string) {}
  get left(): number {
    return this.b.length - this.at;
  }
  need(n: number, field: string): void {
    if (this.left < n) throw new Short(`${this.what}: ${field} needs ${n} bytes, ${this.left} left`);
  }
  u8(field: string): number {
    this.need(1, field);
    return this.b[this.at++]!;
  }
  u16(field: string): number {
    this.need(2, field);
    const v = this.b[this.at]! | (this.b[this.at + 1]! << 8);
    this.at += 2;
    return v;
  }
  u24(field: string): number {
    this.need(3, field);
    const v = this.b[this.at]! | (this.b[this.at + 1]! << 8) | (this.b[this.at + 2]! << 16);
    this.at += 3;
    return v;
  }
  u32(field: string): number {
    this.need(4, field);
    const v = (this.b[this.at]! | (this.b[this.at + 1]! << 8) | (this.b[this.at + 2]! << 16) | (this.b[this.at + 3]! << 24)) >>> 0;
    this.at += 4;
    return v;
  }
  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const v = this.b.slice(this.at, this.at + n);
    this.at += n;
    return v;
  }
  rest(): Uint8Array {
    const v = this.b.slice(this.at);
    this.at = this.b.length;
    return v;
  }
  /** Reads a layout's fields in order, each named in a short read, into `into` (after what it holds). */
  struct<K extends string, T extends object = object>(layout: Layout<K>, into: T = {} as T): T & Record<K, number> {
    const out = into as T & Record<K, number>;
    for (let i = 0; i < layout.keys.length; i++) {
      const size = layout.sizes[i]!;
      const field = layout.fields[i]!;
      out[layout.keys[i]!] = (size === 1 ? this.u8(field) : size === 2 ? this.u16(field) : size === 3 ? this.u24(field) : this.u32(field)) as never;
    }
    return out;
  }
}

/** A fixed run of little-endian fields: their keys, sizes in bytes, and names for errors. */
export interface Layout<K extends string> {
  readonly keys: readonly K[];
  readonly sizes: readonly number[];
  readonly fields: readonly string[];
}

/** A layout from `{ key: 'u16 field name', ... }`, in the order written. */
export function layout<K extends string>(spec: Readonly<Record<K, `u${8 | 16 | 24 | 32} ${string}`>>): Layout<K> {
  const entries = Object.entries<string>(spec);
  return {
    keys: entries.map(([key]) => key as K),
    sizes: entries.map(([, s]) => Number(s.slice(1, s.indexOf(' '))) / 8),
    fields: entries.map(([, s]) => s.slice(s.indexOf(' ') + 1)),
  };
}

/** Bit `n` of `v` (bit 0 is the least significant). */
export const flag = (v: number, n: number): boolean => ((v >>> n) & 1) !== 0;

/** The `width`-bit number at bit `n` of `v`. */
export const field = (v: number, n: number, width: number): number => (v >>> n) & (2 ** width - 1);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** SSID bytes as text: UTF-8 when valid and printable, else printable ASCII with \xNN escapes. */
export function ssidText(b: Uint8Array): string {
  try {
    const s = utf8.decode(b);
    // eslint-disable-next-line no-control-regex
    if (!/[\x00-\x1f\x7f]/.test(s)) return s;
  } catch {
    // not UTF-8
  }
  let out = '';
  for (const c of b) out += c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return out;
}
