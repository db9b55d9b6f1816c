// The C structs strace prints field by field inside netlink messages, laid out for rebuilding
// their bytes: the netlink family headers and the attribute structs, taken from the schemas
// (rtnetlink's headers and struct codecs), so the layouts exist once.
import { FIELD_SIZE, HEADERS } from '../../rtnetlink/headers.js';
import { STRUCT_LAYOUTS } from '../../rtnetlink/codecs.js';
import '../../rtnetlink/index.js'; // defines every struct codec (fills STRUCT_LAYOUTS)

/** [offset, size] of one field. */
export type FieldSpec = readonly [offset: number, size: number];

export interface StructSpec {
  name: string;
  size: number;
  fields: Readonly<Record<string, FieldSpec>>;
}

/** The prefix strace gives the members of each rtnetlink family header (their C names). */
const HEADER_PREFIX: Readonly<Record<string, string>> = {
  ifinfomsg: 'ifi_', ifaddrmsg: 'ifa_', rtmsg: 'rtm_', ndmsg: 'ndm_', tcmsg: 'tcm_', rtgenmsg: 'rtgen_', netconfmsg: 'ncm_', fib_rule_hdr: '',
};

function headers(): StructSpec[] {
  const seen = new Set<string>();
  const out: StructSpec[] = [];
  for (const h of Object.values(HEADERS)) {
    const prefix = HEADER_PREFIX[h.name];
    if (prefix === undefined || seen.has(h.name)) continue;
    seen.add(h.name);
    const fields: Record<string, FieldSpec> = {};
    let at = 0;
    for (const [name, kind] of h.fields) {
      fields[prefix + name] = [at, FIELD_SIZE[kind]];
      at += FIELD_SIZE[kind];
    }
    out.push({ name: h.name, size: at, fields });
  }
  return out;
}

/** Family headers and the attribute structs, in the order they are tried. */
export const STRUCTS: readonly StructSpec[] = [
  { name: 'nfgenmsg', size: 4, fields: { nfgen_family: [0, 1], version: [1, 1], res_id: [2, 2] } },
  { name: 'genlmsghdr', size: 4, fields: { cmd: [0, 1], version: [1, 1], reserved: [2, 2] } },
  ...headers(),
  ...STRUCT_LAYOUTS.map((l) => ({ name: l.name, size: l.size, fields: Object.fromEntries(l.fields.map((f) => [f.name, [f.offset, f.size] as const])) })),
];

/** A struct's field for a key strace printed: the same name, or the name after strace's member prefix (ndm_confirmed). */
export function fieldOf(spec: StructSpec, key: string): FieldSpec | undefined {
  const f = spec.fields[key];
  if (f) return f;
  for (const [name, v] of Object.entries(spec.fields)) if (key.endsWith(`_${name}`)) return v;
  return undefined;
}

/**
 * The struct strace printed: one that starts with its first member and has all the members it
 * printed; among several (rtnl_link_stats and rtnl_link_stats64), the one that fills the room.
 */
export function findStruct(keys: readonly string[], room: number): StructSpec | undefined {
  const first = keys[0];
  if (first === undefined) return undefined;
  const starts = (s: StructSpec, exact: boolean): boolean => {
    const name = Object.keys(s.fields)[0]!;
    return exact ? name === first : first.endsWith(`_${name}`);
  };
  const whole = (s: StructSpec): boolean => keys.every((k) => fieldOf(s, k) !== undefined);
  let candidates = STRUCTS.filter((s) => starts(s, true) && whole(s));
  if (!candidates.length) candidates = STRUCTS.filter((s) => starts(s, false) && whole(s));
  if (candidates.length <= 1 || !Number.isFinite(room)) return candidates[0];
  return candidates.find((s) => s.size === room) ?? candidates.filter((s) => s.size <= room).sort((a, b) => b.size - a.size)[0] ?? candidates[0];
}
