// replace(): a set's contents replaced without ever leaving it empty: a
// temporary set of the same type and options is filled, swapped in, destroyed.
import { NetlinkError } from '../netlink/errors.js';
import type { BulkResult } from './bulk.js';
import { checkSetName, type EntryInput } from './entry.js';
import { IPSetError } from './errors.js';
import type { CreateOptions, SetHeader } from './format.js';
import type { IPSet } from './ipset.js';
import { IPSET_CMD } from './schema.js';

export interface ReplaceOptions {
  /** The set type, when the set may not exist yet. */
  type?: string;
  options?: CreateOptions;
}

export async function replace(ipset: IPSet, name: string, entries: Iterable<EntryInput>, opts: ReplaceOptions = {}): Promise<BulkResult> {
  checkSetName(name);
  let typeName = opts.type;
  let createOpts: CreateOptions | undefined = opts.options;
  let exists = true;
  try {
    const [info] = await ipset.lists({ name, terse: true });
    if (info) {
      typeName = info.type;
      const { memsize: _m, references: _r, elements: _e, initval: _i, ...h } = info.header as SetHeader;
      createOpts = { ...h, ...opts.options };
    }
  } catch (e) {
    if (!(e instanceof NetlinkError && e.errno === 2)) throw e;
    exists = false;
  }
  if (!typeName) throw new IPSetError({ errno: 2, cmd: IPSET_CMD.LIST, setName: name });
  if (!exists) {
    await ipset.create(name, typeName, createOpts ?? {});
    return ipset.addMany(name, entries, { exist: true });
  }
  const tmp = tempName(name);
  await ipset.create(tmp, typeName, createOpts ?? {});
  try {
    const r = await ipset.addMany(tmp, entries, { exist: true });
    await ipset.swap(tmp, name);
    return r;
  } finally {
    await ipset.destroy(tmp).catch(() => {});
  }
}

function tempName(name: string): string {
  const suffix = '-' + Math.random().toString(36).slice(2, 8);
  let base = name;
  while (Buffer.byteLength(base + suffix) > 31) base = base.slice(0, -1);
  return base + suffix;
}
