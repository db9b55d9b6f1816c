// The bulk encoder (addMany/delMany/restore hot path): ADD/DEL messages written
// by hand into one reused Writer, many DATA attributes per ADT, with a fast path
// for plain IPv4 addresses. Attribute numbers come from the schema.
import { ipv4ToInt } from '../netlink/addr.js';
import { AttrIter } from '../netlink/attr-iter.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER } from '../netlink/constants.js';
import type { Writer } from '../netlink/writer.js';
import { writeNfgen } from '../nfnetlink/header.js';
import { adtAttrs, adtDataAttrs, attrTypes, ipaddrAttrs, ipsetAdtCmdAttrs } from './schema.js';

export const A = {
  ...attrTypes(ipsetAdtCmdAttrs, ['setname', 'protocol', 'lineno', 'adt']),
  ...attrTypes(adtAttrs, ['data']),
  ...attrTypes(adtDataAttrs, ['ip', 'cidr']),
  dataLineno: adtDataAttrs.byName.get('lineno')!.type,
  ...attrTypes(ipaddrAttrs, ['ipv4']),
};

/**
 * One bulk message. Nothing is kept per entry on the hot path: each DATA carries its LINENO (input
 * index + 1), so where the entries are and which inputs they came from is read back from the body
 * (bulkLayout) only when the kernel refuses one.
 */
export interface BuiltMessage {
  body: Uint8Array;
  /** Where the ADT attribute starts (its header). */
  adtAt: number;
  /** DATA attributes (entries) in the message. */
  count: number;
  /** The input of each DATA, when the caller's input cannot be looked up by index (not an array). */
  inputs: unknown[] | undefined;
}

/** Starts a message in w: nfgenmsg, PROTOCOL, SETNAME, LINENO 0, and an open ADT nest. */
export function beginBulkMessage(w: Writer, family: number, protocol: number, nameBytes: Uint8Array, inputs?: unknown[]): BuiltMessage {
  w.reset();
  writeNfgen(w, family);
  let at = w.begin(A.protocol); w.u8(protocol); w.end(at);
  at = w.begin(A.setname); w.bytes(nameBytes); w.end(at);
  at = w.begin(A.lineno | NLA_F_NET_BYTEORDER); w.u32(0, true); w.end(at);
  const adtAt = w.begin(A.adt | NLA_F_NESTED);
  return { body: w.buf, adtAt, count: 0, inputs };
}

/** Closes the ADT nest and copies the message out of the writer. */
export function finishBulkMessage(w: Writer, m: BuiltMessage): void {
  w.end(m.adtAt);
  m.body = w.buf.slice(0, w.pos);
}

/** Where each DATA of a message starts (plus the end of the last), and each one's input index (its LINENO - 1). */
export interface BulkLayout {
  starts: number[];
  indexes: number[];
}

/** Reads a message's layout back from its body (the refusal path only). */
export function bulkLayout(m: BuiltMessage): BulkLayout {
  const starts: number[] = [], indexes: number[] = [];
  const adt = new AttrIter(m.body, m.adtAt, m.body.length, ipsetAdtCmdAttrs);
  adt.next();
  const members = adt.nested(adtAttrs);
  while (members.next()) {
    if (members.type !== A.data) continue;
    starts.push(members.at);
    let lineno = 0;
    for (const d = members.nested(adtDataAttrs); d.next();) if (d.type === A.dataLineno) lineno = d.be32();
    indexes.push(lineno - 1);
  }
  members.check();
  starts.push(adt.stop);
  return { starts, indexes };
}

/** The same message with only the entries from position `from` on (same header, ADT length fixed). */
export function bulkTail(m: BuiltMessage, layout: BulkLayout, from: number): BuiltMessage {
  const { starts } = layout;
  const head = m.body.subarray(0, m.adtAt + 4);
  const rest = m.body.subarray(starts[from]!, starts[m.count]!);
  const body = new Uint8Array(head.length + rest.length);
  body.set(head, 0);
  body.set(rest, head.length);
  new DataView(body.buffer).setUint16(m.adtAt, 4 + rest.length, true);
  return { body, adtAt: m.adtAt, count: m.count - from, inputs: m.inputs?.slice(from) };
}

/** Writes DATA { IP { IPV4 }, LINENO } for a plain dotted quad or quad/cidr; false when the text is anything else. */
export function writeFastV4(w: Writer, text: string, lineno: number): boolean {
  let ipText = text;
  let cidr = -1;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const c = text.slice(slash + 1);
    if (!/^\d{1,2}$/.test(c) || Number(c) > 32) return false;
    cidr = Number(c);
    ipText = text.slice(0, slash);
  }
  const n = ipv4ToInt(ipText);
  if (n < 0) return false;
  // The layout is fixed, so it is written in one go: 24 bytes, 32 with CIDR (the hot path of a bulk load).
  const size = cidr >= 0 ? 32 : 24;
  w.ensure(size);
  const v = w.view;
  const p = w.pos;
  v.setUint16(p, size, true);
  v.setUint16(p + 2, A.data | NLA_F_NESTED, true);
  v.setUint16(p + 4, 12, true);
  v.setUint16(p + 6, A.ip | NLA_F_NESTED, true);
  v.setUint16(p + 8, 8, true);
  v.setUint16(p + 10, A.ipv4 | NLA_F_NET_BYTEORDER, true);
  v.setUint32(p + 12, n); // network byte order
  let q = p + 16;
  if (cidr >= 0) {
    v.setUint16(q, 5, true);
    v.setUint16(q + 2, A.cidr, true);
    v.setUint32(q + 4, cidr << 24); // the u8, then three bytes of padding
    q += 8;
  }
  v.setUint16(q, 8, true);
  v.setUint16(q + 2, A.dataLineno | NLA_F_NET_BYTEORDER, true);
  v.setUint32(q + 4, lineno);
  w.pos = p + size;
  return true;
}
