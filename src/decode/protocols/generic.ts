// NETLINK_GENERIC: the genlmsghdr, then the attributes of the family the message type names.
// Family ids are dynamic (except nlctrl's 0x10): the capture state maps ids to names, from
// options.families and from CTRL_CMD_NEWFAMILY messages decoded earlier in the same capture.
// A family with a schema (nlctrl, nl80211) is decoded by it; any other is shown raw.
import { CTRL_CMD, nlctrl } from '../../genl/ctrl.js';
import { GENL_HDRLEN, GENL_ID_CTRL, type GenlProtocol } from '../../genl/header.js';
import { AttrIter } from '../../netlink/attr-iter.js';
import { Protocol } from '../../netlink/constants.js';
import { nl80211 } from '../../nl80211/schema/index.js';
import { Problems, decodeAttrList, type AttrHooks } from '../attrs.js';
import type { DecodedAttr, DecodedMessage } from '../types.js';
import { nl80211Hooks } from './nl80211.js';
import { kindOfCommand, type CaptureState, type ProtocolDecoder, type RawMessage } from './types.js';

/** The generic netlink families the decoder has schemas for, by the name the kernel registers. */
export const genlSchemas: ReadonlyMap<string, { proto: GenlProtocol; hooks?: AttrHooks }> = new Map([
  [nlctrl.name, { proto: nlctrl }],
  [nl80211.name, { proto: nl80211, hooks: nl80211Hooks }],
]);

const hex = (n: number): string => '0x' + n.toString(16);

function familyName(type: number, state: CaptureState): string | undefined {
  if (type === GENL_ID_CTRL) return nlctrl.name;
  return state.genlFamilies.get(type);
}

function attrOf(list: DecodedAttr[], name: string): unknown {
  for (const a of list) if (a.name === name) return a.value;
  return undefined;
}

/** CTRL_CMD_NEWFAMILY (a GETFAMILY reply or an event) teaches an id -> name pair. */
function learn(cmd: number, attrs: DecodedAttr[], state: CaptureState): void {
  if (cmd !== CTRL_CMD.NEWFAMILY) return;
  const id = attrOf(attrs, 'CTRL_ATTR_FAMILY_ID');
  const name = attrOf(attrs, 'CTRL_ATTR_FAMILY_NAME');
  if (typeof id === 'number' && typeof name === 'string' && id >= 0x10 && name.length) state.genlFamilies.set(id, name);
}

/** Whether attributes in p[start, end) are well framed (every length inside its container). */
export function attrsFrame(p: Uint8Array, start: number, end = p.length): { ok: boolean; count: number } {
  const it = new AttrIter(p, start, end);
  let count = 0;
  while (it.next()) count++;
  return { ok: !it.truncated, count };
}

export const generic: ProtocolDecoder = {
  name: 'generic',
  number: Protocol.GENERIC,

  typeName(type, state) {
    return familyName(type, state);
  },

  decode(msg: RawMessage, out: DecodedMessage, state: CaptureState, problems: Problems): void {
    const name = familyName(msg.type, state);
    out.family = name ?? hex(msg.type);
    const p = msg.payload;
    if (p.length < GENL_HDRLEN) {
      problems.add(`generic netlink message of ${p.length} bytes has no genlmsghdr`, 0);
      return;
    }
    const cmd = p[0]!;
    const reserved = p[2]! | (p[3]! << 8);
    out.familyHeader = reserved ? { kind: 'genl', cmd, version: p[1]!, reserved } : { kind: 'genl', cmd, version: p[1]! };
    const schema = name ? genlSchemas.get(name) : undefined;
    out.command = schema?.proto.commands[cmd] ?? `cmd ${cmd}`;
    out.attrs = decodeAttrList(schema?.proto.attrs, p, GENL_HDRLEN, p.length, problems, schema?.hooks);
    if (msg.type === GENL_ID_CTRL) learn(cmd, out.attrs, state);
  },

  describe(type, payload, state) {
    const family = familyName(type, state) ?? hex(type);
    if (payload.length < 1) return { family };
    const schema = genlSchemas.get(family);
    const command = schema?.proto.commands[payload[0]!] ?? `cmd ${payload[0]!}`;
    return { family, command, kind: kindOfCommand(command) };
  },

  score(msg, state) {
    const p = msg.payload;
    if (msg.type < 0x10 || p.length < GENL_HDRLEN) return 0;
    if (p[2] !== 0 || p[3] !== 0) return 0; // genlmsghdr.reserved
    const frame = attrsFrame(p, GENL_HDRLEN);
    if (!frame.ok) return 0;
    if (msg.type === GENL_ID_CTRL) return p[0]! >= 1 && p[0]! <= 10 ? 3 : 1;
    const name = state.genlFamilies.get(msg.type);
    if (name) return 3;
    // A dynamic id (they start right after nlctrl) with a small version and clean attributes.
    return msg.type < 0x400 && p[1]! <= 8 ? 2 : 1;
  },
};
