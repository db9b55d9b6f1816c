// Netlink core: the control messages every protocol shares (NLMSG_NOOP, NLMSG_ERROR with its
// extended-ack TLVs, NLMSG_DONE, NLMSG_OVERRUN) and the names of the NLM_F flags.
import { NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F } from '../../netlink/constants.js';
import { errnoName, errnoText } from '../../netlink/errno.js';
import { parseDone, parseError, type ErrorPayload } from '../../netlink/message.js';
import { copyNames, toHex, type Problems } from '../attrs.js';
import type { DecodedError, DecodedHeader, DecodedMessage } from '../types.js';
import { netfilterErrorName } from './netfilter.js';
import type { CaptureState, ProtocolDecoder, RawMessage, RequestKind } from './types.js';

export const CONTROL_NAMES: Readonly<Record<number, string>> = {
  [NLMSG_NOOP]: 'NLMSG_NOOP', [NLMSG_ERROR]: 'NLMSG_ERROR', [NLMSG_DONE]: 'NLMSG_DONE', [NLMSG_OVERRUN]: 'NLMSG_OVERRUN',
};

const BASE_FLAGS: readonly (readonly [number, string])[] = [
  [NLM_F.REQUEST, 'REQUEST'], [NLM_F.MULTI, 'MULTI'], [NLM_F.ACK, 'ACK'], [NLM_F.ECHO, 'ECHO'],
  [NLM_F.DUMP_INTR, 'DUMP_INTR'], [NLM_F.DUMP_FILTERED, 'DUMP_FILTERED'],
];
const KIND_FLAGS: Readonly<Record<RequestKind | 'ack' | 'none', readonly (readonly [number, string])[]>> = {
  none: [],
  get: [[NLM_F.DUMP, 'DUMP'], [NLM_F.ROOT, 'ROOT'], [NLM_F.MATCH, 'MATCH'], [NLM_F.ATOMIC, 'ATOMIC']],
  new: [[NLM_F.REPLACE, 'REPLACE'], [NLM_F.EXCL, 'EXCL'], [NLM_F.CREATE, 'CREATE'], [NLM_F.APPEND, 'APPEND']],
  del: [[NLM_F.NONREC, 'NONREC'], [NLM_F.BULK, 'BULK']],
  ack: [[NLM_F.CAPPED, 'CAPPED'], [NLM_F.ACK_TLVS, 'ACK_TLVS']],
};

/**
 * The kind of a request whose command does not say (a family without a schema): both 0x100
 * and 0x200 alone are a DUMP; CREATE (0x400) or APPEND (0x800) make it a NEW request (ATOMIC,
 * the GET meaning of 0x400, is never sent on its own).
 */
function guessKind(flags: number): RequestKind | 'none' {
  if (!(flags & NLM_F.REQUEST)) return 'none';
  if ((flags & 0xf00) === NLM_F.DUMP) return 'get';
  if (flags & (NLM_F.CREATE | NLM_F.APPEND)) return 'new';
  return 'none';
}

/**
 * NLM_F names. Bits from 0x100 up mean different things for GET, NEW and DEL requests and
 * for ACKs; `kind` says which. A request of unknown kind with both 0x100 and 0x200 set is a DUMP.
 */
export function flagNames(flags: number, kind: RequestKind | 'ack' | undefined): string[] {
  const k = kind ?? guessKind(flags);
  // A capture repeats a few flag words: their names are worked out once (callers own their copy).
  const key = flags >= 0 && flags <= 0xffff ? kindKey(k) * 0x10000 + flags : -1;
  const known = flagCache.get(key);
  if (known) return copyNames(known);
  const out: string[] = [];
  let rest = flags;
  for (const [bit, name] of BASE_FLAGS) if (rest & bit) { out.push(name); rest &= ~bit; }
  const table = KIND_FLAGS[k] ?? [];
  for (const [bits, name] of table) if ((rest & bits) === bits) { out.push(name); rest &= ~bits; }
  if (rest) out.push('0x' + rest.toString(16));
  if (key >= 0 && flagCache.size < 4096) flagCache.set(key, out.slice());
  return out;
}

const flagCache = new Map<number, readonly string[]>();
/** A number per kind for the cache's key (a switch: an object indexed by the kind was a megamorphic load). */
function kindKey(k: RequestKind | 'ack' | 'none'): number {
  switch (k) {
    case 'get': return 1;
    case 'new': return 2;
    case 'del': return 3;
    case 'ack': return 4;
    default: return 0;
  }
}

export function typeNameOf(type: number, proto: ProtocolDecoder | undefined, state: CaptureState): string {
  return CONTROL_NAMES[type] ?? proto?.typeName(type, state) ?? '0x' + type.toString(16);
}

function header(len: number, h: { type: number; flags: number; seq: number; pid: number }, typeName: string, flagList: string[]): DecodedHeader {
  return { len, type: h.type, typeName, flags: h.flags, flagNames: flagList, seq: h.seq, pid: h.pid };
}

export function headerOf(msg: RawMessage, proto: ProtocolDecoder | undefined, state: CaptureState): DecodedHeader {
  let kind: RequestKind | 'ack' | undefined;
  if (msg.type === NLMSG_ERROR || msg.type === NLMSG_DONE) kind = 'ack';
  else if (msg.flags & NLM_F.REQUEST && proto && msg.type >= 0x10) kind = proto.describe(msg.type, msg.payload, state).kind;
  return header(msg.len, msg, typeNameOf(msg.type, proto, state), flagNames(msg.flags, kind));
}

function errorNames(code: number, requestType: number | undefined, proto: ProtocolDecoder | undefined): Pick<DecodedError, 'name' | 'text'> {
  if (code === 0) return ACK_NAMES;
  if (proto?.name === 'netfilter' && requestType !== undefined) {
    const n = netfilterErrorName(requestType, code);
    if (n) return n;
  }
  const errno = -code;
  return { name: errno > 0 ? errnoName(errno) : `error ${code}`, text: errno > 0 ? errnoText(errno) : `error code ${code}` };
}

const ACK_NAMES = { name: 'ACK', text: 'Success' } as const;

/** The error (and what it answers) as the decoder shows it, from message.ts's one reader. */
function decodedError(e: ErrorPayload, proto: ProtocolDecoder | undefined, state: CaptureState): DecodedError {
  const r = e.request;
  const { name, text } = errorNames(e.error, r?.type, proto);
  const err: DecodedError = { code: e.error, errno: e.error < 0 ? -e.error : 0, name, text };
  if (r) {
    const d = r.type >= 0x10 && proto ? proto.describe(r.type, e.echoed ?? EMPTY, state) : undefined;
    const h = header(e.requestLen ?? 0, r, typeNameOf(r.type, proto, state), flagNames(r.flags, d?.kind));
    const request: NonNullable<DecodedError['request']> = { header: h };
    if (d?.family) request.family = d.family;
    if (d?.command) request.command = d.command;
    err.request = request;
  }
  if (e.message !== undefined) err.message = e.message;
  if (e.offset !== undefined) err.offset = e.offset;
  if (e.missingType !== undefined) err.missingType = e.missingType;
  return err;
}

const EMPTY = new Uint8Array(0);

/** Decodes NLMSG_ERROR / NLMSG_DONE / NLMSG_NOOP / NLMSG_OVERRUN (and other reserved types below 0x10). */
export function decodeControl(msg: RawMessage, out: DecodedMessage, proto: ProtocolDecoder | undefined, state: CaptureState, problems: Problems): void {
  out.family = 'netlink';
  out.command = CONTROL_NAMES[msg.type] ?? `type ${msg.type}`;
  if (msg.type === NLMSG_ERROR) {
    const e = parseError(msg, problems);
    if (e) out.error = decodedError(e, proto, state);
    return;
  }
  if (msg.type === NLMSG_DONE) {
    // An int (0, or a negative errno when the dump failed), then ext-ack TLVs when flagged.
    const e = parseDone(msg, problems);
    if (msg.payload.length >= 4 && (e.error !== 0 || msg.flags & NLM_F.ACK_TLVS)) out.error = decodedError(e, proto, state);
    return;
  }
  const p = msg.payload;
  if (p.length) out.payloadHex = toHex(p);
}
