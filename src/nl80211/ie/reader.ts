// A bounds-checked reader over one element's payload: every short read names the field.

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
}

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
