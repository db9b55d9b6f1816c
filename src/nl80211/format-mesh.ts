// iw 5.19's text of mesh paths (`mpath dump/get`), mesh parameters
// (`get mesh_param`), `get power_save`, `phy X wowlan show` and `coalesce show`.
import type { CoalesceConfig, MeshParams, MeshPath, WowlanConfig } from './model/mesh.js';

export const MPATH_HEADER = 'DEST ADDR         NEXT HOP          IFACE\tSN\tMETRIC\tQLEN\tEXPTIME\tDTIM\tDRET\tFLAGS\tHOP_COUNT\tPATH_CHANGE\n';

/** One line of `mpath dump` / `mpath get`: the fields the kernel gave, tab-separated, in iw's order. */
export function formatMeshPath(p: MeshPath, dev?: string): string {
  let s = `${p.dest} ${p.nextHop} ${p.dev ?? dev ?? ''}`;
  const u = (v: number | undefined): void => void (v !== undefined && (s += `\t${v >>> 0}`));
  u(p.sn);
  u(p.metric);
  u(p.frameQueueLength);
  u(p.expiresMs);
  u(p.discoveryTimeoutMs);
  u(p.discoveryRetries);
  if (p.flags !== undefined) s += `\t0x${p.flags.toString(16)}`;
  u(p.hopCount);
  u(p.pathChangeCount);
  return s + '\n';
}

type Unit = 'ms' | 'TUs' | 's' | 'dBm' | 'power' | '';

/** iw's mesh parameter names, the kernel's attribute and how iw prints the value, in iw's order. */
export const MESH_PARAMS: readonly (readonly [string, string, Unit])[] = [
  ['mesh_retry_timeout', 'retry_timeout', 'ms'],
  ['mesh_confirm_timeout', 'confirm_timeout', 'ms'],
  ['mesh_holding_timeout', 'holding_timeout', 'ms'],
  ['mesh_max_peer_links', 'max_peer_links', ''],
  ['mesh_max_retries', 'max_retries', ''],
  ['mesh_ttl', 'ttl', ''],
  ['mesh_element_ttl', 'element_ttl', ''],
  ['mesh_auto_open_plinks', 'auto_open_plinks', ''],
  ['mesh_hwmp_max_preq_retries', 'hwmp_max_preq_retries', ''],
  ['mesh_path_refresh_time', 'path_refresh_time', 'ms'],
  ['mesh_min_discovery_timeout', 'min_discovery_timeout', 'ms'],
  ['mesh_hwmp_active_path_timeout', 'hwmp_active_path_timeout', 'TUs'],
  ['mesh_hwmp_preq_min_interval', 'hwmp_preq_min_interval', 'TUs'],
  ['mesh_hwmp_net_diameter_traversal_time', 'hwmp_net_diam_trvs_time', 'TUs'],
  ['mesh_hwmp_rootmode', 'hwmp_rootmode', ''],
  ['mesh_hwmp_rann_interval', 'hwmp_rann_interval', 'TUs'],
  ['mesh_gate_announcements', 'gate_announcements', ''],
  ['mesh_fwding', 'forwarding', ''],
  ['mesh_sync_offset_max_neighor', 'sync_offset_max_neighbor', ''],
  ['mesh_rssi_threshold', 'rssi_threshold', 'dBm'],
  ['mesh_hwmp_active_path_to_root_timeout', 'hwmp_path_to_root_timeout', 'TUs'],
  ['mesh_hwmp_root_interval', 'hwmp_root_interval', 'TUs'],
  ['mesh_hwmp_confirmation_interval', 'hwmp_confirmation_interval', 'TUs'],
  ['mesh_power_mode', 'power_mode', 'power'],
  ['mesh_awake_window', 'awake_window', 'TUs'],
  ['mesh_plink_timeout', 'plink_timeout', 's'],
  ['mesh_connected_to_gate', 'connected_to_gate', ''],
  ['mesh_nolearn', 'nolearn', ''],
  ['mesh_connected_to_as', 'connected_to_as', ''],
];

function paramValue(v: number, unit: Unit): string {
  switch (unit) {
    case 'ms': return `${v} milliseconds`;
    case 'TUs': return `${v} TUs`;
    case 's': return `${v} seconds`;
    case 'dBm': return `${v | 0} dBm`;
    case 'power': return ['undefined', 'active', 'light', 'deep'][v] ?? 'undefined';
    default: return String(v);
  }
}

/** `get mesh_param` (every parameter: "name = value") or `get mesh_param NAME` (the value alone). */
export function formatMeshParams(p: MeshParams, only?: string): string {
  let s = '';
  for (const [name, key, unit] of MESH_PARAMS) {
    if (p[key] === undefined) continue;
    if (only) {
      if (only === name) s += `${paramValue(p[key]!, unit)}\n`;
    } else s += `${name} = ${paramValue(p[key]!, unit)}\n`;
  }
  return s;
}

export function formatPowerSave(on: boolean): string {
  return `Power save: ${on ? 'on' : 'off'}\n`;
}

const hex2 = (x: number): string => x.toString(16).padStart(2, '0');

/** A pattern as iw prints it: bytes under the mask as hex, others as "--", colon-separated. */
function patternText(p: { mask: Uint8Array; pattern: Uint8Array }): string {
  const parts: string[] = [];
  for (let i = 0; i < p.pattern.length; i++) parts.push((p.mask[i >> 3] ?? 0) & (1 << (i & 7)) ? hex2(p.pattern[i]!) : '--');
  return parts.join(':');
}

export function formatWowlan(w: WowlanConfig): string {
  if (!w.enabled) return 'WoWLAN is disabled.\n';
  let s = 'WoWLAN is enabled:\n';
  if (w.any) s += ' * wake up on special any trigger\n';
  if (w.disconnect) s += ' * wake up on disconnect\n';
  if (w.magicPacket) s += ' * wake up on magic packet\n';
  if (w.gtkRekeyFailure) s += ' * wake up on GTK rekeying failure\n';
  if (w.eapIdentityRequest) s += ' * wake up on EAP identity request\n';
  if (w.fourWayHandshake) s += ' * wake up on 4-way handshake\n';
  if (w.rfkillRelease) s += ' * wake up on RF-kill release\n';
  w.patterns.forEach((p, i) => {
    s += ` * wake up on pattern ${i + 1}: ${patternText(p)}\n`;
    if (p.offset) s += ` * packet offset: ${p.offset}\n`;
  });
  if (w.tcpConnection) s += ' * wake up on TCP connection\n';
  return s;
}

export function formatCoalesce(c: CoalesceConfig): string {
  if (!c.enabled) return 'Coalesce is disabled.\n';
  let s = 'Coalesce is enabled:\n';
  c.rules.forEach((r, i) => {
    s += `Rule - max coalescing delay: ${r.delayMs ?? 0}msec condition:${r.condition ? 'not match' : 'match'}\n`;
    r.patterns.forEach((p) => {
      s += ` * packet offset: ${p.offset ?? 0} pattern: ${patternText(p)}\n`;
    });
    void i;
  });
  return s;
}
