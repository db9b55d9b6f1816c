// Builders for what a fake kernel answers: messages, ACKs and errors, dump
// ends, and generic netlink family lookups.
import { NLMSG_DONE, NLMSG_ERROR, NLM_F } from '../netlink/constants.js';
import { encodeMessage, type NetlinkMessage } from '../netlink/message.js';
import type { Attrs, AttrSet } from '../netlink/schema.js';
import { Writer } from '../netlink/writer.js';
import { writeGenl, decodeGenl, GENL_ID_CTRL } from '../genl/header.js';
import { CTRL_CMD, nlctrl } from '../genl/ctrl.js';
import { FAKE_PORT } from './fake-kernel.js';

/** One message with a raw payload, addressed to the fake socket's port. */
export function message(type: number, flags: number, seq: number, payload: Uint8Array = new Uint8Array(0), pid = FAKE_PORT): Uint8Array {
  return encodeMessage({ type, flags, seq, pid }, payload);
}

/** A reply to `req` whose payload is written by `body` (flags default to NLM_F_MULTI for dump parts when asked). */
export function reply(req: NetlinkMessage, type: number, body: (w: Writer) => void, flags = 0): Uint8Array {
  return encodeMessage({ type, flags, seq: req.seq, pid: req.pid || FAKE_PORT }, body);
}

/** A generic netlink reply to `req`: command, version and attributes by the family's schema. */
export function genlReply(req: NetlinkMessage, family: { id: number; version?: number; attrs: AttrSet }, cmd: number, attrs: Attrs, flags = 0): Uint8Array {
  return reply(req, family.id, (w) => writeGenl(w, cmd, family.version ?? 1, family.attrs, attrs), flags);
}

/**
 * An ACK (errno 0) or an error for `req`, capped (NLM_F_CAPPED) as the kernel sends it when NETLINK_CAP_ACK is
 * set, with an optional extended-ack message.
 */
export function ack(req: NetlinkMessage, errno = 0, extMsg?: string): Uint8Array {
  return encodeMessage({ type: NLMSG_ERROR, flags: NLM_F.CAPPED | (extMsg ? NLM_F.ACK_TLVS : 0), seq: req.seq, pid: req.pid || FAKE_PORT }, (w) => {
    w.s32(-errno);
    w.u32(16 + req.payload.length);
    w.u16(req.type);
    w.u16(req.flags);
    w.u32(req.seq);
    w.u32(req.pid);
    if (extMsg) {
      const at = w.begin(1);
      w.bytes(new TextEncoder().encode(extMsg + '\0'));
      w.end(at);
    }
  });
}

/** NLMSG_DONE ending a dump, with its error code (0, or a negative errno). */
export function done(seq: number, error = 0): Uint8Array {
  return encodeMessage({ type: NLMSG_DONE, flags: NLM_F.MULTI, seq, pid: FAKE_PORT }, (w) => w.s32(error));
}

/** Joins datagrams (or messages) into one. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface FakeGenlFamily {
  name: string;
  id: number;
  version?: number;
  maxattr?: number;
  /** Multicast groups by name, with their ids. */
  groups?: Readonly<Record<string, number>>;
}

/**
 * Answers CTRL_CMD_GETFAMILY for the given families as the kernel's nlctrl does (ENOENT for others). Returns
 * undefined for messages that are not nlctrl requests, so a handler can chain it:
 * `(req) => genlFamilies(req, [{ name: 'nl80211', id: 0x1c }]) ?? myFamily(req)`.
 */
export function genlFamilies(req: NetlinkMessage, families: readonly FakeGenlFamily[]): Uint8Array[] | undefined {
  if (req.type !== GENL_ID_CTRL) return undefined;
  const m = decodeGenl(req, nlctrl.attrs);
  if (m.cmd !== CTRL_CMD.GETFAMILY) return [ack(req, 95 /* EOPNOTSUPP */)];
  const answer = (f: FakeGenlFamily, flags: number): Uint8Array =>
    genlReply(req, { id: GENL_ID_CTRL, version: 2, attrs: nlctrl.attrs }, CTRL_CMD.NEWFAMILY, {
      family_id: f.id, family_name: f.name, version: f.version ?? 1, hdrsize: 0, maxattr: f.maxattr ?? 0,
      ...(f.groups ? { mcast_groups: Object.entries(f.groups).map(([name, id]) => ({ name, id })) } : {}),
    }, flags);
  if (req.flags & NLM_F.DUMP && !m.attrs.family_name) {
    return [concat(families.map((f) => answer(f, NLM_F.MULTI))), done(req.seq)];
  }
  const f = families.find((x) => x.name === m.attrs.family_name);
  if (!f) return [ack(req, 2 /* ENOENT */)];
  const out = [answer(f, 0)];
  if (req.flags & NLM_F.ACK) out.push(ack(req));
  return out;
}
