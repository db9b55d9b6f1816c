// IEEE 802.11 information elements: the id-length-value records of beacons and
// probe responses (NL80211_BSS_INFORMATION_ELEMENTS / BEACON_IES, NL80211_ATTR_IE).
// parseIEs never throws: an element that does not parse is kept as
// { type: 'invalid', id, data, error }, and parsing goes on with the next one.
// Layouts are those of IEEE Std 802.11-2020, clause 9.4.2.
import {
  AKM_NAMES, CIPHER_NAMES, OUI_IEEE, OUI_MICROSOFT, WPA_AKM_NAMES, WPA_CIPHER_NAMES, formatOui,
} from './suites.js';

// ---- element ids ----

export const EID = {
  SSID: 0,
  SUPPORTED_RATES: 1,
  DS_PARAMS: 3,
  TIM: 5,
  COUNTRY: 7,
  BSS_LOAD: 11,
  POWER_CONSTRAINT: 32,
  ERP: 42,
  HT_CAPABILITIES: 45,
  RSN: 48,
  EXTENDED_RATES: 50,
  SUPPORTED_OPERATING_CLASSES: 59,
  HT_OPERATION: 61,
  RM_ENABLED_CAPABILITIES: 70,
  EXTENDED_CAPABILITIES: 127,
  VHT_CAPABILITIES: 191,
  VHT_OPERATION: 192,
  VENDOR: 221,
  EXTENSION: 255,
} as const;

/** Element ids after EID.EXTENSION (255): the first payload byte. */
export const EID_EXT = {
  HE_CAPABILITIES: 35,
  HE_OPERATION: 36,
} as const;

// ---- the typed union ----

interface Common {
  /** Element id. */
  id: number;
  /** Element id extension (elements with id 255). */
  ext?: number;
  /** The element's payload as received (after id and length; for id 255, after the extension id). */
  data: Uint8Array;
}

export interface SsidElement extends Common {
  type: 'ssid';
  /** UTF-8 text when the bytes are valid UTF-8, else with non-printable bytes as \xNN (as iw prints them). */
  ssid: string;
}

export interface Rate {
  /** Mb/s. */
  mbps: number;
  /** In the basic rate set (the "*" iw prints). */
  basic: boolean;
}

export interface RatesElement extends Common {
  type: 'supported_rates' | 'extended_rates';
  rates: Rate[];
  /** BSS membership selectors (basic bit set, value 122..127): "HT PHY", "VHT PHY", "SAE hash-to-element only"... */
  selectors: string[];
}

export interface DsParamsElement extends Common {
  type: 'ds_params';
  channel: number;
}

export interface TimElement extends Common {
  type: 'tim';
  dtimCount: number;
  dtimPeriod: number;
  /** Group addressed frames are buffered (bit 0 of the bitmap control). */
  multicast: boolean;
  bitmapOffset: number;
  partialVirtualBitmap: Uint8Array;
}

export type CountryTriplet =
  | { firstChannel: number; numChannels: number; maxTxPowerDbm: number }
  | { operatingExtension: number; operatingClass: number; coverageClass: number };

export interface CountryElement extends Common {
  type: 'country';
  /** Two letters, e.g. "DE" ("XX" when the AP gave none). */
  code: string;
  /** The third byte of the country string: ' ' any, 'O' outdoor, 'I' indoor, 'X' non-country, or a table number. */
  environment: 'any' | 'outdoor' | 'indoor' | 'noncountry' | 'table';
  environmentByte: number;
  triplets: CountryTriplet[];
}

export interface BssLoadElement extends Common {
  type: 'bss_load';
  stationCount: number;
  /** 0..255, the share of time the medium was busy (255 = 100%). */
  channelUtilization: number;
  /** In units of 32 us per second. */
  availableAdmissionCapacity: number;
}

export interface PowerConstraintElement extends Common {
  type: 'power_constraint';
  /** dB below the regulatory maximum. */
  db: number;
}

export interface ErpElement extends Common {
  type: 'erp';
  nonErpPresent: boolean;
  useProtection: boolean;
  barkerPreambleMode: boolean;
}

export interface Suite {
  /** "00-0F-AC". */
  oui: string;
  type: number;
  /** Known name ("CCMP-128", "PSK", "SAE"), else "00-0F-AC:99". */
  name: string;
  /** As nl80211 carries it: OUI << 8 | type (0x000fac04). */
  selector: number;
}

export interface RsnCapabilities {
  preauth: boolean;
  noPairwise: boolean;
  /** Replay counters per PTKSA: 1, 2, 4 or 16. */
  ptksaReplayCounters: number;
  gtksaReplayCounters: number;
  mfpRequired: boolean;
  mfpCapable: boolean;
  jointMultiBandRsna: boolean;
  peerkeyEnabled: boolean;
  sppAmsduCapable: boolean;
  sppAmsduRequired: boolean;
  pbac: boolean;
  extendedKeyId: boolean;
  ocvc: boolean;
}

export interface RsnElement extends Common {
  type: 'rsn' | 'wpa';
  version: number;
  groupCipher?: Suite;
  pairwiseCiphers: Suite[];
  akmSuites: Suite[];
  /** The RSN capabilities field (absent in WPA and in short RSN elements). */
  capabilities?: number;
  capabilityFlags?: RsnCapabilities;
  pmkids: Uint8Array[];
  groupManagementCipher?: Suite;
}

export interface HtCapabilitiesElement extends Common {
  type: 'ht_capabilities';
  /** HT capability information (u16). */
  capabilities: number;
  ldpc: boolean;
  /** 20/40 MHz supported. */
  channelWidth40: boolean;
  /** SM power save: 'static', 'dynamic', 'disabled' (or 'reserved'). */
  smPowerSave: 'static' | 'dynamic' | 'reserved' | 'disabled';
  greenfield: boolean;
  shortGi20: boolean;
  shortGi40: boolean;
  txStbc: boolean;
  /** Number of RX STBC streams (0 = none). */
  rxStbc: number;
  delayedBlockAck: boolean;
  /** Max A-MSDU length in bytes (3839 or 7935). */
  maxAmsduLength: number;
  dsssCck40: boolean;
  fortyMhzIntolerant: boolean;
  lsigTxopProtection: boolean;
  /** A-MPDU parameters: maximum length (bytes) and minimum MPDU start spacing (us, as text: "no restriction", "1/4", ...). */
  maxAmpduLength: number;
  minMpduSpacing: string;
  /** RX MCS indexes supported (from the 77-bit bitmask). */
  rxMcs: number[];
  /** Highest supported RX data rate, Mb/s (0 = not given). */
  rxHighestRate: number;
  txMcsSetDefined: boolean;
  txRxMcsSetNotEqual: boolean;
  txMaxSpatialStreams: number;
  txUnequalModulation: boolean;
  extendedCapabilities: number;
  txBeamforming: number;
  antennaSelection: number;
}

export interface HtOperationElement extends Common {
  type: 'ht_operation';
  primaryChannel: number;
  secondaryChannelOffset: 'none' | 'above' | 'below' | 'reserved';
  /** Any channel width in the supported set (else 20 MHz only). */
  anyChannelWidth: boolean;
  rifs: boolean;
  htProtection: 'none' | 'nonmember' | '20MHz' | 'non-HT mixed';
  nonGreenfieldPresent: boolean;
  obssNonHtPresent: boolean;
  /** Channel center frequency segment 2 (for 80+80 / 160 MHz by HT operation). */
  channelCenterSegment2: number;
  dualBeacon: boolean;
  dualCtsProtection: boolean;
  stbcBeacon: boolean;
  basicMcs: number[];
}

/** Per spatial stream: the highest MCS range supported. */
export type VhtMcsSupport = 'MCS 0-7' | 'MCS 0-8' | 'MCS 0-9' | 'not supported';

export interface VhtCapabilitiesElement extends Common {
  type: 'vht_capabilities';
  /** VHT capability information (u32). */
  capabilities: number;
  /** 3895, 7991 or 11454 bytes. */
  maxMpduLength: number;
  /** 0: neither 160 nor 80+80, 1: 160 MHz, 2: 160 and 80+80 MHz. */
  supportedChannelWidthSet: number;
  rxLdpc: boolean;
  shortGi80: boolean;
  shortGi160: boolean;
  txStbc: boolean;
  rxStbc: number;
  suBeamformer: boolean;
  suBeamformee: boolean;
  muBeamformer: boolean;
  muBeamformee: boolean;
  txopPs: boolean;
  htcVht: boolean;
  /** Maximum A-MPDU length exponent (length = 2^(13 + e) - 1). */
  maxAmpduLengthExponent: number;
  rxAntennaPatternConsistency: boolean;
  txAntennaPatternConsistency: boolean;
  rxMcsMap: number;
  rxHighestRate: number;
  txMcsMap: number;
  txHighestRate: number;
  /** By spatial stream (index 0 = 1 stream). */
  rxMcs: VhtMcsSupport[];
  txMcs: VhtMcsSupport[];
}

export interface VhtOperationElement extends Common {
  type: 'vht_operation';
  /** 0: 20 or 40 MHz, 1: 80, 160 or 80+80 MHz, 2: 160 MHz (deprecated), 3: 80+80 MHz (deprecated). */
  channelWidth: number;
  centerFreqSegment0: number;
  centerFreqSegment1: number;
  basicMcsMap: number;
}

export interface BitsElement extends Common {
  type: 'extended_capabilities' | 'rm_enabled_capabilities';
  /** Numbers of the bits set (bit n = byte n / 8, bit n % 8). */
  bits: number[];
  /** Names of the known bits set. */
  names: string[];
}

export interface OperatingClassesElement extends Common {
  type: 'supported_operating_classes';
  current: number;
  classes: number[];
}

export interface HeCapabilitiesElement extends Common {
  type: 'he_capabilities';
  macCapabilities: Uint8Array;
  phyCapabilities: Uint8Array;
  /** Channel width set (B1..B7 of PHY capabilities byte 0). */
  channelWidthSet: number;
  /** Supported HE-MCS and NSS set: maps for 80 MHz and, when the width set says so, 160 and 80+80 MHz. */
  mcsNss: { rx80: number; tx80: number; rx160?: number; tx160?: number; rx80p80?: number; tx80p80?: number };
  ppeThresholds?: Uint8Array;
}

export interface HeOperationElement extends Common {
  type: 'he_operation';
  /** HE operation parameters (24 bits). */
  parameters: number;
  defaultPeDuration: number;
  twtRequired: boolean;
  txopDurationRtsThreshold: number;
  vhtOperationInfoPresent: boolean;
  coHostedBss: boolean;
  erSuDisable: boolean;
  sixGhzOperationInfoPresent: boolean;
  bssColor: number;
  partialBssColor: boolean;
  bssColorDisabled: boolean;
  basicMcsNss: number;
  vhtOperation?: { channelWidth: number; centerFreqSegment0: number; centerFreqSegment1: number };
  maxCoHostedBssidIndicator?: number;
  sixGhzOperation?: { primaryChannel: number; control: number; centerFreqSegment0: number; centerFreqSegment1: number; minimumRate: number };
}

export interface VendorElement extends Common {
  type: 'vendor';
  /** "00:50:F2" style. */
  oui: string;
  /** The byte after the OUI (most vendors use it as a type), when present. */
  ouiType?: number;
  /** The bytes after the OUI. */
  vendorData: Uint8Array;
}

/** Any other element, kept as bytes. */
export interface RawElement extends Common {
  type: 'raw';
}

/** An element that did not parse: its bytes and why. */
export interface InvalidElement extends Common {
  type: 'invalid';
  error: string;
}

export type InformationElement =
  | SsidElement
  | RatesElement
  | DsParamsElement
  | TimElement
  | CountryElement
  | BssLoadElement
  | PowerConstraintElement
  | ErpElement
  | RsnElement
  | HtCapabilitiesElement
  | HtOperationElement
  | VhtCapabilitiesElement
  | VhtOperationElement
  | BitsElement
  | OperatingClassesElement
  | HeCapabilitiesElement
  | HeOperationElement
  | VendorElement
  | RawElement
  | InvalidElement;

// ---- reading ----

class Short extends Error {}

/** A bounds-checked reader over one element's payload. */
class Reader {
  at = 0;
  constructor(readonly b: Uint8Array, readonly what: string) {}
  get left(): number {
    return this.b.length - this.at;
  }
  need(n: number, field: string): void {
    if (this.left < n) throw new Short(`${this.what}: ${field} needs ${n} bytes, ${this.left} left`);
  }
  u8(field: string): number {
    this.need(1, field);
    return this.b[this.at++]!;
  }
  u16(field: string): number {
    this.need(2, field);
    const v = this.b[this.at]! | (this.b[this.at + 1]! << 8);
    this.at += 2;
    return v;
  }
  u24(field: string): number {
    this.need(3, field);
    const v = this.b[this.at]! | (this.b[this.at + 1]! << 8) | (this.b[this.at + 2]! << 16);
    this.at += 3;
    return v;
  }
  u32(field: string): number {
    this.need(4, field);
    const v = (this.b[this.at]! | (this.b[this.at + 1]! << 8) | (this.b[this.at + 2]! << 16) | (this.b[this.at + 3]! << 24)) >>> 0;
    this.at += 4;
    return v;
  }
  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const v = this.b.slice(this.at, this.at + n);
    this.at += n;
    return v;
  }
  rest(): Uint8Array {
    const v = this.b.slice(this.at);
    this.at = this.b.length;
    return v;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** SSID bytes as text: UTF-8 when valid and printable, else printable ASCII with \xNN escapes. */
export function ssidText(b: Uint8Array): string {
  try {
    const s = utf8.decode(b);
    // eslint-disable-next-line no-control-regex
    if (!/[\x00-\x1f\x7f]/.test(s)) return s;
  } catch {
    // not UTF-8
  }
  let out = '';
  for (const c of b) out += c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return out;
}

const SELECTORS: Readonly<Record<number, string>> = {
  127: 'HT PHY',
  126: 'VHT PHY',
  125: 'GLK',
  124: 'EPD',
  123: 'SAE hash-to-element only',
  122: 'HE PHY',
  121: 'EHT PHY',
};

function rates(r: Reader, out: RatesElement): void {
  while (r.left > 0) {
    const v = r.u8('rate');
    const basic = (v & 0x80) !== 0;
    const n = v & 0x7f;
    if (basic && SELECTORS[n]) out.selectors.push(SELECTORS[n]!);
    else out.rates.push({ mbps: n / 2, basic });
  }
}

function suite(r: Reader, field: string, vendor: boolean): Suite {
  const o = r.bytes(3, field);
  const type = r.u8(field);
  const oui = (o[0]! << 16) | (o[1]! << 8) | o[2]!;
  const kind = field.includes('AKM') ? 'akm' : 'cipher';
  let name: string | undefined;
  if (oui === OUI_IEEE) name = (kind === 'akm' ? AKM_NAMES : CIPHER_NAMES)[type];
  else if (vendor && oui === OUI_MICROSOFT) name = (kind === 'akm' ? WPA_AKM_NAMES : WPA_CIPHER_NAMES)[type];
  return { oui: formatOui(oui), type, name: name ?? `${formatOui(oui)}:${type}`, selector: ((oui << 8) | type) >>> 0 };
}

const REPLAY_COUNTERS = [1, 2, 4, 16];

/** RSN (48) and WPA (vendor 00-50-F2 type 1) share a layout; every field after the version is optional. */
function rsn(r: Reader, out: RsnElement, vendor: boolean): void {
  out.version = r.u16('version');
  if (r.left === 0) return;
  out.groupCipher = suite(r, 'group cipher', vendor);
  if (r.left === 0) return;
  const np = r.u16('pairwise cipher count');
  for (let i = 0; i < np; i++) out.pairwiseCiphers.push(suite(r, 'pairwise cipher', vendor));
  if (r.left === 0) return;
  const na = r.u16('AKM count');
  for (let i = 0; i < na; i++) out.akmSuites.push(suite(r, 'AKM suite', vendor));
  if (r.left === 0 || vendor) return;
  const c = r.u16('capabilities');
  out.capabilities = c;
  out.capabilityFlags = {
    preauth: (c & 0x0001) !== 0,
    noPairwise: (c & 0x0002) !== 0,
    ptksaReplayCounters: REPLAY_COUNTERS[(c >> 2) & 3]!,
    gtksaReplayCounters: REPLAY_COUNTERS[(c >> 4) & 3]!,
    mfpRequired: (c & 0x0040) !== 0,
    mfpCapable: (c & 0x0080) !== 0,
    jointMultiBandRsna: (c & 0x0100) !== 0,
    peerkeyEnabled: (c & 0x0200) !== 0,
    sppAmsduCapable: (c & 0x0400) !== 0,
    sppAmsduRequired: (c & 0x0800) !== 0,
    pbac: (c & 0x1000) !== 0,
    extendedKeyId: (c & 0x2000) !== 0,
    ocvc: (c & 0x4000) !== 0,
  };
  if (r.left === 0) return;
  const nk = r.u16('PMKID count');
  for (let i = 0; i < nk; i++) out.pmkids.push(r.bytes(16, 'PMKID'));
  if (r.left === 0) return;
  out.groupManagementCipher = suite(r, 'group management cipher', vendor);
}

const MPDU_SPACING = ['no restriction', '1/4 usec', '1/2 usec', '1 usec', '2 usec', '4 usec', '8 usec', '16 usec'];

function mcsBits(b: Uint8Array, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count && i >> 3 < b.length; i++) if (b[i >> 3]! & (1 << (i & 7))) out.push(i);
  return out;
}

function htCapabilities(r: Reader, id: number, data: Uint8Array): HtCapabilitiesElement {
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

function htOperation(r: Reader, id: number, data: Uint8Array): HtOperationElement {
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
    basicMcs: mcsBits(basic.subarray(0, 10), 77),
  };
}

const VHT_MCS: readonly VhtMcsSupport[] = ['MCS 0-7', 'MCS 0-8', 'MCS 0-9', 'not supported'];
function vhtMcs(map: number): VhtMcsSupport[] {
  const out: VhtMcsSupport[] = [];
  for (let i = 0; i < 8; i++) out.push(VHT_MCS[(map >> (2 * i)) & 3]!);
  return out;
}

function vhtCapabilities(r: Reader, id: number, data: Uint8Array): VhtCapabilitiesElement {
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

/** IEEE 802.11-2020 Table 9-153 (extended capabilities), as iw names them. */
const EXT_CAPA_NAMES: Readonly<Record<number, string>> = {
  0: 'HT Information Exchange Supported',
  2: 'Extended Channel Switching',
  4: 'PSMP Capability',
  6: 'S-PSMP Support',
  7: 'Event',
  8: 'Diagnostics',
  9: 'Multicast Diagnostics',
  10: 'Location Tracking',
  11: 'FMS',
  12: 'Proxy ARP Service',
  13: 'Collocated Interference Reporting',
  14: 'Civic Location',
  15: 'Geospatial Location',
  16: 'TFS',
  17: 'WNM-Sleep Mode',
  18: 'TIM Broadcast',
  19: 'BSS Transition',
  20: 'QoS Traffic Capability',
  21: 'AC Station Count',
  22: 'Multiple BSSID',
  23: 'Timing Measurement',
  24: 'Channel Usage',
  25: 'SSID List',
  26: 'DMS',
  27: 'UTC TSF Offset',
  28: 'TDLS Peer U-APSD Buffer STA Support',
  29: 'TDLS Peer PSM Support',
  30: 'TDLS channel switching',
  31: 'Interworking',
  32: 'QoS Map',
  33: 'EBR',
  34: 'SSPN Interface',
  36: 'MSGCF Capability',
  37: 'TDLS Support',
  38: 'TDLS Prohibited',
  39: 'TDLS Channel Switching Prohibited',
  40: 'Reject Unadmitted Frame',
  44: 'Identifier Location',
  45: 'U-APSD Coexistence',
  46: 'WNM-Notification',
  48: 'UTF-8 SSID',
  49: 'QMF Activated',
  50: 'QMF Reconfiguration Activated',
  51: 'Robust AV Streaming',
  52: 'Advanced GCR',
  53: 'Mesh GCR',
  54: 'SCS',
  55: 'QLoad Report',
  56: 'Alternate EDCA',
  57: 'Unprotected TXOP Negotiation',
  58: 'Protected TXOP Negotiation',
  60: 'Protected QLoad Report',
  61: 'TDLS Wider Bandwidth',
  62: 'Operating Mode Notification',
  65: 'Channel Schedule Management',
  66: 'Geodatabase Inband Enabling Signal',
  67: 'Network Channel Control',
  68: 'White Space Map',
  69: 'Channel Availability Query',
  70: 'FTM Responder',
  71: 'FTM Initiator',
  73: 'Extended Spectrum Management Capable',
  74: 'Future Channel Guidance',
  77: 'TWT Requester Support',
  78: 'TWT Responder Support',
  79: 'OBSS Narrow Bandwidth RU in UL OFDMA Tolerance Support',
  80: 'Complete List of NonTxBSSID Profiles',
  81: 'SAE Password Identifiers In Use',
  82: 'SAE Passwords Used Exclusively',
  83: 'Enhanced Multi-BSSID Advertisement Support',
  84: 'Beacon Protection Enabled',
};

/** IEEE 802.11-2020 Table 9-179 (RM enabled capabilities). */
const RM_CAPA_NAMES: Readonly<Record<number, string>> = {
  0: 'Link Measurement',
  1: 'Neighbor Report',
  2: 'Parallel Measurements',
  3: 'Repeated Measurements',
  4: 'Beacon Passive Measurement',
  5: 'Beacon Active Measurement',
  6: 'Beacon Table Measurement',
  7: 'Beacon Measurement Reporting Conditions',
  8: 'Frame Measurement',
  9: 'Channel Load Measurement',
  10: 'Noise Histogram Measurement',
  11: 'Statistics Measurement',
  12: 'LCI Measurement',
  13: 'LCI Azimuth capability',
  14: 'Transmit Stream/Category Measurement',
  15: 'Triggered Transmit Stream/Category Measurement',
  16: 'AP Channel Report',
  17: 'RM MIB',
  27: 'Measurement Pilot Transmission Information',
  28: 'Neighbor Report TSF Offset',
  29: 'RCPI Measurement',
  30: 'RSNI Measurement',
  31: 'BSS Average Access Delay',
  32: 'BSS Available Admission Capacity',
  33: 'Antenna',
  34: 'FTM Range Report',
  35: 'Civic Location Measurement',
};

function bitsOf(data: Uint8Array, names: Readonly<Record<number, string>>): { bits: number[]; names: string[] } {
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

function heCapabilities(r: Reader, id: number, ext: number, data: Uint8Array): HeCapabilitiesElement {
  const mac = r.bytes(6, 'HE MAC capabilities');
  const phy = r.bytes(11, 'HE PHY capabilities');
  const widths = (phy[0]! >> 1) & 0x7f;
  const mcsNss: HeCapabilitiesElement['mcsNss'] = { rx80: r.u16('RX HE-MCS map <= 80 MHz'), tx80: r.u16('TX HE-MCS map <= 80 MHz') };
  if (widths & 0x04) {
    mcsNss.rx160 = r.u16('RX HE-MCS map 160 MHz');
    mcsNss.tx160 = r.u16('TX HE-MCS map 160 MHz');
  }
  if (widths & 0x08) {
    mcsNss.rx80p80 = r.u16('RX HE-MCS map 80+80 MHz');
    mcsNss.tx80p80 = r.u16('TX HE-MCS map 80+80 MHz');
  }
  const el: HeCapabilitiesElement = { type: 'he_capabilities', id, ext, data, macCapabilities: mac, phyCapabilities: phy, channelWidthSet: widths, mcsNss };
  // PPE thresholds present (PHY capabilities bit 23).
  if (phy[2]! & 0x80 && r.left > 0) el.ppeThresholds = r.rest();
  return el;
}

function heOperation(r: Reader, id: number, ext: number, data: Uint8Array): HeOperationElement {
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

function country(r: Reader, id: number, data: Uint8Array): CountryElement {
  const cc = r.bytes(2, 'country string');
  const env = r.u8('environment');
  const code = String.fromCharCode(cc[0]!, cc[1]!);
  const environment: CountryElement['environment'] =
    env === 0x20 ? 'any' : env === 0x4f ? 'outdoor' : env === 0x49 ? 'indoor' : env === 0x58 ? 'noncountry' : 'table';
  const triplets: CountryTriplet[] = [];
  // Triplets of 3 bytes; a final odd byte is padding.
  while (r.left >= 3) {
    const a = r.u8('triplet');
    const b = r.u8('triplet');
    const c = r.u8('triplet');
    if (a >= 201) triplets.push({ operatingExtension: a, operatingClass: b, coverageClass: c });
    else triplets.push({ firstChannel: a, numChannels: b, maxTxPowerDbm: c > 127 ? c - 256 : c });
  }
  return { type: 'country', id, data, code, environment, environmentByte: env, triplets };
}

function vendor(r: Reader, id: number, data: Uint8Array): VendorElement | RsnElement {
  const o = r.bytes(3, 'OUI');
  const oui = (o[0]! << 16) | (o[1]! << 8) | o[2]!;
  const rest = r.rest();
  if (oui === OUI_MICROSOFT && rest[0] === 1) {
    const w: RsnElement = { type: 'wpa', id, data, version: 0, pairwiseCiphers: [], akmSuites: [], pmkids: [] };
    rsn(new Reader(rest.subarray(1), 'WPA'), w, true);
    return w;
  }
  const v: VendorElement = { type: 'vendor', id, data, oui: formatOui(oui).replace(/-/g, ':'), vendorData: rest };
  if (rest.length > 0) v.ouiType = rest[0];
  return v;
}

function parseOne(id: number, data: Uint8Array): InformationElement {
  const r = new Reader(data, `element ${id}`);
  switch (id) {
    case EID.SSID:
      return { type: 'ssid', id, data, ssid: ssidText(data) };
    case EID.SUPPORTED_RATES:
    case EID.EXTENDED_RATES: {
      const el: RatesElement = { type: id === EID.SUPPORTED_RATES ? 'supported_rates' : 'extended_rates', id, data, rates: [], selectors: [] };
      rates(r, el);
      return el;
    }
    case EID.DS_PARAMS:
      return { type: 'ds_params', id, data, channel: r.u8('channel') };
    case EID.TIM: {
      const dtimCount = r.u8('DTIM count');
      const dtimPeriod = r.u8('DTIM period');
      const ctl = r.u8('bitmap control');
      const bitmap = r.rest();
      if (bitmap.length === 0) throw new Short('TIM: partial virtual bitmap needs 1 byte, 0 left');
      return { type: 'tim', id, data, dtimCount, dtimPeriod, multicast: (ctl & 1) !== 0, bitmapOffset: (ctl >> 1) * 2, partialVirtualBitmap: bitmap };
    }
    case EID.COUNTRY:
      return country(r, id, data);
    case EID.BSS_LOAD:
      return {
        type: 'bss_load', id, data,
        stationCount: r.u16('station count'),
        channelUtilization: r.u8('channel utilization'),
        availableAdmissionCapacity: r.u16('available admission capacity'),
      };
    case EID.POWER_CONSTRAINT:
      return { type: 'power_constraint', id, data, db: r.u8('local power constraint') };
    case EID.ERP: {
      const b = r.u8('ERP parameters');
      return { type: 'erp', id, data, nonErpPresent: (b & 1) !== 0, useProtection: (b & 2) !== 0, barkerPreambleMode: (b & 4) !== 0 };
    }
    case EID.RSN: {
      const el: RsnElement = { type: 'rsn', id, data, version: 0, pairwiseCiphers: [], akmSuites: [], pmkids: [] };
      rsn(r, el, false);
      return el;
    }
    case EID.HT_CAPABILITIES:
      return htCapabilities(r, id, data);
    case EID.HT_OPERATION:
      return htOperation(r, id, data);
    case EID.SUPPORTED_OPERATING_CLASSES: {
      const current = r.u8('current operating class');
      const classes: number[] = [];
      // The list ends at 130 (current operating class extension) or 0 (alternate) delimiters.
      while (r.left > 0) {
        const c = r.u8('operating class');
        if (c === 130 || c === 0) break;
        classes.push(c);
      }
      return { type: 'supported_operating_classes', id, data, current, classes };
    }
    case EID.RM_ENABLED_CAPABILITIES:
      r.need(5, 'RM enabled capabilities');
      return { type: 'rm_enabled_capabilities', id, data, ...bitsOf(data, RM_CAPA_NAMES) };
    case EID.EXTENDED_CAPABILITIES:
      return { type: 'extended_capabilities', id, data, ...bitsOf(data, EXT_CAPA_NAMES) };
    case EID.VHT_CAPABILITIES:
      return vhtCapabilities(r, id, data);
    case EID.VHT_OPERATION:
      return {
        type: 'vht_operation', id, data,
        channelWidth: r.u8('channel width'),
        centerFreqSegment0: r.u8('CCFS0'),
        centerFreqSegment1: r.u8('CCFS1'),
        basicMcsMap: r.u16('basic VHT-MCS and NSS set'),
      };
    case EID.VENDOR:
      return vendor(r, id, data);
    case EID.EXTENSION: {
      const ext = r.u8('element id extension');
      const body = data.subarray(1);
      const rr = new Reader(body, `element 255/${ext}`);
      if (ext === EID_EXT.HE_CAPABILITIES) return heCapabilities(rr, id, ext, body);
      if (ext === EID_EXT.HE_OPERATION) return heOperation(rr, id, ext, body);
      return { type: 'raw', id, ext, data: body };
    }
    default:
      return { type: 'raw', id, data };
  }
}

/**
 * Parses a buffer of information elements. Never throws: an element whose
 * fields are short, or whose length runs past the buffer, becomes
 * { type: 'invalid', id, data, error }.
 */
export function parseIEs(bytes: Uint8Array): InformationElement[] {
  const out: InformationElement[] = [];
  if (!(bytes instanceof Uint8Array)) return out;
  let at = 0;
  while (at < bytes.length) {
    const id = bytes[at]!;
    if (at + 2 > bytes.length) {
      out.push({ type: 'invalid', id, data: new Uint8Array(0), error: `element ${id}: no length byte` });
      break;
    }
    const len = bytes[at + 1]!;
    const end = at + 2 + len;
    if (end > bytes.length) {
      out.push({ type: 'invalid', id, data: bytes.slice(at + 2), error: `element ${id}: length ${len} runs past the end (${bytes.length - at - 2} bytes left)` });
      break;
    }
    const data = bytes.slice(at + 2, end);
    try {
      out.push(parseOne(id, data));
    } catch (e) {
      const ext = id === EID.EXTENSION && data.length > 0 ? data[0] : undefined;
      const el: InvalidElement = { type: 'invalid', id, data, error: e instanceof Error ? e.message : String(e) };
      if (ext !== undefined) el.ext = ext;
      out.push(el);
    }
    at = end;
  }
  return out;
}

/** The first element of a type, typed: findIE(ies, 'rsn')?.pairwiseCiphers. */
export function findIE<T extends InformationElement['type']>(ies: readonly InformationElement[], type: T): ElementOf<T> | undefined {
  return ies.find((e) => e.type === type) as ElementOf<T> | undefined;
}

/** The element interface whose `type` can be T ('rsn' -> RsnElement, 'extended_rates' -> RatesElement). */
export type ElementOf<T extends InformationElement['type']> = InformationElement extends infer E
  ? E extends { type: infer U }
    ? T extends U
      ? E
      : never
    : never
  : never;
