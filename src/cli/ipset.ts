// `nlkit ipset ...`: the ipset(8) command line over nlkit's IPSet. The grammar is
// the library's (command-line.ts), argv words are handed through as words; this
// file opens the socket, routes restore and batch mode, and prints errors in
// ipset's words with its exit codes (2 with a hint for usage errors, else 1).
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { type CommandLine, type EnvOptions, parseCommandLine, splitLine } from '../ipset/command-line.js';
import { type CommandOutput, IPSetNotInSet, runCommand } from '../ipset/commands.js';
import { IPSetArgumentError, IPSetSyntaxError } from '../ipset/entry.js';
import { IPSetError } from '../ipset/errors.js';
import { IPSet, IPSetRestoreError } from '../ipset/ipset.js';
import { SET_TYPES, SET_TYPE_ALIASES } from '../ipset/schema.js';
import { NetlinkError } from '../netlink/errors.js';
import { IPSET_HELP, IPSET_HELP_TYPE, IPSET_HELP_TYPES } from './ipset-help.js';

export interface IPSetCliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  netns?: string;
}

/** ipset prefixes its errors with its name and version; nlkit keeps the words so scripts that match them still work. */
const PREFIX = 'ipset v7.17: ';
const HINT = "Try `ipset help' for more information.\n";

function write(s: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (s.write(text)) resolve();
    else s.once('drain', resolve);
  });
}

/** An error in ipset's words and its exit status. */
async function report(e: unknown, sink: CommandOutput, env: EnvOptions = {}): Promise<number> {
  if (e instanceof IPSetRestoreError && (e.cause instanceof IPSetArgumentError || e.cause instanceof IPSetNotInSet)) e = e.cause;
  // -quiet: ipset prints no error at all, only the exit status tells.
  const out: CommandOutput = env.quiet ? { stdout: () => {}, stderr: () => {} } : sink;
  if (e instanceof IPSetNotInSet) {
    if (!env.quiet) await out.stderr(`${e.reason}\n`);
    return 1;
  }
  if (e instanceof IPSetArgumentError) {
    await out.stderr(`${PREFIX}${e.message}\n${HINT}`);
    return 2;
  }
  if (e instanceof IPSetRestoreError || e instanceof IPSetSyntaxError) {
    await out.stderr(`${PREFIX}${e.message}\n`);
    return 1;
  }
  if (e instanceof IPSetError) {
    await out.stderr(`${PREFIX}${e.reason}\n`);
    return 1;
  }
  if (e instanceof NetlinkError) {
    await out.stderr(`${PREFIX}Kernel error received: ${e.message}\n`);
    return 1;
  }
  await out.stderr(`${PREFIX}${(e as Error).message}\n`);
  return 1;
}

/** `help [TYPE]`: ipset's general help; an unknown type is an error first. */
async function help(cl: CommandLine, out: CommandOutput): Promise<number> {
  const type = cl.arg0;
  let status = 0;
  if (type !== undefined && !SET_TYPES[type] && !SET_TYPE_ALIASES[type]) {
    await out.stderr(`${PREFIX}Unknown settype: \`${type}'\n${HINT}`);
    status = 2;
  }
  const known = type === undefined ? undefined : IPSET_HELP_TYPE[SET_TYPES[type] ? type : SET_TYPE_ALIASES[type] ?? ''];
  // For an unknown type ipset ends the general help without its empty line.
  await out.stdout(type === undefined ? IPSET_HELP + IPSET_HELP_TYPES : known !== undefined ? IPSET_HELP + known : IPSET_HELP.slice(0, -1));
  return status;
}

/** Runs `ipset ARGS...`; resolves with the exit code. */
export async function ipsetCli(argv: string[], io: IPSetCliIO): Promise<number> {
  let ipset: IPSet | undefined;
  const out: CommandOutput = { stdout: (s) => write(io.stdout, s), stderr: (s) => write(io.stderr, s) };
  const open = async (): Promise<IPSet> => (ipset ??= await IPSet.open(io.netns ? { netns: io.netns } : {}));
  // -quiet counts even when the line is bad: ipset reads its options first.
  let env: EnvOptions = { quiet: argv.some((w) => /^--?q(uiet)?$/.test(w)) };
  try {
    const cl = parseCommandLine(argv, 'argv');
    env = cl.env;
    switch (cl.cmd) {
      case 'help': return await help(cl, out);
      case 'version':
        await out.stdout('ipset v7.17, protocol version: 7\n');
        return 0;
      case 'quit': return 0;
      case 'batch': return await batch(cl, io, out, open);
      case 'restore': {
        if (cl.args.length) throw new IPSetArgumentError(`Unknown argument ${cl.args[0]}`);
        let input: NodeJS.ReadableStream = io.stdin;
        if (cl.env.file !== undefined) {
          try {
            input = fs.createReadStream('', { fd: fs.openSync(cl.env.file, 'r') });
          } catch {
            return 255; // what ipset 7.17 does for a restore file it cannot open: exit 255, nothing printed
          }
        }
        const s = await open();
        try {
          await s.restore(input as AsyncIterable<Uint8Array>, { env: { ...cl.env, file: undefined }, output: out });
        } finally {
          // Stop reading at the first bad line: the rest of the input is not waited for.
          (input as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        }
        return 0;
      }
      case undefined: throw new IPSetArgumentError('No command specified.');
    }
    return await runCommand(await open(), cl, out);
  } catch (e) {
    return report(e, out, env);
  } finally {
    (ipset as IPSet | undefined)?.close();
  }
}

/** `ipset -`: commands from standard input, one a line; errors are printed and the next line read. */
async function batch(cl: CommandLine, io: IPSetCliIO, out: CommandOutput, open: () => Promise<IPSet>): Promise<number> {
  const tty = (io.stdin as NodeJS.ReadStream).isTTY === true;
  const prompt = tty ? 'ipset> ' : '';
  const rl = createInterface({ input: io.stdin, terminal: false });
  await out.stdout(prompt);
  for await (const line of rl) {
    const words = splitLine(line);
    if (words.length) {
      try {
        const c = parseCommandLine(words, 'batch', cl.env);
        switch (c.cmd) {
          case undefined: case 'batch': await out.stdout('No command specified\n'); break;
          case 'quit': rl.close(); return 0;
          case 'restore': await out.stdout('Restore command is not supported in interactive mode\n'); break;
          case 'version': await out.stdout('ipset v7.17, protocol version: 7\n'); break;
          case 'help': await help(c, out); break;
          default: await runCommand(await open(), c, out);
        }
      } catch (e) {
        if (e instanceof IPSetArgumentError && /^No command specified/.test(e.message)) await out.stdout('No command specified\n');
        else await report(e, out, cl.env);
      }
    }
    await out.stdout(prompt);
  }
  return 0;
}
