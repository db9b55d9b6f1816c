// The netlink message header, datagram splitting, and NLMSG_ERROR / NLMSG_DONE.
import { NLMSG_HDRLEN, NLM_F, align4 } from './constants.js';
import { DecodeError } from './errors.js';
import { decodeAttrsAt } from './attrs.js';
import { attrSet } from './schema.js';
import { Writer } from './writer.js';

export interface Header {
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

/** A received message; payload is everything after the 16-byte header. */
export interface NetlinkMessage extends Header {
  payload: Uint8Array;
}

function isZero(buf: Uint8Array, from: number): boolean {
  for (let i = from; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

/** Splits a datagram into messages (views, no copies). */
export function parseMessages(buf: Uint8Array): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  while (at + NLMSG_HDRLEN <= buf.length) {
    const len = view.getUint32(at, true);
    // Zeros after the last message are padding: iproute2 sends its requests in a zeroed buffer larger than
    // the message, and the kernel stops at a zero length the same way.
    if (len === 0 && isZero(buf, at)) return out;
    if (len < NLMSG_HDRLEN) throw new DecodeError(`message length ${len} is shorter than the netlink header`, at);
    if (at + len > buf.length) throw new DecodeError(`message length ${len} runs past the datagram (${buf.length - at} bytes left)`, at);
    out.push({
      type: view.getUint16(at + 4, true),
      flags: view.getUint16(at + 6, true),
      seq: view.getUint32(at + 8, true),
      pid: view.getUint32(at + 12, true),
      payload: buf.subarray(at + NLMSG_HDRLEN, at + len),
    });
    at += align4(len);
  }
  if (at < buf.length && buf.length - at >= 4 && !isZero(buf, at)) {
    throw new DecodeError(`${buf.length - at} trailing bytes after the last message`, at);
  }
  return out;
}

/** Writes a header, then the body, then patches the length. Returns the message's start offset. */
export function writeMessage(w: Writer, h: Header, body?: (w: Writer) => void): number {
  const start = w.pos;
  w.ensure(NLMSG_HDRLEN);
  w.u32(0);
  w.u16(h.type);
  w.u16(h.flags);
  w.u32(h.seq >>> 0);
  w.u32(h.pid >>> 0);
  if (body) body(w);
  w.view.setUint32(start, w.pos - start, true);
  w.pad();
  return start;
}

export function encodeMessage(h: Header, body?: Uint8Array | ((w: Writer) => void)): Uint8Array {
  const w = new Writer(body instanceof Uint8Array ? NLMSG_HDRLEN + body.length + 4 : 256);
  writeMessage(w, h, body instanceof Uint8Array ? (x) => x.bytes(body) : body);
  return w.take();
}

export const extAckAttrs = attrSet('nlmsgerr', 'NLMSGERR_ATTR_', {
  1: ['msg', 'string'],
  2: ['offs', 'u32'],
  3: ['cookie', 'binary'],
  4: ['policy', 'binary'],
  5: ['miss_type', 'u32'],
  6: ['miss_nest', 'u32'],
});

export interface ErrorPayload {
  /** 0 for an ACK, else a negative errno (or an ipset code below -4096). */
  error: number;
  /** Header of the request this answers. */
  request?: Header;
  /** The request's payload when the kernel echoed it (not capped). */
  echoed?: Uint8Array;
  message?: string;
  offset?: number;
  missingType?: number;
}

/** Reads an NLMSG_ERROR payload, with extended-ack TLVs when flagged. */
export function parseError(msg: NetlinkMessage): ErrorPayload {
  const p = msg.payload;
  if (p.length < 4) throw new DecodeError('NLMSG_ERROR shorter than its error code', 0);
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const out: ErrorPayload = { error: view.getInt32(0, true) };
  if (p.length < 4 + NLMSG_HDRLEN) return out;
  const innerLen = view.getUint32(4, true);
  out.request = {
    type: view.getUint16(8, true),
    flags: view.getUint16(10, true),
    seq: view.getUint32(12, true),
    pid: view.getUint32(16, true),
  };
  let tlvAt = 4 + NLMSG_HDRLEN;
  if (!(msg.flags & NLM_F.CAPPED) && innerLen >= NLMSG_HDRLEN) {
    const end = Math.min(p.length, 4 + innerLen);
    out.echoed = p.subarray(4 + NLMSG_HDRLEN, end);
    tlvAt = 4 + align4(innerLen);
  }
  if (msg.flags & NLM_F.ACK_TLVS && tlvAt < p.length) {
    const tlv = decodeAttrsAt(extAckAttrs, p, tlvAt, p.length);
    if (typeof tlv.msg === 'string') out.message = tlv.msg;
    if (typeof tlv.offs === 'number') out.offset = tlv.offs;
    if (typeof tlv.miss_type === 'number') out.missingType = tlv.miss_type;
  }
  return out;
}

/** NLMSG_DONE carries an int: 0, or a negative errno when the dump failed. */
export function parseDone(msg: NetlinkMessage): ErrorPayload {
  const p = msg.payload;
  if (p.length < 4) return { error: 0 };
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const out: ErrorPayload = { error: view.getInt32(0, true) };
  if (msg.flags & NLM_F.ACK_TLVS && p.length > 4) {
    const tlv = decodeAttrsAt(extAckAttrs, p, 4, p.length);
    if (typeof tlv.msg === 'string') out.message = tlv.msg;
    if (typeof tlv.offs === 'number') out.offset = tlv.offs;
  }
  return out;
}

