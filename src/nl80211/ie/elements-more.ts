// More typed information elements: measurement, mesh, coexistence,
// interworking, mobility, transmit power, EHT and WPS (IEEE Std 802.11-2020
// clause 9.4.2, 802.11be, Wi-Fi Simple Configuration).
import type { CapValue } from './cap-fields.js';
import type { EhtCapabilities } from './he-eht.js';

interface Common {
  id: number;
  ext?: number;
  data: Uint8Array;
}

export interface RmCapabilitiesElement extends Common {
  type: 'rm_enabled_capabilities';
  /** Numbers of the bits set. */
  bits: number[];
  /** 802.11 names of the known bits set. */
  names: string[];
  /** B18-B20. */
  operatingChannelMaxMeasurementDuration: number;
  /** B21-B23. */
  nonoperatingChannelMaxMeasurementDuration: number;
  /** B24-B26. */
  measurementPilotCapability: number;
}

export interface MeshConfigurationElement extends Common {
  type: 'mesh_configuration';
  pathSelectionProtocol: number;
  pathSelectionMetric: number;
  congestionControlMode: number;
  synchronizationMethod: number;
  authenticationProtocol: number;
  /** Mesh formation info: number of peerings and the gate/AS bits. */
  formationInfo: number;
  numberOfPeerings: number;
  connectedToMeshGate: boolean;
  connectedToAs: boolean;
  /** Mesh capability bits. */
  capability: number;
  acceptingAdditionalPeerings: boolean;
  mccaSupported: boolean;
  mccaEnabled: boolean;
  forwarding: boolean;
  mbcaEnabled: boolean;
  tbttAdjusting: boolean;
  meshPowerSaveLevel: boolean;
}

export interface MeshIdElement extends Common {
  type: 'mesh_id';
  /** The mesh ID bytes (like an SSID, not necessarily UTF-8). */
  meshId: Uint8Array;
}

export interface BssCoexistenceElement extends Common {
  type: 'bss_coexistence';
  informationRequest: boolean;
  fortyMhzIntolerant: boolean;
  twentyMhzBssWidthRequest: boolean;
  obssScanningExemptionRequest: boolean;
  obssScanningExemptionGrant: boolean;
}

export interface InterworkingElement extends Common {
  type: 'interworking';
  /** Access network options byte. */
  accessNetworkOptions?: number;
  /** 0 private, 1 private with guest, 2 chargeable public, 3 free public, ... */
  accessNetworkType?: number;
  internet?: boolean;
  asra?: boolean;
  esr?: boolean;
  uesa?: boolean;
  venueGroup?: number;
  venueType?: number;
  /** "aa:bb:cc:dd:ee:ff". */
  hessid?: string;
}

export interface ApChannelReportElement extends Common {
  type: 'ap_channel_report';
  operatingClass: number;
  channels: number[];
}

export interface MobilityDomainElement extends Common {
  type: 'mobility_domain';
  /** MDID (u16). */
  mdid: number;
  ftOverDs: boolean;
  resourceRequestProtocol: boolean;
}

export interface TpcReportElement extends Common {
  type: 'tpc_report';
  /** dBm (signed). */
  txPower: number;
  linkMargin: number;
}

export interface IbssParamsElement extends Common {
  type: 'ibss_params';
  /** ATIM window in TUs. */
  atimWindow: number;
}

export interface SecondaryChannelOffsetElement extends Common {
  type: 'secondary_channel_offset';
  /** 0 none, 1 above, 3 below. */
  offset: number;
}

export interface ObssScanParamsElement extends Common {
  type: 'obss_scan_params';
  passiveDwell: number;
  activeDwell: number;
  widthTriggerScanInterval: number;
  passiveTotalPerChannel: number;
  activeTotalPerChannel: number;
  widthChannelTransitionDelayFactor: number;
  /** In hundredths of a percent. */
  activityThreshold: number;
}

export interface TransmitPowerEnvelopeElement extends Common {
  type: 'transmit_power_envelope';
  /** Transmit power information: count (bits 0-2) and unit interpretation (bits 3-5). */
  info: number;
  /** Local maximum transmit power per width (20, 40, 80, 160 MHz), dBm in half steps. */
  maxPowerDbm: number[];
}

export interface RoamingConsortiumElement extends Common {
  type: 'roaming_consortium';
  anqpOis: number;
  /** The OIs in the element (up to three). */
  ois: Uint8Array[];
}

export interface AdvertisementProtocolElement extends Common {
  type: 'advertisement_protocol';
  tuples: { queryResponseInfo: number; protocolId: number }[];
}

export interface MeasurementPilotElement extends Common {
  type: 'measurement_pilot';
  /** Measurement pilot interval, TUs. */
  interval: number;
  subelements: { id: number; data: Uint8Array }[];
}

export interface EhtCapabilitiesElement extends Common, Omit<EhtCapabilities, never> {
  type: 'eht_capabilities';
}

export interface EhtOperationElement extends Common {
  type: 'eht_operation';
  /** EHT operation parameters byte: information present, disabled subchannel bitmap present, ... */
  parameters: number;
  /** Basic EHT-MCS and NSS set (u32). */
  basicMcsNss: number;
  operationInfo?: { controlWidth: number; ccfs0: number; ccfs1: number; disabledSubchannels?: number };
}

/** Wi-Fi Simple Configuration (WPS) attribute, big-endian type and length. */
export interface WpsAttribute {
  type: number;
  data: Uint8Array;
}

export interface WpsElement extends Common {
  type: 'wps';
  attributes: WpsAttribute[];
  /** Decoded attributes (absent when the element does not carry them). */
  version?: number;
  state?: number;
  deviceName?: string;
  manufacturer?: string;
  model?: string;
  modelNumber?: string;
  serialNumber?: string;
  uuid?: string;
  /** Config methods by name ("PBC", "Display", ...). */
  configMethods?: string[];
  rfBands?: number;
  responseType?: number;
  selectedRegistrar?: number;
  apSetupLocked?: number;
  devicePasswordId?: number;
  /** Version2 from the WFA vendor extension. */
  version2?: number;
  /** Bytes after the last whole attribute. */
  tail?: Uint8Array;
}

export type { CapValue };
