#!/usr/bin/env node
// nlkit's command line: parse the first word, hand the rest to a module's CLI, print.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { NetlinkError } from '../netlink/errors.js';
import type { CliIO } from './io.js';

const HELP = `nlkit: Linux netlink from Node.js

Usage: nlkit [--netns NAME] COMMAND [ARGS...]

Commands:
  tour                     a guided run in a throwaway network namespace
  genl list | get NAME     generic netlink families (like: genl ctrl list / get name NAME)
  ipset ARGS...            ipset(8)'s syntax: create, add, del, test, list, save, restore, ...
  iw ARGS...               iw(8)'s syntax: dev, phy, list, dev X scan, station dump, reg get, ...
  decode [FILE]            decode captured netlink traffic (strace, hex, nlmon pcap, raw)

Options:
  --netns NAME    work inside network namespace NAME (ip netns) or a namespace path
  --json          typed objects as JSON (where a command prints objects)
  -h, --help      this help
  -V, --version   the version
`;

function version(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export type SubCli = (argv: string[], io: CliIO) => Promise<number>;
export type CommandLoader = (name: string) => Promise<SubCli>;

/** The commands; `nlkit` without a bundle (see launch.cts) loads each on demand. */
export const COMMANDS = ['genl', 'tour', 'ipset', 'iw', 'decode'];

/** Modules are loaded on demand, so `nlkit genl` does not pay for the others. */
async function loadCommand(name: string): Promise<SubCli> {
  switch (name) {
    case 'genl': return (await import('./genl.js')).genlCli;
    case 'tour': return (await import('./tour.js')).tourCli;
    case 'ipset': return (await import('./ipset.js')).ipsetCli;
    case 'iw': return (await import('./iw.js')).iwCli;
    case 'decode': return (await import('./decode.js')).decodeCli;
  }
  throw new Error(`unknown command '${name}'`);
}

export async function main(argv: string[], io: CliIO, load: CommandLoader = loadCommand): Promise<number> {
  const args = [...argv];
  let netns: string | undefined;
  while (args.length && args[0]!.startsWith('-')) {
    const a = args.shift()!;
    if (a === '-h' || a === '--help') { io.stdout.write(HELP); return 0; }
    if (a === '-V' || a === '--version') { io.stdout.write(`nlkit ${version()}\n`); return 0; }
    if (a === '--netns') { netns = args.shift(); if (!netns) { io.stderr.write('nlkit: --netns needs a name\n'); return 1; } continue; }
    if (a.startsWith('--netns=')) { netns = a.slice(8); continue; }
    io.stderr.write(`nlkit: unknown option '${a}'\n\n${HELP}`);
    return 1;
  }
  const cmd = args.shift();
  if (!cmd || cmd === 'help') { io.stdout.write(HELP); return cmd ? 0 : 1; }
  if (!COMMANDS.includes(cmd)) {
    io.stderr.write(`nlkit: unknown command '${cmd}'\n\n${HELP}`);
    return 1;
  }
  const run = await load(cmd);
  // io's streams may be getters (runCli): inherit them rather than spread, which would read them.
  return run(args, Object.assign(Object.create(io) as CliIO, { netns }));
}

/** Runs the process's command line and sets the exit code. */
export function runCli(load: CommandLoader = loadCommand): void {
  let stdout: NodeJS.WriteStream | undefined;
  const io: CliIO = {
    // Node builds a process stream on first use, which costs a one-shot command that prints nothing.
    get stdout() {
      if (stdout) return stdout;
      stdout = process.stdout;
      // A closed pipe (`nlkit ... | head`) ends the output, not the process with a stack trace.
      stdout.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw e;
      });
      return stdout;
    },
    get stderr() { return process.stderr; },
    get stdin() { return process.stdin; },
  };
  main(process.argv.slice(2), io, load)
    .then((code) => { process.exitCode = code; })
    .catch((e: unknown) => {
      if (e instanceof NetlinkError || e instanceof TypeError || e instanceof RangeError) {
        process.stderr.write(`nlkit: ${(e as Error).message}\n`);
      } else {
        process.stderr.write(`nlkit: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      }
      process.exitCode = 1;
    });
}

const isEntry = process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) runCli();
