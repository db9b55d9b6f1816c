// Text of iproute2's `genl ctrl list` / `genl ctrl get`, byte for byte.
import { GENL_OP_FLAGS } from './ctrl.js';
import type { GenlFamily } from './family.js';

const hex = (n: number): string => '0x' + n.toString(16);

function capabilities(flags: number): string {
  let s = `\t\tCapabilities (${hex(flags)}):\n `;
  if (!flags) return s + '\n';
  s += '\t\t ';
  if (flags & GENL_OP_FLAGS.ADMIN_PERM) s += ' requires admin permission;';
  if (flags & GENL_OP_FLAGS.CMD_CAP_DO) s += ' can doit;';
  if (flags & GENL_OP_FLAGS.CMD_CAP_DUMP) s += ' can dumpit;';
  if (flags & GENL_OP_FLAGS.CMD_CAP_HASPOL) s += ' has policy';
  return s + '\n';
}

/** iproute2 shows capabilities only for families of version 2 or later (it compares the family's own version). */
export function formatFamily(f: GenlFamily): string {
  let s = `\nName: ${f.name}\n`;
  s += `\tID: ${hex(f.id)}  Version: ${hex(f.version)}  header size: ${f.hdrsize}  max attribs: ${f.maxattr} \n`;
  if (f.ops.length) {
    s += '\tcommands supported: \n';
    f.ops.forEach((op, i) => {
      s += `\t\t#${i + 1}:  ID-${hex(op.id)} \n`;
      if (f.version >= 2) s += capabilities(op.flags) + '\n';
    });
    s += '\n';
  }
  if (f.groups.length) {
    s += '\tmulticast groups:\n';
    f.groups.forEach((g, i) => {
      s += `\t\t#${i + 1}:  ID-${hex(g.id)}  name: ${g.name} \n`;
    });
    s += '\n';
  }
  return s;
}

export function formatFamilies(list: GenlFamily[]): string {
  return list.map(formatFamily).join('');
}
