// Members as ipset(8) prints them: the element text and the options after it.
// One formatter: a typed Entry into text; kernel DATA attributes are typed first.
import type { Attrs } from '../netlink/schema.js';
import type { Entry, Member } from './entry.js';
import { icmpToText, protoName, protoNumber } from './entry-names.js';
import { IPSET_CADT_FLAG, type FamilyName, type SetTypeInfo } from './schema.js';

function addrText(a: unknown): string {
  if (!a || typeof a !== 'object') return '';
  const o = a as Attrs;
  if (typeof o.ipv4 === 'string') return o.ipv4;
  if (typeof o.ipv6 === 'string') return fixV6(o.ipv6);
  return '';
}

/** glibc's inet_ntop writes IPv4-compatible addresses (::a.b.c.d) with a dotted tail too. */
export function fixV6(s: string): string {
  const m = /^::([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(s);
  if (m) {
    const hi = parseInt(m[1]!, 16), lo = parseInt(m[2]!, 16);
    return `::${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return s;
}

const hex32 = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** The element text of a typed Entry/Member, as ipset prints it. */
export function elemText(e: Member, type: SetTypeInfo, family: FamilyName | undefined): string {
  const dims = type.dims;
  if (dims.length === 1 && dims[0] === 'ip' && e.ipTo === undefined && e.cidr === undefined && e.ip !== undefined) return e.ip;
  const max = family === 'inet6' ? 128 : 32;
  let s = '';
  let ipSeen = 0;
  for (let i = 0; i < dims.length; i++) {
    const dim = dims[i]!;
    let part: string | undefined;
    switch (dim) {
      case 'ip': case 'net': {
        const second = ipSeen++ > 0;
        const ip = (second ? e.ip2 : e.ip) ?? '';
        const cidr = second ? e.cidr2 : e.cidr;
        const to = second ? e.ip2To : e.ipTo;
        part = to !== undefined ? `${ip}-${to}` : cidr !== undefined && cidr !== max ? `${ip}/${cidr}` : ip;
        break;
      }
      case 'port': {
        const port = e.port ?? 0;
        if (type.kind !== 'hash') part = String(port);
        else {
          const proto = e.proto ?? 'tcp';
          const num = protoNumber(proto);
          part = num === 1 ? `${proto}:${icmpToText(port, false)}` : num === 58 ? `${proto}:${icmpToText(port, true)}` : `${proto}:${port}`;
        }
        break;
      }
      case 'mac': part = e.mac; break;
      case 'mark': part = hex32(e.mark ?? 0); break;
      case 'iface': part = (e.physdev ? 'physdev:' : '') + (e.iface ?? ''); break;
      case 'setname': part = e.name ?? ''; break;
    }
    if (part === undefined) continue;
    s += i ? ',' + part : part;
  }
  return s;
}

/** The options after the element as [keyword, value?] pairs, in ipset's order: timeout nomatch packets bytes comment skbmark skbprio skbqueue. */
export function entryExtras(e: Entry): [string, string?][] {
  const out: [string, string?][] = [];
  if (e.timeout !== undefined) out.push(['timeout', String(e.timeout)]);
  if (e.nomatch) out.push(['nomatch']);
  if (e.packets !== undefined) out.push(['packets', String(e.packets)]);
  if (e.bytes !== undefined) out.push(['bytes', String(e.bytes)]);
  if (e.comment !== undefined) out.push(['comment', `"${e.comment}"`]);
  if (e.skbmark) out.push(['skbmark', e.skbmark.mask === 0xffffffff ? `0x${e.skbmark.mark.toString(16)}` : `0x${e.skbmark.mark.toString(16)}/0x${e.skbmark.mask.toString(16)}`]);
  if (e.skbprio) out.push(['skbprio', `${e.skbprio.major.toString(16)}:${e.skbprio.minor.toString(16)}`]);
  if (e.skbqueue !== undefined) out.push(['skbqueue', String(e.skbqueue)]);
  return out;
}

/** The options after the element as ipset prints them (" timeout 30 nomatch ..."). */
export function entryExtrasText(e: Entry): string {
  let s = '';
  for (const [k, v] of entryExtras(e)) s += v === undefined ? ` ${k}` : ` ${k} ${v}`;
  return s;
}

/** A member as ipset prints it after "add NAME ": the element and its options. */
export function formatEntry(e: Entry): string {
  return e.elem + entryExtrasText(e);
}

/** A member from kernel DATA (decoded attributes) into a typed Entry. */
function entryFromAttrs(d: Attrs, type: SetTypeInfo, family: FamilyName | undefined): Entry {
  const e = {} as Entry;
  if (d.ip !== undefined) e.ip = addrText(d.ip);
  if (d.cidr !== undefined) e.cidr = d.cidr as number;
  if (d.ip_to !== undefined) e.ipTo = addrText(d.ip_to);
  if (d.proto !== undefined) e.proto = protoName(d.proto as number);
  if (d.port !== undefined) e.port = d.port as number;
  if (d.port_to !== undefined) e.portTo = d.port_to as number;
  if (d.ip2 !== undefined) e.ip2 = addrText(d.ip2);
  if (d.cidr2 !== undefined) e.cidr2 = d.cidr2 as number;
  if (d.ip2_to !== undefined) e.ip2To = addrText(d.ip2_to);
  if (d.ether !== undefined) e.mac = String(d.ether).toUpperCase();
  if (d.mark !== undefined) e.mark = d.mark as number;
  if (d.iface !== undefined) e.iface = d.iface as string;
  if (d.name !== undefined) e.name = d.name as string;
  const flags = Number(d.cadt_flags ?? 0);
  if (flags & IPSET_CADT_FLAG.PHYSDEV) e.physdev = true;
  if (d.timeout !== undefined) e.timeout = d.timeout as number;
  if (flags & IPSET_CADT_FLAG.NOMATCH) e.nomatch = true;
  if (d.packets !== undefined) e.packets = d.packets as number | bigint;
  if (d.bytes !== undefined) e.bytes = d.bytes as number | bigint;
  if (d.comment !== undefined) e.comment = d.comment as string;
  if (d.skbmark !== undefined) {
    const v = BigInt(d.skbmark as number | bigint);
    e.skbmark = { mark: Number(v >> 32n), mask: Number(v & 0xffffffffn) };
  }
  if (d.skbprio !== undefined) e.skbprio = { major: Number(d.skbprio) >>> 16, minor: Number(d.skbprio) & 0xffff };
  if (d.skbqueue !== undefined) e.skbqueue = d.skbqueue as number;
  e.elem = elemText(e, type, family);
  return e;
}

/** The element of kernel DATA attributes as ipset names it in its answers ("X is NOT in set S."). */
export function formatElementAttrs(d: Attrs, type: SetTypeInfo, family: FamilyName | undefined): string {
  const e = entryFromAttrs(d, type, family);
  return e.physdev ? elemText({ ...e, physdev: false }, type, family) : e.elem;
}

/** The whole member line after "add NAME ", from kernel DATA attributes (decoded by adtDataAttrs). */
export function formatEntryAttrs(d: Attrs, type: SetTypeInfo, family: FamilyName | undefined): string {
  return formatEntry(entryFromAttrs(d, type, family));
}
