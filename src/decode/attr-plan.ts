// What the decoder needs of each attribute type of a set, resolved once per set instead of once
// per attribute: the kernel name, how the value is read, its enum and bit names, and the plan of a
// nested set or of an array's elements. Schema specs come in many shapes (each carries only the
// options it was given), so reading them per attribute was megamorphic; entries all have one shape.
import { AttrSet, type AttrSpec, type Kind } from '../netlink/schema.js';
import type { AttrHooks } from './attrs.js';

/**
 * How a leaf's value is read: by the iterator itself, or (CODEC) by the netlink codec. A const enum:
 * its values are literals in the code that reads them (an imported binding is loaded from its cell
 * and checked on every use, and leafValue's switch compared a dozen of them per attribute).
 */
export const enum Read { CODEC, U8, S8, U16, S16, BE16, U32, S32, BE32, STRING, STRN, BINARY, FLAG }

const READS: Partial<Record<Kind, readonly [read: Read, width: number]>> = {
  u8: [Read.U8, 1], s8: [Read.S8, 1], u16: [Read.U16, 2], s16: [Read.S16, 2], be16: [Read.BE16, 2],
  u32: [Read.U32, 4], s32: [Read.S32, 4], be32: [Read.BE32, 4],
  string: [Read.STRING, 0], strn: [Read.STRN, 0], binary: [Read.BINARY, 0], flag: [Read.FLAG, 0],
};

/** What an attribute holds: a value, a nested set, or an array of elements. */
export const enum Shape { LEAF, NESTED, ARRAY }

/** Bit names of a `bits` table as parallel arrays, with the names of values already met. */
export interface BitTable {
  masks: number[];
  names: string[];
  /** A mask beyond 32 bits: values are split with bigints. */
  big: boolean;
  /** Names by value for values below Seen.BITS met before (copied out: callers own their arrays). */
  seen: (readonly string[] | undefined)[];
}

/** Flag words are mostly small: names of values below this are kept (an array lookup, not a Map's). */
export const enum Seen { BITS = 1024 }

const bitTables = new WeakMap<object, BitTable>();

export function bitTable(table: Readonly<Record<number, string>>): BitTable {
  let t = bitTables.get(table);
  if (!t) {
    t = { masks: [], names: [], big: false, seen: new Array<readonly string[] | undefined>(Seen.BITS) };
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
  readonly shape: Shape;
  readonly read: Read;
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
  /** The hooks last asked about this type (see hooked() in attrs.ts), and whether their leaf hook is for it. */
  hooks: AttrHooks | undefined = undefined;
  hooked = false;

  constructor(spec: AttrSpec, set: AttrSet | undefined, array?: AttrSpec) {
    this.spec = spec;
    this.kernelName = spec.kernelName;
    this.set = set;
    this.array = array;
    this.shape = spec.kind === 'nested' ? Shape.NESTED : spec.kind === 'array' && spec.element ? Shape.ARRAY : Shape.LEAF;
    const r = READS[spec.kind];
    this.read = r ? r[0] : Read.CODEC;
    this.width = r ? r[1] : 0;
    this.enumNames = spec.enum;
    this.bits = spec.bits ? bitTable(spec.bits) : undefined;
  }

  /** The plan of a nested attribute's set (the schema's own), or of an array's nested elements. */
  inner(): Plan | undefined {
    if (this.innerPlan === undefined) {
      const el = this.spec.element;
      const set = this.shape === Shape.ARRAY ? (el && el[1] === 'nested' ? AttrSet.nestedOf(el[2] ?? {}) : undefined) : AttrSet.nestedOf(this.spec);
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
