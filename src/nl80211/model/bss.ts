// Scan results (NL80211_CMD_GET_SCAN): one BSS and its information elements.
import type { Attrs } from '../../netlink/schema.js';
import { parseIEs, ssidText, type InformationElement } from '../ie/index.js';
import { big, bytes, macText, nested, num, s32 } from './values.js';
import { freqToChannel } from './interface.js';

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
  /** SSID from the IEs: the text when the bytes are valid, printable UTF-8, else with \xNN escapes as iw prints it (the exact bytes in ssidBytes). */
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

export function bssFrom(a: Attrs): Bss {
  const b = nested(a.bss) ?? {};
  const ies = bytes(b.information_elements);
  const beaconIes = bytes(b.beacon_ies);
  const elements = ies ? parseIEs(ies) : undefined;
  const ssidEl = elements?.find((e) => e.id === 0 && e.type === 'ssid');
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
    ssid: ssidEl ? ssidText(ssidEl.data) : undefined,
    ies,
    beaconIes,
    elements,
    fromProbeResponse: b.presp_data === true || Boolean(beaconIes && ies && !sameAsBeacon),
    raw: a,
  };
}
