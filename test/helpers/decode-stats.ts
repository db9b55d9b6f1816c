// Counts over decoded messages for the decoder's kernel and differential tests: messages,
// decode errors, attributes without a name (array elements excepted) and where they are.
import type { DecodedAttr, DecodedMessage } from '../../src/decode/types.js';

export interface DecodeStats {
  messages: number;
  errors: string[];
  named: number;
  /** Attributes the schemas do not name, as 'RTM_NEWLINK › IFLA_AF_SPEC › 10'. */
  unnamed: string[];
  approximate: number;
}

export function decodeStats(ms: readonly DecodedMessage[]): DecodeStats {
  const s: DecodeStats = { messages: 0, errors: [], named: 0, unnamed: [], approximate: 0 };
  const walk = (attrs: readonly DecodedAttr[] | undefined, path: string): void => {
    for (const a of attrs ?? []) {
      if (a.item) { walk(a.attrs, `${path} › [${a.type}]`); continue; }
      if (!a.name) { s.unnamed.push(`${path} › ${a.type}`); continue; }
      s.named++;
      walk(a.attrs, `${path} › ${a.name}`);
    }
  };
  for (const m of ms) {
    s.messages++;
    if (m.decodeError) s.errors.push(`${m.source}: ${m.decodeError.message}`);
    if (m.approximate) s.approximate++;
    walk(m.attrs, m.command ?? '?');
  }
  return s;
}

/** The first attribute named `name`, depth first, in a decoded attribute tree. */
export function findAttr(attrs: readonly DecodedAttr[] | undefined, name: string): DecodedAttr | undefined {
  for (const a of attrs ?? []) {
    if (a.name === name) return a;
    const inner = findAttr(a.attrs, name);
    if (inner) return inner;
  }
  return undefined;
}
