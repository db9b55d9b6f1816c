// HT, VHT and HE capability and operation elements.
import type { HeCapabilitiesElement, HeOperationElement, HtCapabilitiesElement, HtOperationElement, VhtCapabilitiesElement, VhtMcsSupport } from './elements.js';
import { Short, field, flag, layout, type Reader } from './reader.js';
import { heCapabilitiesFrom, heMcsLength } from './he-eht.js';

const MPDU_SPACING = ['no restriction', '1/4 usec', '1/2 usec', '1 usec', '2 usec', '4 usec', '8 usec', '16 usec'];
const SM_POWER_SAVE = ['static', 'dynamic', 'reserved', 'disabled'] as const;
const SECONDARY_CHANNEL_OFFSET = ['none', 'above', 'reserved', 'below'] as const;
const HT_PROTECTION = ['none', 'nonmember', '20MHz', 'non-HT mixed'] as const;
const VHT_MAX_MPDU_LENGTH = [3895, 7991, 11454, 3895];

const HE_VHT_OPERATION = layout({ channelWidth: 'u8 VHT channel width', centerFreqSegment0: 'u8 VHT CCFS0', centerFreqSegment1: 'u8 VHT CCFS1' });
const HE_6GHZ_OPERATION = layout({
  primaryChannel: 'u8 6 GHz primary channel',
  control: 'u8 6 GHz control',
  centerFreqSegment0: 'u8 6 GHz CCFS0',
  centerFreqSegment1: 'u8 6 GHz CCFS1',
  minimumRate: 'u8 6 GHz minimum rate',
});

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
    ldpc: flag(c, 0), channelWidth40: flag(c, 1), smPowerSave: SM_POWER_SAVE[field(c, 2, 2)]!, greenfield: flag(c, 4),
    shortGi20: flag(c, 5), shortGi40: flag(c, 6), txStbc: flag(c, 7), rxStbc: field(c, 8, 2), delayedBlockAck: flag(c, 10),
    maxAmsduLength: flag(c, 11) ? 7935 : 3839, dsssCck40: flag(c, 12), fortyMhzIntolerant: flag(c, 14), lsigTxopProtection: flag(c, 15),
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
    secondaryChannelOffset: SECONDARY_CHANNEL_OFFSET[field(i1, 0, 2)]!, anyChannelWidth: flag(i1, 2), rifs: flag(i1, 3),
    htProtection: HT_PROTECTION[field(i2, 0, 2)]!, nonGreenfieldPresent: flag(i2, 2), obssNonHtPresent: flag(i2, 4),
    channelCenterSegment2: field(i2, 5, 8),
    dualBeacon: flag(i3, 6), dualCtsProtection: flag(i3, 7), stbcBeacon: flag(i3, 8), lsigTxopProtection: flag(i3, 9),
    pcoActive: flag(i3, 10), pcoPhase: flag(i3, 11),
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
    maxMpduLength: VHT_MAX_MPDU_LENGTH[field(c, 0, 2)]!, supportedChannelWidthSet: field(c, 2, 2), rxLdpc: flag(c, 4),
    shortGi80: flag(c, 5), shortGi160: flag(c, 6), txStbc: flag(c, 7), rxStbc: field(c, 8, 3), suBeamformer: flag(c, 11),
    suBeamformee: flag(c, 12), muBeamformer: flag(c, 19), muBeamformee: flag(c, 20), txopPs: flag(c, 21), htcVht: flag(c, 22),
    maxAmpduLengthExponent: field(c, 23, 3), rxAntennaPatternConsistency: flag(c, 28), txAntennaPatternConsistency: flag(c, 29),
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
    defaultPeDuration: field(p, 0, 3), twtRequired: flag(p, 3), txopDurationRtsThreshold: field(p, 4, 10),
    vhtOperationInfoPresent: flag(p, 14), coHostedBss: flag(p, 15), erSuDisable: flag(p, 16), sixGhzOperationInfoPresent: flag(p, 17),
    bssColor: field(color, 0, 6), partialBssColor: flag(color, 6), bssColorDisabled: flag(color, 7),
    basicMcsNss: mcs,
  };
  if (el.vhtOperationInfoPresent) el.vhtOperation = r.struct(HE_VHT_OPERATION);
  if (el.coHostedBss) el.maxCoHostedBssidIndicator = r.u8('max co-hosted BSSID indicator');
  if (el.sixGhzOperationInfoPresent) el.sixGhzOperation = r.struct(HE_6GHZ_OPERATION);
  return el;
}
