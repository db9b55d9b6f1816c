// Set headers and listings in ipset(8)'s text: `ipset list` (plain), `ipset save`,
// and nlkit's JSON form. Create options both ways (text words <-> CREATE DATA).
import { ipv4ToInt, intToIPv4 } from '../netlink/addr.js';
import type { Attrs } from '../netlink/schema.js';
import { type Entry, IPSetArgumentError, IPSetSyntaxError } from './entry.js';
import { entryExtras, formatEntry } from './entry-format.js';
import { portNumber } from './entry-parse.js';
import { IPSET_CADT_FLAG, type FamilyName, type SetTypeInfo } from './schema.js';

/** Options of `create`, all of them. */
export interface CreateOptions {
  family?: FamilyName;
  timeout?: number;
  counters?: boolean;
  comment?: boolean;
  skbinfo?: boolean;
  hashsize?: number;
  maxelem?: number;
  bucketsize?: number;
  initval?: number;
  forceadd?: boolean;
  /** hash:ip, bitmap:ip: prefix length of stored addresses. */
  netmask?: number;
  /** hash:ip, hash:net,net: address mask. */
  bitmask?: string;
  /** hash:ip,mark */
  markmask?: number;
  /** bitmap types: "a-b", "net/cidr" (bitmap:ip, bitmap:ip,mac) or "p1-p2" (bitmap:port). */
  range?: string;
  /** list:set */
  size?: number;
}

/** A set's header as the kernel reports it. */
export interface SetHeader extends CreateOptions {
  memsize?: number;
  references?: number;
  elements?: number;
}

const syntax = (m: string): never => {
  throw new IPSetSyntaxError(`Syntax error: ${m}`);
};

function intIn(v: unknown, what: string, min: number, max: number): number {
  const n = typeof v === 'string' ? (/^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^\d+$/.test(v) ? Number(v) : NaN) : Number(v);
  if (!Number.isInteger(n)) syntax(`'${String(v)}' is invalid as number`);
  if (n < min || n > max) syntax(`'${String(v)}' is out of range ${min}-${max}`);
  void what;
  return n;
}

function v4(text: string): Attrs {
  if (ipv4ToInt(text) < 0) throw new IPSetSyntaxError(`Syntax error: cannot parse ${text}: resolving to IPv4 address failed`);
  return { ipv4: text };
}

/** CREATE options to CREATE DATA attributes, checking each is one the type takes. */
export function createOptionsToAttrs(type: SetTypeInfo, o: CreateOptions): Attrs {
  const d: Attrs = {};
  const allowed = new Set(['timeout', 'counters', 'comment', 'skbinfo', ...type.createOptions]);
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || k === 'exist') continue;
    if (!allowed.has(k)) throw new IPSetArgumentError(`Unknown argument: \`${k}'`);
  }
  const fam = o.family ?? 'inet';
  if (o.family !== undefined && o.family !== 'inet' && o.family !== 'inet6') syntax(`unknown inet family ${String(o.family)}`);
  if (o.family && type.families.length && !type.families.includes(o.family)) syntax(`unknown inet family ${o.family}`);
  let flags = 0;
  if (o.range !== undefined) {
    if (type.name === 'bitmap:port') {
      const m = /^(\d+)(?:-(\d+))?$/.exec(o.range);
      if (!m) syntax(`cannot parse '${o.range}' as a port range`);
      d.port = portNumber(m![1]!, 'tcp');
      d.port_to = portNumber(m![2] ?? m![1]!, 'tcp');
    } else {
      const slash = o.range.indexOf('/'), dash = o.range.indexOf('-');
      if (slash > 0) {
        d.ip = v4(o.range.slice(0, slash));
        d.cidr = intIn(o.range.slice(slash + 1), 'cidr', 0, 32);
      } else if (dash > 0) {
        d.ip = v4(o.range.slice(0, dash));
        d.ip_to = v4(o.range.slice(dash + 1));
      } else syntax(`IP/cidr or IP-IP range must be specified: ${o.range}`);
    }
  } else if (type.kind === 'bitmap') {
    throw new IPSetArgumentError("Mandatory option `range' is missing");
  }
  if (o.hashsize !== undefined) d.hashsize = intIn(o.hashsize, 'hashsize', 0, 0xffffffff);
  if (o.maxelem !== undefined) d.maxelem = intIn(o.maxelem, 'maxelem', 0, 0xffffffff);
  if (o.netmask !== undefined && o.bitmask !== undefined) syntax('bitmask and netmask are mutually exclusive, provide only one');
  if (o.netmask !== undefined) {
    const max = fam === 'inet6' ? 128 : 32;
    const n = Number(o.netmask);
    if (!Number.isInteger(n) || n < 1 || n > max) syntax(`'${o.netmask}' is out of range 1-${max}\nSyntax error: netmask is out of the inclusive range of 1-${max}`);
    d.netmask = n;
  }
  if (o.bitmask !== undefined) d.bitmask = fam === 'inet6' ? { ipv6: o.bitmask } : v4(o.bitmask);
  if (o.markmask !== undefined) d.markmask = intIn(o.markmask, 'markmask', 0, 0xffffffff);
  if (o.timeout !== undefined) d.timeout = intIn(o.timeout, 'timeout', 0, 2147483);
  if (o.counters) flags |= IPSET_CADT_FLAG.WITH_COUNTERS;
  if (o.comment) flags |= IPSET_CADT_FLAG.WITH_COMMENT;
  if (o.skbinfo) flags |= IPSET_CADT_FLAG.WITH_SKBINFO;
  if (o.forceadd) flags |= IPSET_CADT_FLAG.WITH_FORCEADD;
  if (o.bucketsize !== undefined) d.bucketsize = intIn(o.bucketsize, 'bucketsize', 0, 255);
  if (o.initval !== undefined) d.initval = intIn(o.initval, 'initval', 0, 0xffffffff);
  if (o.size !== undefined) d.size = intIn(o.size, 'size', 0, 0xffffffff);
  if (flags) d.cadt_flags = flags;
  return d;
}

function addr(a: unknown): string {
  const o = a as Attrs | undefined;
  return o ? String(o.ipv4 ?? o.ipv6 ?? '') : '';
}

/** CREATE DATA from the kernel into a typed header. */
export function headerFromAttrs(type: SetTypeInfo, d: Attrs, family: FamilyName | undefined): SetHeader {
  const h: SetHeader = {};
  if (type.kind === 'hash' && family) h.family = family;
  if (d.ip !== undefined) {
    if (d.ip_to !== undefined) h.range = `${addr(d.ip)}-${addr(d.ip_to)}`;
    else if (d.cidr !== undefined) {
      const start = ipv4ToInt(addr(d.ip));
      const size = 2 ** (32 - Number(d.cidr));
      h.range = `${addr(d.ip)}-${intToIPv4(start + size - 1)}`;
    }
  }
  if (d.port !== undefined) h.range = `${d.port}-${d.port_to ?? d.port}`;
  if (d.hashsize !== undefined) h.hashsize = d.hashsize as number;
  if (d.maxelem !== undefined) h.maxelem = d.maxelem as number;
  if (d.netmask !== undefined) h.netmask = d.netmask as number;
  if (d.bitmask !== undefined) h.bitmask = addr(d.bitmask);
  if (d.markmask !== undefined) h.markmask = d.markmask as number;
  if (d.timeout !== undefined) h.timeout = d.timeout as number;
  const flags = Number(d.cadt_flags ?? 0);
  if (flags & IPSET_CADT_FLAG.WITH_COUNTERS) h.counters = true;
  if (flags & IPSET_CADT_FLAG.WITH_COMMENT) h.comment = true;
  if (flags & IPSET_CADT_FLAG.WITH_SKBINFO) h.skbinfo = true;
  if (flags & IPSET_CADT_FLAG.WITH_FORCEADD) h.forceadd = true;
  if (d.bucketsize !== undefined) h.bucketsize = d.bucketsize as number;
  if (d.initval !== undefined) h.initval = d.initval as number;
  if (d.size !== undefined) h.size = d.size as number;
  if (d.memsize !== undefined) h.memsize = d.memsize as number;
  if (d.references !== undefined) h.references = d.references as number;
  if (d.elements !== undefined) h.elements = d.elements as number;
  return h;
}

/**
 * The "Header:" text / the options after "create NAME TYPE", in ipset's order.
 * (ipset 7.17 does not print forceadd; neither does this, so the text is identical.)
 */
export function formatHeader(type: SetTypeInfo, h: SetHeader): string {
  const w: string[] = [];
  if (type.kind === 'hash') {
    if (h.family && type.families.length) w.push(`family ${h.family}`);
    if (h.markmask !== undefined) w.push(`markmask 0x${h.markmask.toString(16).padStart(8, '0')}`);
    if (h.hashsize !== undefined) w.push(`hashsize ${h.hashsize}`);
    if (h.maxelem !== undefined) w.push(`maxelem ${h.maxelem}`);
    if (h.netmask !== undefined) w.push(`netmask ${h.netmask}`);
    if (h.bitmask !== undefined) w.push(`bitmask ${h.bitmask}`);
  } else if (type.kind === 'bitmap') {
    if (h.range !== undefined) w.push(`range ${h.range}`);
    if (h.netmask !== undefined) w.push(`netmask ${h.netmask}`);
  } else if (h.size !== undefined) w.push(`size ${h.size}`);
  if (h.timeout !== undefined) w.push(`timeout ${h.timeout}`);
  if (h.counters) w.push('counters');
  if (h.comment) w.push('comment');
  if (h.skbinfo) w.push('skbinfo');
  if (type.kind === 'hash') {
    if (h.bucketsize !== undefined) w.push(`bucketsize ${h.bucketsize}`);
    if (h.initval !== undefined) w.push(`initval 0x${(h.initval >>> 0).toString(16).padStart(8, '0')}`);
  }
  return w.join(' ');
}

/** One set as listed. */
export interface IPSetInfo {
  name: string;
  type: string;
  revision: number;
  family?: FamilyName;
  header: SetHeader;
  /** The header as ipset prints it after "Header:" and in "create" lines. */
  headerText: string;
  entries: Entry[];
}

/** `ipset list` text of one set (ipset separates sets with an empty line). */
export function formatPlain(s: IPSetInfo, terse: boolean): string {
  let out = `Name: ${s.name}\nType: ${s.type}\nRevision: ${s.revision}\nHeader: ${s.headerText}\n` +
    `Size in memory: ${s.header.memsize ?? 0}\nReferences: ${s.header.references ?? 0}\nNumber of entries: ${s.header.elements ?? s.entries.length}\n`;
  if (terse) return out;
  out += 'Members:\n';
  for (const e of s.entries) out += formatEntry(e) + '\n';
  return out;
}

export function formatSaveCreate(s: { name: string; type: string; headerText: string }): string {
  return `create ${s.name} ${s.type} ${s.headerText}\n`;
}

const HEADER_FLAGS = new Set(['counters', 'comment', 'skbinfo', 'forceadd']);

/** `ipset list -o xml`, as ipset 7.17 writes it (text is not escaped, as there). */
export function formatXml(sets: IPSetInfo[], terse: boolean): string {
  let out = '<ipsets>\n';
  for (const s of sets) {
    out += `<ipset name="${s.name}">\n<type>${s.type}</type>\n<revision>${s.revision}</revision>\n<header>`;
    const words = s.headerText ? s.headerText.split(' ') : [];
    for (let i = 0; i < words.length; i++) {
      const k = words[i]!;
      out += HEADER_FLAGS.has(k) ? `<${k}/>` : `<${k}>${words[++i] ?? ''}</${k}>`;
    }
    out += `\n<memsize>${s.header.memsize ?? 0}</memsize>\n<references>${s.header.references ?? 0}</references>\n` +
      `<numentries>${s.header.elements ?? s.entries.length}</numentries>\n</header>\n`;
    if (!terse) {
      out += '<members>\n';
      for (const e of s.entries) {
        out += `<member><elem>${e.elem}</elem>`;
        for (const [k, v] of entryExtras(e)) out += v === undefined ? `<${k}/>` : `<${k}>${v}</${k}>`;
        out += '</member>\n';
      }
      out += '</members>\n';
    }
    out += '</ipset>\n';
  }
  return out + '</ipsets>\n';
}

function jsonValue(v: unknown): unknown {
  return typeof v === 'bigint' ? (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()) : v;
}

/** nlkit's JSON listing (ipset 7.17 has none): one object per set. */
export function formatJson(sets: IPSetInfo[]): string {
  return JSON.stringify(sets, (_k, v) => jsonValue(v), 2) + '\n';
}
