// One ipset command line (read by command-line.ts) run against an IPSet: the
// commands that may stand in argv, in a restore file and in batch mode alike.
// Output goes to a sink; the result is ipset's exit status.
import { lookupService } from 'node:dns/promises';
import fs from 'node:fs';
import { isIP } from 'node:net';
import type { CommandLine, EnvOptions } from './command-line.js';
import { IPSetArgumentError, IPSetSyntaxError, checkSetName, type Entry } from './entry.js';
import { formatElementAttrs, formatEntry } from './entry-format.js';
import { parseElement } from './entry-parse.js';
import { IPSetError } from './errors.js';
import { type IPSetInfo, formatJson, formatPlain, formatXml } from './format.js';
import type { IPSet } from './ipset.js';
import { parseCreateWords, parseEntryWords } from './option-words.js';
import { IPSET_CMD, IPSET_ERR, type FamilyName } from './schema.js';
import { setType } from './set-type.js';

/** Where a command writes. */
export interface CommandOutput {
  stdout(text: string): void | Promise<void>;
  stderr(text: string): void | Promise<void>;
}

/** `test` found the element missing: ipset prints this line alone and exits 1. */
export class IPSetNotInSet extends IPSetError {
  constructor(elem: string, set: string) {
    super({ errno: IPSET_ERR.EXIST, cmd: IPSET_CMD.TEST, setName: set }, `${elem} is NOT in set ${set}.`);
    this.name = 'IPSetNotInSet';
  }
}

/** Create options that need a newer kernel revision of their type (ipset checks them against the kernel's). */
const OPTION_SINCE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'hash:ip': { bitmask: 6 },
  'hash:ip,port': { netmask: 7, bitmask: 7 },
  'hash:net,net': { netmask: 4, bitmask: 4 },
};

function noMore(cl: CommandLine): void {
  if (cl.args.length) throw new IPSetArgumentError(`Unknown argument ${cl.args[0]}`);
}

/** Runs create/add/del/test/destroy/flush/rename/swap/list/save. Returns the exit status; errors throw. */
export async function runCommand(ipset: IPSet, cl: CommandLine, out: CommandOutput): Promise<number> {
  const { env } = cl;
  const name = cl.arg0;
  switch (cl.cmd) {
    case 'create': {
      checkSetName(name!);
      const t = setType(cl.args[0]!);
      // ipset asks the kernel for the type (in the family given) before it reads the other options.
      const rev = await ipset.type(t.name, (t.families.length && t.createOptions.includes('family') ? familyWord(cl.args.slice(1)) : undefined) ?? (t.families.length ? t.families[0] : undefined));
      const warnings: string[] = [];
      const opts = parseCreateWords(cl.args.slice(1), t, warnings);
      for (const [opt, since] of Object.entries(OPTION_SINCE[t.name] ?? {})) {
        if (opts[opt as keyof typeof opts] !== undefined && rev.revisionMax < since) {
          throw new IPSetArgumentError(`Argument \`${opt}' is supported in the kernel module of the set type ${t.name} starting from the revision ${since} ` +
            `and you have installed revision ${rev.revisionMax} only. Your kernel is behind your ipset utility.`);
        }
      }
      await ipset.create(name!, t.name, { ...opts, exist: env.exist });
      if (warnings.length && !env.quiet) await out.stderr(`Warning: ${warnings.join('\n')}\n`);
      return 0;
    }
    case 'add': case 'del': case 'test': {
      checkSetName(name!);
      const meta = await ipset.meta(name!);
      const t = setType(meta.type);
      const elem = cl.args[0]!;
      let data;
      try {
        data = parseElement(elem, t, meta.family); // ipset reads the element before its options
      } catch (e) {
        // ipset 7.17 adds this line after a protocol/family mismatch in the element.
        if (e instanceof IPSetSyntaxError && / can be used with family /.test(e.message)) throw new IPSetSyntaxError(`${e.message}\nInvalid ${cl.cmd} command: missing setname`);
        throw e;
      }
      const entry = { elem, ...parseEntryWords(cl.args.slice(1), t, cl.cmd) };
      if (cl.cmd === 'add') await ipset.add(name!, entry, { exist: env.exist });
      else if (cl.cmd === 'del') await ipset.del(name!, entry, { exist: env.exist });
      else {
        const shown = testedText(formatElementAttrs(data, t, meta.family), entry);
        if (!(await ipset.test(name!, entry))) throw new IPSetNotInSet(shown, name!);
        if (!env.quiet) await out.stderr(`Warning: ${shown} is in set ${name}.\n`);
      }
      return 0;
    }
    case 'destroy': noMore(cl); await ipset.destroy(name, { exist: env.exist }); return 0;
    case 'flush': noMore(cl); await ipset.flush(name); return 0;
    case 'rename': case 'swap': {
      if (cl.args.length > 1) throw new IPSetArgumentError(`Unknown argument ${cl.args[1]}`);
      checkSetName(name!);
      checkSetName(cl.args[0]!);
      if (cl.cmd === 'rename') await ipset.rename(name!, cl.args[0]!);
      else await ipset.swap(name!, cl.args[0]!);
      return 0;
    }
    case 'list': case 'save':
      noMore(cl);
      await listing(ipset, cl.cmd, name, env, out);
      return 0;
  }
  throw new IPSetArgumentError(`No command specified: unknown argument ${cl.cmd}`);
}

/** How ipset names a tested element in its answer (list:set: "a before b" is printed "a after b", as ipset 7.17 does). */
function testedText(elem: string, e: { elem: string; before?: string; after?: string }): string {
  const m = /^([^,]+),(before|after),(.+)$/.exec(e.elem);
  if (m) return `${m[1]} after ${m[3]}`;
  if (e.before !== undefined || e.after !== undefined) return `${elem} after ${e.before ?? e.after}`;
  return elem;
}

/** The family a create's words name, if any ("family inet6", "-6"), read leniently as ipset's first pass does. */
function familyWord(words: readonly string[]): FamilyName | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.replace(/^--/, '');
    if (w === '-6' || (w === 'family' && /^inet6|ipv6$/.test(words[i + 1] ?? ''))) return 'inet6';
    if (w === '-4' || (w === 'family' && /^inet|ipv4$/.test(words[i + 1] ?? ''))) return 'inet';
  }
  return undefined;
}

async function listing(ipset: IPSet, cmd: 'list' | 'save', name: string | undefined, env: EnvOptions, sink: CommandOutput): Promise<void> {
  let out = sink;
  let file: fs.WriteStream | undefined;
  if (env.file !== undefined) {
    let fd: number;
    try {
      fd = fs.openSync(env.file, 'w');
    } catch (e) {
      throw new IPSetError({ errno: 0, cmd: IPSET_CMD.LIST }, `Cannot open ${env.file} for writing: ${errnoWords(e)}`);
    }
    file = fs.createWriteStream('', { fd });
    out = { stdout: (s) => new Promise<void>((res) => (file!.write(s) ? res() : file!.once('drain', () => res()))), stderr: sink.stderr };
  }
  try {
    const mode = env.output ?? (cmd === 'save' ? 'save' : 'plain');
    if (env.name && cmd === 'list') {
      const names = name === undefined ? await ipset.names() : [(await ipset.header(name)).name];
      await out.stdout(names.map((n) => n + '\n').join(''));
      return;
    }
    if (mode === 'save' && !env.sorted && !env.resolve) {
      for await (const chunk of ipset.saveChunks(name)) await out.stdout(chunk);
      return;
    }
    const sets = await ipset.lists({ name, terse: env.terse });
    if (env.sorted) for (const s of sets) sortEntries(s);
    if (env.resolve) for (const s of sets) await resolveEntries(s);
    if (mode === 'json') await out.stdout(formatJson(sets));
    else if (mode === 'xml') await out.stdout(formatXml(sets, !!env.terse));
    else if (mode === 'save') {
      for (const s of sets) {
        let text = `create ${s.name} ${s.type} ${s.headerText}\n`;
        if (!env.terse) for (const e of s.entries) text += `add ${s.name} ${formatEntry(e)}\n`;
        await out.stdout(text);
      }
    } else await out.stdout(sets.map((s) => formatPlain(s, !!env.terse)).join('\n'));
  } finally {
    if (file) await new Promise<void>((res) => file!.end(res));
  }
}

/** -sorted: members in the order of their element's values, numbers compared as numbers (9.0.0.1 before 10.0.0.2). */
function sortEntries(s: IPSetInfo): void {
  const keyed = s.entries.map((e) => [e.elem.split(/(\d+)/), e] as const);
  keyed.sort((a, b) => naturalCompare(a[0], b[0]));
  s.entries = keyed.map((k) => k[1]);
}

function naturalCompare(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!, y = b[i]!;
    if (x === y) continue;
    if (i % 2 === 1) return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** -resolve: plain addresses in the element replaced by their host names where the resolver has one. */
async function resolveEntries(s: IPSetInfo): Promise<void> {
  const cache = new Map<string, string>();
  const resolve = async (ip: string): Promise<string> => {
    let r = cache.get(ip);
    if (r === undefined) {
      r = await lookupService(ip, 0).then((x) => x.hostname, () => ip);
      cache.set(ip, r);
    }
    return r;
  };
  for (const e of s.entries as Entry[]) {
    const parts = e.elem.split(',');
    for (let i = 0; i < parts.length; i++) if (isIP(parts[i]!)) parts[i] = await resolve(parts[i]!);
    e.elem = parts.join(',');
  }
}

/** strerror()'s words for a Node.js file error. */
function errnoWords(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = { ENOENT: 'No such file or directory', EACCES: 'Permission denied', EISDIR: 'Is a directory', EROFS: 'Read-only file system' };
  return (code && words[code]) ?? (e as Error).message;
}
