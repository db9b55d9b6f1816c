// What the decoder needs of each attribute type of a set, resolved once per set instead of once
// per attribute: the kernel name, how the value is read, its enum and bit names, and the plan of a
// nested set or of an array's elements. Schema specs come in many shapes (each carries only the
// options it was given), so reading them per attribute was megamorphic; entries all have one shape.
import { AttrSet, type AttrSpec, type Kind } from '../netlink/schema.js';

/** How a leaf's value is read: by the iterator itself, or (CODEC) by the netlink codec. */
export const READ_CODEC = 0;
export const READ_U8 = 1;
export const READ_S8 = 2;
export const READ_U16 = 3;
export const READ_S16 = 4;
export const READ_BE16 = 5;
export const READ_U32 = 6;
export const READ_S32 = 7;
export const READ_BE32 = 8;
export const READ_STRING = 9;
export const READ_STRN = 10;
export const READ_BINARY = 11;
export const READ_FLAG = 12;

const READS: Partial<Record<Kind, readonly [read: number, width: number]>> = {
  u8: [READ_U8, 1], s8: [READ_S8, 1], u16: [READ_U16, 2], s16: [READ_S16, 2], be16: [READ_BE16, 2],
  u32: [READ_U32, 4], s32: [READ_S32, 4], be32: [READ_BE32, 4],
  string: [READ_STRING, 0], strn: [READ_STRN, 0], binary: [READ_BINARY, 0], flag: [READ_FLAG, 0],
};

export const SHAPE_LEAF = 0;
export const SHAPE_NESTED = 1;
export const SHAPE_ARRAY = 2;

/** Bit names of a `bits` table as parallel arrays, with the names of values already met. */
export interface BitTable {
  masks: number[];
  names: string[];
  /** A mask beyond 32 bits: values are split with bigints. */
  big: boolean;
  /** Names by value for values below SEEN_BITS met before (copied out: callers own their arrays). */
  seen: (readonly string[] | undefined)[];
}

/** Flag words are mostly small: names of values below this are kept (an array lookup, not a Map's). */
export const SEEN_BITS = 1024;

const bitTables = new WeakMap<object, BitTable>();

export function bitTable(table: Readonly<Record<number, string>>): BitTable {
  let t = bitTables.get(table);
  if (!t) {
    t = { masks: [], names: [], big: false, seen: new Array<readonly string[] | undefined>(SEEN_BITS) };
    for (const [k, name] of Object.entries(table)) {
      const mask = Number(k);
      if (mask === 0) continue;
      if (mask > 0xffffffff || !Number.isInteger(mask)) t.big = true;
      t.masks.push(mask);
      t.names.push(name);
    }
    bitTables.set(table, t);
  }
  return t;
}

/** One attribute type of a set, as the decoder reads it. */
export class Entry {
  readonly spec: AttrSpec;
  readonly kernelName: string;
  readonly shape: number;
  readonly read: number;
  /** Bytes an integer read needs (0: any length). */
  readonly width: number;
  readonly enumNames: Readonly<Record<number, string>> | undefined;
  readonly bits: BitTable | undefined;
  /** Nested: the set's plan; array of nested elements: the elements' plan (null: none, raw). */
  private innerPlan: Plan | null | undefined = undefined;
  /** Array of non-nested elements: the entry every element is read with. */
  private elementEntry: Entry | undefined = undefined;
  /** The set the spec belongs to; undefined for an element of `array` (see elementSet). */
  readonly set: AttrSet | undefined;
  readonly array: AttrSpec | undefined;

  constructor(spec: AttrSpec, set: AttrSet | undefined, array?: AttrSpec) {
    this.spec = spec;
    this.kernelName = spec.kernelName;
    this.set = set;
    this.array = array;
    this.shape = spec.kind === 'nested' ? SHAPE_NESTED : spec.kind === 'array' && spec.element ? SHAPE_ARRAY : SHAPE_LEAF;
    const r = READS[spec.kind];
    this.read = r ? r[0] : READ_CODEC;
    this.width = r ? r[1] : 0;
    this.enumNames = spec.enum;
    this.bits = spec.bits ? bitTable(spec.bits) : undefined;
  }

  /** The plan of a nested attribute's set (the schema's own), or of an array's nested elements. */
  inner(): Plan | undefined {
    if (this.innerPlan === undefined) {
      const el = this.spec.element;
      const set = this.shape === SHAPE_ARRAY ? (el && el[1] === 'nested' ? AttrSet.nestedOf(el[2] ?? {}) : undefined) : AttrSet.nestedOf(this.spec);
      this.innerPlan = set ? planOf(set) : null;
    }
    return this.innerPlan ?? undefined;
  }

  /** Whether an array's elements are nested sets (each decoded with inner()). */
  get nestedElements(): boolean {
    return this.spec.element?.[1] === 'nested';
  }

  /** The entry an array's (non-nested) elements are read with. */
  element(): Entry {
    return (this.elementEntry ??= new Entry(elementSet(this.spec, 1).specs[0]!, undefined, this.spec));
  }
}

/** The entries of one set, indexed by attribute type. */
export class Plan {
  readonly entries: (Entry | undefined)[];
  constructor(readonly set: AttrSet) {
    const specs = set.specs;
    this.entries = [];
    for (let t = 0; t < specs.length; t++) {
      const s = specs[t];
      this.entries.push(s ? new Entry(s, set) : undefined);
    }
  }
}

const plans = new WeakMap<AttrSet, Plan>();

export function planOf(set: AttrSet): Plan {
  let p = plans.get(set);
  if (!p) {
    p = new Plan(set);
    plans.set(set, p);
  }
  return p;
}

const elementSets = new WeakMap<AttrSpec, AttrSet>();

/** An attribute set that gives every element of an array the element's definition (types 0..n). */
export function elementSet(spec: AttrSpec, count: number): AttrSet {
  let s = elementSets.get(spec);
  if (!s || s.specs.length < count) {
    const el = spec.element!;
    const defs: Record<number, readonly [string, typeof el[1], typeof el[2]]> = {};
    const n = Math.max(count, 64);
    for (let i = 0; i < n; i++) defs[i] = ['item', el[1], el[2]];
    s = new AttrSet(`${spec.kernelName}[]`, `${spec.kernelName}[]`, defs);
    elementSets.set(spec, s);
  }
  return s;
}
