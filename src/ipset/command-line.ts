// ipset(8)'s command-line grammar, for argv, restore lines and batch (`ipset -`) lines:
// the global options are taken out first, wherever they stand; then the first word
// names the command (any prefix of one of its names, first match in ipset's order);
// then the command's arguments are counted. Errors carry ipset's words: usage errors
// (IPSetArgumentError) exit 2 with ipset's hint, the rest exit 1.
import { IPSetArgumentError, IPSetSyntaxError } from './entry.js';

export type OutputMode = 'plain' | 'save' | 'xml' | 'json';

/** The global options (ipset's "envopts"). */
export interface EnvOptions {
  output?: OutputMode;
  sorted?: boolean;
  quiet?: boolean;
  resolve?: boolean;
  exist?: boolean;
  /** -n: list names only. */
  name?: boolean;
  /** -t: list headers only. */
  terse?: boolean;
  file?: string;
}

export type CommandName = 'create' | 'add' | 'del' | 'test' | 'destroy' | 'list' | 'save' | 'restore' | 'flush' | 'rename' | 'swap' | 'help' | 'version' | 'quit';

/** Arguments a command takes: two mandatory, one optional, or none checked. */
type Arity = 'two' | 'optional' | 'none';

// Order matters: a prefix picks the first command with a name it starts ("d" is del, "s" is save).
const COMMANDS: readonly [CommandName, readonly string[], Arity][] = [
  ['create', ['create', 'new', '-N', '--create'], 'two'],
  ['add', ['add', '-A', '--add'], 'two'],
  ['del', ['del', '-D', '--del'], 'two'],
  ['test', ['test', '-T', '--test'], 'two'],
  ['destroy', ['destroy', 'x', '-X', '--destroy'], 'optional'],
  ['list', ['list', '-L', '--list'], 'optional'],
  ['save', ['save', '-S', '--save'], 'optional'],
  ['restore', ['restore', '-R', '--restore'], 'none'],
  ['flush', ['flush', '-F', '--flush'], 'optional'],
  ['rename', ['rename', 'e', '-E', '--rename'], 'two'],
  ['swap', ['swap', 'w', '-W', '--swap'], 'two'],
  ['help', ['help', '-h', '-H', '--help'], 'optional'],
  ['version', ['version', '-v', '-V', '--version'], 'none'],
  ['quit', ['quit'], 'none'],
];

/** The command a word names, ipset's way: two leading dashes are ignored, then any prefix of a name. */
export function matchCommand(word: string): CommandName | undefined {
  const skip = word.startsWith('--') ? 2 : 0;
  if (word.length <= skip || word === '-') return undefined;
  const w = word.slice(skip);
  for (const [cmd, names] of COMMANDS) if (names.some((n) => n.startsWith(w))) return cmd;
  return undefined;
}

type EnvKey = 'output' | 'sorted' | 'quiet' | 'resolve' | 'exist' | 'name' | 'terse' | 'file';
const ENVOPTS: readonly [EnvKey, string, string][] = [
  ['output', '-o', '-output'], ['sorted', '-s', '-sorted'], ['quiet', '-q', '-quiet'], ['resolve', '-r', '-resolve'],
  ['exist', '-!', '-exist'], ['name', '-n', '-name'], ['terse', '-t', '-terse'], ['file', '-f', '-file'],
];

function isEnvOpt(word: string, short: string, long: string): boolean {
  const w = word.startsWith('--') ? word.slice(1) : word;
  return w === short || w === long;
}

/** A command line read: the command, its first argument, the rest, and the global options. */
export interface CommandLine {
  /** undefined: no command (an empty line in batch mode). 'batch': `ipset -`. */
  cmd: CommandName | 'batch' | undefined;
  env: EnvOptions;
  /** The set name (or, for help, the type name). */
  arg0?: string;
  /** The words after arg0. */
  args: string[];
}

export type LineMode = 'argv' | 'restore' | 'batch';

/**
 * Reads one command line (argv words, or the words of a restore/batch line). `env` carries options
 * already in force (ipset keeps argv's -exist etc. for every restore line).
 */
export function parseCommandLine(input: readonly string[], mode: LineMode = 'argv', inherited: EnvOptions = {}): CommandLine {
  const words = [...input];
  const env: EnvOptions = { ...inherited };
  for (const [key, short, long] of ENVOPTS) {
    for (let i = 0; i < words.length;) {
      if (!isEnvOpt(words[i]!, short, long)) {
        i++;
        continue;
      }
      words.splice(i, 1);
      if (key === 'output' || key === 'file') {
        const v = words[i];
        if (v === undefined) throw new IPSetArgumentError(`Missing mandatory argument to option ${short}`);
        words.splice(i, 1);
        if (key === 'output') {
          if (v !== 'plain' && v !== 'save' && v !== 'xml' && v !== 'json') throw new IPSetSyntaxError(`Syntax error: unknown output mode '${v}'`);
          env.output = v;
        } else {
          if (env.file !== undefined) throw new IPSetArgumentError('-file option cannot be used when full io is activated');
          env.file = v;
        }
      } else env[key] = true;
    }
  }
  const first = words[0];
  const cmd = first === undefined ? undefined : matchCommand(first);
  if (!cmd) {
    if (mode === 'batch' && first === undefined) return { cmd: undefined, env, args: [] };
    if (mode === 'argv' && first === '-') return { cmd: 'batch', env, args: words.slice(1) };
    if (first !== undefined) throw new IPSetArgumentError(`No command specified: unknown argument ${first}`);
    throw new IPSetArgumentError('No command specified.');
  }
  if (mode === 'restore' && (cmd === 'restore' || cmd === 'version' || cmd === 'help')) {
    throw new IPSetArgumentError(`Command \`${cmd}' is invalid in restore mode.`);
  }
  const arity = COMMANDS.find((c) => c[0] === cmd)![2];
  const rest = words.slice(1);
  if (arity === 'two') {
    if (rest.length < 1) throw new IPSetArgumentError(`Missing mandatory argument to command ${cmd}`);
    if (rest.length < 2) throw new IPSetArgumentError(`Missing second mandatory argument to command ${cmd}`);
  }
  if (arity === 'none') return { cmd, env, args: rest };
  return { cmd, env, arg0: rest[0], args: rest.slice(1) };
}

/** Splits a restore/batch line into words as ipset does: blanks separate, "double quotes" keep blanks. */
export function splitLine(line: string): string[] {
  if (!line.includes('"')) {
    const out = line.split(/[ \t\r\n\v\f]+/);
    if (out[0] === '') out.shift();
    if (out.length && out[out.length - 1] === '') out.pop();
    return out;
  }
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let has = false;
  for (const ch of line) {
    if (ch === '"') {
      quoted = !quoted;
      has = true;
    } else if (!quoted && /\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  // An unterminated quoted word is dropped, as ipset drops it.
  if (has && !quoted) out.push(cur);
  return out;
}
