// A generic netlink family as the controller describes it.
import type { Attrs } from '../netlink/schema.js';

export interface GenlOperation {
  /** Command number. */
  id: number;
  /** GENL_ADMIN_PERM | GENL_CMD_CAP_DO | ... */
  flags: number;
}

export interface GenlMulticastGroup {
  name: string;
  id: number;
}

export interface GenlFamily {
  name: string;
  id: number;
  version: number;
  hdrsize: number;
  maxattr: number;
  ops: GenlOperation[];
  groups: GenlMulticastGroup[];
}

export function familyFromAttrs(a: Attrs): GenlFamily {
  const ops = (a.ops as Attrs[] | undefined) ?? [];
  const groups = (a.mcast_groups as Attrs[] | undefined) ?? [];
  return {
    name: String(a.family_name ?? ''),
    id: Number(a.family_id ?? 0),
    version: Number(a.version ?? 0),
    hdrsize: Number(a.hdrsize ?? 0),
    maxattr: Number(a.maxattr ?? 0),
    ops: ops.map((o) => ({ id: Number(o.id ?? 0), flags: Number(o.flags ?? 0) })),
    groups: groups.map((g) => ({ name: String(g.name ?? ''), id: Number(g.id ?? 0) })),
  };
}
