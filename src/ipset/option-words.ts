// The option words after a create's type or an entry's element, read as ipset(8)
// reads them: a keyword (two leading dashes allowed, as in the legacy syntax), its
// value when it takes one, each keyword once. Which keywords a set type takes
// follows ipset's per-type argument lists.
import { IPSetArgumentError, IPSetSyntaxError, type EntryOptions } from './entry.js';
import { parseU64 } from './entry-parse.js';
import type { CreateOptions } from './format.js';
import type { SetTypeInfo } from './schema.js';
import { splitLine } from './command-line.js';

const syntax = (m: string): never => {
  throw new IPSetSyntaxError(`Syntax error: ${m}`);
};

/** "--hashsize" is "hashsize"; one dash is not stripped. */
const keyword = (w: string): string => (w.startsWith('--') ? w.slice(2) : w);

function num(v: string, max: number): number {
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) syntax(`'${v}' is invalid as number`);
  if (n < 0 || n > max) syntax(`'${v}' is out of range 0-${max}`);
  return n;
}

/** Reads `words` keyword by keyword; `take(key, value)` stores one. */
function readWords(words: readonly string[], takesValue: (k: string) => boolean | undefined, take: (k: string, v: string | undefined, word: string) => void): void {
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const k = keyword(w);
    const hasValue = takesValue(k);
    if (hasValue === undefined) throw new IPSetArgumentError(`Unknown argument: \`${w}'`);
    let v: string | undefined;
    if (hasValue) {
      v = words[++i];
      if (v === undefined) throw new IPSetArgumentError(`Missing mandatory argument of option \`${k}'`);
    }
    // before and after are one option to ipset: the second of them is "already specified".
    const id = k === 'after' ? 'before' : k;
    if (seen.has(id)) syntax(`${k} already specified`);
    seen.add(id);
    take(k, v, w);
  }
}

// ---- entry options (add/del/test) ----

const EXT_VALUE: Record<string, boolean> = { timeout: true, packets: true, bytes: true, comment: true, skbmark: true, skbprio: true, skbqueue: true };

/** Keywords an element may carry, per command; undefined: any (no type given). */
function entryKeywords(type: SetTypeInfo | undefined, cmd: 'add' | 'del' | 'test'): Record<string, boolean> | undefined {
  if (!type) return { ...EXT_VALUE, nomatch: false, before: true, after: true };
  const out: Record<string, boolean> = cmd === 'add' ? { ...EXT_VALUE } : {};
  if (type.entryOptions.includes('nomatch') && cmd !== 'del') out.nomatch = false;
  if (type.entryOptions.includes('before')) Object.assign(out, { before: true, after: true });
  return out;
}

/** Reads "timeout 30 comment x nomatch ..." words into EntryOptions. Unknown words throw. */
export function parseEntryWords(words: readonly string[], type?: SetTypeInfo, cmd: 'add' | 'del' | 'test' = 'add'): EntryOptions {
  const allowed = entryKeywords(type, cmd)!;
  const o: EntryOptions = {};
  readWords(words, (k) => (Object.hasOwn(allowed, k) ? allowed[k] : undefined), (k, v) => {
    switch (k) {
      case 'timeout': o.timeout = num(v!, 2147483); break;
      case 'packets': o.packets = parseU64(v!, 'packets'); break;
      case 'bytes': o.bytes = parseU64(v!, 'bytes'); break;
      case 'comment': o.comment = v!; break;
      case 'skbmark': o.skbmark = v!; break;
      case 'skbprio': o.skbprio = v!; break;
      case 'skbqueue': o.skbqueue = num(v!, 0xffffffff); break;
      case 'nomatch': o.nomatch = true; break;
      case 'before': o.before = v!; break;
      case 'after': o.after = v!; break;
    }
  });
  return o;
}

// ---- create options ----

/** Create keywords: true when a value follows. */
function createKeywords(type: SetTypeInfo | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = { timeout: true, counters: false, comment: false, skbinfo: false };
  const opts = type ? type.createOptions : ['family', 'hashsize', 'maxelem', 'bucketsize', 'initval', 'forceadd', 'netmask', 'bitmask', 'markmask', 'range', 'size'];
  for (const o of opts) out[o] = o !== 'forceadd';
  // hash:mac is a hash type without a family: no family words for it.
  if (type && !type.families.length) delete out.family;
  if (out.family) Object.assign(out, { '-4': false, '-6': false });
  if (opts.includes('hashsize')) Object.assign(out, { gc: true, probes: true, resize: true });
  if (opts.includes('range')) {
    Object.assign(out, { from: true, to: true });
    if (type?.name !== 'bitmap:port') out.network = true;
  }
  return out;
}

/** Reads `create` words ("family inet6 timeout 30 counters ...", and the legacy forms) into CreateOptions. */
export function parseCreateWords(words: readonly string[], type?: SetTypeInfo, warnings: string[] = []): CreateOptions {
  const allowed = createKeywords(type);
  const o: CreateOptions = {};
  let from: string | undefined, to: string | undefined;
  readWords(words, (k) => (Object.hasOwn(allowed, k) ? allowed[k] : undefined), (k, v, w) => {
    switch (k) {
      case 'family': case '-4': case '-6': {
        const f = k === '-4' ? 'inet' : k === '-6' ? 'inet6' : v!;
        if (o.family !== undefined) syntax(`${k === 'family' ? 'family' : k} already specified`);
        if (f !== 'inet' && f !== 'inet6' && f !== 'ipv4' && f !== 'ipv6') syntax(`unknown inet family ${f}`);
        o.family = f === 'ipv4' || f === 'inet' ? 'inet' : 'inet6';
        break;
      }
      case 'gc': case 'probes': case 'resize': warnings.push(`Option '${w} ${v}' is ignored. Please upgrade your syntax.`); break;
      case 'timeout': o.timeout = num(v!, 2147483); break;
      case 'counters': o.counters = true; break;
      case 'comment': o.comment = true; break;
      case 'skbinfo': o.skbinfo = true; break;
      case 'forceadd': o.forceadd = true; break;
      case 'hashsize': o.hashsize = num(v!, 0xffffffff); break;
      case 'maxelem': o.maxelem = num(v!, 0xffffffff); break;
      case 'bucketsize': o.bucketsize = num(v!, 255); break;
      case 'initval': o.initval = num(v!, 0xffffffff); break;
      case 'netmask': o.netmask = Number(v); if (!/^\d+$/.test(v!)) syntax(`'${v}' is invalid as number`); break;
      case 'bitmask': o.bitmask = v!; break;
      case 'markmask': o.markmask = num(v!, 0xffffffff); break;
      case 'range': case 'network': o.range = v!; break;
      case 'from': from = v!; break;
      case 'to': to = v!; break;
      case 'size': o.size = num(v!, 0xffffffff); break;
    }
  });
  if (from !== undefined || to !== undefined) o.range = to === undefined ? from : from === undefined ? to : `${from}-${to}`;
  return o;
}

/** An entry in ipset's text ("1.2.3.4 timeout 30 comment \"a b\"") as a typed input, for callers holding that text. */
export function entryFromText(text: string, type?: SetTypeInfo): EntryOptions & { elem: string } {
  const words = splitLine(text);
  if (!words.length) throw new IPSetSyntaxError('Syntax error: missing element');
  return { elem: words[0]!, ...parseEntryWords(words.slice(1), type) };
}
