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

// The records of a capture are views of a few large buffers: one DataView per buffer, read at the
// record's own offset (a DataView per record cost more than the split). Weak: a capture's buffer
// is not kept after its decode.
const views = new WeakMap<ArrayBufferLike, DataView>();
function viewOver(bytes: Uint8Array): DataView {
  let v = views.get(bytes.buffer);
  if (!v) {
    v = new DataView(bytes.buffer);
    views.set(bytes.buffer, v);
  }
  return v;
}

/** Splits a record into messages without trusting any length. */
export function split(bytes: Uint8Array): Split {
  const out: Split = { messages: [] };
  const view = viewOver(bytes);
  const o = bytes.byteOffset;
  let at = 0;
  while (at + NLMSG_HDRLEN <= bytes.length) {
    const len = view.getUint32(o + at, true);
    const short = len < NLMSG_HDRLEN;
    // Zeros after the last message are padding (iproute2 pads its requests; the kernel skips them).
    if (short && len === 0 && isZero(bytes, at)) return out;
    const cut = len > bytes.length - at;
    const raw: RawMessage = {
      len,
      type: view.getUint16(o + at + 4, true),
      flags: view.getUint16(o + at + 6, true),
      seq: view.getUint32(o + at + 8, true),
      pid: view.getUint32(o + at + 12, true),
      payload: bytes.subarray(at + NLMSG_HDRLEN, short ? at + NLMSG_HDRLEN : cut ? bytes.length : at + len),
    };
    if (short) {
      out.problem = { message: `message length ${len} is shorter than the netlink header`, offset: at, header: raw };
      return out;
    }
    out.messages.push({ offset: at, raw, cut });
    if (cut) return out;
    at += align4(len);
  }
  if (at < bytes.length) {
    const rest = bytes.subarray(at);
    // A last message that was not padded leaves nothing; a few zero bytes are padding.
    if (!isZero(bytes, at)) out.problem = { message: `${rest.length} trailing bytes after the last message`, offset: at };
  }
  return out;
}

