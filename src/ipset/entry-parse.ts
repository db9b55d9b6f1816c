// Elements and their options in ipset(8)'s text forms into DATA attributes of an
// ADD/DEL/TEST (by adtDataAttrs), per set type. Bad input throws IPSetSyntaxError
// naming the value, before anything is sent.
import { ipv4ToInt, parseIPv6, parseMac } from '../netlink/addr.js';
import type { Attrs } from '../netlink/schema.js';
import { IPSetSyntaxError, checkSetName } from './entry.js';
import { icmpFromText, protoName, protoNumber, serviceNumber } from './entry-names.js';
import { IPSET_CADT_FLAG, type FamilyName, type SetTypeInfo } from './schema.js';

const syntax = (msg: string): never => {
  throw new IPSetSyntaxError(`Syntax error: ${msg}`);
};

// ---- addresses ----

/** A parsed address: the attribute value plus the bytes' family. */
export function ipAttr(text: string, family: FamilyName): Attrs {
  if (family === 'inet') {
    if (ipv4ToInt(text) >= 0) return { ipv4: text };
    const n = inetAton(text);
    if (n < 0) throw new IPSetSyntaxError(`Syntax error: cannot parse ${text}: resolving to IPv4 address failed`);
    return { ipv4: `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}` };
  }
  try {
    parseIPv6(text);
  } catch {
    throw new IPSetSyntaxError(`Syntax error: cannot parse ${text}: resolving to IPv6 address failed`);
  }
  return { ipv6: text };
}

/** inet_aton's forms, which ipset's resolver takes: "1.2.3" is 1.2.0.3, parts in decimal, 0x hex or 0 octal. */
function inetAton(text: string): number {
  const parts = text.split('.');
  if (parts.length > 4 || parts.some((p) => !/^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(p))) return -1;
  const nums = parts.map((p) => (/^0x/i.test(p) ? parseInt(p, 16) : p.length > 1 && p.startsWith('0') ? parseInt(p, 8) : Number(p)));
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 2 ** (8 * (4 - nums.length))) return -1;
  let n = 0;
  nums.forEach((x, i) => (n += x * 2 ** (24 - 8 * i)));
  return (n + last) >>> 0;
}

function cidrOf(text: string, whole: string, family: FamilyName): number {
  const max = family === 'inet' ? 32 : 128;
  if (!/^\d{1,3}$/.test(text) || Number(text) > max) syntax(`'${text}' is out of range 0-${max}`);
  void whole;
  return Number(text);
}

/** "a", "a/cidr" or "a-b" into ip / cidr / ip_to attributes (names given for the first or second address). */
function parseAddr(text: string, family: FamilyName, out: Attrs, names: { ip: string; cidr: string; to: string }, allow: { cidr: boolean; range: boolean }): void {
  const dash = text.indexOf('-');
  const slash = text.indexOf('/');
  if (slash >= 0) {
    if (!allow.cidr) syntax(`plain IP address must be supplied: ${text}`);
    out[names.ip] = ipAttr(text.slice(0, slash), family);
    out[names.cidr] = cidrOf(text.slice(slash + 1), text, family);
    return;
  }
  if (dash > 0) {
    if (!allow.range) syntax(allow.cidr ? `IP address or IP/cidr must be specified: ${text}` : `plain IP address must be supplied: ${text}`);
    out[names.ip] = ipAttr(text.slice(0, dash), family);
    out[names.to] = ipAttr(text.slice(dash + 1), family);
    return;
  }
  out[names.ip] = ipAttr(text, family);
}

// ---- ports ----

const PORT_PROTOS = new Set([6, 17, 132, 136]); // tcp, udp, sctp, udplite

export function portNumber(text: string, proto: string): number {
  if (/^\d+$/.test(text) && Number(text) <= 65535) return Number(text);
  const s = /^\d+$/.test(text) ? undefined : serviceNumber(text, proto);
  if (s !== undefined) return s;
  // ipset tries a number, then a service name, and reports every attempt.
  const first = /^\d+$/.test(text) ? `'${text}' is out of range 0-65535` : `'${text}' is invalid as number`;
  throw new IPSetSyntaxError(`Syntax error: ${first}\nSyntax error: '${proto}' is invalid as number\ncannot parse '${text}' as a ${proto} port`);
}

/** "[proto:]port[-port]" for hash types; "port[-port]" for bitmap:port. */
function parsePort(text: string, family: FamilyName | undefined, out: Attrs, withProto: boolean): void {
  let protoText = 'tcp';
  let rest = text;
  const colon = text.indexOf(':');
  if (colon >= 0 && colon < text.length - 1) {
    protoText = text.slice(0, colon);
    rest = text.slice(colon + 1);
  }
  const proto = protoNumber(protoText);
  if (proto === undefined) throw new IPSetSyntaxError(`Syntax error: cannot parse '${protoText}' as a protocol`);
  if (withProto) out.proto = proto;
  else if (proto !== 6 && proto !== 17) syntax(`Protocol ${protoName(proto)} can be used with pseudo port value 0 only.`);
  if (proto === 1 || proto === 58) {
    if (proto === 1 && family === 'inet6') syntax('Protocol ICMP can be used with family inet only');
    if (proto === 58 && family === 'inet') syntax('Protocol ICMPv6 can be used with family inet6 only');
    out.port = icmpFromText(rest, proto === 58);
    return;
  }
  if (withProto && colon >= 0 && !PORT_PROTOS.has(proto)) {
    if (rest !== '0') syntax(`Protocol ${protoName(proto)} can be used with pseudo port value 0 only.`);
    out.port = 0;
    return;
  }
  const dash = rest.indexOf('-', 1);
  const name = protoName(proto);
  if (dash > 0) {
    const a = portNumber(rest.slice(0, dash), name);
    const b = portNumber(rest.slice(dash + 1), name);
    out.port = Math.min(a, b);
    out.port_to = Math.max(a, b);
  } else {
    out.port = portNumber(rest, name);
  }
}

function splitParts(text: string, type: SetTypeInfo): string[] {
  const dims = type.dims.length;
  // MAC addresses contain ':' but never ','; iface names may not contain ','.
  const parts = text.split(',');
  if (parts.length > dims) {
    const n = parts.length - 1;
    if (dims === 1) syntax(`Elem separator in ${text}, but settype ${type.name} supports none.`);
    syntax(`${n === 2 ? 'Two' : 'Three'} elem separators in ${text}, but settype ${type.name} supports ${dims === 2 ? 'one' : 'two'}.`);
  }
  if (parts.length < dims && !(type.optionalLast && parts.length === dims - 1)) {
    syntax(`${parts.length === 1 ? 'Second' : 'Third'} element is missing from ${text}.`);
  }
  return parts;
}

/** Parses an element's text into DATA attributes for a set of this type and family. */
export function parseElement(text: string, type: SetTypeInfo, family: FamilyName | undefined, out: Attrs = {}): Attrs {
  if (typeof text !== 'string') throw new IPSetSyntaxError('Syntax error: missing element');
  if (type.name === 'list:set' && text.includes(',')) return listSetElement(text, out);
  // A trailing comma is no separator to ipset: the whole text is read as the address.
  if (type.dims.length === 1 && text.endsWith(',')) {
    ipAttr(text, family ?? 'inet');
  }
  const parts = splitParts(text, type);
  const fam: FamilyName = family ?? 'inet';
  let ipSeen = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const dim = type.dims[i]!;
    switch (dim) {
      case 'ip': {
        const second = ipSeen++ > 0;
        if (second) parseAddr(p, fam, out, { ip: 'ip2', cidr: 'cidr2', to: 'ip2_to' }, { cidr: false, range: false });
        else {
          // ipset takes a CIDR or a range for a first IPv4 "ip" part only; IPv6 must be a plain address.
          const v4 = fam === 'inet';
          parseAddr(p, fam, out, { ip: 'ip', cidr: 'cidr', to: 'ip_to' }, { cidr: v4, range: v4 });
        }
        break;
      }
      case 'net': {
        const second = ipSeen++ > 0;
        const names = second ? { ip: 'ip2', cidr: 'cidr2', to: 'ip2_to' } : { ip: 'ip', cidr: 'cidr', to: 'ip_to' };
        parseAddr(p, fam, out, names, { cidr: true, range: fam === 'inet' });
        break;
      }
      case 'port':
        parsePort(p, family, out, type.kind === 'hash');
        break;
      case 'mac':
        try {
          parseMac(p);
          out.ether = p;
        } catch {
          throw new IPSetSyntaxError(`Syntax error: cannot parse '${p}' as ethernet address`);
        }
        break;
      case 'mark': {
        const n = parseU32(p, 'mark');
        out.mark = n;
        break;
      }
      case 'iface': {
        let name = p;
        if (name.startsWith('physdev:')) {
          name = name.slice(8);
          out.cadt_flags = ((out.cadt_flags as number | undefined) ?? 0) | IPSET_CADT_FLAG.PHYSDEV;
        }
        if (name.length === 0) syntax(`interface name is missing from ${text}`);
        if (Buffer.byteLength(name) > 15) syntax(`interface name '${name}' is longer than 15 characters`);
        out.iface = name;
        break;
      }
      case 'setname':
        checkSetName(p);
        out.name = p;
        break;
    }
  }
  return out;
}

export function parseU32(text: string, what: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n > 0xffffffff) syntax(`'${text}' is invalid as number${what ? '' : ''}`);
  return n;
}

export function parseU64(v: number | bigint | string, what: string): bigint {
  try {
    if (typeof v === 'string' && !/^-?(\d+|0x[0-9a-f]+)$/i.test(v)) throw new Error();
    const b = BigInt(v);
    if (b < 0n || b > 0xfffffffffffffffen) syntax(`'${String(v)}' is out of range 0-18446744073709551614`);
    return b;
  } catch (e) {
    if (e instanceof IPSetSyntaxError) throw e;
    return syntax(`'${String(v)}' is invalid as number`);
  }
}


// ---- text options (CLI words / restore lines) ----

/** list:set's "NAME,before|after,NAME" element form. */
function listSetElement(text: string, out: Attrs): Attrs {
  const parts = text.split(',');
  if (parts.length !== 3 || (parts[1] !== 'before' && parts[1] !== 'after')) throw new IPSetSyntaxError('you must specify elements as setname,[before|after],setname');
  checkSetName(parts[0]!);
  checkSetName(parts[2]!);
  out.name = parts[0];
  out.nameref = parts[2];
  if (parts[1] === 'before') out.cadt_flags = ((out.cadt_flags as number | undefined) ?? 0) | IPSET_CADT_FLAG.BEFORE;
  return out;
}
