// Builds AttrSets from the generated enums: the numbers and kernel names come
// from the header (enums.ts), the kinds from the hand-written tables beside it.
import { attrSet, type AttrDef, type AttrOptions, type AttrSet, type Kind } from '../../netlink/schema.js';
import { NL80211_DOCS, NL80211_ENUMS } from './enums.js';

/** The kernel's prefix of each generated enum's members, by the enum object. */
const PREFIXES: ReadonlyMap<object, string> = new Map(NL80211_ENUMS.map((e) => [e.values, e.prefix]));

/** A kind, or a kind with options. */
export type KindSpec = Kind | readonly [Kind, AttrOptions];

/** Every member of an enum given a kind: a new member in the header is a compile error until typed. */
export type KindTable<E> = { readonly [K in keyof E]: KindSpec };

/**
 * An attribute set whose numbers come from a generated enum object. Each key
 * becomes the attribute's name in lower case, so the enum's prefix + name.toUpperCase()
 * is the kernel's own name (NL80211_ATTR_WIPHY_NAME -> 'wiphy_name'). An attribute
 * without a `doc` gets the first sentence of the header's kernel-doc for it.
 */
export function setFromEnum<E extends Readonly<Record<string, number>>>(name: string, values: E, kinds: KindTable<E>): AttrSet {
  const prefix = PREFIXES.get(values);
  if (prefix === undefined) throw new Error(`${name}: not an enum of enums.ts`);
  const defs: Record<number, AttrDef> = {};
  for (const key of Object.keys(values)) {
    const type = values[key]!;
    const k = kinds[key as keyof E];
    if (type === 0 && /^(UNSPEC|INVALID)/.test(key)) continue;
    const [kind, opts] = typeof k === 'string' ? [k, {}] : [k[0], k[1]];
    const doc = opts.doc ?? NL80211_DOCS[prefix + key];
    defs[type] = [key.toLowerCase(), kind, doc ? { ...opts, doc } : opts];
  }
  return attrSet(name, prefix, defs);
}

/** Number -> lower-case name of an enum, for the `enum` option (display and encoding by name). */
export function names(values: Readonly<Record<string, number>>): Readonly<Record<number, string>> {
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(values)) if (out[v] === undefined) out[v] = k.toLowerCase();
  return out;
}

/** Mask -> name of a bit enum given as bit numbers (BIT(n) values given as n). */
export function bitNames(values: Readonly<Record<string, number>>, asBitNumbers = false): Readonly<Record<number, string>> {
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const mask = asBitNumbers ? 2 ** v : v;
    if (out[mask] === undefined) out[mask] = k.toLowerCase();
  }
  return out;
}

/** A nested set of flags whose attribute types are an enum's values (iftypes, monitor flags...). */
export function flagSet(name: string, prefix: string, values: Readonly<Record<string, number>>): AttrSet {
  const defs: Record<number, AttrDef> = {};
  for (const [k, v] of Object.entries(values)) defs[v] = [k.toLowerCase(), 'flag'];
  return attrSet(name, prefix, defs);
}
