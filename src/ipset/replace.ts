// replace(): a set's contents replaced without ever leaving it empty: a temporary
// set of the same type and options is filled, swapped in, destroyed. The live set
// is untouched until the swap. The temporary set's name says whose it is
// ("nlkit~<hash of the live name>~<pid>~<n>"), so when a process dies mid-way a later
// replace() of the same set finds the leftover and destroys it.
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

const TEMP = 'nlkit~';
let seq = 0;

/** FNV-1a of the live set's name, in base 36: the part of a temporary name that says which set it is for. */
function nameHash(name: string): string {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(name)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(36);
}

/** The temporary set's name for a replace of `name` by this process. */
export function tempName(name: string): string {
  return `${TEMP}${nameHash(name)}~${process.pid.toString(36)}~${(seq++ % 1296).toString(36)}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Destroys temporary sets left by replaces of `name` whose process is gone. Returns their names. */
export async function removeLeftovers(ipset: IPSet, name: string): Promise<string[]> {
  const prefix = `${TEMP}${nameHash(name)}~`;
  const gone: string[] = [];
  for (const n of await ipset.names()) {
    if (!n.startsWith(prefix)) continue;
    const pid = parseInt(n.slice(prefix.length).split('~')[0]!, 36);
    // A live process (or this one) may be replacing the same set right now: leave its set alone.
    if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) continue;
    try {
      await ipset.destroy(n);
      gone.push(n);
    } catch (e) {
      if (!(e instanceof NetlinkError && e.errno === 2)) throw e;
    }
  }
  return gone;
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
  await removeLeftovers(ipset, name);
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
