// HE and EHT capabilities, typed: the named fields of the MAC and PHY bitmaps,
// the MCS/NSS sets per bandwidth and the PPE thresholds. The layout is the one
// of the HE/EHT capabilities elements (802.11ax 9.4.2.248, 802.11be 9.4.2.313),
// which nl80211 also uses in a band's iftype data (HE_CAP_MAC, _PHY, _MCS_SET, _PPE).
import { bitsAt, capValues, EHT_MAC_FIELDS, EHT_PHY_FIELDS, HE_MAC_FIELDS, HE_PHY_FIELDS, type CapValue } from './cap-fields.js';

/** Per spatial stream (index 0 = 1 stream): the highest HE-MCS supported, or null (not supported). */
export type HeMcsMap = (7 | 9 | 11 | null)[];

export interface HeMcsNss {
  /** The u16 maps as sent. */
  rx80: number;
  tx80: number;
  rx160?: number;
  tx160?: number;
  rx80p80?: number;
  tx80p80?: number;
  /** The same, decoded per stream. */
  streams: { bandwidth: '<=80' | '160' | '80+80'; rx: HeMcsMap; tx: HeMcsMap }[];
}

export interface HeCapabilities {
  /** HE MAC capabilities information (6 bytes). */
  mac: Uint8Array;
  /** HE PHY capabilities information (11 bytes). */
  phy: Uint8Array;
  /** The MAC fields that are set, by their 802.11 names. */
  macFields: CapValue[];
  phyFields: CapValue[];
  /** Channel width set (B1..B7 of the PHY capabilities). */
  channelWidthSet: number;
  mcsNss: HeMcsNss;
  /** PPE thresholds, present when the PHY capabilities say so (bit 55). */
  ppeThresholds?: Uint8Array;
}

export interface EhtMcsNss {
  /** '20' (a 20 MHz-only STA), '<=80', '160' or '320' MHz. */
  bandwidth: '20' | '<=80' | '160' | '320';
  /** "0-7", "8-9", "10-11" or "12-13". */
  mcs: string;
  rxNss: number;
  txNss: number;
}

export interface EhtCapabilities {
  /** EHT MAC capabilities information (2 bytes). */
  mac: Uint8Array;
  /** EHT PHY capabilities information (9 bytes). */
  phy: Uint8Array;
  macFields: CapValue[];
  phyFields: CapValue[];
  /** The EHT-MCS map bytes as sent. */
  mcsNssSet: Uint8Array;
  mcsNss: EhtMcsNss[];
  ppeThresholds?: Uint8Array;
}

function heMap(map: number): HeMcsMap {
  const out: HeMcsMap = [];
  for (let i = 0; i < 8; i++) out.push(([7, 9, 11, null] as const)[(map >> (2 * i)) & 3]!);
  return out;
}

/** HE capabilities from their parts; `mcs` holds the maps in order (80, then 160 and 80+80 when the width set has them). */
export function heCapabilitiesFrom(mac: Uint8Array, phy: Uint8Array, mcs: Uint8Array, ppe?: Uint8Array): HeCapabilities {
  const widths = ((phy[0] ?? 0) >> 1) & 0x7f;
  const le16 = (at: number): number => (mcs[at] ?? 0) | ((mcs[at + 1] ?? 0) << 8);
  const m: HeMcsNss = { rx80: le16(0), tx80: le16(2), streams: [] };
  m.streams.push({ bandwidth: '<=80', rx: heMap(m.rx80), tx: heMap(m.tx80) });
  let at = 4;
  if (widths & 0x04) {
    m.rx160 = le16(at);
    m.tx160 = le16(at + 2);
    m.streams.push({ bandwidth: '160', rx: heMap(m.rx160), tx: heMap(m.tx160) });
    at += 4;
  }
  if (widths & 0x08) {
    m.rx80p80 = le16(at);
    m.tx80p80 = le16(at + 2);
    m.streams.push({ bandwidth: '80+80', rx: heMap(m.rx80p80), tx: heMap(m.tx80p80) });
  }
  const caps: HeCapabilities = {
    mac, phy, macFields: capValues(mac, HE_MAC_FIELDS), phyFields: capValues(phy, HE_PHY_FIELDS), channelWidthSet: widths, mcsNss: m,
  };
  if (ppe && ppe.length && bitsAt(phy, 55, 1)) caps.ppeThresholds = ppe;
  return caps;
}

/** Bytes of the HE-MCS maps an element carries for a PHY capabilities width set. */
export function heMcsLength(phy: Uint8Array): number {
  const widths = ((phy[0] ?? 0) >> 1) & 0x7f;
  return 4 + (widths & 0x04 ? 4 : 0) + (widths & 0x08 ? 4 : 0);
}

const EHT_MCS = ['0-7', '8-9', '10-11', '12-13'];

/**
 * EHT capabilities. The layout of the MCS/NSS set depends on the HE PHY
 * capabilities of the same STA (20 MHz-only or wider) and, for 320 MHz, on the
 * EHT PHY capabilities.
 */
export function ehtCapabilitiesFrom(mac: Uint8Array, phy: Uint8Array, mcs: Uint8Array, hePhy: Uint8Array, ppe?: Uint8Array): EhtCapabilities {
  const out: EhtMcsNss[] = [];
  const add = (at: number, bandwidth: EhtMcsNss['bandwidth'], label: string): void => {
    const v = mcs[at] ?? 0;
    out.push({ bandwidth, mcs: label, rxNss: v & 0xf, txNss: v >> 4 });
  };
  const widths = hePhy[0] ?? 0;
  if (!(widths & 0x1c)) {
    for (let i = 0; i < 4; i++) add(i, '20', EHT_MCS[i]!);
  } else {
    let at = 0;
    if (widths & 0x04) for (let i = 0; i < 3; i++) add(at + i, '<=80', EHT_MCS[i + 1]!);
    at += 3;
    if (widths & 0x08) for (let i = 0; i < 3; i++) add(at + i, '160', EHT_MCS[i + 1]!);
    at += 3;
    if (bitsAt(phy, 1, 1)) for (let i = 0; i < 3; i++) add(at + i, '320', EHT_MCS[i + 1]!);
  }
  const caps: EhtCapabilities = {
    mac, phy, macFields: capValues(mac, EHT_MAC_FIELDS), phyFields: capValues(phy, EHT_PHY_FIELDS), mcsNssSet: mcs, mcsNss: out,
  };
  if (ppe && ppe.length && bitsAt(phy, 43, 1)) caps.ppeThresholds = ppe;
  return caps;
}
