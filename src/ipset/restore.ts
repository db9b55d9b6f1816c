// `ipset restore`: save/restore text, one command a line, read as a stream (memory
// does not grow with the input). Each line is read by ipset's grammar
// (command-line.ts); runs of add/del lines for one set go out in bulk messages.
// The first bad line stops it, named as ipset names it: "Error in line N: ...".
import { bulk } from './bulk.js';
import { type CommandLine, type EnvOptions, parseCommandLine, splitLine } from './command-line.js';
import { type CommandOutput, runCommand } from './commands.js';
import type { EntryInput } from './entry.js';
import { parseElement } from './entry-parse.js';
import { IPSetError } from './errors.js';
import type { IPSet } from './ipset.js';
import { parseEntryWords } from './option-words.js';
import { IPSET_CMD, type FamilyName, type SetTypeInfo } from './schema.js';
import { setType } from './set-type.js';

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
  /** -exist for every line. */
  exist?: boolean;
  /** Global options in force for every line (as given on ipset's command line). */
  env?: EnvOptions;
  /** Called after each bulk message run: lines read so far. */
  onProgress?: (linesDone: number) => void;
  /** Where `list`/`save`/`test` lines in the input write (default: nowhere). */
  output?: CommandOutput;
}

/** Text, lines, or a stream of chunks (a file or stdin). */
export type RestoreInput = string | Iterable<string> | AsyncIterable<string | Uint8Array>;

/** Entries per bulk call: bounds memory for any input size. */
const CHUNK = 1 << 16;

/** The input's lines, without their newline, a batch at a time (one await per chunk, not per line). */
async function* readLines(input: RestoreInput): AsyncGenerator<string[]> {
  if (typeof input === 'string') {
    yield input.split('\n');
    return;
  }
  if (Symbol.iterator in input) {
    for (const chunk of input as Iterable<string>) yield chunk.split('\n');
    return;
  }
  const td = new TextDecoder();
  let rest = '';
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    const lines = (rest + (typeof chunk === 'string' ? chunk : td.decode(chunk, { stream: true }))).split('\n');
    rest = lines.pop()!;
    if (lines.length) yield lines;
  }
  rest += td.decode();
  if (rest) yield [rest];
}

/** The words of a plain "add SET ELEM" / "del SET ELEM" line, or undefined for anything else. */
function plainAdt(line: string): [string, string, string] | undefined {
  if (line.charCodeAt(0) !== 97 /* a */ && line.charCodeAt(0) !== 100 /* d */) return undefined;
  const s1 = line.indexOf(' ');
  const s2 = line.indexOf(' ', s1 + 1);
  if (s1 !== 3 || s2 < 0 || line.indexOf(' ', s2 + 1) >= 0 || /["\t\r\v\f]/.test(line)) return undefined;
  const cmd = line.slice(0, 3);
  if (cmd !== 'add' && cmd !== 'del') return undefined;
  const set = line.slice(4, s2), elem = line.slice(s2 + 1);
  if (!set || !elem || set.charCodeAt(0) === 45 || elem.charCodeAt(0) === 45 /* - */) return undefined;
  return [cmd, set, elem];
}

interface Pending {
  cmd: number;
  set: string;
  type: SetTypeInfo;
  family?: FamilyName;
  exist: boolean;
  items: EntryInput[];
  linenos: number[];
}

export async function restore(ipset: IPSet, input: RestoreInput, opts: RestoreOptions = {}): Promise<{ lines: number }> {
  const env: EnvOptions = { ...opts.env, ...(opts.exist ? { exist: true } : {}) };
  const out: CommandOutput = opts.output ?? { stdout: () => {}, stderr: () => {} };
  let pending: Pending | undefined;
  let lineNo = 0;
  const flush = async (): Promise<void> => {
    if (!pending) return;
    const p = pending;
    pending = undefined;
    const r = await bulk(ipset, p.cmd, p.set, p.items, { exist: p.exist }, true);
    if (r.failed.length) {
      const f = r.failed[0]!;
      throw new IPSetRestoreError(p.linenos[f.index]!, f.error);
    }
    opts.onProgress?.(lineNo);
  };
  /**
   * Queues one add/del entry; a new set or command starts a new run. As in ipset, a run's -exist is its
   * first line's: the lines share one message and its flags.
   */
  const queue = async (cmd: 'add' | 'del', set: string, exist: boolean, entry: () => EntryInput): Promise<void> => {
    const c = cmd === 'add' ? IPSET_CMD.ADD : IPSET_CMD.DEL;
    if (!pending || pending.cmd !== c || pending.set !== set || pending.items.length >= CHUNK) {
      await flush();
      const meta = await ipset.meta(set);
      pending = { cmd: c, set, type: setType(meta.type), family: meta.family, exist, items: [], linenos: [] };
    }
    pending.items.push(entry());
    pending.linenos.push(lineNo);
  };
  try {
    for await (const lines of readLines(input)) for (const line of lines) {
      lineNo++;
      const fast = plainAdt(line);
      if (fast) {
        const [cmd, set, elem] = fast;
        const p = pending;
        // The hot path: one more entry for the run in progress, no await.
        if (p && p.set === set && p.cmd === (cmd === 'add' ? IPSET_CMD.ADD : IPSET_CMD.DEL) && p.items.length < CHUNK) {
          p.items.push(elem);
          p.linenos.push(lineNo);
        } else await queue(cmd as 'add' | 'del', set, !!env.exist, () => elem);
        continue;
      }
      const words = splitLine(line);
      if (!words.length || words[0]!.startsWith('#')) continue;
      if (words[0] === 'COMMIT') {
        await flush();
        continue;
      }
      const cl: CommandLine = parseCommandLine(words, 'restore', env);
      if (cl.cmd === 'quit') break;
      if ((cl.cmd === 'add' || cl.cmd === 'del') && cl.arg0 !== undefined) {
        const cmd = cl.cmd;
        await queue(cmd, cl.arg0, !!cl.env.exist, () => {
          const p = pending!;
          const elem = cl.args[0]!;
          if (cl.args.length === 1) return elem;
          parseElement(elem, p.type, p.family); // the element is read before its options
          return { elem, ...parseEntryWords(cl.args.slice(1), p.type, cmd) };
        });
        continue;
      }
      await flush();
      await runCommand(ipset, cl, out);
    }
    await flush();
  } catch (e) {
    pending = undefined; // what was not sent yet is dropped, as ipset drops its buffer
    if (e instanceof IPSetRestoreError) throw e;
    throw new IPSetRestoreError(lineNo, e as Error);
  }
  return { lines: lineNo };
}
