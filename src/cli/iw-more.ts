// `nlkit iw` commands beyond the basics: station del, power save, bitrates,
// mesh, mesh paths and parameters, WoWLAN and coalesce, reg reload. Parses
// iw's words, calls IW, prints iw's text.
import type { IW } from '../nl80211/iw.js';
import type { ChannelWidthArg } from '../nl80211/iw-args.js';
import type { BitrateMask } from '../nl80211/iw-more.js';
import {
  MPATH_HEADER, formatCoalesce, formatMeshParams, formatMeshPath, formatPowerSave, formatWowlan, MESH_PARAMS,
} from '../nl80211/format-mesh.js';

export class UsageError extends Error {}

type Out = (s: string) => void;
type Json = (v: unknown) => string;

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i;

function int(s: string | undefined, what: string): number {
  if (s === undefined || !/^-?\d+$/.test(s)) throw new UsageError(`invalid ${what} '${s ?? ''}'`);
  return Number(s);
}

/** `set bitrates` words -> mask: legacy-2.4 6 9 ..., ht-mcs-5 0 1 ..., vht-mcs-5 1:0-9 2:0-7, sgi-2.4 / lgi-5. */
export function parseBitrates(words: string[]): BitrateMask {
  const m: BitrateMask = {};
  let cur: { key: 'legacy' | 'htMcs' | 'vhtMcs'; band: '2.4' | '5' } | undefined;
  for (const w of words) {
    const k = /^(legacy|ht-mcs|vht-mcs)-(2\.4|5)$/.exec(w);
    const gi = /^([sl]gi)-(2\.4|5)$/.exec(w);
    if (k) {
      const key = k[1] === 'legacy' ? 'legacy' : k[1] === 'ht-mcs' ? 'htMcs' : 'vhtMcs';
      const band = k[2] as '2.4' | '5';
      cur = { key, band };
      (m[key] ??= {})[band] = [];
    } else if (gi) {
      (m.gi ??= {})[gi[2] as '2.4' | '5'] = gi[1] as 'sgi' | 'lgi';
      cur = undefined;
    } else if (cur?.key === 'legacy') {
      const r = Number(w);
      if (!(r > 0)) throw new UsageError(`invalid legacy rate '${w}'`);
      m.legacy![cur.band]!.push(r);
    } else if (cur?.key === 'htMcs') {
      m.htMcs![cur.band]!.push(int(w, 'HT MCS index'));
    } else if (cur?.key === 'vhtMcs') {
      // NSS:MCSx,MCSy... or NSS:MCSx-MCSy
      const v = /^([1-8]):(\d+)(?:-(\d+))?((?:,\d+)*)$/.exec(w);
      if (!v) throw new UsageError(`invalid VHT MCS '${w}' (NSS:MCSx,MCSy... or NSS:MCSx-MCSy)`);
      const arr = m.vhtMcs![cur.band]!;
      const nss = Number(v[1]) - 1;
      let bits = 0;
      const lo = Number(v[2]);
      const hi = v[3] !== undefined ? Number(v[3]) : lo;
      for (let i = lo; i <= hi; i++) bits |= 1 << i;
      for (const x of (v[4] ?? '').split(',').filter(Boolean)) bits |= 1 << Number(x);
      while (arr.length <= nss) arr.push(0);
      arr[nss] = bits;
    } else throw new UsageError(`unknown bitrates option '${w}'`);
  }
  return m;
}

/** `mesh join <id> [freq <f> [width]] [basic-rates a,b] [mcast-rate r] [beacon-interval n] [dtim-period n] [param=value]*` */
async function meshJoin(iw: IW, dev: string, a: string[]): Promise<void> {
  const [meshId, ...rest] = a;
  if (!meshId) throw new UsageError('mesh join <mesh ID> [freq <freq in MHz> [<width>]] [basic-rates <rate,...>] [mcast-rate <rate>] [beacon-interval <TUs>] [dtim-period <n>] [<param>=<value>]*');
  const o: Parameters<IW['joinMesh']>[1] = { meshId };
  const params: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === 'freq') {
      o.freq = int(rest[++i], 'frequency');
      if (rest[i + 1] && /^(NOHT|HT20|HT40[+-]|\d+MHz)$/i.test(rest[i + 1]!)) o.width = rest[++i]!.toUpperCase().replace(/MHZ$/, 'MHz') as ChannelWidthArg;
    } else if (w === 'basic-rates') o.basicRates = (rest[++i] ?? '').split(',').map(Number);
    else if (w === 'mcast-rate') o.mcastRate = Number(rest[++i]);
    else if (w === 'beacon-interval') o.beaconInterval = int(rest[++i], 'beacon interval');
    else if (w === 'dtim-period') o.dtimPeriod = int(rest[++i], 'DTIM period');
    else if (w.includes('=')) params[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
    else throw new UsageError(`unknown mesh join option '${w}'`);
  }
  if (Object.keys(params).length) o.params = params;
  await iw.joinMesh(dev, o);
}

/** Mesh parameters from "name=value" words (or "name value" pairs, as iw still takes). */
function meshParamWords(a: string[]): Record<string, string> {
  const p: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w.includes('=')) p[w.slice(0, w.indexOf('='))] = w.slice(w.indexOf('=') + 1);
    else if (a[i + 1] !== undefined) p[w] = a[++i]!;
    else throw new UsageError(`Must specify a value for ${w}.`);
  }
  if (!Object.keys(p).length) throw new UsageError(`Possible mesh parameters are:\n${MESH_PARAMS.map((x) => ` - ${x[0]}`).join('\n')}`);
  return p;
}

/** The dev commands of this file; undefined when `cmd` is none of them. */
export async function devMore(iw: IW, dev: string, cmd: string | undefined, sub: string | undefined, rest: string[], json: boolean, out: Out, jsonOf: Json): Promise<number | undefined> {
  switch (cmd) {
    case 'station':
      if (sub === 'del' && rest[0] && MAC.test(rest[0])) {
        const o: { subtype?: number; reasonCode?: number } = {};
        for (let i = 1; i < rest.length; i++) {
          if (rest[i] === 'subtype') o.subtype = int(rest[++i], 'subtype');
          else if (rest[i] === 'reason-code') o.reasonCode = int(rest[++i], 'reason code');
          else throw new UsageError(`unknown station del option '${rest[i]}'`);
        }
        await iw.deleteStation(dev, rest[0], o);
        return 0;
      }
      return undefined;
    case 'get':
      if (sub === 'power_save') {
        const on = await iw.powerSave(dev);
        out(json ? jsonOf({ powerSave: on }) : formatPowerSave(on));
        return 0;
      }
      if (sub === 'mesh_param' && rest.length === 0) {
        // iw lists the parameters and its usage of the command, and fails.
        out(`Possible mesh parameters are:\n${MESH_PARAMS.map((x) => ` - ${x[0]}\n`).join('')}`);
        out('Usage:\tiw [options] dev <devname> get mesh_param [<param>]\n\nRetrieve mesh parameter (run command without any to see available ones).\n\nOptions:\n\t--debug\t\tenable netlink debugging\n');
        return 1;
      }
      if (sub === 'mesh_param') {
        const p = await iw.meshParams(dev);
        if (rest[0] && !MESH_PARAMS.some((x) => x[0] === rest[0])) throw new UsageError(`Could not find the parameter ${rest[0]}.`);
        out(json ? jsonOf(p) : formatMeshParams(p, rest[0]));
        return 0;
      }
      return undefined;
    case 'set':
      if (sub === 'power_save' && (rest[0] === 'on' || rest[0] === 'off')) {
        await iw.setPowerSave(dev, rest[0] === 'on');
        return 0;
      }
      if (sub === 'bitrates') {
        await iw.setBitrates(dev, parseBitrates(rest));
        return 0;
      }
      if (sub === 'mesh_param') {
        await iw.setMeshParams(dev, meshParamWords(rest));
        return 0;
      }
      return undefined;
    case 'mesh':
      if (sub === 'join') {
        await meshJoin(iw, dev, rest);
        return 0;
      }
      if (sub === 'leave') {
        await iw.leaveMesh(dev);
        return 0;
      }
      return undefined;
    case 'mesh_param':
      if (sub === 'dump') {
        const p = await iw.meshParams(dev);
        out(json ? jsonOf(p) : formatMeshParams(p));
        return 0;
      }
      return undefined;
    case 'mpath':
      if (sub === 'dump') {
        const l = await iw.meshPaths(dev);
        out(json ? jsonOf(l) : MPATH_HEADER + l.map((p) => formatMeshPath(p, dev)).join(''));
        return 0;
      }
      if (sub === 'get' && rest[0]) {
        const p = await iw.meshPath(dev, rest[0]);
        out(json ? jsonOf(p) : formatMeshPath(p, dev));
        return 0;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** `phy X wowlan show`, `phy X coalesce show`; undefined when `cmd` is neither. */
export async function phyMore(iw: IW, phy: string, cmd: string | undefined, sub: string | undefined, json: boolean, out: Out, jsonOf: Json): Promise<number | undefined> {
  if (cmd === 'wowlan' && sub === 'show') {
    const w = await iw.wowlan(phy);
    out(json ? jsonOf(w) : formatWowlan(w));
    return 0;
  }
  if (cmd === 'coalesce' && sub === 'show') {
    const c = await iw.coalesce(phy);
    out(json ? jsonOf(c) : formatCoalesce(c));
    return 0;
  }
  return undefined;
}
