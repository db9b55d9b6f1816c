// `nlkit decode --exec -- CMD ARGS...`: runs CMD under strace with the flags that give exact
// bytes (hex dumps of every netlink read and write), and decodes the trace while CMD runs.
// strace's trace goes through a FIFO of its own, so CMD's stdout and stderr stay apart: they
// are copied to our stderr, each line prefixed with the command's name.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { CliIO } from './io.js';

/** strace's flags: follow forks, bytes as hex, whole buffers, network calls, their data dumped. */
export const STRACE_FLAGS = ['-f', '-qq', '-xx', '-s', '65536', '-e', 'trace=network', '-e', 'read=all', '-e', 'write=all'] as const;

/** The path of an executable found in PATH, or undefined. */
export function findInPath(name: string): string | undefined {
  if (name.includes('/')) return fs.existsSync(name) ? name : undefined;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const p = path.join(dir || '.', name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** Copies a stream to `out`, prefixing each line. */
function prefixLines(from: Readable, out: NodeJS.WritableStream, prefix: string): Promise<void> {
  return new Promise((resolve) => {
    let carry = '';
    from.setEncoding('utf8');
    from.on('data', (s: string) => {
      const lines = (carry + s).split('\n');
      carry = lines.pop() ?? '';
      for (const l of lines) out.write(`${prefix}${l}\n`);
    });
    from.on('end', () => {
      if (carry) out.write(`${prefix}${carry}\n`);
      resolve();
    });
  });
}

export interface ExecCapture {
  /** The trace, line by line as strace writes it. */
  trace: Readable;
  /** Settles when CMD and strace are done: CMD's exit status, or an error text (strace could not run CMD). */
  done: Promise<{ status: number; error?: string }>;
}

/** Starts CMD under strace. Throws a clear error when strace or CMD is missing. */
export function startTraced(argv: readonly string[], io: CliIO): ExecCapture {
  const strace = findInPath('strace');
  if (!strace) throw new Error('--exec needs strace, which is not installed (Debian: apt-get install strace)');
  const cmd = argv[0];
  if (!cmd) throw new Error('--exec needs a command after --, e.g. nlkit decode --exec -- ip link');
  if (!findInPath(cmd)) throw new Error(`--exec: command not found: ${cmd}`);
  // A FIFO, not a pipe on fd 3: strace opens its -o path, and Node's pipes are sockets.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nlkit-exec-'));
  const fifo = path.join(dir, 'trace');
  execFileSync('mkfifo', ['-m', '600', fifo]);
  const trace = fs.createReadStream(fifo);
  const cleanup = (): void => fs.rmSync(dir, { recursive: true, force: true });
  trace.on('close', cleanup);
  const child = spawn(strace, [...STRACE_FLAGS, '-o', fifo, '--', ...argv], { stdio: ['inherit', 'pipe', 'pipe'] });
  const name = path.basename(cmd);
  const outDone = prefixLines(child.stdout!, io.stderr, `${name}| `);
  // strace's own messages come on its stderr too (mixed with CMD's): keep them, prefixed alike.
  const errDone = prefixLines(child.stderr!, io.stderr, `${name}| `);
  const done = new Promise<{ status: number; error?: string }>((resolve) => {
    child.on('error', (e) => {
      trace.destroy();
      resolve({ status: 1, error: `cannot run strace: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      void Promise.all([outDone, errDone]).then(() => resolve({ status: code ?? (signal ? 128 : 1) }));
    });
  });
  // strace may fail before it opens the FIFO (our reader would wait for ever): end the read then.
  child.on('close', () => {
    try {
      fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      // ENXIO: no reader left; ENOENT: already cleaned up. Either way nothing waits.
    }
  });
  return { trace, done };
}

/** Whether strace can trace here (ptrace may be forbidden in containers). */
export function straceWorks(): boolean {
  const strace = findInPath('strace');
  if (!strace) return false;
  return spawnSync(strace, ['-qq', '-e', 'trace=none', '--', 'true']).status === 0;
}
