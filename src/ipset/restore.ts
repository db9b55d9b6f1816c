// `ipset restore`: save/restore text, one command a line. Runs of add/del lines
// for one set go out in bulk messages; the first error stops it, naming its line.
import { IPSetSyntaxError } from './entry.js';
import { splitWords } from './entry-parse.js';
import { IPSetError } from './errors.js';
import { parseCreateWords } from './format.js';
import { bulk } from './bulk.js';
import type { IPSet } from './ipset.js';
import { IPSET_CMD, IPSET_ERR } from './schema.js';

/** A restore error: ipset's "Error in line N: ..." */
export class IPSetRestoreError extends Error {
  readonly line: number;
  override readonly cause: Error;
  constructor(line: number, cause: Error) {
    const reason = cause instanceof IPSetError ? cause.reason : cause.message;
    super(`Error in line ${line}: ${reason}`);
    this.name = 'IPSetRestoreError';
    this.line = line;
    this.cause = cause;
  }
}

export interface RestoreOptions {
  exist?: boolean;
  onProgress?: (linesDone: number, lines: number) => void;
}

const LEGACY: Record<string, string> = { A: 'add', D: 'del', N: 'create', X: 'destroy', F: 'flush', E: 'rename', W: 'swap', T: 'test', n: 'create' };

export async function restore(ipset: IPSet, text: string, opts: RestoreOptions = {}): Promise<{ lines: number }> {
  const lines = text.split('\n');
  let pending: { cmd: number; set: string; items: string[]; linenos: number[]; exist: boolean } | undefined;
  const flushPending = async (): Promise<void> => {
    if (!pending) return;
    const p = pending;
    pending = undefined;
    const r = await bulk(ipset, p.cmd, p.set, p.items, { exist: p.exist }, true);
    if (r.failed.length) {
      const f = r.failed[0]!;
      throw new IPSetRestoreError(p.linenos[f.index]!, f.error);
    }
    opts.onProgress?.(p.linenos[p.linenos.length - 1]!, lines.length);
  };
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    let words: string[];
    try {
      words = splitWords(raw);
    } catch (e) {
      await flushPending();
      throw new IPSetRestoreError(lineNo, e as Error);
    }
    let exist = !!opts.exist;
    words = words.filter((w) => (w === '-exist' || w === '-!' ? ((exist = true), false) : true));
    let cmdWord = words[0]!;
    if (cmdWord.startsWith('-')) cmdWord = cmdWord.replace(/^-+/, '');
    const cmdName = LEGACY[cmdWord] ?? cmdWord;
    if (cmdName === 'COMMIT') {
      await flushPending();
      continue;
    }
    if ((cmdName === 'add' || cmdName === 'del') && words.length >= 3) {
      const cmd = cmdName === 'add' ? IPSET_CMD.ADD : IPSET_CMD.DEL;
      const set = words[1]!;
      if (!pending || pending.cmd !== cmd || pending.set !== set || pending.exist !== exist) {
        await flushPending();
        pending = { cmd, set, items: [], linenos: [], exist };
      }
      pending.items.push(words.slice(2).map(quoteWord).join(' '));
      pending.linenos.push(lineNo);
      continue;
    }
    await flushPending();
    try {
      await runWords(ipset, cmdName, words.slice(1), exist);
    } catch (e) {
      throw new IPSetRestoreError(lineNo, e as Error);
    }
  }
  await flushPending();
  return { lines: lines.length };
}

/** One non-bulk restore command. */
async function runWords(ipset: IPSet, cmd: string, args: string[], exist: boolean): Promise<void> {
  switch (cmd) {
    case 'create': {
      if (args.length < 2) throw new IPSetSyntaxError('Invalid create command: missing settype');
      await ipset.create(args[0]!, args[1]!, { ...parseCreateWords(args.slice(2)), exist });
      return;
    }
    case 'add': case 'del': case 'test': {
      if (args.length < 2) throw new IPSetSyntaxError(`Invalid ${cmd} command: missing setname`);
      const data = args.slice(1).map(quoteWord).join(' ');
      if (cmd === 'add') await ipset.add(args[0]!, data, { exist });
      else if (cmd === 'del') await ipset.del(args[0]!, data, { exist });
      else if (!(await ipset.test(args[0]!, data))) throw new IPSetError({ errno: IPSET_ERR.EXIST, cmd: IPSET_CMD.TEST, setName: args[0] }, `${args[1]} is NOT in set ${args[0]}.`);
      return;
    }
    case 'flush': await ipset.flush(args[0]); return;
    case 'destroy': await ipset.destroy(args[0], { exist }); return;
    case 'rename': await ipset.rename(args[0]!, args[1]!); return;
    case 'swap': await ipset.swap(args[0]!, args[1]!); return;
    default: throw new IPSetSyntaxError(`Unknown command ${cmd}`);
  }
}

function quoteWord(w: string): string {
  return /\s/.test(w) || w === '' ? `"${w}"` : w;
}
