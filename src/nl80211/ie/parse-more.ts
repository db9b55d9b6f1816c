// Readers of the elements in elements-more.ts. Each takes the element's payload
// through a bounds-checked Reader; a short field throws Short (the element
// becomes 'invalid' and parsing goes on).
import { bitsAt } from './cap-fields.js';
import { ehtCapabilitiesFrom } from './he-eht.js';
import { RM_CAPA_NAMES } from './bit-names.js';
import { Short, field, flag, layout, type Reader } from './reader.js';
import { EID } from './ids.js';
import type {
  AdvertisementProtocolElement, ApChannelReportElement, BssCoexistenceElement, EhtCapabilitiesElement, EhtOperationElement,
  InterworkingElement, MeasurementPilotElement, MeshConfigurationElement, ObssScanParamsElement, RmCapabilitiesElement,
  RoamingConsortiumElement, TransmitPowerEnvelopeElement, WpsAttribute, WpsElement,
} from './elements-more.js';
import type { InformationElement } from './elements.js';

const MESH_CONFIGURATION = layout({
  pathSelectionProtocol: 'u8 path selection protocol',
  pathSelectionMetric: 'u8 path selection metric',
  congestionControlMode: 'u8 congestion control mode',
  synchronizationMethod: 'u8 synchronization method',
  authenticationProtocol: 'u8 authentication protocol',
  formationInfo: 'u8 mesh formation info',
  capability: 'u8 mesh capability',
});

const OBSS_SCAN_PARAMS = layout({
  passiveDwell: 'u16 OBSS scan passive dwell',
  activeDwell: 'u16 OBSS scan active dwell',
  widthTriggerScanInterval: 'u16 BSS channel width trigger scan interval',
  passiveTotalPerChannel: 'u16 OBSS scan passive total per channel',
  activeTotalPerChannel: 'u16 OBSS scan active total per channel',
  widthChannelTransitionDelayFactor: 'u16 BSS width channel transition delay factor',
  activityThreshold: 'u16 OBSS scan activity threshold',
});

const macText = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':');

export function rmCapabilities(r: Reader, id: number, data: Uint8Array): RmCapabilitiesElement {
  r.need(5, 'RM enabled capabilities');
  const bits: number[] = [];
  const names: string[] = [];
  for (let i = 0; i < data.length * 8; i++) {
    if (!bitsAt(data, i, 1)) continue;
    bits.push(i);
    if (RM_CAPA_NAMES[i]) names.push(RM_CAPA_NAMES[i]!);
  }
  return {
    type: 'rm_enabled_capabilities', id, data, bits, names,
    operatingChannelMaxMeasurementDuration: bitsAt(data, 18, 3),
    nonoperatingChannelMaxMeasurementDuration: bitsAt(data, 21, 3),
    measurementPilotCapability: bitsAt(data, 24, 3),
  };
}

export function meshConfiguration(r: Reader, id: number, data: Uint8Array): MeshConfigurationElement {
  const { formationInfo: fi, capability: c, ...ids } = r.struct(MESH_CONFIGURATION);
  return {
    type: 'mesh_configuration', id, data, ...ids,
    formationInfo: fi, numberOfPeerings: field(fi, 1, 6), connectedToMeshGate: flag(fi, 0), connectedToAs: flag(fi, 7),
    capability: c, acceptingAdditionalPeerings: flag(c, 0), mccaSupported: flag(c, 1), mccaEnabled: flag(c, 2), forwarding: flag(c, 3),
    mbcaEnabled: flag(c, 4), tbttAdjusting: flag(c, 5), meshPowerSaveLevel: flag(c, 6),
  };
}

export function bssCoexistence(r: Reader, id: number, data: Uint8Array): BssCoexistenceElement {
  const b = r.u8('20/40 BSS coexistence information');
  return {
    type: 'bss_coexistence', id, data, informationRequest: (b & 1) !== 0, fortyMhzIntolerant: (b & 2) !== 0,
    twentyMhzBssWidthRequest: (b & 4) !== 0, obssScanningExemptionRequest: (b & 8) !== 0, obssScanningExemptionGrant: (b & 0x10) !== 0,
  };
}

/** Interworking: access network options, then venue info (2 bytes) and/or HESSID (6 bytes), as the length says. */
export function interworking(id: number, data: Uint8Array): InterworkingElement {
  const el: InterworkingElement = { type: 'interworking', id, data };
  if (data.length >= 1) {
    const o = data[0]!;
    Object.assign(el, {
      accessNetworkOptions: o, accessNetworkType: o & 0xf, internet: (o & 0x10) !== 0, asra: (o & 0x20) !== 0,
      esr: (o & 0x40) !== 0, uesa: (o & 0x80) !== 0,
    });
  }
  if (data.length === 3 || data.length === 9) {
    el.venueGroup = data[1];
    el.venueType = data[2];
  }
  if (data.length === 9) el.hessid = macText(data.subarray(3, 9));
  else if (data.length === 7) el.hessid = macText(data.subarray(1, 7));
  return el;
}

export function apChannelReport(r: Reader, id: number, data: Uint8Array): ApChannelReportElement {
  const operatingClass = r.u8('operating class');
  return { type: 'ap_channel_report', id, data, operatingClass, channels: Array.from(r.rest()) };
}

export function obssScanParams(r: Reader, id: number, data: Uint8Array): ObssScanParamsElement {
  return r.struct(OBSS_SCAN_PARAMS, { type: 'obss_scan_params' as const, id, data });
}

export function transmitPowerEnvelope(r: Reader, id: number, data: Uint8Array): TransmitPowerEnvelopeElement {
  const info = r.u8('transmit power information');
  const out: number[] = [];
  while (r.left > 0) {
    const v = r.u8('local maximum transmit power');
    out.push((v > 127 ? v - 256 : v) / 2);
  }
  return { type: 'transmit_power_envelope', id, data, info, maxPowerDbm: out };
}

export function roamingConsortium(r: Reader, id: number, data: Uint8Array): RoamingConsortiumElement {
  const anqpOis = r.u8('number of ANQP OIs');
  const lens = r.u8('OI #1 and #2 lengths');
  const l0 = lens & 0xf;
  const l1 = lens >> 4;
  const ois = [r.bytes(l0, 'OI #1')];
  if (l1) ois.push(r.bytes(l1, 'OI #2'));
  if (r.left > 0) ois.push(r.rest());
  return { type: 'roaming_consortium', id, data, anqpOis, ois };
}

export function advertisementProtocol(r: Reader, id: number, data: Uint8Array): AdvertisementProtocolElement {
  const tuples: AdvertisementProtocolElement['tuples'] = [];
  while (r.left >= 2) tuples.push({ queryResponseInfo: r.u8('query response info'), protocolId: r.u8('advertisement protocol ID') });
  return { type: 'advertisement_protocol', id, data, tuples };
}

export function measurementPilot(r: Reader, id: number, data: Uint8Array): MeasurementPilotElement {
  const interval = r.u8('measurement pilot interval');
  const subelements: MeasurementPilotElement['subelements'] = [];
  while (r.left >= 2) {
    const sid = r.u8('subelement ID');
    const n = r.u8('subelement length');
    subelements.push({ id: sid, data: r.bytes(n, 'subelement') });
  }
  return { type: 'measurement_pilot', id, data, interval, subelements };
}

/** EHT capabilities need the HE PHY capabilities of the same frame (the MCS/NSS layout depends on them). */
export function ehtCapabilities(r: Reader, id: number, ext: number, data: Uint8Array, hePhy: Uint8Array): EhtCapabilitiesElement {
  const mac = r.bytes(2, 'EHT MAC capabilities');
  const phy = r.bytes(9, 'EHT PHY capabilities');
  const rest = r.rest();
  const widths = hePhy[0] ?? 0;
  const n = !(widths & 0x1c) ? 4 : (widths & 0x04 ? 3 : 0) + (widths & 0x08 ? 3 : 0) + (bitsAt(phy, 1, 1) ? 3 : 0);
  if (rest.length < n) throw new Short(`element 255/${ext}: EHT-MCS and NSS set needs ${n} bytes, ${rest.length} left`);
  return { type: 'eht_capabilities', id, ext, data, ...ehtCapabilitiesFrom(mac, phy, rest.subarray(0, n), hePhy, rest.subarray(n)) };
}

export function ehtOperation(r: Reader, id: number, ext: number, data: Uint8Array): EhtOperationElement {
  const parameters = r.u8('EHT operation parameters');
  const basicMcsNss = r.u32('basic EHT-MCS and NSS set');
  const el: EhtOperationElement = { type: 'eht_operation', id, ext, data, parameters, basicMcsNss };
  if (parameters & 1) {
    const ctl = r.u8('control');
    el.operationInfo = { controlWidth: ctl & 7, ccfs0: r.u8('CCFS0'), ccfs1: r.u8('CCFS1') };
    if (parameters & 2) el.operationInfo.disabledSubchannels = r.u16('disabled subchannel bitmap');
  }
  return el;
}

const WPS_CONFIG_METHODS = ['USB', 'Ethernet', 'Label', 'Display', 'Ext. NFC', 'Int. NFC', 'NFC Intf.', 'PBC', 'Keypad'];
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

/** WPS: big-endian type-length-value attributes (Wi-Fi Simple Configuration 2.0, section 12). */
export function wps(id: number, data: Uint8Array, body: Uint8Array): WpsElement {
  const el: WpsElement = { type: 'wps', id, data, attributes: [] };
  let at = 0;
  while (body.length - at >= 4) {
    const t = (body[at]! << 8) | body[at + 1]!;
    const n = (body[at + 2]! << 8) | body[at + 3]!;
    if (n > body.length - at - 4) break;
    const v = body.subarray(at + 4, at + 4 + n);
    const a: WpsAttribute = { type: t, data: v };
    el.attributes.push(a);
    const u16 = v.length >= 2 ? (v[0]! << 8) | v[1]! : undefined;
    switch (t) {
      case 0x104a: if (v.length) el.version = v[0]; break;
      case 0x1044: if (v.length) el.state = v[0]; break;
      case 0x1011: el.deviceName = latin1(v); break;
      case 0x1021: el.manufacturer = latin1(v); break;
      case 0x1023: el.model = latin1(v); break;
      case 0x1024: el.modelNumber = latin1(v); break;
      case 0x1042: el.serialNumber = latin1(v); break;
      case 0x1047: if (v.length === 16) el.uuid = Buffer.from(v).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'); break;
      case 0x1008: case 0x1053:
        if (u16 !== undefined) el.configMethods = WPS_CONFIG_METHODS.filter((_, i) => u16 & (1 << i));
        break;
      case 0x103c: if (v.length) el.rfBands = v[0]; break;
      case 0x103b: if (v.length) el.responseType = v[0]; break;
      case 0x1041: if (v.length) el.selectedRegistrar = v[0]; break;
      case 0x1057: if (v.length) el.apSetupLocked = v[0]; break;
      case 0x1012: if (v.length === 2) el.devicePasswordId = u16; break;
      case 0x1049: if (n === 6 && v[0] === 0x00 && v[1] === 0x37 && v[2] === 0x2a && v[3] === 0x00 && v[4] === 0x01) el.version2 = v[5]; break;
    }
    at += 4 + n;
  }
  if (at < body.length) el.tail = body.subarray(at);
  return el;
}

/** The elements of this file by id (extension elements other than HE are read in parse.ts). */
export function parseMore(id: number, r: Reader, data: Uint8Array): InformationElement | undefined {
  switch (id) {
    case EID.RM_ENABLED_CAPABILITIES: return rmCapabilities(r, id, data);
    case EID.MESH_CONFIGURATION: return meshConfiguration(r, id, data);
    case EID.MESH_ID: return { type: 'mesh_id', id, data, meshId: data };
    case EID.BSS_COEXISTENCE: return bssCoexistence(r, id, data);
    case EID.INTERWORKING: return interworking(id, data);
    case EID.AP_CHANNEL_REPORT: return apChannelReport(r, id, data);
    case EID.MOBILITY_DOMAIN: {
      const mdid = r.u16('MDID');
      const p = r.u8('FT capability and policy');
      return { type: 'mobility_domain', id, data, mdid, ftOverDs: (p & 1) !== 0, resourceRequestProtocol: (p & 2) !== 0 };
    }
    case EID.TPC_REPORT: {
      const p = r.u8('transmit power');
      return { type: 'tpc_report', id, data, txPower: p > 127 ? p - 256 : p, linkMargin: r.u8('link margin') };
    }
    case EID.IBSS_PARAMS: return { type: 'ibss_params', id, data, atimWindow: r.u16('ATIM window') };
    case EID.SECONDARY_CHANNEL_OFFSET: return { type: 'secondary_channel_offset', id, data, offset: r.u8('secondary channel offset') };
    case EID.OVERLAPPING_BSS_SCAN_PARAMS: return obssScanParams(r, id, data);
    case EID.TRANSMIT_POWER_ENVELOPE: return transmitPowerEnvelope(r, id, data);
    case EID.ROAMING_CONSORTIUM: return roamingConsortium(r, id, data);
    case EID.ADVERTISEMENT_PROTOCOL: return advertisementProtocol(r, id, data);
    case EID.MEASUREMENT_PILOT_TRANSMISSION: return measurementPilot(r, id, data);
    default: return undefined;
  }
}
