// The bulk encoder (addMany/delMany/restore hot path): ADD/DEL messages written
// by hand into one reused Writer, many DATA attributes per ADT, with a fast path
// for plain IPv4 addresses. Attribute numbers come from the schema.
import { ipv4ToInt } from '../netlink/addr.js';
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
 * Starts a message body at w's end: nfgenmsg, PROTOCOL, SETNAME, LINENO 0, and an open ADT nest whose
 * offset it returns for w.end(). Each DATA then carries its own LINENO (input index + 1), by which the
 * kernel names an entry it refuses.
 */
export function beginBulkMessage(w: Writer, family: number, protocol: number, nameBytes: Uint8Array): number {
  writeNfgen(w, family);
  let at = w.begin(A.protocol); w.u8(protocol); w.end(at);
  at = w.begin(A.setname); w.bytes(nameBytes); w.end(at);
  at = w.begin(A.lineno | NLA_F_NET_BYTEORDER); w.u32(0, true); w.end(at);
  return w.begin(A.adt | NLA_F_NESTED);
}

// Attribute headers (length | type << 16, little endian) of the fixed fast-path layout.
const H_DATA = 24 | ((A.data | NLA_F_NESTED) << 16);
const H_DATA_CIDR = 32 | ((A.data | NLA_F_NESTED) << 16);
const H_IP = 12 | ((A.ip | NLA_F_NESTED) << 16);
const H_IPV4 = 8 | ((A.ipv4 | NLA_F_NET_BYTEORDER) << 16);
const H_CIDR = 5 | (A.cidr << 16);
const H_LINENO = 8 | ((A.dataLineno | NLA_F_NET_BYTEORDER) << 16);

/**
 * DATA { IP { IPV4 }, [CIDR,] LINENO } for a plain dotted quad or quad/cidr, written at v[p, p + 32):
 * the end of what it wrote, or -1 when the text is anything else (nothing is written then).
 */
function putV4(v: DataView, p: number, text: string, lineno: number): number {
  const len = text.length;
  let end = len, cidr = -1;
  // A /cidr is one or two digits, so its slash is 2 or 3 from the end (no scan; a slash elsewhere fails the parse).
  const slash = text.charCodeAt(len - 2) === 47 ? len - 2 : text.charCodeAt(len - 3) === 47 ? len - 3 : -1;
  if (slash >= 0) {
    cidr = 0;
    for (let i = slash + 1; i < len; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      cidr = cidr * 10 + d;
    }
    if (cidr > 32) return -1;
    end = slash;
  }
  const n = ipv4ToInt(text, end);
  if (n < 0) return -1;
  // The layout is fixed, so it is written in one go, a word at a time: 24 bytes, 32 with CIDR.
  v.setUint32(p, cidr >= 0 ? H_DATA_CIDR : H_DATA, true);
  v.setUint32(p + 4, H_IP, true);
  v.setUint32(p + 8, H_IPV4, true);
  v.setUint32(p + 12, n); // network byte order
  let q = p + 16;
  if (cidr >= 0) {
    v.setUint32(q, H_CIDR, true);
    v.setUint32(q + 4, cidr << 24); // the u8, then three bytes of padding
    q += 8;
  }
  v.setUint32(q, H_LINENO, true);
  v.setUint32(q + 4, lineno);
  return q + 8;
}

/** Writes one entry the fast way (see putV4); false when the text is anything else. */
export function writeFastV4(w: Writer, text: string, lineno: number): boolean {
  w.ensure(32);
  const q = putV4(w.view, w.pos, text, lineno);
  if (q < 0) return false;
  w.pos = q;
  return true;
}

/**
 * Writes entries[from, to) the fast way (LINENO: index + 1) while each is a plain address text and the
 * body is short of `full`: the hot loop of a bulk load, with the writer's position and view held in
 * locals. Returns the index of the first entry not written (the caller takes it the general way).
 */
export function writeFastV4Run(w: Writer, entries: readonly unknown[], from: number, to: number, full: number): number {
  w.ensure(full - w.pos + 32);
  const v = w.view;
  let p = w.pos, i = from;
  for (; i < to && p < full; i++) {
    const e = entries[i];
    if (typeof e !== 'string') break;
    const q = putV4(v, p, e, i + 1);
    if (q < 0) break;
    p = q;
  }
  w.pos = p;
  return i;
}
