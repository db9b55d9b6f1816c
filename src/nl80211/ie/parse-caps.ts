// HT, VHT and HE capability and operation elements.
import type { HeCapabilitiesElement, HeOperationElement, HtCapabilitiesElement, HtOperationElement, VhtCapabilitiesElement, VhtMcsSupport } from './elements.js';
import { Short, type Reader } from './reader.js';
import { heCapabilitiesFrom, heMcsLength } from './he-eht.js';

const MPDU_SPACING = ['no restriction', '1/4 usec', '1/2 usec', '1 usec', '2 usec', '4 usec', '8 usec', '16 usec'];

function mcsBits(b: Uint8Array, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count && i >> 3 < b.length; i++) if (b[i >> 3]! & (1 << (i & 7))) out.push(i);
  return out;
}

export function htCapabilities(r: Reader, id: number, data: Uint8Array): HtCapabilitiesElement {
  const c = r.u16('capability information');
  const ampdu = r.u8('A-MPDU parameters');
  const mcs = r.bytes(16, 'supported MCS set');
  const ext = r.u16('extended capabilities');
  const txbf = r.u32('transmit beamforming capabilities');
  const asel = r.u8('ASEL capabilities');
  const txParams = mcs[12]!;
  return {
    type: 'ht_capabilities', id, data,
    capabilities: c,
    ldpc: (c & 0x0001) !== 0,
    channelWidth40: (c & 0x0002) !== 0,
    smPowerSave: (['static', 'dynamic', 'reserved', 'disabled'] as const)[(c >> 2) & 3]!,
    greenfield: (c & 0x0010) !== 0,
    shortGi20: (c & 0x0020) !== 0,
    shortGi40: (c & 0x0040) !== 0,
    txStbc: (c & 0x0080) !== 0,
    rxStbc: (c >> 8) & 3,
    delayedBlockAck: (c & 0x0400) !== 0,
    maxAmsduLength: c & 0x0800 ? 7935 : 3839,
    dsssCck40: (c & 0x1000) !== 0,
    fortyMhzIntolerant: (c & 0x4000) !== 0,
    lsigTxopProtection: (c & 0x8000) !== 0,
    ampduParameters: ampdu,
    mcsSet: mcs,
    maxAmpduLength: 2 ** (13 + (ampdu & 3)) - 1,
    minMpduSpacing: MPDU_SPACING[(ampdu >> 2) & 7]!,
    rxMcs: mcsBits(mcs.subarray(0, 10), 77),
    rxHighestRate: (mcs[10]! | (mcs[11]! << 8)) & 0x3ff,
    txMcsSetDefined: (txParams & 0x01) !== 0,
    txRxMcsSetNotEqual: (txParams & 0x02) !== 0,
    txMaxSpatialStreams: ((txParams >> 2) & 3) + 1,
    txUnequalModulation: (txParams & 0x10) !== 0,
    extendedCapabilities: ext,
    txBeamforming: txbf,
    antennaSelection: asel,
  };
}

export function htOperation(r: Reader, id: number, data: Uint8Array): HtOperationElement {
  const primary = r.u8('primary channel');
  const i1 = r.u8('HT operation information 1');
  const i2 = r.u16('HT operation information 2');
  const i3 = r.u16('HT operation information 3');
  const basic = r.bytes(16, 'basic HT-MCS set');
  return {
    type: 'ht_operation', id, data,
    primaryChannel: primary,
    secondaryChannelOffset: (['none', 'above', 'reserved', 'below'] as const)[i1 & 3]!,
    anyChannelWidth: (i1 & 0x04) !== 0,
    rifs: (i1 & 0x08) !== 0,
    htProtection: (['none', 'nonmember', '20MHz', 'non-HT mixed'] as const)[i2 & 3]!,
    nonGreenfieldPresent: (i2 & 0x04) !== 0,
    obssNonHtPresent: (i2 & 0x10) !== 0,
    channelCenterSegment2: (i2 >> 5) & 0xff,
    dualBeacon: (i3 & 0x40) !== 0,
    dualCtsProtection: (i3 & 0x80) !== 0,
    stbcBeacon: (i3 & 0x100) !== 0,
    lsigTxopProtection: (i3 & 0x200) !== 0,
    pcoActive: (i3 & 0x400) !== 0,
    pcoPhase: (i3 & 0x800) !== 0,
    basicMcs: mcsBits(basic.subarray(0, 10), 77),
  };
}

const VHT_MCS: readonly VhtMcsSupport[] = ['MCS 0-7', 'MCS 0-8', 'MCS 0-9', 'not supported'];
function vhtMcs(map: number): VhtMcsSupport[] {
  const out: VhtMcsSupport[] = [];
  for (let i = 0; i < 8; i++) out.push(VHT_MCS[(map >> (2 * i)) & 3]!);
  return out;
}

export function vhtCapabilities(r: Reader, id: number, data: Uint8Array): VhtCapabilitiesElement {
  const c = r.u32('capability information');
  const rxMap = r.u16('RX MCS map');
  const rxHigh = r.u16('RX highest rate');
  const txMap = r.u16('TX MCS map');
  const txHigh = r.u16('TX highest rate');
  return {
    type: 'vht_capabilities', id, data,
    capabilities: c,
    maxMpduLength: [3895, 7991, 11454, 3895][c & 3]!,
    supportedChannelWidthSet: (c >> 2) & 3,
    rxLdpc: (c & 0x10) !== 0,
    shortGi80: (c & 0x20) !== 0,
    shortGi160: (c & 0x40) !== 0,
    txStbc: (c & 0x80) !== 0,
    rxStbc: (c >> 8) & 7,
    suBeamformer: (c & (1 << 11)) !== 0,
    suBeamformee: (c & (1 << 12)) !== 0,
    muBeamformer: (c & (1 << 19)) !== 0,
    muBeamformee: (c & (1 << 20)) !== 0,
    txopPs: (c & (1 << 21)) !== 0,
    htcVht: (c & (1 << 22)) !== 0,
    maxAmpduLengthExponent: (c >> 23) & 7,
    rxAntennaPatternConsistency: (c & (1 << 28)) !== 0,
    txAntennaPatternConsistency: (c & (1 << 29)) !== 0,
    rxMcsMap: rxMap,
    rxHighestRate: rxHigh & 0x1fff,
    txMcsMap: txMap,
    txHighestRate: txHigh & 0x1fff,
    rxMcs: vhtMcs(rxMap),
    txMcs: vhtMcs(txMap),
  };
}

export function bitsOf(data: Uint8Array, names: Readonly<Record<number, string>>): { bits: number[]; names: string[] } {
  const bits: number[] = [];
  const n: string[] = [];
  for (let i = 0; i < data.length * 8; i++) {
    if (data[i >> 3]! & (1 << (i & 7))) {
      bits.push(i);
      if (names[i]) n.push(names[i]!);
    }
  }
  return { bits, names: n };
}

export function heCapabilities(r: Reader, id: number, ext: number, data: Uint8Array): HeCapabilitiesElement {
  const mac = r.bytes(6, 'HE MAC capabilities');
  const phy = r.bytes(11, 'HE PHY capabilities');
  const rest = r.rest();
  const n = heMcsLength(phy);
  if (rest.length < n) throw new Short(`element 255/${ext}: HE-MCS and NSS set needs ${n} bytes, ${rest.length} left`);
  const caps = heCapabilitiesFrom(mac, phy, rest.subarray(0, n), rest.subarray(n));
  return { type: 'he_capabilities', id, ext, data, ...caps, macCapabilities: mac, phyCapabilities: phy, mcsNssSet: rest };
}

export function heOperation(r: Reader, id: number, ext: number, data: Uint8Array): HeOperationElement {
  const p = r.u24('HE operation parameters');
  const color = r.u8('BSS color information');
  const mcs = r.u16('basic HE-MCS and NSS set');
  const el: HeOperationElement = {
    type: 'he_operation', id, ext, data,
    parameters: p,
    defaultPeDuration: p & 7,
    twtRequired: (p & 0x08) !== 0,
    txopDurationRtsThreshold: (p >> 4) & 0x3ff,
    vhtOperationInfoPresent: (p & (1 << 14)) !== 0,
    coHostedBss: (p & (1 << 15)) !== 0,
    erSuDisable: (p & (1 << 16)) !== 0,
    sixGhzOperationInfoPresent: (p & (1 << 17)) !== 0,
    bssColor: color & 0x3f,
    partialBssColor: (color & 0x40) !== 0,
    bssColorDisabled: (color & 0x80) !== 0,
    basicMcsNss: mcs,
  };
  if (el.vhtOperationInfoPresent) {
    el.vhtOperation = { channelWidth: r.u8('VHT channel width'), centerFreqSegment0: r.u8('VHT CCFS0'), centerFreqSegment1: r.u8('VHT CCFS1') };
  }
  if (el.coHostedBss) el.maxCoHostedBssidIndicator = r.u8('max co-hosted BSSID indicator');
  if (el.sixGhzOperationInfoPresent) {
    el.sixGhzOperation = {
      primaryChannel: r.u8('6 GHz primary channel'),
      control: r.u8('6 GHz control'),
      centerFreqSegment0: r.u8('6 GHz CCFS0'),
      centerFreqSegment1: r.u8('6 GHz CCFS1'),
      minimumRate: r.u8('6 GHz minimum rate'),
    };
  }
  return el;
}
