// iw 5.19's text of the longer elements: RSN/WPA, extended and RM enabled
// capabilities, interworking, mesh configuration, WMM and WPS.
import type { ElementOf, InformationElement, Suite } from './ie/index.js';

type Of<T extends InformationElement['type']> = ElementOf<T>;

const hex = (b: Uint8Array): string => Array.from(b, (x) => ' ' + x.toString(16).padStart(2, '0')).join('');

const CIPHERS: Record<number, string> = {
  0: 'Use group cipher suite', 1: 'WEP-40', 2: 'TKIP', 4: 'CCMP', 5: 'WEP-104', 6: 'AES-128-CMAC', 7: 'NO-GROUP',
  8: 'GCMP', 9: 'GCMP-256', 10: 'CCMP-256', 11: 'BIP-GMAC-128', 12: 'BIP-GMAC-256', 13: 'BIP-CMAC-256',
};
const AKMS: Record<number, string> = {
  1: 'IEEE 802.1X', 2: 'PSK', 3: 'FT/IEEE 802.1X', 4: 'FT/PSK', 5: 'IEEE 802.1X/SHA-256', 6: 'PSK/SHA-256', 7: 'TDLS/TPK',
  8: 'SAE', 9: 'FT/SAE', 11: 'IEEE 802.1X/SUITE-B', 12: 'IEEE 802.1X/SUITE-B-192', 13: 'FT/IEEE 802.1X/SHA-384',
  14: 'FILS/SHA-256', 15: 'FILS/SHA-384', 16: 'FT/FILS/SHA-256', 17: 'FT/FILS/SHA-384', 18: 'OWE',
};

/** A suite as iw names it: IEEE (00-0f-ac) names, Microsoft (00-50-f2) names for the old types, else "oo-oo-oo:t". */
function suiteName(s: Suite, akm: boolean): string {
  const oui = s.selector >>> 8;
  const t = s.type;
  if (oui === 0x000fac) {
    const n = (akm ? AKMS : CIPHERS)[t];
    if (n && (akm || t !== 3)) return n;
  } else if (oui === 0x0050f2) {
    const n = akm ? { 1: 'IEEE 802.1X', 2: 'PSK' }[t] : t <= 5 ? CIPHERS[t] : undefined;
    if (n) return n;
  }
  return `${s.oui.toLowerCase()}:${t}`;
}

/** The RSN and WPA elements' text after "RSN:"/"WPA:" (first line without indent, as iw's tab_on_first). */
export function rsnText(e: Of<'rsn'> | Of<'wpa'>, defCipher: string, defAuth: string): string {
  let s = `\t * Version: ${e.version}\n`;
  const line = (t: string): void => void (s += `\t\t * ${t}\n`);
  if (e.absent === 'group') {
    line(`Group cipher: ${defCipher}`);
    line(`Pairwise ciphers: ${defCipher}`);
    return s;
  }
  if (e.groupCipher) line(`Group cipher: ${suiteName(e.groupCipher, false)}`);
  if (e.absent === 'pairwise') {
    line(`Pairwise ciphers: ${defCipher}`);
    return s;
  }
  const bogus = (): string => (e.tail && e.tail.length ? `\t\t * bogus tail data (${e.tail.length}):${hex(e.tail)}\n` : '');
  if (e.tailAt === 'pairwise') return s + bogus();
  line(`Pairwise ciphers:${e.pairwiseCiphers.map((c) => ' ' + suiteName(c, false)).join('')}`);
  if (e.absent === 'akm') {
    line(`Authentication suites: ${defAuth}`);
    return s;
  }
  if (e.tailAt === 'akm') return s + bogus();
  line(`Authentication suites:${e.akmSuites.map((c) => ' ' + suiteName(c, true)).join('')}`);
  if (e.capabilities !== undefined) {
    const c = e.capabilities;
    let t = 'Capabilities:';
    if (c & 0x0001) t += ' PreAuth';
    if (c & 0x0002) t += ' NoPairwise';
    t += ` ${[1, 2, 4, 16][(c >> 2) & 3]}-PTKSA-RC ${[1, 2, 4, 16][(c >> 4) & 3]}-GTKSA-RC`;
    if (c & 0x0040) t += ' MFP-required';
    if (c & 0x0080) t += ' MFP-capable';
    if (c & 0x0200) t += ' Peerkey-enabled';
    if (c & 0x0400) t += ' SPP-AMSDU-capable';
    if (c & 0x0800) t += ' SPP-AMSDU-required';
    if (c & 0x2000) t += ' Extended-Key-ID';
    line(`${t} (0x${c.toString(16).padStart(4, '0')})`);
  }
  if (e.tailAt === 'pmkid') return s + bogus();
  if (e.pmkidCount !== undefined) line(`${e.pmkidCount} PMKIDs`);
  if (e.groupManagementCipher) line(`Group mgmt cipher suite: ${suiteName(e.groupManagementCipher, false)}`);
  return s + bogus();
}

/** Extended capabilities bit names as iw 5.19 prints them (its spellings kept). */
const EXT_CAPA: Record<number, string> = {
  0: 'HT Information Exchange Supported', 1: 'reserved (On-demand Beacon)', 2: 'Extended Channel Switching', 3: 'reserved (Wave Indication)',
  4: 'PSMP Capability', 5: 'reserved (Service Interval Granularity)', 6: 'S-PSMP Capability', 7: 'Event', 8: 'Diagnostics',
  9: 'Multicast Diagnostics', 10: 'Location Tracking', 11: 'FMS', 12: 'Proxy ARP Service', 13: 'Collocated Interference Reporting',
  14: 'Civic Location', 15: 'Geospatial Location', 16: 'TFS', 17: 'WNM-Sleep Mode', 18: 'TIM Broadcast', 19: 'BSS Transition',
  20: 'QoS Traffic Capability', 21: 'AC Station Count', 22: 'Multiple BSSID', 23: 'Timing Measurement', 24: 'Channel Usage',
  25: 'SSID List', 26: 'DMS', 27: 'UTC TSF Offset', 28: 'TDLS Peer U-APSD Buffer STA Support', 29: 'TDLS Peer PSM Support',
  30: 'TDLS channel switching', 31: 'Interworking', 32: 'QoS Map', 33: 'EBR', 34: 'SSPN Interface', 35: 'Reserved', 36: 'MSGCF Capability',
  37: 'TDLS Support', 38: 'TDLS Prohibited', 39: 'TDLS Channel Switching Prohibited', 40: 'Reject Unadmitted Frame',
  44: 'Identifier Location', 45: 'U-APSD Coexistence', 46: 'WNM-Notification', 47: 'Reserved', 48: 'UTF-8 SSID', 49: 'QMFActivated',
  50: 'QMFReconfigurationActivated', 51: 'Robust AV Streaming', 52: 'Advanced GCR', 53: 'Mesh GCR', 54: 'SCS', 55: 'QLoad Report',
  56: 'Alternate EDCA', 57: 'Unprotected TXOP Negotiation', 58: 'Protected TXOP egotiation', 59: 'Reserved', 60: 'Protected QLoad Report',
  61: 'TDLS Wider Bandwidth', 62: 'Operating Mode Notification', 65: 'Channel Schedule Management',
  66: 'Geodatabase Inband Enabling Signal', 67: 'Network Channel Control', 68: 'White Space Map', 69: 'Channel Availability Query',
  70: 'FTM Responder', 71: 'FTM Initiator', 72: 'Reserved', 73: 'Extended Spectrum Management Capable', 74: 'Reserved',
};

/** iw's print_capabilities: a line per bit set; bits 41-43 and 63-64 are fields (S-PSMP / VHT dependent). */
export function extCapaText(e: Of<'extended_capabilities'>, vhtCap: boolean): string {
  let s = '';
  const psmp = e.bits.includes(6);
  let si = 0;
  let amsdu = 0;
  for (const bit of e.bits) {
    s += '\n\t\t *';
    if (bit >= 41 && bit <= 43) {
      if (!psmp) s += ' Reserved';
      else si += 1 << (bit - 41);
    } else if (bit === 63 || bit === 64) {
      if (!vhtCap) s += ' Reserved';
      else amsdu += 1 << (bit - 63);
    } else s += ` ${EXT_CAPA[bit] ?? bit}`;
  }
  if (psmp) s += `\n\t\t * Service Interval Granularity is ${(si + 1) * 5} ms`;
  if (vhtCap) s += `\n\t\t * Max Number Of MSDUs In A-MSDU is ${['unlimited', '32', '16', '8'][amsdu]}`;
  return s + '\n';
}

const RM_CAPA: [number, string][] = [
  [0, 'Link Measurement'], [1, 'Neighbor Report'], [2, 'Parallel Measurements'], [3, 'Repeated Measurements'],
  [4, 'Beacon Passive Measurement'], [5, 'Beacon Active Measurement'], [6, 'Beacon Table Measurement'],
  [7, 'Beacon Measurement Reporting Conditions'], [8, 'Frame Measurement'], [9, 'Channel Load'], [10, 'Noise Histogram Measurement'],
  [11, 'Statistics Measurement'], [12, 'LCI Measurement'], [13, 'LCI Azimuth'], [14, 'Transmit Stream/Category Measurement'],
  [15, 'Triggered Transmit Stream/Category'], [16, 'AP Channel Report'], [17, 'RM MIB Capability'],
  [27, 'Measurement Pilot Transmission Information'], [28, 'Neighbor Report TSF Offset'], [29, 'RCPI Measurement'],
  [30, 'RSNI Measurement'], [31, 'BSS Average Access Delay'], [32, 'BSS Available Admission'], [33, 'Antenna'],
  [34, 'FTM Range Report'], [35, 'Civic Location Measurement'],
];

export function rmCapaText(e: Of<'rm_enabled_capabilities'>): string {
  const d = e.data;
  let s = `\n\t\tCapabilities:${Array.from(d.subarray(0, 5), (x) => ` 0x${x.toString(16).padStart(2, '0')}`).join('')}\n`;
  for (const [bit, name] of RM_CAPA) if (e.bits.includes(bit)) s += `\t\t\t${name}\n`;
  // iw reads these two fields at bits 29-31 and 32-34.
  s += `\t\tNonoperating Channel Max Measurement Duration: ${d[3]! >> 5}\n`;
  s += `\t\tMeasurement Pilot Capability: ${d[4]! & 7}\n`;
  return s;
}

const NETWORK_TYPE: Record<number, string> = {
  0: 'Private', 1: 'Private with Guest', 2: 'Chargeable Public', 3: 'Free Public', 4: 'Personal Device', 5: 'Emergency Services Only',
  14: 'Test or Experimental', 15: 'Wildcard',
};
const VENUE_GROUP = [
  'Unspecified', 'Assembly', 'Business', 'Educational', 'Factory and Industrial', 'Institutional', 'Mercantile', 'Residential',
  'Storage', 'Utility and Miscellaneous', 'Vehicular', 'Outdoor',
];

export function interworkingText(e: Of<'interworking'>): string {
  let s = '\n';
  if (e.accessNetworkOptions !== undefined) {
    const t = e.accessNetworkType!;
    s += `\t\tNetwork Options: 0x${e.accessNetworkOptions.toString(16)}\n\t\t\tNetwork Type: ${t} (${NETWORK_TYPE[t] ?? 'Reserved'})\n`;
    if (e.internet) s += '\t\t\tInternet\n';
    if (e.asra) s += '\t\t\tASRA\n';
    if (e.esr) s += '\t\t\tESR\n';
    if (e.uesa) s += '\t\t\tUESA\n';
  }
  if (e.venueGroup !== undefined) {
    s += `\t\tVenue Group: ${e.venueGroup} (${VENUE_GROUP[e.venueGroup] ?? 'Reserved'})\n\t\tVenue Type: ${e.venueType}\n`;
  }
  if (e.hessid) s += `\t\tHESSID: ${e.hessid}\n`;
  return s;
}

export function meshConfigText(m: Of<'mesh_configuration'>): string {
  let s = '\n';
  s += `\t\t * Active Path Selection Protocol ID: ${m.pathSelectionProtocol}\n`;
  s += `\t\t * Active Path Selection Metric ID: ${m.pathSelectionMetric}\n`;
  s += `\t\t * Congestion Control Mode ID: ${m.congestionControlMode}\n`;
  s += `\t\t * Synchronization Method ID: ${m.synchronizationMethod}\n`;
  s += `\t\t * Authentication Protocol ID: ${m.authenticationProtocol}\n`;
  s += `\t\t * Mesh Formation Info:\n\t\t\t Number of Peerings: ${m.numberOfPeerings}\n`;
  if (m.connectedToMeshGate) s += '\t\t\t Connected to Mesh Gate\n';
  if (m.connectedToAs) s += '\t\t\t Connected to AS\n';
  s += '\t\t * Mesh Capability\n';
  const caps: [boolean, string][] = [
    [m.acceptingAdditionalPeerings, 'Accepting Additional Mesh Peerings'], [m.mccaSupported, 'MCCA Supported'], [m.mccaEnabled, 'MCCA Enabled'],
    [m.forwarding, 'Forwarding'], [m.mbcaEnabled, 'MBCA Supported'], [m.tbttAdjusting, 'TBTT Adjusting'], [m.meshPowerSaveLevel, 'Mesh Power Save Level'],
  ];
  for (const [on, name] of caps) if (on) s += `\t\t\t ${name}\n`;
  return s;
}

const ACI = ['BE', 'BK', 'VI', 'VO'];

/** The WMM vendor element after its OUI type: subtype, then (parameter element) version, QoS info, reserved, 4 ACs. */
export function wmmText(d: Uint8Array): string {
  let head: string;
  if (d[0] === 0) head = ' information:';
  else if (d[0] === 1) {
    const p = d.subarray(1);
    if (p.length < 19) head = 'invalid: ';
    else if (p[0] !== 1) head = 'Parameter: not version 1: ';
    else {
      let s = '\t * Parameter version 1';
      if (p[1]! & 0x80) s += '\n\t\t * u-APSD';
      for (let i = 0, at = 3; i < 4; i++, at += 4) {
        const aci = p[at]!;
        s += `\n\t\t * ${ACI[(aci >> 5) & 3]}:`;
        if (aci & 0x10) s += ' acm';
        s += ` CW ${(1 << (p[at + 1]! & 0xf)) - 1}-${(1 << (p[at + 1]! >> 4)) - 1}, AIFSN ${aci & 0xf}`;
        const txop = p[at + 2]! | (p[at + 3]! << 8);
        if (txop) s += `, TXOP ${txop * 32} usec`;
      }
      return s + '\n';
    }
  } else head = ` type ${d[0] ?? 0}:`;
  return head + hex(d.subarray(1)) + '\n';
}

const PASSWORD_ID = ['Default (PIN)', 'User-specified', 'Machine-specified', 'Rekey', 'PushButton', 'Registrar-specified'];
const CONFIG_METHODS = ['USB', 'Ethernet', 'Label', 'Display', 'Ext. NFC', 'Int. NFC', 'NFC Intf.', 'PBC', 'Keypad'];

function wpsAttribute(t: number, v: Uint8Array): string {
  const n = v.length;
  const text = (): string => Buffer.from(v).toString('latin1').replace(/\0.*$/s, '');
  const byte = (label: string, f: (x: number) => string): string => (n < 1 ? `${label}: (invalid length ${n})` : `${label}: ${f(v[0]!)}`);
  switch (t) {
    case 0x104a: return n < 1 ? `Version: (invalid length ${n})` : `Version: ${v[0]! >> 4}.${v[0]! & 0xf}`;
    case 0x1011: return `Device name: ${text()}`;
    case 0x1012: {
      if (n !== 2) return `Device Password ID: (invalid length ${n})`;
      const id = (v[0]! << 8) | v[1]!;
      return `Device Password ID: ${id} (${PASSWORD_ID[id] ?? '??'})`;
    }
    case 0x1021: return `Manufacturer: ${text()}`;
    case 0x1023: return `Model: ${text()}`;
    case 0x1024: return `Model Number: ${text()}`;
    case 0x103b: return byte('Response Type', (x) => `${x}${x === 3 ? ' (AP)' : ''}`);
    case 0x103c: return byte('RF Bands', (x) => `0x${x.toString(16)}`);
    case 0x1041: return byte('Selected Registrar', (x) => `0x${x.toString(16)}`);
    case 0x1042: return `Serial Number: ${text()}`;
    case 0x1044: return byte('Wi-Fi Protected Setup State', (x) => `${x}${x === 1 ? ' (Unconfigured)' : ''}${x === 2 ? ' (Configured)' : ''}`);
    case 0x1047: {
      if (n !== 16) return `UUID: (invalid, length=${n})`;
      const h = Buffer.from(v).toString('hex');
      return `UUID: ${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 0x1049:
      if (n === 6 && v[0] === 0x00 && v[1] === 0x37 && v[2] === 0x2a && v[3] === 0x00 && v[4] === 0x01) return `Version2: ${v[5]! >> 4}.${v[5]! & 0xf}`;
      return `Unknown vendor extension. len=${n}`;
    case 0x1054:
      if (n !== 8) return `Primary Device Type: (invalid length ${n})`;
      return `Primary Device Type: ${(v[0]! << 8) | v[1]!}-${Buffer.from(v.subarray(2, 6)).toString('hex')}-${(v[6]! << 8) | v[7]!}`;
    case 0x1057: return n < 1 ? `AP setup locked: (invalid length ${n})` : `AP setup locked: 0x${v[0]!.toString(16).padStart(2, '0')}`;
    case 0x1008:
    case 0x1053: {
      if (n < 2) return `Config methods: (invalid length ${n})`;
      const m = (v[0]! << 8) | v[1]!;
      return `${t === 0x1053 ? 'Selected Registrar ' : ''}Config methods:${CONFIG_METHODS.filter((_, i) => m & (1 << i)).map((x) => ' ' + x).join(',')}`;
    }
    default:
      return `Unknown TLV (0x${t.toString(16).padStart(4, '0')}, ${n} bytes):${hex(v)}`;
  }
}

export function wpsText(e: Of<'wps'>): string {
  let s = '';
  e.attributes.forEach((a, i) => {
    s += `${i === 0 ? '' : '\t'}\t * ${wpsAttribute(a.type, a.data)}\n`;
  });
  if (e.tail && e.tail.length) s += `\t\t * bogus tail data (${e.tail.length}):${hex(e.tail)}\n`;
  return s;
}
