// The fast member reader for LIST/SAVE replies: the attributes of adtDataAttrs
// read straight into an Entry without an intermediate object per attribute, so
// listing a million members stays cheap.
import { formatIPv6 } from '../netlink/addr.js';
import type { Entry } from './entry.js';
import { elemText, fixV6 } from './entry-format.js';
import { protoName } from './entry-names.js';
import { IPSET_CADT_FLAG, adtDataAttrs, ipaddrAttrs, type FamilyName, type SetTypeInfo } from './schema.js';

const T = (n: string): number => adtDataAttrs.byName.get(n)!.type;
const AT = {
  ip: T('ip'), ipTo: T('ip_to'), cidr: T('cidr'), port: T('port'), portTo: T('port_to'), timeout: T('timeout'), proto: T('proto'),
  flags: T('cadt_flags'), mark: T('mark'), ether: T('ether'), name: T('name'), ip2: T('ip2'), cidr2: T('cidr2'), ip2To: T('ip2_to'),
  iface: T('iface'), bytes: T('bytes'), packets: T('packets'), comment: T('comment'), skbmark: T('skbmark'), skbprio: T('skbprio'),
  skbqueue: T('skbqueue'),
};
const IPV4 = ipaddrAttrs.byName.get('ipv4')!.type;
const IPV6 = ipaddrAttrs.byName.get('ipv6')!.type;
const td = new TextDecoder();

function readIp(b: Uint8Array, v: DataView, at: number, end: number): string {
  // One nested IPSET_ATTR_IPADDR_IPV4/IPV6.
  if (at + 4 > end) return '';
  const len = v.getUint16(at, true);
  const type = v.getUint16(at + 2, true) & 0x3fff;
  if (type === IPV4 && len >= 8) return `${b[at + 4]}.${b[at + 5]}.${b[at + 6]}.${b[at + 7]}`;
  if (type === IPV6 && len >= 20) return fixV6(formatIPv6(b, at + 4));
  return '';
}

function readStr(b: Uint8Array, at: number, end: number): string {
  let e = at;
  while (e < end && b[e] !== 0) e++;
  return td.decode(b.subarray(at, e));
}

function readU64(v: DataView, at: number, len: number): number | bigint {
  if (len === 4) return v.getUint32(at, false);
  const x = v.getBigUint64(at, false);
  return x <= 9007199254740991n ? Number(x) : x;
}

/** Reads one member DATA payload b[at, end) into an Entry (elem text included). */
export function readEntry(b: Uint8Array, v: DataView, at: number, end: number, type: SetTypeInfo, family: FamilyName | undefined): Entry {
  const e = {} as Entry;
  let flags = 0;
  while (at + 4 <= end) {
    const len = v.getUint16(at, true);
    if (len < 4 || at + len > end) break;
    const t = v.getUint16(at + 2, true) & 0x3fff;
    const p = at + 4;
    switch (t) {
      case AT.ip: e.ip = readIp(b, v, p, at + len); break;
      case AT.ipTo: e.ipTo = readIp(b, v, p, at + len); break;
      case AT.cidr: e.cidr = b[p]!; break;
      case AT.port: e.port = v.getUint16(p, false); break;
      case AT.portTo: e.portTo = v.getUint16(p, false); break;
      case AT.timeout: e.timeout = v.getUint32(p, false); break;
      case AT.proto: e.proto = protoName(b[p]!); break;
      case AT.flags: flags = v.getUint32(p, false); break;
      case AT.mark: e.mark = v.getUint32(p, false); break;
      case AT.ether: e.mac = formatMacUpper(b, p); break;
      case AT.name: e.name = readStr(b, p, at + len); break;
      case AT.ip2: e.ip2 = readIp(b, v, p, at + len); break;
      case AT.cidr2: e.cidr2 = b[p]!; break;
      case AT.ip2To: e.ip2To = readIp(b, v, p, at + len); break;
      case AT.iface: e.iface = readStr(b, p, at + len); break;
      case AT.bytes: e.bytes = readU64(v, p, len - 4); break;
      case AT.packets: e.packets = readU64(v, p, len - 4); break;
      case AT.comment: e.comment = readStr(b, p, at + len); break;
      case AT.skbmark: e.skbmark = { mark: v.getUint32(p, false), mask: v.getUint32(p + 4, false) }; break;
      case AT.skbprio: { const x = v.getUint32(p, false); e.skbprio = { major: x >>> 16, minor: x & 0xffff }; break; }
      case AT.skbqueue: e.skbqueue = v.getUint16(p, false); break;
    }
    at += (len + 3) & ~3;
  }
  if (flags & IPSET_CADT_FLAG.PHYSDEV) e.physdev = true;
  if (flags & IPSET_CADT_FLAG.NOMATCH) e.nomatch = true;
  e.elem = elemText(e, type, family);
  return e;
}

function formatMacUpper(b: Uint8Array, at: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + (b[at + i]! < 16 ? '0' : '') + b[at + i]!.toString(16).toUpperCase();
  return s;
}


/** Calls fn for each member DATA inside a LIST/SAVE reply's IPSET_ATTR_ADT payload b[at, end). */
export function forEachMember(b: Uint8Array, v: DataView, at: number, end: number, fn: (at: number, end: number) => void): void {
  while (at + 4 <= end) {
    const len = v.getUint16(at, true);
    if (len < 4 || at + len > end) break;
    fn(at + 4, at + len);
    at += (len + 3) & ~3;
  }
}
