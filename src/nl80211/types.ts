// Typed results of nl80211 (what IW returns), and the converters from decoded
// attributes (the schema's objects, names = kernel names without their prefix,
// lower case) to them. Values are normalised here once: signed dBm, MACs as
// text, 64-bit counters as bigint, so the formatters and users never see wire kinds.
import type { AttrValue, Attrs } from '../netlink/schema.js';
import type { InformationElement } from './ie/index.js';

// ---------------------------------------------------------------- value helpers

/** A number from an integer attribute however the schema typed it (u8..u64, number or bigint). */
export function num(v: AttrValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Uint8Array) {
    const d = new DataView(v.buffer, v.byteOffset, v.byteLength);
    if (v.length === 1) return d.getUint8(0);
    if (v.length === 2) return d.getUint16(0, true);
    if (v.length === 4) return d.getUint32(0, true);
    if (v.length === 8) return Number(d.getBigUint64(0, true));
  }
  return undefined;
}

export function big(v: AttrValue): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof Uint8Array && v.length === 8) return new DataView(v.buffer, v.byteOffset, 8).getBigUint64(0, true);
  if (v instanceof Uint8Array && v.length === 4) return BigInt(new DataView(v.buffer, v.byteOffset, 4).getUint32(0, true));
  return undefined;
}

/** A kernel s8 sent with nla_put_u8 (signal levels): -128..127 whatever the schema said. */
export function s8(v: AttrValue): number | undefined {
  const n = num(v);
  if (n === undefined) return undefined;
  return n > 127 ? n - 256 : n;
}

/** A kernel s32 sent as u32 (BSS signal in mBm, noise...). */
export function s32(v: AttrValue): number | undefined {
  const n = num(v);
  if (n === undefined) return undefined;
  return n > 0x7fffffff ? n - 0x100000000 : n;
}

export function bytes(v: AttrValue): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return new TextEncoder().encode(v);
  return undefined;
}

export function utf8(b: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b);
}

export function macText(v: AttrValue): string | undefined {
  if (typeof v === 'string') return v.toLowerCase();
  if (v instanceof Uint8Array && v.length >= 6) return Array.from(v.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(':');
  return undefined;
}

export function nested(v: AttrValue): Attrs | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) return v as Attrs;
  return undefined;
}

export function list(v: AttrValue): AttrValue[] {
  if (Array.isArray(v)) return v as AttrValue[];
  if (v === undefined) return [];
  const o = nested(v);
  if (o) return Object.entries(o).filter(([k]) => k !== '$unknown').map(([, x]) => x);
  return [v];
}

/** u32 values of an array attribute or of a packed binary one (cipher suites, commands...). */
export function u32s(v: AttrValue): number[] {
  if (v instanceof Uint8Array) {
    const d = new DataView(v.buffer, v.byteOffset, v.byteLength);
    const out: number[] = [];
    for (let i = 0; i + 4 <= v.length; i += 4) out.push(d.getUint32(i, true));
    return out;
  }
  return list(v).map((x) => num(x)).filter((x): x is number => x !== undefined);
}

/** Names of a nested set of flags ({ station: true, ap: true }) or of an array of numbers. */
function flagNames(v: AttrValue, byNumber: Readonly<Record<number, string>>): string[] {
  if (Array.isArray(v)) return (v as AttrValue[]).map((x) => byNumber[num(x) ?? -1] ?? String(x));
  const o = nested(v);
  if (!o) return [];
  const out = Object.keys(o).filter((k) => k !== '$unknown' && o[k]);
  for (const u of o.$unknown ?? []) out.push(byNumber[u.type] ?? `#${u.type}`);
  return out;
}

// ---------------------------------------------------------------- interface types

export type InterfaceType =
  | 'unspecified' | 'ibss' | 'managed' | 'ap' | 'ap-vlan' | 'wds' | 'monitor' | 'mesh'
  | 'p2p-client' | 'p2p-go' | 'p2p-device' | 'ocb' | 'nan';

/** NL80211_IFTYPE_* by nlkit's (iw's command line) name. */
export const IFTYPE_NUMBER: Readonly<Record<InterfaceType, number>> = {
  unspecified: 0, ibss: 1, managed: 2, ap: 3, 'ap-vlan': 4, wds: 5, monitor: 6, mesh: 7,
  'p2p-client': 8, 'p2p-go': 9, 'p2p-device': 10, ocb: 11, nan: 12,
};
export const IFTYPE_BY_NUMBER: readonly InterfaceType[] = [
  'unspecified', 'ibss', 'managed', 'ap', 'ap-vlan', 'wds', 'monitor', 'mesh', 'p2p-client', 'p2p-go', 'p2p-device', 'ocb', 'nan',
];
/** The schema's flag names of NL80211_IFTYPE_* (lower-cased enum keys). */
const IFTYPE_KERNEL = ['unspecified', 'adhoc', 'station', 'ap', 'ap_vlan', 'wds', 'monitor', 'mesh_point', 'p2p_client', 'p2p_go', 'p2p_device', 'ocb', 'nan'];

/** iw's command-line spellings of interface types (`type` argument), with aliases. */
export function parseInterfaceType(s: string): InterfaceType | undefined {
  const t = s.toLowerCase();
  const alias: Record<string, InterfaceType> = {
    adhoc: 'ibss', ibss: 'ibss', station: 'managed', managed: 'managed', ap: 'ap', __ap: 'ap', 'ap-vlan': 'ap-vlan', __ap_vlan: 'ap-vlan',
    wds: 'wds', monitor: 'monitor', mesh: 'mesh', mp: 'mesh', 'mesh-point': 'mesh', mesh_point: 'mesh', __mesh: 'mesh',
    'p2p-client': 'p2p-client', p2pcl: 'p2p-client', __p2pcl: 'p2p-client', 'p2p-go': 'p2p-go', p2pgo: 'p2p-go', __p2pgo: 'p2p-go',
    'p2p-device': 'p2p-device', p2pdev: 'p2p-device', __p2pdev: 'p2p-device', ocb: 'ocb', nan: 'nan', __nan: 'nan',
  };
  return alias[t];
}

export type ChannelWidth = '20_noht' | '20' | '40' | '80' | '80p80' | '160' | '5' | '10' | '1' | '2' | '4' | '8' | '16' | '320';
export const CHAN_WIDTH_BY_NUMBER: readonly ChannelWidth[] = ['20_noht', '20', '40', '80', '80p80', '160', '5', '10', '1', '2', '4', '8', '16', '320'];

export interface ChannelInfo {
  /** Control channel frequency in MHz. */
  freq: number;
  /** kHz offset (S1G). */
  freqOffset?: number;
  /** Channel number (iw's computation, from the frequency). */
  channel: number;
  width?: ChannelWidth;
  center1?: number;
  center2?: number;
  /** NL80211_CHAN_* (legacy channel type), when the kernel gave it. */
  channelType?: number;
}

export interface WirelessInterface {
  ifindex?: number;
  name?: string;
  wiphy: number;
  wdev: bigint;
  mac?: string;
  type: InterfaceType;
  ssid?: string;
  channel?: ChannelInfo;
  /** NL80211_ATTR_WIPHY_TX_POWER_LEVEL in mBm (100 = 1 dBm). */
  txPowerMbm?: number;
  use4addr?: boolean;
  raw: Attrs;
}

/** iw's frequency -> channel (802.11 Annex E), with C's truncating division as iw 5.19 computes it. */
export function freqToChannel(freq: number): number {
  if (freq === 2484) return 14;
  if (freq === 5935) return 2;
  if (freq < 2484) return Math.trunc((freq - 2407) / 5);
  if (freq >= 4910 && freq <= 4980) return Math.trunc((freq - 4000) / 5);
  if (freq < 5950) return Math.trunc((freq - 5000) / 5);
  if (freq <= 45000) return Math.trunc((freq - 5950) / 5);
  if (freq >= 58320 && freq <= 70200) return Math.trunc((freq - 56160) / 2160);
  return 0;
}

/** Channel number -> MHz for a band ('2.4' | '5' | '6' | '60'); 2.4/5 are guessed from the number when not given. */
export function channelToFreq(channel: number, band?: '2.4' | '5' | '6' | '60'): number {
  const b = band ?? (channel <= 14 ? '2.4' : '5');
  if (b === '2.4') return channel === 14 ? 2484 : channel < 14 ? 2407 + channel * 5 : 0;
  if (b === '5') return channel >= 182 && channel <= 196 ? 4000 + channel * 5 : 5000 + channel * 5;
  if (b === '6') return channel === 2 ? 5935 : 5950 + channel * 5;
  return 56160 + channel * 2160;
}

function channelFrom(a: Attrs): ChannelInfo | undefined {
  const freq = num(a.wiphy_freq);
  if (freq === undefined) return undefined;
  const w = num(a.channel_width);
  return {
    freq,
    freqOffset: num(a.wiphy_freq_offset),
    channel: freqToChannel(freq),
    width: w === undefined ? undefined : CHAN_WIDTH_BY_NUMBER[w],
    center1: num(a.center_freq1),
    center2: num(a.center_freq2),
    channelType: num(a.wiphy_channel_type),
  };
}

export function interfaceFrom(a: Attrs): WirelessInterface {
  const t = num(a.iftype) ?? 0;
  const use4 = a['4addr'];
  return {
    ifindex: num(a.ifindex),
    name: typeof a.ifname === 'string' ? a.ifname : undefined,
    wiphy: num(a.wiphy) ?? -1,
    wdev: big(a.wdev) ?? 0n,
    mac: macText(a.mac),
    type: IFTYPE_BY_NUMBER[t] ?? 'unspecified',
    ssid: typeof a.ssid === 'string' ? a.ssid : a.ssid instanceof Uint8Array ? utf8(a.ssid) : undefined,
    channel: channelFrom(a),
    txPowerMbm: s32(a.wiphy_tx_power_level),
    use4addr: use4 === undefined ? undefined : Boolean(num(use4)),
    raw: a,
  };
}

// ---------------------------------------------------------------- wiphy

export interface Bitrate {
  /** In units of 100 kbit/s (10 = 1 Mbit/s). */
  rate: number;
  shortPreamble: boolean;
}

export interface Frequency {
  freq: number;
  offset?: number;
  channel: number;
  disabled: boolean;
  noIr: boolean;
  radar: boolean;
  /** mBm */
  maxTxPower?: number;
  dfsState?: number;
  dfsTimeMs?: number;
  dfsCacTimeMs?: number;
  flags: string[];
  raw: Attrs;
}

export interface BandIftypeData {
  iftypes: InterfaceType[];
  heCapMac?: Uint8Array;
  heCapPhy?: Uint8Array;
  heCapMcsSet?: Uint8Array;
  heCapPpe?: Uint8Array;
  he6ghzCapa?: number;
  ehtCapMac?: Uint8Array;
  ehtCapPhy?: Uint8Array;
  ehtCapMcsSet?: Uint8Array;
  ehtCapPpe?: Uint8Array;
}

export interface Band {
  /** NL80211_BAND_*: 0 = 2.4 GHz, 1 = 5 GHz, 2 = 60 GHz, 3 = 6 GHz, 4 = S1G. */
  band: number;
  htCapa?: number;
  htAmpduFactor?: number;
  htAmpduDensity?: number;
  htMcsSet?: Uint8Array;
  vhtCapa?: number;
  vhtMcsSet?: Uint8Array;
  iftypeData: BandIftypeData[];
  bitrates: Bitrate[];
  frequencies: Frequency[];
}

export interface IfaceLimit {
  max: number;
  types: InterfaceType[];
}

export interface IfaceCombination {
  limits: IfaceLimit[];
  maxInterfaces: number;
  numChannels: number;
  staApBeaconIntervalMatch: boolean;
  radarDetectWidths: number;
  radarDetectRegions: number;
  beaconIntervalMinGcd?: number;
}

export interface Wiphy {
  index: number;
  name: string;
  generation?: number;
  maxScanSsids?: number;
  maxScanIeLen?: number;
  maxSchedScanSsids?: number;
  maxMatchSets?: number;
  maxSchedScanIeLen?: number;
  maxScanPlans?: number;
  maxScanPlanInterval?: number;
  maxScanPlanIterations?: number;
  retryShort?: number;
  retryLong?: number;
  fragThreshold?: number;
  rtsThreshold?: number;
  coverageClass?: number;
  antennaAvailTx?: number;
  antennaAvailRx?: number;
  antennaTx?: number;
  antennaRx?: number;
  supportIbssRsn: boolean;
  supportMeshAuth: boolean;
  supportApUapsd: boolean;
  tdlsSupport: boolean;
  tdlsExternalSetup: boolean;
  roamSupport: boolean;
  offchannelTxOk: boolean;
  maxRemainOnChannelMs?: number;
  /** Cipher suite selectors, e.g. 0x000fac04 (CCMP-128). */
  ciphers: number[];
  iftypes: InterfaceType[];
  softwareIftypes: InterfaceType[];
  bands: Band[];
  /** NL80211_CMD_* numbers the device supports. */
  commands: number[];
  combinations: IfaceCombination[];
  /** NL80211_FEATURE_* bits. */
  featureFlags: number;
  /** Names of the NL80211_EXT_FEATURE_* bits set (lower case, e.g. 'vht_ibss'). */
  extFeatures: string[];
  txFrameTypes: { type: InterfaceType; subtypes: number[] }[];
  rxFrameTypes: { type: InterfaceType; subtypes: number[] }[];
  htCapabilityMask?: Uint8Array;
  vhtCapabilityMask?: Uint8Array;
  extCapa?: Uint8Array;
  maxApAssocSta?: number;
  raw: Attrs;
}

function iftypesOf(v: AttrValue): InterfaceType[] {
  const names = flagNames(v, Object.fromEntries(IFTYPE_KERNEL.map((n, i) => [i, n])));
  return names.map((n) => {
    const i = IFTYPE_KERNEL.indexOf(n);
    return i >= 0 ? IFTYPE_BY_NUMBER[i]! : (n as InterfaceType);
  });
}

/** Band number from a band key of a decoded WIPHY_BANDS object ('2ghz', ...), or from its first frequency. */
const BAND_KEYS = ['2ghz', '5ghz', '60ghz', '6ghz', 's1ghz', 'lc'];
function bandNumber(key: string | number, b: Attrs): number {
  if (typeof key === 'number') return key;
  const i = BAND_KEYS.indexOf(key);
  if (i >= 0) return i;
  if (/^\d+$/.test(key)) return Number(key);
  const f = num(nested(list(b.freqs)[0])?.freq);
  if (f === undefined) return -1;
  return f < 1000 ? 4 : f < 3000 ? 0 : f < 5950 ? 1 : f < 45000 ? 3 : 2;
}

function frequencyFrom(a: Attrs): Frequency {
  const freq = num(a.freq) ?? 0;
  const flags = Object.keys(a).filter((k) => k !== '$unknown' && a[k] === true);
  return {
    freq, offset: num(a.offset), channel: freqToChannel(freq),
    disabled: a.disabled === true, noIr: a.no_ir === true || (a as Attrs)['passive_scan'] === true, radar: a.radar === true,
    maxTxPower: num(a.max_tx_power), dfsState: num(a.dfs_state), dfsTimeMs: num(a.dfs_time), dfsCacTimeMs: num(a.dfs_cac_time),
    flags, raw: a,
  };
}

function mergeBand(into: Band, a: Attrs): void {
  into.htCapa ??= num(a.ht_capa);
  into.htAmpduFactor ??= num(a.ht_ampdu_factor);
  into.htAmpduDensity ??= num(a.ht_ampdu_density);
  into.htMcsSet ??= bytes(a.ht_mcs_set);
  into.vhtCapa ??= num(a.vht_capa);
  into.vhtMcsSet ??= bytes(a.vht_mcs_set);
  for (const d of list(a.iftype_data)) {
    const x = nested(d);
    if (!x) continue;
    into.iftypeData.push({
      iftypes: iftypesOf(x.iftypes), heCapMac: bytes(x.he_cap_mac), heCapPhy: bytes(x.he_cap_phy), heCapMcsSet: bytes(x.he_cap_mcs_set),
      heCapPpe: bytes(x.he_cap_ppe), he6ghzCapa: num(x.he_6ghz_capa), ehtCapMac: bytes(x.eht_cap_mac), ehtCapPhy: bytes(x.eht_cap_phy),
      ehtCapMcsSet: bytes(x.eht_cap_mcs_set), ehtCapPpe: bytes(x.eht_cap_ppe),
    });
  }
  for (const r of list(a.rates)) {
    const x = nested(r);
    if (x) into.bitrates.push({ rate: num(x.rate) ?? 0, shortPreamble: x['2ghz_shortpreamble'] === true });
  }
  for (const f of list(a.freqs)) {
    const x = nested(f);
    if (x) into.frequencies.push(frequencyFrom(x));
  }
}

function combinationFrom(a: Attrs): IfaceCombination {
  return {
    limits: list(a.limits).map((l) => {
      const x = nested(l) ?? {};
      return { max: num(x.max) ?? 0, types: iftypesOf(x.types) };
    }),
    maxInterfaces: num(a.maxnum) ?? 0,
    numChannels: num(a.num_channels) ?? 0,
    staApBeaconIntervalMatch: a.sta_ap_bi_match === true,
    radarDetectWidths: num(a.radar_detect_widths) ?? 0,
    radarDetectRegions: num(a.radar_detect_regions) ?? 0,
    beaconIntervalMinGcd: num(a.bi_min_gcd),
  };
}

function frameTypes(v: AttrValue): { type: InterfaceType; subtypes: number[] }[] {
  const o = nested(v);
  if (!o) return [];
  const out: { type: InterfaceType; subtypes: number[] }[] = [];
  for (const [k, x] of Object.entries(o)) {
    if (k === '$unknown') continue;
    const i = IFTYPE_KERNEL.indexOf(k);
    const sub = nested(x);
    const types = sub ? u32s(Object.values(sub).flat() as AttrValue[]) : list(x).map((y) => num(y) ?? 0);
    out.push({ type: i >= 0 ? IFTYPE_BY_NUMBER[i]! : (k as InterfaceType), subtypes: types });
  }
  return out;
}

/** Merges the messages of one wiphy from a split dump (NL80211_ATTR_SPLIT_WIPHY_DUMP) into one Wiphy. */
export function wiphyFrom(parts: Attrs[]): Wiphy {
  const m: Attrs = {};
  const bands = new Map<number, Band>();
  const combos: IfaceCombination[] = [];
  const commands: number[] = [];
  for (const p of parts) {
    for (const [k, v] of Object.entries(p)) {
      if (k === 'wiphy_bands' || k === 'interface_combinations' || k === 'supported_commands' || k === '$unknown') continue;
      if (m[k] === undefined) m[k] = v;
    }
    const wb = p.wiphy_bands;
    if (Array.isArray(wb)) {
      (wb as AttrValue[]).forEach((b, i) => {
        const x = nested(b);
        if (!x) return;
        const n = bandNumber(i, x);
        mergeBand(bands.get(n) ?? bands.set(n, emptyBand(n)).get(n)!, x);
      });
    } else if (nested(wb)) {
      for (const [k, b] of Object.entries(nested(wb)!)) {
        if (k === '$unknown') continue;
        const x = nested(b);
        if (!x) continue;
        const n = bandNumber(k, x);
        mergeBand(bands.get(n) ?? bands.set(n, emptyBand(n)).get(n)!, x);
      }
    }
    for (const c of list(p.interface_combinations)) {
      const x = nested(c);
      if (x) combos.push(combinationFrom(x));
    }
    commands.push(...u32s(p.supported_commands));
  }
  return {
    index: num(m.wiphy) ?? -1,
    name: typeof m.wiphy_name === 'string' ? m.wiphy_name : `phy${num(m.wiphy) ?? '?'}`,
    generation: num(m.generation),
    maxScanSsids: num(m.max_num_scan_ssids),
    maxScanIeLen: num(m.max_scan_ie_len),
    maxSchedScanSsids: num(m.max_num_sched_scan_ssids),
    maxMatchSets: num(m.max_match_sets),
    maxSchedScanIeLen: num(m.max_sched_scan_ie_len),
    maxScanPlans: num(m.max_num_sched_scan_plans),
    maxScanPlanInterval: num(m.max_scan_plan_interval),
    maxScanPlanIterations: num(m.max_scan_plan_iterations),
    retryShort: num(m.wiphy_retry_short),
    retryLong: num(m.wiphy_retry_long),
    fragThreshold: num(m.wiphy_frag_threshold),
    rtsThreshold: num(m.wiphy_rts_threshold),
    coverageClass: num(m.wiphy_coverage_class),
    antennaAvailTx: num(m.wiphy_antenna_avail_tx),
    antennaAvailRx: num(m.wiphy_antenna_avail_rx),
    antennaTx: num(m.wiphy_antenna_tx),
    antennaRx: num(m.wiphy_antenna_rx),
    supportIbssRsn: m.support_ibss_rsn === true,
    supportMeshAuth: m.support_mesh_auth === true,
    supportApUapsd: m.support_ap_uapsd === true,
    tdlsSupport: m.tdls_support === true,
    tdlsExternalSetup: m.tdls_external_setup === true,
    roamSupport: m.roam_support === true,
    offchannelTxOk: m.offchannel_tx_ok === true,
    maxRemainOnChannelMs: num(m.max_remain_on_channel_duration),
    ciphers: u32s(m.cipher_suites),
    iftypes: iftypesOf(m.supported_iftypes),
    softwareIftypes: iftypesOf(m.software_iftypes),
    bands: [...bands.values()].sort((a, b) => a.band - b.band),
    commands,
    combinations: combos,
    featureFlags: num(m.feature_flags) ?? 0,
    extFeatures: extFeatureNames(m.ext_features),
    txFrameTypes: frameTypes(m.tx_frame_types),
    rxFrameTypes: frameTypes(m.rx_frame_types),
    htCapabilityMask: bytes(m.ht_capability_mask),
    vhtCapabilityMask: bytes(m.vht_capability_mask),
    extCapa: bytes(m.ext_capa),
    maxApAssocSta: num(m.max_ap_assoc_sta),
    raw: m,
  };
}

function extFeatureNames(v: AttrValue): string[] {
  if (Array.isArray(v)) return (v as AttrValue[]).map((x) => String(x).toLowerCase());
  const b = v instanceof Uint8Array ? v : undefined;
  if (!b) return [];
  const out: string[] = [];
  for (let i = 0; i < b.length * 8; i++) if (b[i >> 3]! & (1 << (i & 7))) out.push(`bit_${i}`);
  return out;
}

function emptyBand(n: number): Band {
  return { band: n, iftypeData: [], bitrates: [], frequencies: [] };
}

// ---------------------------------------------------------------- stations

export interface RateInfo {
  /** 100 kbit/s units (BITRATE32, else BITRATE); 0 when the kernel could not compute it. */
  bitrate: number;
  /** Mbit/s as a number (bitrate / 10). */
  mbps: number;
  mcs?: number;
  vhtMcs?: number;
  vhtNss?: number;
  heMcs?: number;
  heNss?: number;
  heGi?: number;
  heDcm?: number;
  heRuAlloc?: number;
  ehtMcs?: number;
  ehtNss?: number;
  ehtGi?: number;
  ehtRuAlloc?: number;
  /** Channel width in MHz when the rate says (40, 80, 160, 320, 5, 10...). */
  widthMHz?: number;
  is80p80?: boolean;
  shortGi: boolean;
}

export interface StationFlags {
  authorized?: boolean;
  authenticated?: boolean;
  associated?: boolean;
  shortPreamble?: boolean;
  wme?: boolean;
  mfp?: boolean;
  tdlsPeer?: boolean;
}

export interface BssParams {
  ctsProtection: boolean;
  shortPreamble: boolean;
  shortSlotTime: boolean;
  dtimPeriod?: number;
  beaconInterval?: number;
}

export interface Station {
  mac: string;
  ifindex: number;
  /** Interface name when known (resolved by IW). */
  dev?: string;
  inactiveTimeMs?: number;
  rxBytes?: bigint;
  txBytes?: bigint;
  rxPackets?: number;
  txPackets?: number;
  txRetries?: number;
  txFailed?: number;
  beaconLoss?: number;
  beaconRx?: bigint;
  rxDropMisc?: bigint;
  /** dBm (signed). */
  signal?: number;
  signalAvg?: number;
  chainSignal?: number[];
  chainSignalAvg?: number[];
  beaconSignalAvg?: number;
  tOffsetUs?: bigint;
  txBitrate?: RateInfo;
  rxBitrate?: RateInfo;
  txDurationUs?: bigint;
  rxDurationUs?: bigint;
  ackSignal?: number;
  ackSignalAvg?: number;
  airtimeWeight?: number;
  /** kbit/s */
  expectedThroughput?: number;
  flags: StationFlags;
  bss?: BssParams;
  connectedTimeS?: number;
  /** CLOCK_BOOTTIME nanoseconds of the association. */
  assocAtBoottimeNs?: bigint;
  llid?: number;
  plid?: number;
  plinkState?: number;
  localPm?: number;
  peerPm?: number;
  nonpeerPm?: number;
  raw: Attrs;
}

export function rateFrom(a: Attrs): RateInfo {
  const bitrate = num(a.bitrate32) ?? num(a.bitrate) ?? 0;
  const width = a['320_mhz_width'] ? 320 : a['160_mhz_width'] ? 160 : a['80p80_mhz_width'] ? 80 : a['80_mhz_width'] ? 80
    : a['40_mhz_width'] ? 40 : a['10_mhz_width'] ? 10 : a['5_mhz_width'] ? 5 : undefined;
  return {
    bitrate, mbps: bitrate / 10,
    mcs: num(a.mcs), vhtMcs: num(a.vht_mcs), vhtNss: num(a.vht_nss),
    heMcs: num(a.he_mcs), heNss: num(a.he_nss), heGi: num(a.he_gi), heDcm: num(a.he_dcm), heRuAlloc: num(a.he_ru_alloc),
    ehtMcs: num(a.eht_mcs), ehtNss: num(a.eht_nss), ehtGi: num(a.eht_gi), ehtRuAlloc: num(a.eht_ru_alloc),
    widthMHz: width, is80p80: a['80p80_mhz_width'] === true ? true : undefined, shortGi: a.short_gi === true,
  };
}

/** struct nl80211_sta_flag_update { u32 mask; u32 set; } however the schema gave it. */
function staFlagsFrom(v: AttrValue): StationFlags {
  let mask = 0;
  let set = 0;
  const b = v instanceof Uint8Array ? v : undefined;
  const o = nested(v);
  if (b && b.length >= 8) {
    const d = new DataView(b.buffer, b.byteOffset, 8);
    mask = d.getUint32(0, true);
    set = d.getUint32(4, true);
  } else if (o) {
    mask = num(o.mask) ?? 0;
    set = num(o.set) ?? 0;
  } else {
    return {};
  }
  const bit = (n: number): boolean | undefined => ((mask >>> n) & 1 ? Boolean((set >>> n) & 1) : undefined);
  return {
    authorized: bit(1), shortPreamble: bit(2), wme: bit(3), mfp: bit(4), authenticated: bit(5), tdlsPeer: bit(6), associated: bit(7),
  };
}

function signals(v: AttrValue): number[] | undefined {
  if (v === undefined) return undefined;
  return list(v).map((x) => s8(x) ?? 0);
}

export function stationFrom(a: Attrs): Station {
  const s = nested(a.sta_info) ?? {};
  const bp = nested(s.bss_param);
  const tx = nested(s.tx_bitrate);
  const rx = nested(s.rx_bitrate);
  return {
    mac: macText(a.mac) ?? '',
    ifindex: num(a.ifindex) ?? 0,
    inactiveTimeMs: num(s.inactive_time),
    rxBytes: big(s.rx_bytes64) ?? big(s.rx_bytes),
    txBytes: big(s.tx_bytes64) ?? big(s.tx_bytes),
    rxPackets: num(s.rx_packets),
    txPackets: num(s.tx_packets),
    txRetries: num(s.tx_retries),
    txFailed: num(s.tx_failed),
    beaconLoss: num(s.beacon_loss),
    beaconRx: big(s.beacon_rx),
    rxDropMisc: big(s.rx_drop_misc),
    signal: s8(s.signal),
    signalAvg: s8(s.signal_avg),
    chainSignal: signals(s.chain_signal),
    chainSignalAvg: signals(s.chain_signal_avg),
    beaconSignalAvg: s8(s.beacon_signal_avg),
    tOffsetUs: big(s.t_offset),
    txBitrate: tx ? rateFrom(tx) : undefined,
    rxBitrate: rx ? rateFrom(rx) : undefined,
    txDurationUs: big(s.tx_duration),
    rxDurationUs: big(s.rx_duration),
    ackSignal: s8(s.ack_signal),
    ackSignalAvg: s8(s.ack_signal_avg),
    airtimeWeight: num(s.airtime_weight),
    expectedThroughput: num(s.expected_throughput),
    flags: staFlagsFrom(s.sta_flags),
    bss: bp ? {
      ctsProtection: bp.cts_prot === true, shortPreamble: bp.short_preamble === true, shortSlotTime: bp.short_slot_time === true,
      dtimPeriod: num(bp.dtim_period), beaconInterval: num(bp.beacon_interval),
    } : undefined,
    connectedTimeS: num(s.connected_time),
    assocAtBoottimeNs: big(s.assoc_at_boottime),
    llid: num(s.llid), plid: num(s.plid), plinkState: num(s.plink_state),
    localPm: num(s.local_pm), peerPm: num(s.peer_pm), nonpeerPm: num(s.nonpeer_pm),
    raw: a,
  };
}

// ---------------------------------------------------------------- scan results

export type BssStatus = 'authenticated' | 'associated' | 'ibss-joined';

export interface Bss {
  bssid: string;
  ifindex?: number;
  dev?: string;
  wdev?: bigint;
  freq: number;
  freqOffset?: number;
  channel: number;
  tsf?: bigint;
  beaconTsf?: bigint;
  beaconInterval?: number;
  capability?: number;
  /** dBm, from NL80211_BSS_SIGNAL_MBM (signed mBm / 100). */
  signal?: number;
  signalMbm?: number;
  /** 0..100, when the driver only has an unspecified unit. */
  signalUnspec?: number;
  status?: BssStatus;
  seenMsAgo?: number;
  lastSeenBoottimeNs?: bigint;
  /** SSID from the IEs (UTF-8 text; the exact bytes in ssidBytes). */
  ssid?: string;
  ssidBytes?: Uint8Array;
  /** The IEs as received (probe response or beacon), and the beacon's own when different. */
  ies?: Uint8Array;
  beaconIes?: Uint8Array;
  /** True when ies came from a probe response (NL80211_BSS_PRESP_DATA or different from the beacon's). */
  fromProbeResponse: boolean;
  /** parseIEs(ies): the typed elements. */
  elements?: InformationElement[];
  raw: Attrs;
}

/** Splits IEs into (id, data) without interpreting them; stops at a truncated element. */
export function splitIEs(b: Uint8Array): { id: number; data: Uint8Array }[] {
  const out: { id: number; data: Uint8Array }[] = [];
  let i = 0;
  while (i + 2 <= b.length) {
    const id = b[i]!;
    const len = b[i + 1]!;
    if (i + 2 + len > b.length) break;
    out.push({ id, data: b.subarray(i + 2, i + 2 + len) });
    i += 2 + len;
  }
  return out;
}

export function bssFrom(a: Attrs): Bss {
  const b = nested(a.bss) ?? {};
  const ies = bytes(b.information_elements);
  const beaconIes = bytes(b.beacon_ies);
  const ssidEl = ies ? splitIEs(ies).find((e) => e.id === 0) : undefined;
  const st = num(b.status);
  const mbm = s32(b.signal_mbm);
  const freq = num(b.frequency) ?? 0;
  const sameAsBeacon = ies && beaconIes && ies.length === beaconIes.length && ies.every((x, i) => x === beaconIes[i]);
  return {
    bssid: macText(b.bssid) ?? '',
    ifindex: num(a.ifindex),
    wdev: big(a.wdev),
    freq,
    freqOffset: num(b.frequency_offset),
    channel: freqToChannel(freq),
    tsf: big(b.tsf),
    beaconTsf: big(b.beacon_tsf),
    beaconInterval: num(b.beacon_interval),
    capability: num(b.capability),
    signal: mbm === undefined ? undefined : mbm / 100,
    signalMbm: mbm,
    signalUnspec: num(b.signal_unspec),
    status: st === undefined ? undefined : (['authenticated', 'associated', 'ibss-joined'] as const)[st],
    seenMsAgo: num(b.seen_ms_ago),
    lastSeenBoottimeNs: big(b.last_seen_boottime),
    ssidBytes: ssidEl?.data,
    ssid: ssidEl ? utf8(ssidEl.data) : undefined,
    ies,
    beaconIes,
    fromProbeResponse: b.presp_data === true || Boolean(beaconIes && ies && !sameAsBeacon),
    raw: a,
  };
}

// ---------------------------------------------------------------- survey

export interface Survey {
  ifindex?: number;
  dev?: string;
  freq: number;
  freqOffset?: number;
  /** dBm */
  noise?: number;
  inUse: boolean;
  activeMs?: bigint;
  busyMs?: bigint;
  extBusyMs?: bigint;
  rxMs?: bigint;
  txMs?: bigint;
  scanMs?: bigint;
  bssRxMs?: bigint;
  raw: Attrs;
}

export function surveyFrom(a: Attrs): Survey {
  const s = nested(a.survey_info) ?? {};
  return {
    ifindex: num(a.ifindex),
    freq: num(s.frequency) ?? 0,
    freqOffset: num(s.frequency_offset),
    noise: s8(s.noise),
    inUse: s.in_use === true,
    activeMs: big(s.time), busyMs: big(s.time_busy), extBusyMs: big(s.time_ext_busy), rxMs: big(s.time_rx), txMs: big(s.time_tx),
    scanMs: big(s.time_scan), bssRxMs: big(s.time_bss_rx),
    raw: a,
  };
}

// ---------------------------------------------------------------- regulatory

export interface RegRule {
  /** NL80211_RRF_* bits. */
  flags: number;
  flagNames: string[];
  startKHz: number;
  endKHz: number;
  maxBandwidthKHz: number;
  /** mBi */
  maxAntennaGain: number;
  /** mBm */
  maxEirp: number;
  dfsCacTimeMs?: number;
}

export interface RegDomain {
  /** The alpha2 ('00' for the world domain, '99' for an intersection...). */
  country: string;
  dfsRegion: 'unset' | 'fcc' | 'etsi' | 'jp' | number;
  /** Set for a wiphy's own domain (self-managed devices). */
  wiphy?: number;
  selfManaged: boolean;
  rules: RegRule[];
  raw: Attrs;
}

/** NL80211_RRF_* names in the order iw prints them. */
export const RRF_NAMES: readonly (readonly [number, string])[] = [
  [1 << 0, 'NO-OFDM'], [1 << 1, 'NO-CCK'], [1 << 2, 'NO-INDOOR'], [1 << 3, 'NO-OUTDOOR'], [1 << 4, 'DFS'], [1 << 5, 'PTP-ONLY'],
  [1 << 6, 'PTMP-ONLY'], [1 << 11, 'AUTO-BW'], [1 << 12, 'IR-CONCURRENT'], [1 << 13, 'NO-HT40MINUS'], [1 << 14, 'NO-HT40PLUS'],
  [1 << 15, 'NO-80MHZ'], [1 << 16, 'NO-160MHZ'], [1 << 17, 'NO-HE'], [1 << 18, 'NO-320MHZ'], [1 << 7, 'PASSIVE-SCAN'], [1 << 8, 'NO-IBSS'],
];

export function regRuleFrom(a: Attrs): RegRule {
  const flags = num(a.reg_rule_flags) ?? 0;
  return {
    flags,
    flagNames: RRF_NAMES.filter(([b]) => flags & b).map(([, n]) => n),
    startKHz: num(a.freq_range_start) ?? 0,
    endKHz: num(a.freq_range_end) ?? 0,
    maxBandwidthKHz: num(a.freq_range_max_bw) ?? 0,
    maxAntennaGain: num(a.power_rule_max_ant_gain) ?? 0,
    maxEirp: num(a.power_rule_max_eirp) ?? 0,
    dfsCacTimeMs: num(a.dfs_cac_time),
  };
}

export function regDomainFrom(a: Attrs): RegDomain {
  const dfs = num(a.dfs_region) ?? 0;
  return {
    country: typeof a.reg_alpha2 === 'string' ? a.reg_alpha2 : (bytes(a.reg_alpha2) ? Buffer.from(bytes(a.reg_alpha2)!).toString('latin1').replace(/\0.*$/, '') : ''),
    dfsRegion: (['unset', 'fcc', 'etsi', 'jp'] as const)[dfs] ?? dfs,
    wiphy: num(a.wiphy),
    selfManaged: a.wiphy_self_managed_reg === true,
    rules: list(a.reg_rules).map((r) => regRuleFrom(nested(r) ?? {})),
    raw: a,
  };
}
