// Declarative attribute schemas. One AttrSet per attribute space of the kernel
// (IPSET_ATTR_*, NL80211_ATTR_*, CTRL_ATTR_*...). The same definition drives
// the encoder, the decoder and the decode tool's names.

/** Value kinds an attribute payload can have. */
export type ScalarKind = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64';
/** Big-endian (network order) integers. */
export type BigEndianKind = 'be16' | 'be32' | 'be64';
export type Kind =
  | ScalarKind
  | BigEndianKind
  | 'string' // NUL-terminated on the wire; the NUL is not part of the value
  | 'strn' // a string without a terminating NUL
  | 'binary' // raw bytes, as Uint8Array
  | 'flag' // present or absent: true
  | 'ipv4' // 4 bytes, dotted quad
  | 'ipv6' // 16 bytes, RFC 5952 text
  | 'ip' // 4 or 16 bytes by length
  | 'mac' // 6 bytes, aa:bb:cc:dd:ee:ff
  | 'nested' // an attribute set, decoded to an object
  | 'array' // a nested attribute whose children are numbered elements: decoded to an array
  | 'custom'; // a hand-written codec for a fixed C struct

export interface CustomCodec<T = unknown> {
  /** Reads the payload (data is exactly the attribute's payload). Throw DecodeError on bad input. */
  decode(data: Uint8Array): T;
  encode(value: T, out: import('./writer.js').Writer): void;
}

export interface AttrOptions {
  /** For nested: the attribute set (a thunk allows recursion). */
  set?: AttrSet | (() => AttrSet);
  /** For array: the element's definition (its name is ignored). */
  element?: AttrDef;
  /** Repeated attribute of the same type: decoded to an array, each element encoded in turn. */
  multi?: boolean;
  /** Set NLA_F_NET_BYTEORDER when encoding (ipset requires it on its integers). */
  netorder?: boolean;
  /** Nested attributes are sent with NLA_F_NESTED unless this is false. */
  nestedFlag?: boolean;
  /** Names of the values, for display and for encoding by name. */
  enum?: Readonly<Record<number, string>>;
  /** Names of bits, for display. */
  bits?: Readonly<Record<number, string>>;
  custom?: CustomCodec;
  /** For arrays: element index starts at this number when encoding (default 1; some kernel arrays start at 0). */
  base?: number;
  /** A short description shown by the decode tool. */
  doc?: string;
}

export interface AttrSpec extends AttrOptions {
  /** Key in decoded objects, e.g. 'setname'. */
  readonly name: string;
  /** Kernel name, e.g. 'IPSET_ATTR_SETNAME'. */
  readonly kernelName: string;
  readonly type: number;
  readonly kind: Kind;
}

/** [name, kind, options?] */
export type AttrDef = readonly [string, Kind, AttrOptions?];

export class AttrSet {
  readonly name: string;
  readonly prefix: string;
  /** Indexed by attribute type. */
  readonly specs: readonly (AttrSpec | undefined)[];
  readonly byName: ReadonlyMap<string, AttrSpec>;

  constructor(name: string, prefix: string, defs: Readonly<Record<number, AttrDef>>) {
    this.name = name;
    this.prefix = prefix;
    const specs: (AttrSpec | undefined)[] = [];
    const byName = new Map<string, AttrSpec>();
    for (const [key, def] of Object.entries(defs)) {
      const type = Number(key);
      const [n, kind, opts] = def;
      const spec: AttrSpec = { ...opts, name: n, kernelName: prefix + n.toUpperCase(), type, kind };
      specs[type] = spec;
      byName.set(n, spec);
    }
    this.specs = specs;
    this.byName = byName;
  }

  spec(type: number): AttrSpec | undefined {
    return this.specs[type];
  }

  /** The nested set of an attribute, resolving thunks. */
  static nestedOf(spec: AttrOptions): AttrSet | undefined {
    const s = spec.set;
    return typeof s === 'function' ? s() : s;
  }
}

export function attrSet(name: string, prefix: string, defs: Readonly<Record<number, AttrDef>>): AttrSet {
  return new AttrSet(name, prefix, defs);
}

/** An attribute the schema does not know: kept by number, never dropped. */
export interface UnknownAttr {
  type: number;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits as received. */
  flags: number;
  data: Uint8Array;
}

export type AttrValue =
  | number
  | bigint
  | string
  | boolean
  | Uint8Array
  | Attrs
  | readonly AttrValue[]
  | readonly UnknownAttr[]
  | undefined;

/** A decoded (or to-be-encoded) attribute set. */
export interface Attrs {
  [name: string]: AttrValue;
  /** Attributes the schema does not know, in order of appearance. */
  $unknown?: UnknownAttr[];
}
