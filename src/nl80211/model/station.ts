// Stations (NL80211_CMD_GET_STATION): counters, signal, rates, flags, BSS parameters.
import type { AttrValue, Attrs } from '../../netlink/schema.js';
import { big, list, macText, nested, num, s8 } from './values.js';

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
  /** Mesh: the airtime link metric to this peer, and whether it is connected to a mesh gate / an authentication server. */
  airtimeLinkMetric?: number;
  connectedToGate?: boolean;
  connectedToAs?: boolean;
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
    airtimeLinkMetric: num(s.airtime_link_metric),
    connectedToGate: s.connected_to_gate === undefined ? undefined : num(s.connected_to_gate) !== 0,
    connectedToAs: s.connected_to_as === undefined ? undefined : num(s.connected_to_as) !== 0,
    localPm: num(s.local_pm), peerPm: num(s.peer_pm), nonpeerPm: num(s.nonpeer_pm),
    raw: a,
  };
}
