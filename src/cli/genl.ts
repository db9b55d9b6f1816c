// `nlkit genl list | get NAME`: the text of iproute2's `genl ctrl list / get name NAME`.
import { GenericNetlink } from '../genl/genl.js';
import { formatFamilies, formatFamily } from '../genl/format.js';
import { NetlinkError } from '../netlink/errors.js';
import { toJson } from './json.js';
import type { CliIO } from './io.js';

export async function genlCli(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [cmd, ...rest] = args;
  // `genl ctrl list` spelled either way.
  const sub = cmd === 'ctrl' ? rest.shift() : cmd;
  if (!sub || sub === 'help' || sub === '--help') {
    io.stdout.write('Usage: nlkit genl list | get NAME [--json]\n');
    return sub ? 0 : 1;
  }
  const g = await GenericNetlink.open({ netns: io.netns });
  try {
    if (sub === 'list' || sub === 'ls' || sub === 'show') {
      const families = await g.families();
      io.stdout.write(json ? toJson(families) + '\n' : formatFamilies(families));
      return 0;
    }
    if (sub === 'get') {
      let name = rest[0];
      if (name === 'name') name = rest[1];
      if (!name) {
        io.stderr.write('nlkit genl get: a family name is required\n');
        return 1;
      }
      const fam = await g.family(name);
      io.stdout.write(json ? toJson(fam) + '\n' : formatFamily(fam));
      return 0;
    }
    io.stderr.write(`nlkit genl: unknown command '${sub}' (try list or get NAME)\n`);
    return 1;
  } catch (e) {
    if (e instanceof NetlinkError && e.code === 'ENOENT' && sub === 'get') {
      io.stderr.write(`nlkit genl: no generic netlink family '${rest[0] === 'name' ? rest[1] : rest[0]}': ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    g.close();
  }
}
