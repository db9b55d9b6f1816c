// Differential against Wireshark's tshark: its PDML output is read into attribute records
// (frame position, type, name, value) and compared with the decoder's attributes at the same
// byte position. Also builds nlmon-format pcaps (LINKTYPE_NETLINK) from exact captured bytes,
// so tshark can read traffic captured on a host without nlmon.
import { spawnSync } from 'node:child_process';
import { AttrIter } from '../../src/netlink/attr-iter.js';
import type { DecodedAttr, DecodedMessage } from '../../src/decode/types.js';

export interface PdmlNode {
  tag: string;
  attrs: Record<string, string>;
  children: PdmlNode[];
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string): string => s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
  e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITY[e] ?? m);

/** The packets of a PDML document, as trees of proto/field nodes. */
export function parsePdml(xml: string): PdmlNode[] {
  const packets: PdmlNode[] = [];
  const stack: PdmlNode[] = [];
  for (const m of xml.matchAll(/<(\/?)(packet|proto|field)\b([^>]*?)(\/?)>/g)) {
    const [, close, tag, body, selfClose] = m;
    if (close) { stack.pop(); continue; }
    const attrs: Record<string, string> = {};
    for (const a of body!.matchAll(/(\w+)="([^"]*)"/g)) attrs[a[1]!] = unescape(a[2]!);
    const node: PdmlNode = { tag: tag!, attrs, children: [] };
    if (stack.length) stack[stack.length - 1]!.children.push(node);
    else packets.push(node);
    if (!selfClose) stack.push(node);
  }
  return packets;
}

export function runTshark(pcap: string): PdmlNode[] {
  const r = spawnSync('tshark', ['-n', '-r', pcap, '-T', 'pdml'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return parsePdml(r.stdout);
}

/** One attribute as tshark dissected it. */
export interface TsharkAttr {
  pos: number;
  type: number;
  /** The attribute's name as tshark gives it (a C name or prose). */
  name?: string;
  /** The first value field's `show` and field name, when tshark decoded the payload. */
  value?: string;
  field?: string;
}

/** Every attribute node of a packet (at any depth), by frame position. */
export function tsharkAttrs(packet: PdmlNode): Map<number, TsharkAttr> {
  const out = new Map<number, TsharkAttr>();
  const visit = (n: PdmlNode): void => {
    const typeField = n.children.find((c) => c.attrs.name === 'netlink.attr_type');
    if (n.tag === 'field' && typeField && n.children.some((c) => c.attrs.name === 'netlink.attr_len')) {
      const pos = Number(n.attrs.pos);
      const m = /^Type: 0x[0-9a-f]+, (.*) \((\d+)\)$/i.exec(typeField.attrs.showname ?? '');
      const a: TsharkAttr = { pos, type: m ? Number(m[2]) : parseInt(typeField.attrs.show ?? '0', 16) & 0x3fff };
      if (m) a.name = m[1];
      const value = n.children.find((c) => c.attrs.name && c.attrs.name !== 'netlink.attr_len' && c.attrs.name !== 'netlink.attr_type' && c.children.every((x) => x.attrs.name !== 'netlink.attr_len'));
      if (value && value.attrs.show !== undefined) {
        a.value = value.attrs.show;
        a.field = value.attrs.name;
      }
      out.set(pos, a);
    }
    for (const c of n.children) visit(c);
  };
  visit(packet);
  return out;
}

/** Our attributes with their frame positions: walks the decoded tree beside the bytes. */
export function ourAttrs(m: DecodedMessage, frameOffset: number, headerSize: number): Map<number, DecodedAttr> {
  const out = new Map<number, DecodedAttr>();
  const bytes = m.bytes!;
  const walk = (attrs: readonly DecodedAttr[] | undefined, it: AttrIter): void => {
    for (const a of attrs ?? []) {
      if (!it.next()) return;
      out.set(frameOffset + it.at, a);
      if (a.attrs) walk(a.attrs, it.nested());
    }
  };
  walk(m.attrs, new AttrIter(bytes, 16 + headerSize, bytes.length));
  return out;
}

/** Whether tshark's value text and ours say the same (undefined: not comparable). */
export function sameValue(ours: DecodedAttr, theirs: TsharkAttr): boolean | undefined {
  const t = theirs.value;
  const v = ours.value;
  if (t === undefined || v === undefined || theirs.field === 'netlink.attr_data') return undefined;
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (!/^(0x[0-9a-f]+|-?\d+)$/i.test(t)) return undefined;
    return BigInt(t) === BigInt(v) || BigInt.asUintN(64, BigInt(t)) === BigInt.asUintN(64, BigInt(v));
  }
  if (typeof v === 'string') return t === v || t.toLowerCase() === v.toLowerCase();
  if (v instanceof Uint8Array || (typeof v === 'object' && v !== null && (v as { type?: string }).type === 'Buffer')) {
    const hex = v instanceof Uint8Array ? Buffer.from(v).toString('hex') : Buffer.from((v as { data: number[] }).data).toString('hex');
    const th = t.replace(/[:\s]/g, '').toLowerCase();
    return /^[0-9a-f]*$/.test(th) ? th === hex : undefined;
  }
  return undefined;
}

/** A pcap (LINKTYPE_NETLINK, the nlmon format) of netlink datagrams. */
export function nlmonPcap(records: readonly { bytes: Uint8Array; protocol: number; outgoing: boolean }[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(253, 20);
  const parts: Buffer[] = [head];
  records.forEach((r, i) => {
    const cooked = Buffer.alloc(16);
    cooked.writeUInt16BE(r.outgoing ? 4 : 0, 0); // packet type
    cooked.writeUInt16BE(824, 2); // ARPHRD_NETLINK
    cooked.writeUInt16BE(r.protocol, 14);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(i, 0);
    rec.writeUInt32LE(16 + r.bytes.length, 8);
    rec.writeUInt32LE(16 + r.bytes.length, 12);
    parts.push(rec, cooked, Buffer.from(r.bytes));
  });
  return Buffer.concat(parts);
}

export interface Agreement {
  /** Attributes both decoders found at the same byte position. */
  both: number;
  /** Of those, with a C-style name from tshark: compared, and agreeing (ours equal or ending in _theirs). */
  names: number;
  nameAgree: number;
  /** Of those, with a value both decoded: compared, and agreeing. */
  values: number;
  valueAgree: number;
  /** Attributes whose payload tshark left as bytes (netlink.attr_data). */
  tsharkRaw: number;
  /** Disagreements as 'name OURS vs THEIRS' / 'value OURS: ...', with counts. */
  disagreements: Map<string, number>;
}

const C_NAME = /^[A-Z][A-Z0-9_]+$/;

/** Compares the decoder's messages (decoded with { bytes: true }) with tshark's PDML of the same pcap. */
export function agreement(messages: readonly DecodedMessage[], packets: readonly PdmlNode[], headerSize: (m: DecodedMessage) => number): Agreement {
  const out: Agreement = { both: 0, names: 0, nameAgree: 0, values: 0, valueAgree: 0, tsharkRaw: 0, disagreements: new Map() };
  const note = (k: string): void => void out.disagreements.set(k, (out.disagreements.get(k) ?? 0) + 1);
  for (const m of messages) {
    if (!m.attrs || !m.bytes || !packets[m.record]) continue;
    const theirs = tsharkAttrs(packets[m.record]!);
    for (const [pos, a] of ourAttrs(m, 16 + m.offset, headerSize(m))) {
      const t = theirs.get(pos);
      if (!t) continue;
      out.both++;
      if (t.name && C_NAME.test(t.name) && a.name) {
        out.names++;
        if (a.name === t.name || a.name.endsWith(`_${t.name}`)) out.nameAgree++;
        else note(`name ${a.name} vs ${t.name}`);
      }
      if (t.field === 'netlink.attr_data') out.tsharkRaw++;
      const same = sameValue(a, t);
      if (same === undefined) continue;
      out.values++;
      if (same) out.valueAgree++;
      else note(`value ${a.name ?? a.type}: ours ${String(a.value)}, tshark ${t.value ?? ''} (${t.field ?? ''})`);
    }
  }
  return out;
}
