// The member reader for LIST/SAVE replies: the attributes of adtDataAttrs read
// with the shared attribute iterator straight into an Entry (no intermediate
// object per attribute), so listing a million members stays cheap. Every read
// checks its width; a bad one is recorded on the iterator with its path.
import { AttrIter } from '../netlink/attr-iter.js';
import type { Entry } from './entry.js';
import { elemText, fixV6 } from './entry-format.js';
import { protoName } from './entry-names.js';
import { IPSET_CADT_FLAG, adtAttrs, adtDataAttrs, ipaddrAttrs, type FamilyName, type SetTypeInfo } from './schema.js';

const T = (n: string): number => adtDataAttrs.byName.get(n)!.type;
const AT = {
  ip: T('ip'), ipTo: T('ip_to'), cidr: T('cidr'), port: T('port'), portTo: T('port_to'), timeout: T('timeout'), proto: T('proto'),
  flags: T('cadt_flags'), mark: T('mark'), ether: T('ether'), name: T('name'), ip2: T('ip2'), cidr2: T('cidr2'), ip2To: T('ip2_to'),
  iface: T('iface'), bytes: T('bytes'), packets: T('packets'), comment: T('comment'), skbmark: T('skbmark'), skbprio: T('skbprio'),
  skbqueue: T('skbqueue'),
};
const IPV4 = ipaddrAttrs.byName.get('ipv4')!.type;
const IPV6 = ipaddrAttrs.byName.get('ipv6')!.type;
const DATA = adtAttrs.byName.get('data')!.type;

/** One nested IPSET_ATTR_IPADDR_IPV4/IPV6 in the current attribute of d. */
function readIp(d: AttrIter): string {
  const a = d.nested(ipaddrAttrs);
  if (!a.next()) return '';
  if (a.type === IPV4) return a.ipv4();
  if (a.type === IPV6) return fixV6(a.ipv6());
  return '';
}

/** Reads the member DATA attribute the iterator stands on into an Entry (elem text included). */
export function readEntry(data: AttrIter, type: SetTypeInfo, family: FamilyName | undefined): Entry {
  const e = {} as Entry;
  let flags = 0;
  const d = data.nested(adtDataAttrs);
  while (d.next()) {
    switch (d.type) {
      case AT.ip: e.ip = readIp(d); break;
      case AT.ipTo: e.ipTo = readIp(d); break;
      case AT.cidr: e.cidr = d.u8(); break;
      case AT.port: e.port = d.be16(); break;
      case AT.portTo: e.portTo = d.be16(); break;
      case AT.timeout: e.timeout = d.be32(); break;
      case AT.proto: e.proto = protoName(d.u8()); break;
      case AT.flags: flags = d.be32(); break;
      case AT.mark: e.mark = d.be32(); break;
      case AT.ether: e.mac = d.mac().toUpperCase(); break;
      case AT.name: e.name = d.string(); break;
      case AT.ip2: e.ip2 = readIp(d); break;
      case AT.cidr2: e.cidr2 = d.u8(); break;
      case AT.ip2To: e.ip2To = readIp(d); break;
      case AT.iface: e.iface = d.string(); break;
      case AT.bytes: e.bytes = d.be64(); break;
      case AT.packets: e.packets = d.be64(); break;
      case AT.comment: e.comment = d.string(); break;
      case AT.skbmark: {
        const v = BigInt(d.be64());
        e.skbmark = { mark: Number(v >> 32n), mask: Number(v & 0xffffffffn) };
        break;
      }
      case AT.skbprio: { const x = d.be32(); e.skbprio = { major: x >>> 16, minor: x & 0xffff }; break; }
      case AT.skbqueue: e.skbqueue = d.be16(); break;
    }
  }
  if (flags & IPSET_CADT_FLAG.PHYSDEV) e.physdev = true;
  if (flags & IPSET_CADT_FLAG.NOMATCH) e.nomatch = true;
  e.elem = elemText(e, type, family);
  return e;
}

/** Calls fn with the iterator on each member DATA of an ADT attribute's payload. */
export function forEachMember(adt: AttrIter, fn: (data: AttrIter) => void): void {
  while (adt.next()) if (adt.type === DATA) fn(adt);
}
