// Wiphys (NL80211_CMD_GET_WIPHY, split dumps merged): bands, frequencies, bitrates, combinations.
import type { AttrValue, Attrs } from '../../netlink/schema.js';
import { ehtCapabilitiesFrom, heCapabilitiesFrom, type EhtCapabilities, type HeCapabilities } from '../ie/he-eht.js';
import { bytes, flagNames, list, nested, num, u32s } from './values.js';
import { IFTYPE_BY_NUMBER, IFTYPE_KERNEL, freqToChannel, type InterfaceType } from './interface.js';

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
  /** The HE capabilities, typed (when the kernel gave HE MAC/PHY capabilities). */
  he?: HeCapabilities;
  /** The EHT capabilities, typed. */
  eht?: EhtCapabilities;
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
    const t: BandIftypeData = {
      iftypes: iftypesOf(x.iftypes), heCapMac: bytes(x.he_cap_mac), heCapPhy: bytes(x.he_cap_phy), heCapMcsSet: bytes(x.he_cap_mcs_set),
      heCapPpe: bytes(x.he_cap_ppe), he6ghzCapa: num(x.he_6ghz_capa), ehtCapMac: bytes(x.eht_cap_mac), ehtCapPhy: bytes(x.eht_cap_phy),
      ehtCapMcsSet: bytes(x.eht_cap_mcs_set), ehtCapPpe: bytes(x.eht_cap_ppe),
    };
    const none = new Uint8Array(0);
    if (t.heCapMac || t.heCapPhy) t.he = heCapabilitiesFrom(t.heCapMac ?? none, t.heCapPhy ?? none, t.heCapMcsSet ?? none, t.heCapPpe);
    if (t.ehtCapMac || t.ehtCapPhy) t.eht = ehtCapabilitiesFrom(t.ehtCapMac ?? none, t.ehtCapPhy ?? none, t.ehtCapMcsSet ?? none, t.heCapPhy ?? none, t.ehtCapPpe);
    into.iftypeData.push(t);
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
