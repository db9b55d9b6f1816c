// The generic netlink family header (struct genlmsghdr) and a schema-driven
// message codec shared by every genl family (nlctrl, nl80211, ...).
import { decodeAttrsAt, encodeAttrsInto } from '../netlink/attrs.js';
import { DecodeError } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';
import type { AttrSet, Attrs } from '../netlink/schema.js';
import type { Writer } from '../netlink/writer.js';

export const GENL_HDRLEN = 4;
export const GENL_ID_CTRL = 0x10;

/** What a genl family's schema says about its messages. */
export interface GenlProtocol {
  /** The family name the kernel registers, e.g. "nl80211". */
  name: string;
  /** Version put in requests. */
  version: number;
  /** Kernel command names by number, e.g. { 3: 'CTRL_CMD_GETFAMILY' }. */
  commands: Readonly<Record<number, string>>;
  /** The family's attribute space (one per family for all commands). */
  attrs: AttrSet;
}

export interface GenlMessage {
  cmd: number;
  version: number;
  attrs: Attrs;
  /** The netlink header fields of the message. */
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

export function writeGenl(w: Writer, cmd: number, version: number, set: AttrSet, attrs: Attrs): void {
  w.u8(cmd);
  w.u8(version);
  w.u16(0);
  encodeAttrsInto(set, attrs, w);
}

export function decodeGenl(m: NetlinkMessage, set: AttrSet): GenlMessage {
  const p = m.payload;
  if (p.length < GENL_HDRLEN) throw new DecodeError(`generic netlink message of ${p.length} bytes has no family header`, 16);
  return {
    cmd: p[0]!, version: p[1]!, attrs: decodeAttrsAt(set, p, GENL_HDRLEN, p.length),
    type: m.type, flags: m.flags, seq: m.seq, pid: m.pid,
  };
}
