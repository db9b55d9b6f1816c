// Shorthands for the nl80211 attribute tables (sets*.ts): kinds with their options.
import { AttrSet, type AttrDef, type AttrOptions } from '../../netlink/schema.js';
import { bitNames, names } from './build.js';
import { indexed, u32List } from './codecs.js';

export const custom = (codec: AttrOptions['custom'], doc?: string): readonly ['custom', AttrOptions] => ['custom', { custom: codec, doc }];
export const nested = (set: AttrSet | (() => AttrSet), doc?: string): readonly ['nested', AttrOptions] => ['nested', { set, doc }];
export const arrayOf = (element: AttrDef, doc?: string): readonly ['array', AttrOptions] => ['array', { element, doc }];
export const byIndex = (element: AttrDef, base: number, what: string, doc?: string) => custom(indexed(element, base, what), doc);
export const en = (kind: 'u8' | 'u16' | 'u32', values: Readonly<Record<string, number>>, doc?: string): readonly [typeof kind, AttrOptions] => [kind, { enum: names(values), doc }];
export const bits = (kind: 'u8' | 'u16' | 'u32', values: Readonly<Record<string, number>>, doc?: string): readonly [typeof kind, AttrOptions] => [kind, { bits: bitNames(values), doc }];
export const bitsOfNumbers = (kind: 'u8' | 'u16' | 'u32', values: Readonly<Record<string, number>>, doc?: string): readonly [typeof kind, AttrOptions] => [kind, { bits: bitNames(values, true), doc }];
export const doc = <K extends string>(kind: K, text: string): readonly [K, AttrOptions] => [kind, { doc: text }] as const;

export const cipherSuites = custom(u32List, 'cipher suite selectors (00-0F-AC:4 = 0x000fac04 = CCMP-128)');
export const akmSuites = custom(u32List, 'AKM suite selectors (0x000fac02 = PSK)');

/** The definitions of a built set, to extend it with members the enum does not list. */
export function setDefs(set: AttrSet): Record<number, AttrDef> {
  const defs: Record<number, AttrDef> = {};
  set.specs.forEach((s, t) => {
    if (s) {
      const { name, kernelName: _k, type: _t, kind, ...opts } = s;
      defs[t] = [name, kind, opts];
    }
  });
  return defs;
}

