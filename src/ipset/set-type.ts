// Set type names (with ipset's legacy aliases) and address family names <-> numbers.
import { IPSetSyntaxError } from './entry.js';
import { FAMILY, SET_TYPES, SET_TYPE_ALIASES, type FamilyName, type SetTypeInfo } from './schema.js';

/** The set type's description; aliases ("iphash") accepted. Throws for unknown names. */
export function setType(name: string): SetTypeInfo {
  const t = SET_TYPES[name] ?? SET_TYPES[SET_TYPE_ALIASES[name] ?? ''];
  if (!t) {
    if (Buffer.byteLength(String(name)) > 31) throw new IPSetSyntaxError(`Syntax error: typename '${name}' is longer than 31 characters`);
    throw new IPSetSyntaxError(`Syntax error: typename '${name}' is unknown`);
  }
  return t;
}

export function familyNumber(f: FamilyName | undefined): number {
  return f === 'inet6' ? FAMILY.inet6 : f === 'inet' ? FAMILY.inet : 0;
}

export function familyName(n: unknown): FamilyName | undefined {
  return n === FAMILY.inet ? 'inet' : n === FAMILY.inet6 ? 'inet6' : undefined;
}
