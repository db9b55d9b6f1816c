// `nlkit tour`: nlkit's main job end to end, inside a throwaway network
// namespace so the machine's own sets and interfaces are never touched.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GenericNetlink } from '../genl/genl.js';
import type { CliIO } from './io.js';
import { moduleSteps } from './tour-steps.js';

const INNER = 'NLKIT_TOUR_INNER';

/** Re-runs this command under `unshare` in a new network namespace (and a user namespace when not root). */
function reexecInNamespace(io: CliIO, argv: string[]): number {
  const root = process.getuid?.() === 0;
  const unshareArgs = root ? ['--net'] : ['--user', '--map-root-user', '--net'];
  const entry = fileURLToPath(new URL('./main.js', import.meta.url));
  const r = spawnSync('unshare', [...unshareArgs, process.execPath, entry, 'tour', ...argv], {
    stdio: 'inherit',
    env: { ...process.env, [INNER]: '1' },
  });
  if (r.error) {
    io.stderr.write(`nlkit tour: cannot start a private network namespace with unshare: ${r.error.message}\n`);
    return 1;
  }
  return r.status ?? 1;
}

function step(io: CliIO, title: string): void {
  io.stdout.write(`\n== ${title}\n`);
}

export async function tourCli(argv: string[], io: CliIO): Promise<number> {
  if (!process.env[INNER] && !io.netns) return reexecInNamespace(io, argv);
  io.stdout.write('nlkit tour: running in a private network namespace (nothing on this machine is changed)\n');

  step(io, 'generic netlink: the families this kernel offers');
  const g = await GenericNetlink.open({ netns: io.netns });
  try {
    const fams = await g.families();
    for (const f of fams) {
      const groups = f.groups.map((x) => `${x.name}=${x.id}`).join(' ');
      io.stdout.write(`  ${f.name.padEnd(16)} id ${String(f.id).padStart(3)}  v${f.version}  ${f.ops.length} commands${groups ? '  groups: ' + groups : ''}\n`);
    }
  } finally {
    g.close();
  }

  await moduleSteps(io);
  io.stdout.write('\nDone. See README.md for the API and the other commands.\n');
  return 0;
}
