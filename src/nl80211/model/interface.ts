// Interface types, channels and wireless interfaces (NL80211_CMD_GET_INTERFACE).
import type { Attrs } from '../../netlink/schema.js';
import { big, macText, num, s32, utf8 } from './values.js';

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
export const IFTYPE_KERNEL = ['unspecified', 'adhoc', 'station', 'ap', 'ap_vlan', 'wds', 'monitor', 'mesh_point', 'p2p_client', 'p2p_go', 'p2p_device', 'ocb', 'nan'];

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
