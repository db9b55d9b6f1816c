// The member reader for LIST/SAVE replies: the attributes of adtDataAttrs read
// with the shared attribute iterator straight into an Entry (no intermediate
// object per attribute), so listing a million members stays cheap. Every read
// checks its width; a bad one is recorded on the iterator with its path.
import { AttrIter } from '../netlink/attr-iter.js';
import type { Entry } from './entry.js';
import { elemText, fixV6 } from './entry-format.js';
import { protoName } from './entry-names.js';
import { IPSET_CADT_FLAG, adtAttrs, adtDataAttrs, attrTypes, ipaddrAttrs, type FamilyName, type SetTypeInfo } from './schema.js';

const AT = attrTypes(adtDataAttrs, [
  'ip', 'ip_to', 'cidr', 'port', 'port_to', 'timeout', 'proto', 'cadt_flags', 'mark', 'ether', 'name', 'ip2', 'cidr2', 'ip2_to',
  'iface', 'bytes', 'packets', 'comment', 'skbmark', 'skbprio', 'skbqueue',
]);
const { ipv4: IPV4, ipv6: IPV6 } = attrTypes(ipaddrAttrs, ['ipv4', 'ipv6']);
const { data: DATA } = attrTypes(adtAttrs, ['data']);

/**
 * Reads member DATA attributes into Entries for one set type. It keeps its two nested iterators
 * (DATA's attributes, an address's) and re-points them per member, so a member costs its Entry
 * and its strings, nothing more.
 */
export class MemberReader {
  private d: AttrIter | undefined;
  private a: AttrIter | undefined;
  /** The element text is the address itself (one 'ip' dimension) when no range or cidr comes with it. */
  private readonly ipIsElem: boolean;

  constructor(
    private readonly type: SetTypeInfo,
    private readonly family: FamilyName | undefined,
  ) {
    this.ipIsElem = type.dims.length === 1 && type.dims[0] === 'ip';
  }

  /** One nested IPSET_ATTR_IPADDR_IPV4/IPV6 in the current attribute of d. */
  private ip(d: AttrIter): string {
    const a = (this.a = d.nested(ipaddrAttrs, this.a));
    if (!a.next()) return '';
    if (a.type === IPV4) return a.ipv4();
    if (a.type === IPV6) return fixV6(a.ipv6());
    return '';
  }

  /** Reads the member DATA attribute the iterator stands on into an Entry (elem text included). */
  read(data: AttrIter): Entry {
    // A member that is its address alone (hash:ip, bitmap:ip without options), read in place.
    if (this.ipIsElem) {
      if (data.wrapped(AT.ip, IPV4, 4)) {
        const ip = data.ipv4();
        return { ip, elem: ip };
      }
      if (data.wrapped(AT.ip, IPV6, 16)) {
        const ip = fixV6(data.ipv6());
        return { ip, elem: ip };
      }
    }
    const e = {} as Entry;
    let flags = 0;
    const d = (this.d = data.nested(adtDataAttrs, this.d));
    while (d.next()) {
      switch (d.type) {
        case AT.ip: e.ip = this.ip(d); break;
        case AT.ip_to: e.ipTo = this.ip(d); break;
        case AT.cidr: e.cidr = d.u8(); break;
        case AT.port: e.port = d.be16(); break;
        case AT.port_to: e.portTo = d.be16(); break;
        case AT.timeout: e.timeout = d.be32(); break;
        case AT.proto: e.proto = protoName(d.u8()); break;
        case AT.cadt_flags: flags = d.be32(); break;
        case AT.mark: e.mark = d.be32(); break;
        case AT.ether: e.mac = d.mac().toUpperCase(); break;
        case AT.name: e.name = d.string(); break;
        case AT.ip2: e.ip2 = this.ip(d); break;
        case AT.cidr2: e.cidr2 = d.u8(); break;
        case AT.ip2_to: e.ip2To = this.ip(d); break;
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
    e.elem = elemText(e, this.type, this.family);
    return e;
  }
}

/** Reads the member DATA attribute the iterator stands on into an Entry (elem text included). */
export function readEntry(data: AttrIter, type: SetTypeInfo, family: FamilyName | undefined): Entry {
  return new MemberReader(type, family).read(data);
}

/** Moves an ADT attribute's iterator to its next member DATA; false at the end. */
export function nextMember(adt: AttrIter): boolean {
  while (adt.next()) if (adt.type === DATA) return true;
  return false;
}

/** Calls fn with the iterator on each member DATA of an ADT attribute's payload. */
export function forEachMember(adt: AttrIter, fn: (data: AttrIter) => void): void {
  while (nextMember(adt)) fn(adt);
}
