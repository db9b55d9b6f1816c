// Elements and their options in ipset(8)'s text forms, both ways, per set type.
// Parsing produces the DATA attributes of an ADD/DEL/TEST (by adtDataAttrs);
// formatting turns DATA from a LIST/SAVE reply back into the text `ipset save`
// prints. Bad input throws IPSetSyntaxError naming the value, before anything is sent.
import fs from 'node:fs';
import { formatIPv4, formatIPv6, ipv4ToInt, parseIPv6, parseMac } from '../netlink/addr.js';
import { EncodeError } from '../netlink/errors.js';
import type { Attrs } from '../netlink/schema.js';
import { IPSET_CADT_FLAG, IPSET_MAXNAMELEN, IPSET_MAX_COMMENT_SIZE, type FamilyName, type SetTypeInfo } from './schema.js';

/** Input that cannot be turned into a request; the message is ipset's own wording where it has one. */
export class IPSetSyntaxError extends EncodeError {
  constructor(message: string) {
    super(message);
    this.name = 'IPSetSyntaxError';
  }
}

const syntax = (msg: string): never => {
  throw new IPSetSyntaxError(`Syntax error: ${msg}`);
};

// ---- protocols, services, ICMP names ----

let protoByName: Map<string, number> | undefined;
let protoByNumber: Map<number, string> | undefined;

const BUILTIN_PROTOS: [string, number][] = [
  ['ip', 0], ['icmp', 1], ['igmp', 2], ['ipencap', 4], ['tcp', 6], ['egp', 8], ['udp', 17], ['ipv6', 41], ['ipv6-route', 43],
  ['ipv6-frag', 44], ['rsvp', 46], ['gre', 47], ['esp', 50], ['ah', 51], ['ipv6-icmp', 58], ['ipv6-nonxt', 59],
  ['ipv6-opts', 60], ['ospf', 89], ['pim', 103], ['vrrp', 112], ['l2tp', 115], ['sctp', 132], ['udplite', 136], ['mpls-in-ip', 137],
];

function loadProtocols(): void {
  if (protoByName) return;
  protoByName = new Map();
  protoByNumber = new Map();
  let rows: [string[], number][] = [];
  try {
    for (const line of fs.readFileSync('/etc/protocols', 'utf8').split('\n')) {
      const f = line.replace(/#.*/, '').trim().split(/\s+/);
      if (f.length < 2 || !/^\d+$/.test(f[1]!)) continue;
      rows.push([[f[0]!, ...f.slice(2)], Number(f[1])]);
    }
  } catch {
    rows = [];
  }
  if (!rows.length) rows = BUILTIN_PROTOS.map(([n, v]) => [[n], v]);
  for (const [names, num] of rows) {
    if (!protoByNumber.has(num)) protoByNumber.set(num, names[0]!);
    for (const n of names) if (!protoByName.has(n)) protoByName.set(n, num);
  }
}

/** The protocol's name as getprotobynumber() gives it (what ipset prints). */
export function protoName(num: number): string {
  loadProtocols();
  return protoByNumber!.get(num) ?? String(num);
}

export function protoNumber(name: string): number | undefined {
  if (/^\d+$/.test(name)) {
    const n = Number(name);
    return n <= 255 ? n : undefined;
  }
  if (name === 'icmpv6') return 58;
  loadProtocols();
  return protoByName!.get(name) ?? protoByName!.get(name.toLowerCase());
}

let services: Map<string, number> | undefined;
function serviceNumber(name: string, proto: string): number | undefined {
  if (!services) {
    services = new Map();
    try {
      for (const line of fs.readFileSync('/etc/services', 'utf8').split('\n')) {
        const f = line.replace(/#.*/, '').trim().split(/\s+/);
        const m = /^(\d+)\/(\w+)$/.exec(f[1] ?? '');
        if (!m) continue;
        for (const n of [f[0]!, ...f.slice(2)]) {
          const key = `${n}/${m[2]}`;
          if (!services.has(key)) services.set(key, Number(m[1]));
        }
      }
    } catch {
      /* no services file: numbers only */
    }
  }
  return services.get(`${name}/${proto}`) ?? services.get(`${name}/tcp`);
}

/** ipset's ICMP names (type/code); the first name of a pair is the one printed. */
export const ICMP_NAMES: readonly [string, number, number][] = [
  ['echo-reply', 0, 0], ['pong', 0, 0], ['network-unreachable', 3, 0], ['host-unreachable', 3, 1],
  ['protocol-unreachable', 3, 2], ['port-unreachable', 3, 3], ['fragmentation-needed', 3, 4],
  ['source-route-failed', 3, 5], ['network-unknown', 3, 6], ['host-unknown', 3, 7], ['network-prohibited', 3, 9],
  ['host-prohibited', 3, 10], ['TOS-network-unreachable', 3, 11], ['TOS-host-unreachable', 3, 12],
  ['communication-prohibited', 3, 13], ['host-precedence-violation', 3, 14], ['precedence-cutoff', 3, 15],
  ['source-quench', 4, 0], ['network-redirect', 5, 0], ['host-redirect', 5, 1], ['TOS-network-redirect', 5, 2],
  ['TOS-host-redirect', 5, 3], ['echo-request', 8, 0], ['ping', 8, 0], ['router-advertisement', 9, 0],
  ['router-solicitation', 10, 0], ['ttl-zero-during-transit', 11, 0], ['ttl-zero-during-reassembly', 11, 1],
  ['ip-header-bad', 12, 0], ['required-option-missing', 12, 1], ['timestamp-request', 13, 0],
  ['timestamp-reply', 14, 0], ['address-mask-request', 17, 0], ['address-mask-reply', 18, 0],
];
export const ICMPV6_NAMES: readonly [string, number, number][] = [
  ['no-route', 1, 0], ['communication-prohibited', 1, 1], ['address-unreachable', 1, 3], ['port-unreachable', 1, 4],
  ['packet-too-big', 2, 0], ['ttl-zero-during-transit', 3, 0], ['ttl-zero-during-reassembly', 3, 1],
  ['bad-header', 4, 0], ['unknown-header-type', 4, 1], ['unknown-option', 4, 2], ['echo-request', 128, 0],
  ['ping', 128, 0], ['echo-reply', 129, 0], ['pong', 129, 0], ['router-solicitation', 133, 0],
  ['router-advertisement', 134, 0], ['neighbour-solicitation', 135, 0], ['neigbour-solicitation', 135, 0],
  ['neighbour-advertisement', 136, 0], ['neigbour-advertisement', 136, 0], ['redirect', 137, 0],
];

function icmpFromText(text: string, v6: boolean): number {
  const table = v6 ? ICMPV6_NAMES : ICMP_NAMES;
  const lower = text.toLowerCase();
  for (const [n, type, code] of table) if (n.toLowerCase() === lower) return (type << 8) | code;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m && Number(m[1]) <= 255 && Number(m[2]) <= 255) return (Number(m[1]) << 8) | Number(m[2]);
  throw new IPSetSyntaxError(`Cannot parse ${text} as an ${v6 ? 'ICMPv6' : 'ICMP'} type/code.`);
}

function icmpToText(port: number, v6: boolean): string {
  const type = port >> 8, code = port & 0xff;
  for (const [n, t, c] of v6 ? ICMPV6_NAMES : ICMP_NAMES) if (t === type && c === code) return n;
  return `${type}/${code}`;
}

// ---- addresses ----

/** A parsed address: the attribute value plus the bytes' family. */
function ipAttr(text: string, family: FamilyName): Attrs {
  if (family === 'inet') {
    const n = ipv4ToInt(text);
    if (n < 0) throw new IPSetSyntaxError(`Syntax error: cannot parse ${text}: resolving to IPv4 address failed`);
    return { ipv4: text };
  }
  try {
    parseIPv6(text);
  } catch {
    throw new IPSetSyntaxError(`Syntax error: cannot parse ${text}: resolving to IPv6 address failed`);
  }
  return { ipv6: text };
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

function portNumber(text: string, proto: string): number {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n > 65535) syntax(`'${text}' is out of range 0-65535`);
    return n;
  }
  const s = serviceNumber(text, proto);
  if (s === undefined) throw new IPSetSyntaxError(`Syntax error: cannot parse '${text}' as a ${proto} port`);
  return s;
}

/** "[proto:]port[-port]" for hash types; "port[-port]" for bitmap:port. */
function parsePort(text: string, family: FamilyName | undefined, out: Attrs, withProto: boolean): void {
  let protoText = 'tcp';
  let rest = text;
  const colon = text.indexOf(':');
  if (withProto && colon >= 0) {
    protoText = text.slice(0, colon);
    rest = text.slice(colon + 1);
  }
  const proto = protoNumber(protoText);
  if (proto === undefined) throw new IPSetSyntaxError(`Syntax error: cannot parse '${protoText}' as a protocol`);
  if (withProto) out.proto = proto;
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

// ---- element ----

export function checkSetName(name: string, what = 'setname'): void {
  if (typeof name !== 'string' || name.length === 0) throw new IPSetSyntaxError(`Syntax error: ${what} is missing`);
  if (Buffer.byteLength(name) > IPSET_MAXNAMELEN) syntax(`${what} '${name}' is longer than ${IPSET_MAXNAMELEN} characters`);
}

/** A typed element: the parts of an entry, named. Which ones apply depends on the set type. */
export interface Member {
  ip?: string;
  cidr?: number;
  ipTo?: string;
  /** Protocol name as /etc/protocols gives it ('tcp', 'udp', 'icmp', 'ipv6-icmp', ...). */
  proto?: string;
  /** Port, or for ICMP (type << 8 | code). */
  port?: number;
  portTo?: number;
  ip2?: string;
  cidr2?: number;
  ip2To?: string;
  mac?: string;
  mark?: number;
  iface?: string;
  physdev?: boolean;
  /** list:set: the member set's name. */
  name?: string;
}

/** Options an element may carry on add/del/test (and what comes back in a listing). */
export interface EntryOptions {
  timeout?: number;
  packets?: number | bigint;
  bytes?: number | bigint;
  comment?: string;
  /** skbmark as a number, or ipset's "MARK[/MASK]" text. */
  skbmark?: number | string;
  skbmask?: number;
  /** skbprio as ipset's "MAJOR:MINOR" text (hex), or { major, minor }. */
  skbprio?: string | { major: number; minor: number };
  skbqueue?: number;
  nomatch?: boolean;
  /** list:set: place the member before or after this set. */
  before?: string;
  after?: string;
}

/** An element as given by callers: ipset's text form, or a typed object. */
export type EntryInput = string | (Member & EntryOptions) | (EntryOptions & { elem: string });

/** One member of a set as listed. */
export interface Entry extends Member {
  /** The element in `ipset save` text. */
  elem: string;
  timeout?: number;
  packets?: number | bigint;
  bytes?: number | bigint;
  comment?: string;
  skbmark?: { mark: number; mask: number };
  skbprio?: { major: number; minor: number };
  skbqueue?: number;
  nomatch?: boolean;
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
  if (typeof text !== 'string' || text === '') throw new IPSetSyntaxError('Syntax error: missing element');
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

function parseU32(text: string, what: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n > 0xffffffff) syntax(`'${text}' is invalid as number${what ? '' : ''}`);
  return n;
}

function parseU64(v: number | bigint | string, what: string): bigint {
  try {
    const b = BigInt(v);
    if (b < 0n || b > 0xffffffffffffffffn) throw new Error();
    return b;
  } catch {
    return syntax(`'${String(v)}' is invalid as number (${what})`);
  }
}

/** Element given as a typed object: turned into the same DATA attributes. */
export function memberToAttrs(m: Member, type: SetTypeInfo, family: FamilyName | undefined): Attrs {
  const fam = family ?? 'inet';
  const out: Attrs = {};
  const addr = (t: string) => ipAttr(t, fam);
  if (m.ip !== undefined) out.ip = addr(m.ip);
  if (m.cidr !== undefined) out.cidr = m.cidr;
  if (m.ipTo !== undefined) out.ip_to = addr(m.ipTo);
  if (m.proto !== undefined) {
    const p = protoNumber(m.proto);
    if (p === undefined) throw new IPSetSyntaxError(`Syntax error: cannot parse '${m.proto}' as a protocol`);
    out.proto = p;
  } else if (type.kind === 'hash' && type.dims.includes('port')) out.proto = 6;
  if (m.port !== undefined) out.port = m.port;
  if (m.portTo !== undefined) out.port_to = m.portTo;
  if (m.ip2 !== undefined) out.ip2 = addr(m.ip2);
  if (m.cidr2 !== undefined) out.cidr2 = m.cidr2;
  if (m.ip2To !== undefined) out.ip2_to = addr(m.ip2To);
  if (m.mac !== undefined) out.ether = m.mac;
  if (m.mark !== undefined) out.mark = m.mark;
  if (m.iface !== undefined) out.iface = m.iface;
  if (m.physdev) out.cadt_flags = IPSET_CADT_FLAG.PHYSDEV;
  if (m.name !== undefined) {
    checkSetName(m.name);
    out.name = m.name;
  }
  return out;
}

/** Options of an entry into DATA attributes (merged into `out`). `allowed` names the options the set type takes. */
export function entryOptionsToAttrs(o: EntryOptions, type: SetTypeInfo, out: Attrs): Attrs {
  if (o.timeout !== undefined) {
    if (!Number.isInteger(o.timeout) || o.timeout < 0 || o.timeout > 2147483) syntax(`'${o.timeout}' is out of range 0-2147483`);
    out.timeout = o.timeout;
  }
  if (o.packets !== undefined) out.packets = parseU64(o.packets, 'packets');
  if (o.bytes !== undefined) out.bytes = parseU64(o.bytes, 'bytes');
  if (o.comment !== undefined) {
    if (o.comment.includes('"')) syntax('" character is not permitted in comments');
    if (Buffer.byteLength(o.comment) > IPSET_MAX_COMMENT_SIZE) syntax(`Comment is longer than the maximum allowed ${IPSET_MAX_COMMENT_SIZE} characters`);
    out.comment = o.comment;
  }
  if (o.skbmark !== undefined) {
    let mark: number, mask = o.skbmask ?? 0xffffffff;
    if (typeof o.skbmark === 'string') {
      const m = /^(0x[0-9a-f]+|\d+)(?:\/(0x[0-9a-f]+|\d+))?$/i.exec(o.skbmark);
      if (!m) throw new IPSetSyntaxError('Syntax error: Invalid skbmark format, it should be:  MARK/MASK or MARK (see manpage)');
      mark = parseU32(m[1]!, 'skbmark');
      if (m[2] !== undefined) mask = parseU32(m[2], 'skbmark');
    } else mark = o.skbmark;
    out.skbmark = (BigInt(mark >>> 0) << 32n) | BigInt(mask >>> 0);
  }
  if (o.skbprio !== undefined) {
    let major: number, minor: number;
    if (typeof o.skbprio === 'string') {
      const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(o.skbprio);
      if (!m) throw new IPSetSyntaxError('Syntax error: Invalid skbprio format, it should be:MAJOR:MINOR (see manpage)');
      major = parseInt(m[1]!, 16);
      minor = parseInt(m[2]!, 16);
    } else ({ major, minor } = o.skbprio);
    out.skbprio = ((major & 0xffff) << 16 | (minor & 0xffff)) >>> 0;
  }
  if (o.skbqueue !== undefined) {
    if (!Number.isInteger(o.skbqueue) || o.skbqueue < 0 || o.skbqueue > 65535) syntax(`'${o.skbqueue}' is out of range 0-65535`);
    out.skbqueue = o.skbqueue;
  }
  if (o.nomatch) {
    if (!type.entryOptions.includes('nomatch')) throw new IPSetSyntaxError(`Syntax error: nomatch is not supported by set type ${type.name}`);
    out.cadt_flags = ((out.cadt_flags as number | undefined) ?? 0) | IPSET_CADT_FLAG.NOMATCH;
  }
  if (o.before !== undefined || o.after !== undefined) {
    if (type.name !== 'list:set') throw new IPSetSyntaxError(`Syntax error: before/after is not supported by set type ${type.name}`);
    if (o.before !== undefined && o.after !== undefined) syntax('mixed syntax, before|after option already used');
    const ref = (o.before ?? o.after)!;
    checkSetName(ref);
    out.nameref = ref;
    if (o.before !== undefined) out.cadt_flags = ((out.cadt_flags as number | undefined) ?? 0) | IPSET_CADT_FLAG.BEFORE;
  }
  return out;
}

const OPTION_KEYS = new Set(['timeout', 'packets', 'bytes', 'comment', 'skbmark', 'skbmask', 'skbprio', 'skbqueue', 'nomatch', 'before', 'after']);

/** Any entry input (text or object, with options) into DATA attributes. */
export function entryToAttrs(e: EntryInput, type: SetTypeInfo, family: FamilyName | undefined, opts?: EntryOptions): Attrs {
  let out: Attrs;
  if (typeof e === 'string') out = parseElement(e, type, family);
  else if (e && typeof e === 'object') {
    if ('elem' in e && typeof e.elem === 'string') out = parseElement(e.elem, type, family);
    else {
      const member: Member = {};
      for (const [k, v] of Object.entries(e)) if (!OPTION_KEYS.has(k)) (member as Record<string, unknown>)[k] = v;
      out = memberToAttrs(member, type, family);
    }
    entryOptionsToAttrs(e as EntryOptions, type, out);
  } else throw new IPSetSyntaxError(`Syntax error: invalid element ${String(e)}`);
  if (opts) entryOptionsToAttrs(opts, type, out);
  return out;
}

// ---- text options (CLI words / restore lines) ----

/** Reads "timeout 30 comment x nomatch ..." words into EntryOptions. Unknown words throw. */
export function parseEntryWords(words: readonly string[]): EntryOptions {
  const o: EntryOptions = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const val = (): string => {
      const v = words[++i];
      if (v === undefined) throw new IPSetSyntaxError(`Syntax error: ${w} requires a value`);
      return v;
    };
    const num = (): number => {
      const v = val();
      if (!/^\d+$/.test(v)) syntax(`'${v}' is invalid as number`);
      return Number(v);
    };
    switch (w) {
      case 'timeout': o.timeout = num(); break;
      case 'packets': o.packets = parseU64(val(), 'packets'); break;
      case 'bytes': o.bytes = parseU64(val(), 'bytes'); break;
      case 'comment': o.comment = val(); break;
      case 'skbmark': o.skbmark = val(); break;
      case 'skbprio': o.skbprio = val(); break;
      case 'skbqueue': o.skbqueue = num(); break;
      case 'nomatch': o.nomatch = true; break;
      case 'before': o.before = val(); break;
      case 'after': o.after = val(); break;
      default: throw new IPSetArgumentError(`Unknown argument: \`${w}'`);
    }
  }
  return o;
}

/** An argument the command line does not know (ipset exits 2 for these, with a hint). */
export class IPSetArgumentError extends IPSetSyntaxError {
  constructor(message: string) {
    super(message);
    this.name = 'IPSetArgumentError';
  }
}

// ---- formatting (kernel DATA -> text) ----

function addrText(a: unknown): string {
  if (!a || typeof a !== 'object') return '';
  const o = a as Attrs;
  if (typeof o.ipv4 === 'string') return o.ipv4;
  if (typeof o.ipv6 === 'string') return fixV6(o.ipv6);
  return '';
}

/** glibc's inet_ntop writes IPv4-compatible addresses (::a.b.c.d) with a dotted tail too. */
function fixV6(s: string): string {
  const m = /^::([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(s);
  if (m) {
    const hi = parseInt(m[1]!, 16), lo = parseInt(m[2]!, 16);
    return `::${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return s;
}

const hex32 = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** The element part of a member (kernel DATA attributes) as ipset prints it. */
export function formatElement(d: Attrs, type: SetTypeInfo, family: FamilyName | undefined): string {
  const max = family === 'inet6' ? 128 : 32;
  const parts: string[] = [];
  let ipSeen = 0;
  for (const dim of type.dims) {
    switch (dim) {
      case 'ip': case 'net': {
        const second = ipSeen++ > 0;
        const ip = addrText(second ? d.ip2 : d.ip);
        const cidr = (second ? d.cidr2 : d.cidr) as number | undefined;
        const to = second ? d.ip2_to : d.ip_to;
        if (to !== undefined) parts.push(`${ip}-${addrText(to)}`);
        else parts.push(cidr !== undefined && cidr !== max ? `${ip}/${cidr}` : ip);
        break;
      }
      case 'port': {
        const port = Number(d.port ?? 0);
        if (type.kind !== 'hash') {
          parts.push(String(port));
          break;
        }
        const proto = Number(d.proto ?? 0);
        const name = protoName(proto);
        if (proto === 1) parts.push(`${name}:${icmpToText(port, false)}`);
        else if (proto === 58) parts.push(`${name}:${icmpToText(port, true)}`);
        else parts.push(`${name}:${port}`);
        break;
      }
      case 'mac':
        if (d.ether !== undefined) parts.push(String(d.ether).toUpperCase());
        break;
      case 'mark':
        parts.push(hex32(Number(d.mark ?? 0)));
        break;
      case 'iface': {
        const flags = Number(d.cadt_flags ?? 0);
        parts.push((flags & IPSET_CADT_FLAG.PHYSDEV ? 'physdev:' : '') + String(d.iface ?? ''));
        break;
      }
      case 'setname':
        parts.push(String(d.name ?? ''));
        break;
    }
  }
  return parts.join(',');
}

/** The options after the element, in ipset's order: timeout nomatch packets bytes comment skbmark skbprio skbqueue. */
export function formatExtensions(d: Attrs): string {
  let s = '';
  if (d.timeout !== undefined) s += ` timeout ${d.timeout}`;
  if (Number(d.cadt_flags ?? 0) & IPSET_CADT_FLAG.NOMATCH) s += ' nomatch';
  if (d.packets !== undefined) s += ` packets ${d.packets}`;
  if (d.bytes !== undefined) s += ` bytes ${d.bytes}`;
  if (d.comment !== undefined) s += ` comment "${d.comment}"`;
  if (d.skbmark !== undefined) {
    const v = BigInt(d.skbmark as number | bigint);
    const mark = Number(v >> 32n), mask = Number(v & 0xffffffffn);
    s += mask === 0xffffffff ? ` skbmark 0x${mark.toString(16)}` : ` skbmark 0x${mark.toString(16)}/0x${mask.toString(16)}`;
  }
  if (d.skbprio !== undefined) {
    const v = Number(d.skbprio);
    s += ` skbprio ${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  if (d.skbqueue !== undefined) s += ` skbqueue ${d.skbqueue}`;
  return s;
}

/** A member from kernel DATA into a typed Entry. */
export function entryFromAttrs(d: Attrs, type: SetTypeInfo, family: FamilyName | undefined): Entry {
  const e: Entry = { elem: formatElement(d, type, family) };
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
  return e;
}

/** The whole member line after "add NAME ". */
export function formatEntryAttrs(d: Attrs, type: SetTypeInfo, family: FamilyName | undefined): string {
  return formatElement(d, type, family) + formatExtensions(d);
}

export { formatIPv4, formatIPv6 };

// ---- fast member reader (LIST/SAVE replies) ----
// The same attributes as adtDataAttrs, read straight into an Entry without an
// intermediate object per attribute: listing a million members stays cheap.
import { adtDataAttrs, ipaddrAttrs } from './schema.js';

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

/** Calls fn for each member DATA inside a LIST/SAVE reply's IPSET_ATTR_ADT payload b[at, end). */
export function forEachMember(b: Uint8Array, v: DataView, at: number, end: number, fn: (at: number, end: number) => void): void {
  while (at + 4 <= end) {
    const len = v.getUint16(at, true);
    if (len < 4 || at + len > end) break;
    fn(at + 4, at + len);
    at += (len + 3) & ~3;
  }
}
