// The netlink message header, datagram splitting, and NLMSG_ERROR / NLMSG_DONE.
import { NLMSGERR_ATTR, NLMSG_HDRLEN, NLM_F, align4 } from './constants.js';
import { AttrIter } from './attr-iter.js';
import { DecodeError } from './errors.js';
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

/** True when buf[from..] is all zeros: padding after the last message, which the kernel skips. */
export function isZero(buf: Uint8Array, from: number): boolean {
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

/** Starts a message: its header, the length left for endMessage() to patch. Returns the start offset. */
export function beginMessage(w: Writer, type: number, flags: number, seq: number, pid: number): number {
  const start = w.pos;
  w.ensure(NLMSG_HDRLEN);
  // One room check, then the fields: the writer's u16()/u32() would each check again (this runs per request).
  const v = w.view;
  v.setUint32(start, 0, true);
  v.setUint32(start + 4, (type & 0xffff) | (flags << 16), true); // type and flags (u16 each) in one store
  v.setUint32(start + 8, seq >>> 0, true);
  v.setUint32(start + 12, pid >>> 0, true);
  w.pos = start + NLMSG_HDRLEN;
  return start;
}

/** Writes a body given as bytes or as a function that writes it. */
export function writeBody(w: Writer, body: Uint8Array | ((w: Writer) => void) | undefined): void {
  if (body instanceof Uint8Array) w.bytes(body);
  else if (body !== undefined) body(w);
}

/** Patches the length of the message begun at `start` and pads after it. */
export function endMessage(w: Writer, start: number): void {
  w.view.setUint32(start, w.pos - start, true);
  w.pad();
}

/** Writes a header, then the body, then patches the length. Returns the message's start offset. */
export function writeMessage(w: Writer, h: Header, body?: (w: Writer) => void): number {
  const start = beginMessage(w, h.type, h.flags, h.seq, h.pid);
  writeBody(w, body);
  endMessage(w, start);
  return start;
}

export function encodeMessage(h: Header, body?: Uint8Array | ((w: Writer) => void)): Uint8Array {
  const w = new Writer(body instanceof Uint8Array ? NLMSG_HDRLEN + body.length + 4 : 256);
  const start = beginMessage(w, h.type, h.flags, h.seq, h.pid);
  writeBody(w, body);
  endMessage(w, start);
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
  /** nlmsg_len of the request this answers, as echoed. */
  requestLen?: number;
  /** The request's payload when the kernel echoed it (not capped). */
  echoed?: Uint8Array;
  message?: string;
  offset?: number;
  missingType?: number;
}

/**
 * For readers of captured traffic (the decode tool): with `onProblem`, parseError and
 * parseDone never throw. Each problem is reported with its byte offset in the payload and
 * what can be read is kept (parseError then returns undefined only when there is no error code).
 */
export interface TolerantRead {
  onProblem(message: string, offset: number): void;
}

/** Reads the extended-ack TLVs in p[start, end) into `out`. */
function readExtAck(p: Uint8Array, start: number, out: ErrorPayload, tolerant: TolerantRead | undefined): void {
  const it = new AttrIter(p, start, p.length, extAckAttrs);
  while (it.next()) {
    if (it.type === NLMSGERR_ATTR.MSG) out.message = it.string();
    else if (it.type === NLMSGERR_ATTR.OFFS) out.offset = it.u32();
    else if (it.type === NLMSGERR_ATTR.MISS_TYPE) out.missingType = it.u32();
  }
  if (!it.err) return;
  if (!tolerant) throw it.err;
  tolerant.onProblem(it.err.path.length ? `${it.err.path.join(' › ')}: ${it.err.reason}` : it.err.reason, it.err.offset);
}

/** Reads an NLMSG_ERROR payload, with extended-ack TLVs when flagged. */
export function parseError(msg: NetlinkMessage): ErrorPayload;
export function parseError(msg: NetlinkMessage, tolerant: TolerantRead): ErrorPayload | undefined;
export function parseError(msg: NetlinkMessage, tolerant?: TolerantRead): ErrorPayload | undefined {
  const p = msg.payload;
  if (p.length < 4) {
    if (!tolerant) throw new DecodeError('NLMSG_ERROR shorter than its error code', 0);
    tolerant.onProblem(`NLMSG_ERROR of ${p.length} bytes has no error code`, 0);
    return undefined;
  }
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const out: ErrorPayload = { error: view.getInt32(0, true) };
  if (p.length < 4 + NLMSG_HDRLEN) {
    if (p.length > 4) tolerant?.onProblem(`NLMSG_ERROR of ${p.length} bytes: the request header is cut`, 4);
    return out;
  }
  const innerLen = view.getUint32(4, true);
  out.requestLen = innerLen;
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
    // A length past the payload (a damaged capture) leaves no room for TLVs.
    tlvAt = innerLen >= p.length ? p.length : Math.min(p.length, 4 + align4(innerLen));
  }
  if (msg.flags & NLM_F.ACK_TLVS && tlvAt < p.length) readExtAck(p, tlvAt, out, tolerant);
  return out;
}

/** NLMSG_DONE carries an int: 0, or a negative errno when the dump failed, then ext-ack TLVs when flagged. */
export function parseDone(msg: NetlinkMessage, tolerant?: TolerantRead): ErrorPayload {
  const p = msg.payload;
  if (p.length < 4) return { error: 0 };
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const out: ErrorPayload = { error: view.getInt32(0, true) };
  if (msg.flags & NLM_F.ACK_TLVS && p.length > 4) readExtAck(p, 4, out, tolerant);
  return out;
}

