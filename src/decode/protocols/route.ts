// NETLINK_ROUTE: message type names (RTM_*), the fixed header of each message group with its
// fields named, and the attributes by the rtnetlink schema (src/rtnetlink/), including the
// nests the message itself types (IFLA_INFO_DATA by kind, IFLA_AF_SPEC by family).
import { NLM_F, Protocol } from '../../netlink/constants.js';
import type { AttrSpec } from '../../netlink/schema.js';
import { ATTRS, HEADERS, groupOf, rtgenmsg, rtmKind, rtmName, selectNested, type HeaderStruct } from '../../rtnetlink/index.js';
import { AF } from '../../rtnetlink/enums.js';
import { FIELD_SIZE } from '../../rtnetlink/headers.js';
import { decodeAttrList, type AttrHooks, type Problems } from '../attrs.js';
import type { DecodedAttr, DecodedMessage, FamilyHeader } from '../types.js';
import { attrsFrame } from './generic.js';
import type { ProtocolDecoder, RawMessage } from './types.js';

function bitNames(v: number, table: Readonly<Record<number, string>>): string[] {
  const out: string[] = [];
  let rest = v >>> 0;
  for (const [k, n] of Object.entries(table)) {
    const m = Number(k);
    if ((rest & m) === m) { out.push(n); rest = (rest & ~m) >>> 0; }
  }
  if (rest) out.push('0x' + rest.toString(16));
  return out;
}

/** Where a field's names go: `xName` for an enum, `xNames` (an array) for bits; `flags` -> `flagNames` as in nlmsghdr. */
const namesKey = (field: string): string => (field === 'flags' ? 'flagNames' : `${field}Names`);

function readStruct(st: HeaderStruct, p: Uint8Array): FamilyHeader {
  const v = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const out: FamilyHeader = { kind: st.name };
  let at = 0;
  for (const [name, kind, names, bits] of st.fields) {
    const size = FIELD_SIZE[kind];
    if (at + size > p.length) break;
    const n = kind === 'u8' ? v.getUint8(at) : kind === 'u16' ? v.getUint16(at, true) : kind === 'u32' ? v.getUint32(at, true) : v.getInt32(at, true);
    at += size;
    if (name.startsWith('pad') || name.startsWith('res')) continue;
    out[name] = n;
    if (names && names[n] !== undefined) out[`${name}Name`] = names[n];
    if (bits && n) out[namesKey(name)] = bitNames(n, bits);
  }
  return out;
}

function siblingValue(siblings: readonly DecodedAttr[], name: string): unknown {
  for (const a of siblings) if (a.name === name) return a.value;
  return undefined;
}

/** Hooks per address family (the header's family selects IFLA_AF_SPEC's and IFLA_PROTINFO's layout). */
const hooksByFamily = new Map<number, AttrHooks>();
function hooksFor(family: number): AttrHooks {
  let h = hooksByFamily.get(family);
  if (!h) {
    h = { nested: (spec: AttrSpec, siblings) => selectNested(spec.kernelName, family, (n) => siblingValue(siblings, n)) };
    hooksByFamily.set(family, h);
  }
  return h;
}

export const route: ProtocolDecoder = {
  name: 'route',
  number: Protocol.ROUTE,

  typeName(type) {
    return rtmName(type);
  },

  decode(msg: RawMessage, out: DecodedMessage, _state, problems: Problems): void {
    const name = rtmName(msg.type);
    out.family = 'route';
    out.command = name ?? `type ${msg.type}`;
    const group = groupOf(msg.type);
    const st = group ? HEADERS[group] : undefined;
    const p = msg.payload;
    if (!st) {
      if (p.length) out.payloadHex = Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('hex');
      return;
    }
    // Dump requests may carry only struct rtgenmsg (the family, padded to 4 bytes).
    if (p.length < st.size) {
      if (msg.flags & NLM_F.REQUEST && p.length >= 1 && p.length <= 4) {
        out.familyHeader = readStruct(rtgenmsg, p);
        return;
      }
      problems.add(`${out.command}: ${p.length} bytes, shorter than struct ${st.name} (${st.size})`, 0);
      out.familyHeader = readStruct(st, p);
      return;
    }
    out.familyHeader = readStruct(st, p);
    out.attrs = decodeAttrList(group ? ATTRS[group] : undefined, p, st.size, p.length, problems, hooksFor(p[0]!));
  },

  describe(type) {
    return { family: 'route', command: rtmName(type) ?? `type ${type}`, kind: groupOf(type) ? rtmKind(type) : undefined };
  },

  score(msg) {
    const group = groupOf(msg.type);
    if (!group || !rtmName(msg.type)) return 0;
    const st = HEADERS[group];
    const p = msg.payload;
    if (!st) return 1;
    if (p.length < st.size) return msg.flags & NLM_F.REQUEST && p.length === 4 && AF[p[0]!] !== undefined ? 2 : 0;
    if (!attrsFrame(p, st.size).ok) return 0;
    // A family the kernel uses for this protocol makes it likely.
    return AF[p[0]!] !== undefined ? 2 : 1;
  },
};

