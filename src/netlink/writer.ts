// A growable little-endian byte writer. Messages are written in place:
// attribute lengths are patched after their payload, so nothing is copied twice.
import { NLA_HDRLEN, NLA_F_NESTED } from './constants.js';

export class Writer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(size = 4096) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  reset(): void {
    this.pos = 0;
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void { this.ensure(1); this.view.setUint8(this.pos, v); this.pos += 1; }
  u16(v: number, be = false): void { this.ensure(2); this.view.setUint16(this.pos, v, !be); this.pos += 2; }
  u32(v: number, be = false): void { this.ensure(4); this.view.setUint32(this.pos, v, !be); this.pos += 4; }
  s8(v: number): void { this.ensure(1); this.view.setInt8(this.pos, v); this.pos += 1; }
  s16(v: number): void { this.ensure(2); this.view.setInt16(this.pos, v, true); this.pos += 2; }
  s32(v: number): void { this.ensure(4); this.view.setInt32(this.pos, v, true); this.pos += 4; }
  u64(v: bigint, be = false): void { this.ensure(8); this.view.setBigUint64(this.pos, v, !be); this.pos += 8; }
  s64(v: bigint): void { this.ensure(8); this.view.setBigInt64(this.pos, v, true); this.pos += 8; }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Zero bytes up to a 4-byte boundary. */
  pad(): void {
    const n = (4 - (this.pos & 3)) & 3;
    if (n === 0) return;
    this.ensure(n);
    for (let i = 0; i < n; i++) this.buf[this.pos++] = 0; // at most 3: cheaper than fill()
  }

  /** Starts an attribute; returns its offset for end(). */
  begin(type: number): number {
    const at = this.pos;
    this.ensure(NLA_HDRLEN);
    this.view.setUint16(at + 2, type, true);
    this.pos += NLA_HDRLEN;
    return at;
  }

  /** Patches the attribute's length and pads after it. */
  end(at: number): void {
    this.view.setUint16(at, this.pos - at, true);
    this.pad();
  }

  beginNested(type: number): number {
    return this.begin(type | NLA_F_NESTED);
  }

  /** A copy of what was written. */
  take(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
