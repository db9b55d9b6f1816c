// IW's station, power save, bitrate, mesh, WoWLAN, coalesce and regulatory
// database commands (the IW methods of the same names call these).
import type { Attrs } from '../netlink/schema.js';
import type { IW, Dev } from './iw.js';
import { CMD, checkMac, chandefAttrs, type ChannelWidthArg } from './iw-args.js';
import { MESH_PARAMS } from './format-mesh.js';
import { coalesceFrom, meshParamsFrom, meshPathFrom, wowlanFrom, type CoalesceConfig, type MeshParams, type MeshPath, type WowlanConfig } from './model/mesh.js';
import { num } from './types.js';

export interface MeshJoinOptions {
  /** Mesh ID (up to 32 bytes). */
  meshId: string | Uint8Array;
  freq?: number;
  width?: ChannelWidthArg;
  /** Basic rates in Mb/s. */
  basicRates?: number[];
  /** Multicast rate in Mb/s. */
  mcastRate?: number;
  beaconInterval?: number;
  dtimPeriod?: number;
  /** Mesh parameters to set at join, by iw's names (mesh_ttl=3) or the kernel's (ttl). */
  params?: Record<string, number | string>;
}

/** Per band (2.4 / 5 GHz): the rates a station may use (NL80211_CMD_SET_TX_BITRATE_MASK). Empty = all. */
export interface BitrateMask {
  legacy?: { '2.4'?: number[]; '5'?: number[] };
  htMcs?: { '2.4'?: number[]; '5'?: number[] };
  /** VHT MCS bitmaps per NSS (index 0 = 1 stream), e.g. [0x3ff, 0xff]. */
  vhtMcs?: { '2.4'?: number[]; '5'?: number[] };
  /** Guard interval per band: 'sgi' (short) or 'lgi' (long). */
  gi?: { '2.4'?: 'sgi' | 'lgi'; '5'?: 'sgi' | 'lgi' };
}

const BANDS = { '2.4': 0, '5': 1 } as const;

export function bitrateAttrs(m: BitrateMask): Attrs[] {
  const out: Attrs[] = [{}, {}];
  for (const [band, i] of Object.entries(BANDS) as ['2.4' | '5', number][]) {
    const b = out[i]!;
    const legacy = m.legacy?.[band];
    if (legacy) {
      b.legacy = legacy.map((r) => {
        if (!(r > 0) || Math.round(r * 2) !== r * 2 || r > 127) throw new TypeError(`invalid legacy rate ${r} Mb/s`);
        return r * 2;
      });
    }
    const ht = m.htMcs?.[band];
    if (ht) {
      b.ht = ht.map((x) => {
        if (!Number.isInteger(x) || x < 0 || x > 76) throw new TypeError(`invalid HT MCS index ${x}`);
        return x;
      });
    }
    const vht = m.vhtMcs?.[band];
    if (vht) {
      if (vht.length > 8) throw new TypeError(`at most 8 VHT spatial streams (got ${vht.length})`);
      const a = Array.from({ length: 8 }, (_, k) => vht[k] ?? 0);
      for (const x of a) if (!Number.isInteger(x) || x < 0 || x > 0x3ff) throw new TypeError(`invalid VHT MCS bitmap 0x${x.toString(16)}`);
      b.vht = a;
    }
    const gi = m.gi?.[band];
    if (gi) b.gi = gi === 'sgi' ? 1 : 2;
  }
  return out;
}

/** Mesh parameters by iw's or the kernel's name -> { kernel name: number }. */
export function meshParamAttrs(params: Record<string, number | string>): Attrs {
  const out: Attrs = {};
  for (const [name, value] of Object.entries(params)) {
    const d = MESH_PARAMS.find(([iwName, key]) => iwName === name || key === name);
    if (!d) throw new TypeError(`unknown mesh parameter '${name}' (${MESH_PARAMS.map((x) => x[0]).join(', ')})`);
    let v: number;
    if (d[2] === 'power') {
      v = ({ active: 1, light: 2, deep: 3 } as Record<string, number>)[String(value)] ?? NaN;
      if (Number.isNaN(v)) throw new TypeError(`${d[0]} must be set to active, light or deep (got '${value}')`);
    } else {
      v = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(v)) throw new TypeError(`${d[0]} must be a number (got '${value}')`);
    }
    out[d[1]] = v;
  }
  return out;
}

export async function deleteStation(iw: IW, dev: Dev, mac: string, opts: { subtype?: number; reasonCode?: number } = {}): Promise<void> {
  const attrs: Attrs = { ifindex: await iw.ifindex(dev), mac: checkMac(mac) };
  if (opts.subtype !== undefined) attrs.mgmt_subtype = opts.subtype;
  if (opts.reasonCode !== undefined) attrs.reason_code = opts.reasonCode;
  await iw.command(CMD.DEL_STATION, attrs, String(dev));
}

export async function powerSave(iw: IW, dev: Dev): Promise<boolean> {
  const [a] = await iw.command(CMD.GET_POWER_SAVE, { ifindex: await iw.ifindex(dev) }, String(dev));
  return num(a?.ps_state) === 1;
}

export async function setPowerSave(iw: IW, dev: Dev, on: boolean): Promise<void> {
  await iw.command(CMD.SET_POWER_SAVE, { ifindex: await iw.ifindex(dev), ps_state: on ? 1 : 0 }, String(dev));
}

export async function setBitrates(iw: IW, dev: Dev, mask: BitrateMask): Promise<void> {
  await iw.command(CMD.SET_TX_BITRATE_MASK, { ifindex: await iw.ifindex(dev), tx_rates: bitrateAttrs(mask) }, String(dev));
}

export async function joinMesh(iw: IW, dev: Dev, o: MeshJoinOptions): Promise<void> {
  const id = typeof o.meshId === 'string' ? new TextEncoder().encode(o.meshId) : o.meshId;
  if (id.length === 0 || id.length > 32) throw new TypeError(`invalid mesh ID (1 to 32 bytes, got ${id.length})`);
  const attrs: Attrs = { ifindex: await iw.ifindex(dev), mesh_id: new TextDecoder().decode(id) };
  if (o.freq !== undefined) Object.assign(attrs, chandefAttrs({ freq: o.freq, width: o.width ?? 'NOHT' }));
  if (o.basicRates) attrs.bss_basic_rates = o.basicRates.map((r) => r * 2);
  if (o.mcastRate !== undefined) attrs.mcast_rate = Math.round(o.mcastRate * 10);
  if (o.beaconInterval !== undefined) attrs.beacon_interval = o.beaconInterval;
  if (o.dtimPeriod !== undefined) attrs.dtim_period = o.dtimPeriod;
  attrs.mesh_setup = {};
  if (o.params && Object.keys(o.params).length) attrs.mesh_config = meshParamAttrs(o.params);
  await iw.command(CMD.JOIN_MESH, attrs, String(dev));
}

export async function meshPaths(iw: IW, dev: Dev): Promise<MeshPath[]> {
  const ifindex = await iw.ifindex(dev);
  return (await iw.command(CMD.GET_MPATH, { ifindex }, String(dev), true)).map(meshPathFrom);
}

export async function meshPath(iw: IW, dev: Dev, mac: string): Promise<MeshPath> {
  const [a] = await iw.command(CMD.GET_MPATH, { ifindex: await iw.ifindex(dev), mac: checkMac(mac) }, String(dev));
  return meshPathFrom(a ?? {});
}

export async function meshParams(iw: IW, dev: Dev): Promise<MeshParams> {
  const [a] = await iw.command(CMD.GET_MESH_CONFIG, { ifindex: await iw.ifindex(dev) }, String(dev));
  return meshParamsFrom(a ?? {});
}

export async function setMeshParams(iw: IW, dev: Dev, params: Record<string, number | string>): Promise<void> {
  const mesh_config = meshParamAttrs(params);
  await iw.command(CMD.SET_MESH_CONFIG, { ifindex: await iw.ifindex(dev), mesh_config }, String(dev));
}

export async function wowlan(iw: IW, phy: string | number): Promise<WowlanConfig> {
  const [a] = await iw.command(CMD.GET_WOWLAN, { wiphy: await iw.wiphyIndex(phy) }, String(phy));
  return wowlanFrom(a ?? {});
}

export async function coalesce(iw: IW, phy: string | number): Promise<CoalesceConfig> {
  const [a] = await iw.command(CMD.GET_COALESCE, { wiphy: await iw.wiphyIndex(phy) }, String(phy));
  return coalesceFrom(a ?? {});
}
