// Throwaway network namespaces for kernel tests: every test gets its own,
// so nothing touches the machine's real sets or interfaces.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Netns {
  /** Name under /run/netns, for { netns: name } and `ip netns exec`. */
  name: string;
  /** Runs a command inside the namespace; returns stdout. Throws with stderr on failure. */
  exec(cmd: string, args: string[], input?: string): string;
  /** Like exec but never throws: { status, stdout, stderr }. */
  run(cmd: string, args: string[], input?: string): { status: number; stdout: string; stderr: string };
  destroy(): void;
}

export function createNetns(prefix = 'nlkit-t'): Netns {
  const name = `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name]);
  execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  const run = (cmd: string, args: string[], input?: string) => {
    try {
      const stdout = execFileSync('ip', ['netns', 'exec', name, cmd, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
      return { status: 0, stdout, stderr: '' };
    } catch (e) {
      const err = e as { status?: number; stdout?: string; stderr?: string };
      return { status: err.status ?? 1, stdout: String(err.stdout ?? ''), stderr: String(err.stderr ?? '') };
    }
  };
  return {
    name,
    run,
    exec(cmd, args, input) {
      const r = run(cmd, args, input);
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
      return r.stdout;
    },
    destroy() {
      try {
        execFileSync('ip', ['netns', 'del', name]);
      } catch {
        /* already gone */
      }
    },
  };
}

/** Runs fn with a fresh namespace and always removes it. */
export async function withNetns<T>(fn: (ns: Netns) => Promise<T> | T): Promise<T> {
  const ns = createNetns();
  try {
    return await fn(ns);
  } finally {
    ns.destroy();
  }
}

/** The repository root (where package.json is), from compiled or source test files. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Recorded traffic kept in the repository: test/data/captures (real tools) and test/data/peers (pyroute2's samples). */
export function dataDir(): string {
  return path.join(repoRoot(), 'test', 'data');
}

/** Whether a command exists on PATH. */
export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
