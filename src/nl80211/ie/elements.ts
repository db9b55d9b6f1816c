// The typed information elements parseIEs returns (IEEE Std 802.11-2020, clause 9.4.2).
import type { HeCapabilities } from './he-eht.js';
import type {
  AdvertisementProtocolElement, ApChannelReportElement, BssCoexistenceElement, EhtCapabilitiesElement, EhtOperationElement,
  IbssParamsElement, InterworkingElement, MeasurementPilotElement, MeshConfigurationElement, MeshIdElement,
  MobilityDomainElement, ObssScanParamsElement, RmCapabilitiesElement, RoamingConsortiumElement,
  SecondaryChannelOffsetElement, TpcReportElement, TransmitPowerEnvelopeElement, WpsElement,
} from './elements-more.js';

export type * from './elements-more.js';
export type * from './he-eht.js';

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

/** A BSS membership selector in a rates element (basic bit set, value 122..127). */
export interface RateSelector {
  selector: string;
  /** The 7-bit value (127 = HT PHY). */
  value: number;
}

export interface RatesElement extends Common {
  type: 'supported_rates' | 'extended_rates';
  rates: Rate[];
  /** Rates and selectors in the order the AP sent them. */
  items: (Rate | RateSelector)[];
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
  /** The bitmap control byte: multicast bit and bitmap offset. */
  bitmapControl: number;
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
  /** The ERP parameters byte. */
  flags: number;
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
  /** The RSN capabilities field (absent in short elements). */
  capabilities?: number;
  capabilityFlags?: RsnCapabilities;
  pmkids: Uint8Array[];
  groupManagementCipher?: Suite;
  /** The first optional field the element ends before (its default applies: iw prints the default suite). */
  absent?: 'group' | 'pairwise' | 'akm';
  /** Bytes after the last field that parsed (a count that runs past the end, or trailing bytes). */
  tail?: Uint8Array;
  /** Where the tail starts: at the pairwise or AKM count, the PMKID count, or after the last field. */
  tailAt?: 'pairwise' | 'akm' | 'pmkid' | 'end';
  /** The PMKID count field, when present. */
  pmkidCount?: number;
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
  /** The A-MPDU parameters byte: maximum length exponent (bits 0-1), minimum MPDU start spacing (bits 2-4). */
  ampduParameters: number;
  /** The 16 bytes of the supported MCS set (RX bitmask, highest rate, TX parameters). */
  mcsSet: Uint8Array;
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
  lsigTxopProtection: boolean;
  pcoActive: boolean;
  pcoPhase: boolean;
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
  type: 'extended_capabilities';
  /** Numbers of the bits set (bit n = byte n / 8, bit n % 8). */
  bits: number[];
  /** Names of the known bits set. */
  names: string[];
}

export interface OperatingClassesElement extends Common {
  type: 'supported_operating_classes';
  current: number;
  classes: number[];
  /** After the 130 delimiter: current operating class extension values. */
  extensions: number[];
}

export interface HeCapabilitiesElement extends Common, HeCapabilities {
  type: 'he_capabilities';
  /** The same bytes as `mac` and `phy`. */
  macCapabilities: Uint8Array;
  phyCapabilities: Uint8Array;
  /** The bytes after the PHY capabilities: the MCS/NSS maps, then the PPE thresholds. */
  mcsNssSet: Uint8Array;
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
  | RmCapabilitiesElement
  | MeshConfigurationElement
  | MeshIdElement
  | BssCoexistenceElement
  | InterworkingElement
  | ApChannelReportElement
  | MobilityDomainElement
  | TpcReportElement
  | IbssParamsElement
  | SecondaryChannelOffsetElement
  | ObssScanParamsElement
  | TransmitPowerEnvelopeElement
  | RoamingConsortiumElement
  | AdvertisementProtocolElement
  | MeasurementPilotElement
  | EhtCapabilitiesElement
  | EhtOperationElement
  | WpsElement
  | RawElement
  | InvalidElement;
