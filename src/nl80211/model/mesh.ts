// Mesh paths (NL80211_CMD_GET_MPATH), mesh parameters (GET_MESH_CONFIG),
// WoWLAN and coalesce configuration, typed.
import type { Attrs } from '../../netlink/schema.js';
import { list, macText, nested, num } from './values.js';

export interface MeshPath {
  /** Destination. */
  dest: string;
  nextHop: string;
  ifindex?: number;
  dev?: string;
  sn?: number;
  metric?: number;
  frameQueueLength?: number;
  /** ms */
  expiresMs?: number;
  discoveryTimeoutMs?: number;
  discoveryRetries?: number;
  /** NL80211_MPATH_FLAG_* bits: active 1, resolving 2, sn valid 4, fixed 8, resolved 16. */
  flags?: number;
  hopCount?: number;
  pathChangeCount?: number;
  raw: Attrs;
}

export function meshPathFrom(a: Attrs): MeshPath {
  const i = nested(a.mpath_info) ?? {};
  const flags = i.flags;
  return {
    dest: macText(a.mac) ?? '',
    nextHop: macText(a.mpath_next_hop) ?? '',
    ifindex: num(a.ifindex),
    sn: num(i.sn),
    metric: num(i.metric),
    frameQueueLength: num(i.frame_qlen),
    expiresMs: num(i.exptime),
    discoveryTimeoutMs: num(i.discovery_timeout),
    discoveryRetries: num(i.discovery_retries),
    flags: typeof flags === 'object' && flags !== null && !Array.isArray(flags) && !(flags instanceof Uint8Array) ? flagBits(flags as Attrs) : num(flags),
    hopCount: num(i.hop_count),
    pathChangeCount: num(i.path_change),
    raw: a,
  };
}

const MPATH_FLAG_BITS: Readonly<Record<string, number>> = { active: 1, resolving: 2, sn_valid: 4, fixed: 8, resolved: 16 };

function flagBits(o: Attrs): number {
  let v = 0;
  for (const [k, on] of Object.entries(o)) if (on === true && MPATH_FLAG_BITS[k]) v |= MPATH_FLAG_BITS[k]!;
  return v;
}

/** Mesh parameters by the kernel's names without prefix, lower case (retry_timeout, ttl, power_mode, ...). */
export type MeshParams = Record<string, number>;

export function meshParamsFrom(a: Attrs): MeshParams {
  const out: MeshParams = {};
  for (const [k, v] of Object.entries(nested(a.mesh_config) ?? {})) {
    const n = num(v);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

export interface WowlanConfig {
  enabled: boolean;
  any?: boolean;
  disconnect?: boolean;
  magicPacket?: boolean;
  gtkRekeyFailure?: boolean;
  eapIdentityRequest?: boolean;
  fourWayHandshake?: boolean;
  rfkillRelease?: boolean;
  /** Packet patterns: mask and bytes. */
  patterns: { mask: Uint8Array; pattern: Uint8Array; offset?: number }[];
  tcpConnection?: boolean;
  netDetect?: boolean;
  raw: Attrs;
}

export function wowlanFrom(a: Attrs): WowlanConfig {
  const t = nested(a.wowlan_triggers);
  const c: WowlanConfig = { enabled: Boolean(t), patterns: [], raw: a };
  if (!t) return c;
  c.any = t.any === true;
  c.disconnect = t.disconnect === true;
  c.magicPacket = t.magic_pkt === true;
  c.gtkRekeyFailure = t.gtk_rekey_failure === true;
  c.eapIdentityRequest = t.eap_ident_request === true;
  c.fourWayHandshake = t['4way_handshake'] === true;
  c.rfkillRelease = t.rfkill_release === true;
  c.tcpConnection = t.tcp_connection !== undefined;
  c.netDetect = t.net_detect !== undefined;
  for (const p of list(t.pkt_pattern)) {
    const x = nested(p);
    if (x && x.pattern instanceof Uint8Array && x.mask instanceof Uint8Array) c.patterns.push({ mask: x.mask, pattern: x.pattern, offset: num(x.offset) });
  }
  return c;
}

export interface CoalesceRule {
  delayMs?: number;
  /** 0: match when a pattern matches, 1: when none does. */
  condition?: number;
  patterns: { mask: Uint8Array; pattern: Uint8Array; offset?: number }[];
}

export interface CoalesceConfig {
  enabled: boolean;
  rules: CoalesceRule[];
  raw: Attrs;
}

export function coalesceFrom(a: Attrs): CoalesceConfig {
  const rules: CoalesceRule[] = [];
  for (const r of list(a.coalesce_rule)) {
    const x = nested(r);
    if (!x) continue;
    const patterns: CoalesceRule['patterns'] = [];
    for (const p of list(x.pkt_pattern)) {
      const y = nested(p);
      if (y && y.pattern instanceof Uint8Array && y.mask instanceof Uint8Array) patterns.push({ mask: y.mask, pattern: y.pattern, offset: num(y.offset) });
    }
    rules.push({ delayMs: num(x.delay), condition: num(x.condition), patterns });
  }
  return { enabled: a.coalesce_rule !== undefined, rules, raw: a };
}
