// Splits a captured record (one buffer) into netlink messages without trusting any length:
// the decoder's one message walk, used by the decoder and by the strace reader.
import { NLMSG_HDRLEN, align4 } from '../netlink/constants.js';
import { isZero } from '../netlink/message.js';
import type { RawMessage } from './protocols/types.js';

export interface Split {
  messages: { offset: number; raw: RawMessage; cut: boolean }[];
  /** Framing problem that ended the walk (offset in the record). */
  problem?: { message: string; offset: number; header?: RawMessage };
}

// The records of a capture are views of a few large buffers, often Node Buffers: headers are read
// from one plain Uint8Array over the record's whole buffer, made once per buffer, and every payload
// is a plain Uint8Array made on that buffer (the constructor costs less than subarray()). A Buffer's
// subarray() costs several times a plain one's, and payloads of both kinds made the decoder's hot
// code polymorphic. Weak: a capture's buffer is not kept after its decode.
const wholes = new WeakMap<ArrayBufferLike, Uint8Array>();
function wholeOf(buffer: ArrayBufferLike): Uint8Array {
  let w = wholes.get(buffer);
  if (!w) {
    w = new Uint8Array(buffer);
    wholes.set(buffer, w);
  }
  return w;
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** Splits a record into messages without trusting any length. */
export function split(bytes: Uint8Array): Split {
  const out: Split = { messages: [] };
  const buffer = bytes.buffer;
  const b = wholeOf(buffer);
  const o = bytes.byteOffset;
  const size = bytes.length;
  let at = 0;
  while (at + NLMSG_HDRLEN <= size) {
    const h = o + at;
    const len = u32(b, h);
    const short = len < NLMSG_HDRLEN;
    // Zeros after the last message are padding (iproute2 pads its requests; the kernel skips them).
    if (short && len === 0 && isZero(bytes, at)) return out;
    const cut = len > size - at;
    const raw: RawMessage = {
      len,
      type: u16(b, h + 4),
      flags: u16(b, h + 6),
      seq: u32(b, h + 8),
      pid: u32(b, h + 12),
      payload: new Uint8Array(buffer, h + NLMSG_HDRLEN, short ? 0 : cut ? o + size - h - NLMSG_HDRLEN : len - NLMSG_HDRLEN),
    };
    if (short) {
      out.problem = { message: `message length ${len} is shorter than the netlink header`, offset: at, header: raw };
      return out;
    }
    out.messages.push({ offset: at, raw, cut });
    if (cut) return out;
    at += align4(len);
  }
  if (at < size) {
    // A last message that was not padded leaves nothing; a few zero bytes are padding.
    if (!isZero(bytes, at)) out.problem = { message: `${size - at} trailing bytes after the last message`, offset: at };
  }
  return out;
}

