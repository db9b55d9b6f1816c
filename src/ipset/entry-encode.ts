// Entries given as typed objects (or text) with their options into DATA attributes.
import type { Attrs } from '../netlink/schema.js';
import { IPSetSyntaxError, checkSetName, type EntryInput, type EntryOptions, type Member } from './entry.js';
import { protoNumber } from './entry-names.js';
import { ipAttr, parseElement, parseU32, parseU64 } from './entry-parse.js';
import { IPSET_CADT_FLAG, IPSET_MAX_COMMENT_SIZE, type FamilyName, type SetTypeInfo } from './schema.js';

const syntax = (msg: string): never => {
  throw new IPSetSyntaxError(`Syntax error: ${msg}`);
};

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
      const m = /^(0x[0-9a-f]+|\d+)(?:\/(0x[0-9a-f]+|\d+)(?:\/.*)?)?$/i.exec(o.skbmark); // like sscanf, text after the mask is ignored
      if (!m) throw new IPSetSyntaxError('Syntax error: Invalid skbmark format, it should be:  MARK/MASK or MARK (see manpage)');
      mark = parseU32(m[1]!, 'skbmark');
      if (m[2] !== undefined) mask = parseU32(m[2], 'skbmark');
    } else mark = o.skbmark;
    out.skbmark = (BigInt(mark >>> 0) << 32n) | BigInt(mask >>> 0);
  }
  if (o.skbprio !== undefined) {
    let major: number, minor: number;
    if (typeof o.skbprio === 'string') {
      const m = /^([0-9a-f]+):([0-9a-f]+)$/i.exec(o.skbprio); // read as %x:%x into 16 bits, as ipset does
      if (!m) throw new IPSetSyntaxError('Syntax error: Invalid skbprio format, it should be:MAJOR:MINOR (see manpage)');
      major = parseInt(m[1]!.slice(-4), 16);
      minor = parseInt(m[2]!.slice(-4), 16);
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
