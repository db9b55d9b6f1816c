// iw 5.19's text of scan results (`iw dev X scan` / `scan dump`): the BSS header
// lines and the information elements iw decodes by default.
//
// Known differences from iw:
// - Elements nlkit prints as iw does: SSID, Supported rates, DS Parameter set, TIM,
//   Country, BSS Load, Power constraint, ERP, HT capabilities, HT operation,
//   Extended supported rates, RSN, WPA, Supported operating classes, Extended
//   capabilities, WMM. iw's decoders for VHT/HE/EHT capabilities and operation, RM
//   enabled capabilities, Mesh, 20/40 coexistence, interworking, AP channel report,
//   mobility domain and WPS are not reproduced: nlkit prints such an element as
//   "\t<name>: <hex bytes>" (a line iw does not have).
// - "last seen" values are live.
import type { Bss } from './types.js';
import { splitIEs } from './types.js';
import { escapeSsid, hundredths } from './format.js';
import { DENSITY, htCapa, htMcs } from './format-phy.js';

const CAPA_BITS: readonly string[] = [
  'ESS', 'IBSS', 'CfPollable', 'CfPollReq', 'Privacy', 'ShortPreamble', 'PBCC', 'ChannelAgility',
  'SpectrumMgmt', 'QoS', 'ShortSlotTime', 'APSD', 'RadioMeasure', 'DSSS-OFDM', 'DelayedBAck', 'ImmediateBAck',
];

/** The BSS's "capability:" words (non-DMG). */
export function capabilityText(capa: number): string {
  let s = '';
  CAPA_BITS.forEach((n, i) => {
    if (capa & (1 << i)) s += ` ${n}`;
  });
  return s;
}

const STATUS_SUFFIX: Record<string, string> = { associated: ' -- associated', authenticated: ' -- authenticated', 'ibss-joined': ' -- joined' };

/** One BSS block of `iw dev X scan dump`. */
export function formatBss(b: Bss, dev?: string): string {
  let s = `BSS ${b.bssid}(on ${b.dev ?? dev ?? '?'})${b.status ? STATUS_SUFFIX[b.status] : ''}\n`;
  if (b.lastSeenBoottimeNs !== undefined) {
    const ns = b.lastSeenBoottimeNs;
    s += `\tlast seen: ${ns / 1000000000n}.${String((ns % 1000000000n) / 1000000n).padStart(3, '0')}s [boottime]\n`;
  }
  if (b.tsf !== undefined) {
    const t = b.tsf;
    const sec = t / 1000000n;
    const p2 = (x: bigint): string => String(x).padStart(2, '0');
    s += `\tTSF: ${t} usec (${sec / 86400n}d, ${p2((sec % 86400n) / 3600n)}:${p2((sec % 3600n) / 60n)}:${p2(sec % 60n)})\n`;
  }
  if (b.freq) s += b.freqOffset ? `\tfreq: ${b.freq}.${b.freqOffset}\n` : `\tfreq: ${b.freq}\n`;
  if (b.beaconInterval !== undefined) s += `\tbeacon interval: ${b.beaconInterval} TUs\n`;
  if (b.capability !== undefined) s += `\tcapability:${capabilityText(b.capability)} (0x${b.capability.toString(16).padStart(4, '0')})\n`;
  if (b.signalMbm !== undefined) s += `\tsignal: ${hundredths(b.signalMbm)} dBm\n`;
  if (b.signalUnspec !== undefined) s += `\tsignal: ${b.signalUnspec}/100\n`;
  if (b.seenMsAgo !== undefined) s += `\tlast seen: ${b.seenMsAgo} ms ago\n`;
  if (b.ies) {
    if (b.fromProbeResponse) s += '\tInformation elements from Probe Response frame:\n';
    s += formatIEs(b.ies);
  } else if (b.beaconIes) {
    s += '\tInformation elements from Beacon frame:\n';
    s += formatIEs(b.beaconIes);
  }
  return s;
}

export function formatScan(list: Bss[], dev?: string): string {
  return list.map((b) => formatBss(b, dev)).join('');
}

// ---------------------------------------------------------------- elements

function rates(d: Uint8Array): string {
  let s = '';
  for (const x of d) {
    const r = x & 0x7f;
    if (r === 127 && x & 0x80) s += 'HT';
    else if (r === 126 && x & 0x80) s += 'VHT';
    else s += `${r >> 1}.${5 * (r & 1)}`;
    s += x & 0x80 ? '* ' : ' ';
  }
  return s;
}

const CIPHERS: Record<number, string> = {
  0: 'Use group cipher suite', 1: 'WEP-40', 2: 'TKIP', 4: 'CCMP', 5: 'WEP-104', 6: 'AES-128-CMAC', 7: 'NO-GROUP',
  8: 'GCMP-128', 9: 'GCMP-256', 10: 'CCMP-256', 11: 'BIP-GMAC-128', 12: 'BIP-GMAC-256', 13: 'BIP-CMAC-256',
};
const AKMS: Record<number, string> = {
  1: 'IEEE 802.1X', 2: 'PSK', 3: 'FT/IEEE 802.1X', 4: 'FT/PSK', 5: 'IEEE 802.1X/SHA-256', 6: 'PSK/SHA-256', 7: 'TDLS/TPK',
  8: 'SAE', 9: 'FT/SAE', 11: 'IEEE 802.1X/SUITE-B', 12: 'IEEE 802.1X/SUITE-B-192', 13: 'FT/IEEE 802.1X/SHA-384',
  14: 'FILS/SHA-256', 15: 'FILS/SHA-384', 16: 'FT/FILS/SHA-256', 17: 'FT/FILS/SHA-384', 18: 'OWE',
};

function suite(d: Uint8Array, at: number, names: Record<number, string>, ms: boolean): string {
  const o0 = d[at]!, o1 = d[at + 1]!, o2 = d[at + 2]!, t = d[at + 3]!;
  const ieee = o0 === 0x00 && o1 === 0x0f && o2 === 0xac;
  const msft = ms && o0 === 0x00 && o1 === 0x50 && o2 === 0xf2;
  if ((ieee || msft) && names[t] && (ieee || t <= 5)) return names[t]!;
  const h = (x: number): string => x.toString(16).padStart(2, '0');
  return `${h(o0)}-${h(o1)}-${h(o2)}:${t}`;
}

/** RSN (and WPA) element text after "RSN:"/"WPA:", first line without indent. */
function rsnText(d: Uint8Array, defCipher: string, defAuth: string, wpa: boolean): string {
  const ind = '\t\t';
  const le16 = (at: number): number => d[at]! | (d[at + 1]! << 8);
  let s = `\t * Version: ${le16(0)}\n`;
  let at = 2;
  if (d.length - at < 4) {
    return s + `${ind} * Group cipher: ${defCipher}\n${ind} * Pairwise ciphers: ${defCipher}\n`;
  }
  s += `${ind} * Group cipher: ${suite(d, at, CIPHERS, wpa)}\n`;
  at += 4;
  if (d.length - at < 2) return s + `${ind} * Pairwise ciphers: ${defCipher}\n`;
  let n = le16(at);
  at += 2;
  if (d.length - at < n * 4) return s + `${ind} bogus tail data (${d.length - at}):\n`;
  s += `${ind} * Pairwise ciphers:`;
  for (let i = 0; i < n; i++, at += 4) s += ` ${suite(d, at, CIPHERS, wpa)}`;
  s += '\n';
  if (d.length - at < 2) return s + `${ind} * Authentication suites: ${defAuth}\n`;
  n = le16(at);
  at += 2;
  if (d.length - at < n * 4) return s + `${ind} bogus tail data (${d.length - at}):\n`;
  s += `${ind} * Authentication suites:`;
  for (let i = 0; i < n; i++, at += 4) s += ` ${suite(d, at, AKMS, wpa)}`;
  s += '\n';
  if (d.length - at >= 2) {
    const capa = le16(at);
    at += 2;
    let c = `${ind} * Capabilities:`;
    if (capa & 0x0001) c += ' PreAuth';
    if (capa & 0x0002) c += ' NoPairwise';
    c += [' 1-PTKSA-RC', ' 2-PTKSA-RC', ' 4-PTKSA-RC', ' 16-PTKSA-RC'][(capa >> 2) & 3];
    c += [' 1-GTKSA-RC', ' 2-GTKSA-RC', ' 4-GTKSA-RC', ' 16-GTKSA-RC'][(capa >> 4) & 3];
    if (capa & 0x0040) c += ' MFP-required';
    if (capa & 0x0080) c += ' MFP-capable';
    if (capa & 0x0200) c += ' Peerkey-enabled';
    if (capa & 0x0400) c += ' SPP-AMSDU-capable';
    if (capa & 0x0800) c += ' SPP-AMSDU-required';
    if (capa & 0x2000) c += ' Extended-Key-ID';
    s += `${c} (0x${capa.toString(16).padStart(4, '0')})\n`;
  }
  if (d.length - at >= 2) {
    const pmkids = le16(at);
    at += 2;
    if (d.length - at >= pmkids * 16) {
      s += `${ind} * ${pmkids} PMKIDs\n`;
      at += pmkids * 16;
    }
  }
  if (d.length - at >= 4) {
    s += `${ind} * Group mgmt cipher suite: ${suite(d, at, CIPHERS, false)}\n`;
  }
  return s;
}

/** Extended capabilities bit names (802.11-2020 Table 9-153), as iw prints them. */
const EXT_CAPA: Record<number, string> = {
  0: 'HT Information Exchange Supported', 1: 'reserved (On-demand Beacon)', 2: 'Extended Channel Switching', 3: 'reserved (Wave Indication)',
  4: 'PSMP Capability', 5: 'reserved (Service Interval Granularity)', 6: 'S-PSMP Capability', 7: 'Event', 8: 'Diagnostics',
  9: 'Multicast Diagnostics', 10: 'Location Tracking', 11: 'FMS', 12: 'Proxy ARP Service', 13: 'Collocated Interference Reporting',
  14: 'Civic Location', 15: 'Geospatial Location', 16: 'TFS', 17: 'WNM-Sleep Mode', 18: 'TIM Broadcast', 19: 'BSS Transition',
  20: 'QoS Traffic Capability', 21: 'AC Station Count', 22: 'Multiple BSSID', 23: 'Timing Measurement', 24: 'Channel Usage',
  25: 'SSID List', 26: 'DMS', 27: 'UTC TSF Offset', 28: 'TDLS Peer U-APSD Buffer STA Support', 29: 'TDLS Peer PSM Support',
  30: 'TDLS channel switching', 31: 'Interworking', 32: 'QoS Map', 33: 'EBR', 34: 'SSPN Interface', 36: 'MSGCF Capability',
  37: 'TDLS Support', 38: 'TDLS Prohibited', 39: 'TDLS Channel Switching Prohibited', 40: 'Reject Unadmitted Frame',
  44: 'Identifier Location', 45: 'U-APSD Coexistence', 46: 'WNM-Notification', 48: 'UTF-8 SSID', 49: 'QMFActivated',
  50: 'QMFReconfigurationActivated', 51: 'Robust AV Streaming', 52: 'Advanced GCR', 53: 'Mesh GCR', 54: 'SCS', 55: 'QLoad Report',
  56: 'Alternate EDCA', 57: 'Unprotected TXOP Negotiation', 58: 'Protected TXOP egotiation', 60: 'Protected QLoad Report',
  61: 'TDLS Wider Bandwidth', 62: 'Operating Mode Notification', 65: 'Channel Schedule Management',
  66: 'Geodatabase Inband Enabling Signal', 67: 'Network Channel Control', 68: 'White Space Map', 69: 'Channel Availability Query',
  70: 'FTM Responder', 71: 'FTM Initiator', 73: 'Extended Spectrum Management Capable', 77: 'TWT Requester Support',
  78: 'TWT Responder Support', 79: 'OBSS Narrow Bandwith RU in UL OFDMA Tolerance Support',
};

function extCapaText(d: Uint8Array): string {
  let s = '';
  for (let bit = 0; bit < d.length * 8; bit++) {
    if (!(d[bit >> 3]! & (1 << (bit & 7)))) continue;
    if (bit >= 41 && bit <= 43) continue; // service interval granularity field, printed below
    if (bit === 63 || bit === 64) continue; // max MSDUs in A-MSDU field
    s += `\t\t * ${EXT_CAPA[bit] ?? `reserved (${bit})`}\n`;
  }
  return s;
}

function countryText(d: Uint8Array): string {
  const cc = Buffer.from(d.subarray(0, 2)).toString('latin1');
  const env = d[2];
  const envText = env === 0x49 ? 'Indoor only' : env === 0x4f ? 'Outdoor only' : env === 0x20 ? 'Indoor/Outdoor' : 'bogus';
  let s = `\tCountry: ${cc}\tEnvironment: ${envText}\n`;
  if (d.length < 6) return s + '\t\tNo country IE triplets present\n';
  for (let at = 3; at + 3 <= d.length; at += 3) {
    const first = d[at]!, n = d[at + 1]!, p = d[at + 2]!;
    if (first >= 201) {
      s += `\t\tExtension ID: ${first} Regulatory Class: ${n} Coverage class: ${p} (up to ${p * 450}m)\n`;
      continue;
    }
    const end = first + (first <= 14 ? 1 : 4) * (n - 1);
    s += `\t\tChannels [${first} - ${end}] @ ${p} dBm\n`;
  }
  return s;
}

const ELEMENT_NAMES: Record<number, string> = {
  45: 'HT capabilities', 61: 'HT operation', 70: 'RM enabled capabilities', 72: '20/40 BSS Coexistence', 54: 'MD',
  191: 'VHT capabilities', 192: 'VHT operation', 195: 'Transmit Power Envelope', 113: 'Mesh Configuration', 114: 'MESH ID',
  107: 'Interworking', 108: 'Advertisement Protocol', 111: 'Roaming consortium', 51: 'AP Channel Report', 37: 'Channel Switch Announcement',
  199: 'Operating Mode Notification', 201: 'Reduced Neighbor Report',
};

/** The lines iw prints for a buffer of information elements (the elements nlkit decodes; see the header). */
export function formatIEs(ies: Uint8Array): string {
  let s = '';
  for (const { id, data: d } of splitIEs(ies)) {
    switch (id) {
      case 0: s += `\tSSID: ${escapeSsid(d)}\n`; break;
      case 1: s += `\tSupported rates: ${rates(d)}\n`; break;
      case 3: s += `\tDS Parameter set: channel ${d[0] ?? 0}\n`; break;
      case 5:
        if (d.length >= 4) {
          s += `\tTIM: DTIM Count ${d[0]} DTIM Period ${d[1]} Bitmap Control 0x${d[2]!.toString(16)} Bitmap[0] 0x${d[3]!.toString(16)}`;
          if (d.length > 4) s += ` (+ ${d.length - 4} octet${d.length - 4 === 1 ? '' : 's'})`;
          s += '\n';
        }
        break;
      case 7: s += countryText(d); break;
      case 11:
        if (d.length >= 5) {
          s += `\tBSS Load:\n\t\t * station count: ${d[0]! | (d[1]! << 8)}\n\t\t * channel utilisation: ${d[2]}/255\n`;
          s += `\t\t * available admission capacity: ${d[3]! | (d[4]! << 8)} [*32us]\n`;
        }
        break;
      case 32: s += `\tPower constraint: ${d[0] ?? 0} dB\n`; break;
      case 42: {
        let e = '\tERP:';
        if (!d[0]) e += ' <no flags>';
        if (d[0]! & 1) e += ' NonERP_Present';
        if (d[0]! & 2) e += ' Use_Protection';
        if (d[0]! & 4) e += ' Barker_Preamble_Mode';
        s += e + '\n';
        break;
      }
      case 45:
        if (d.length >= 19) {
          s += '\tHT capabilities:\n' + htCapa(d[0]! | (d[1]! << 8));
          const f = d[2]! & 3;
          const den = (d[2]! >> 2) & 7;
          s += `\t\tMaximum RX AMPDU length ${(1 << (13 + f)) - 1} bytes (exponent: 0x0${f.toString(16).padStart(2, '0')})\n`;
          s += `\t\tMinimum RX AMPDU time spacing: ${DENSITY[den]} (0x${den.toString(16).padStart(2, '0')})\n`;
          s += htMcs(d.subarray(3, 19));
        }
        break;
      case 61:
        if (d.length >= 6) {
          s += '\tHT operation:\n';
          s += `\t\t * primary channel: ${d[0]}\n`;
          s += `\t\t * secondary channel offset: ${['no secondary', 'above', '[reserved!]', 'below'][d[1]! & 3]}\n`;
          s += `\t\t * STA channel width: ${(d[1]! & 4) ? 'any' : '20 MHz'}\n`;
          s += `\t\t * RIFS: ${(d[1]! & 8) >> 3}\n`;
          s += `\t\t * HT protection: ${['no', 'nonmember', '20 MHz', 'non-HT mixed'][d[2]! & 3]}\n`;
          s += `\t\t * non-GF present: ${(d[2]! & 4) >> 2}\n`;
          s += `\t\t * OBSS non-GF present: ${(d[2]! & 0x10) >> 4}\n`;
          s += `\t\t * dual beacon: ${(d[4]! & 0x40) >> 6}\n`;
          s += `\t\t * dual CTS protection: ${(d[4]! & 0x80) >> 7}\n`;
          s += `\t\t * STBC beacon: ${d[5]! & 1}\n`;
          s += `\t\t * L-SIG TXOP Prot: ${(d[5]! & 2) >> 1}\n`;
          s += `\t\t * PCO active: ${(d[5]! & 4) >> 2}\n`;
          s += `\t\t * PCO phase: ${(d[5]! & 8) >> 3}\n`;
        }
        break;
      case 48: s += `\tRSN:${rsnText(d, 'CCMP', 'IEEE 802.1X', false)}`; break;
      case 50: s += `\tExtended supported rates: ${rates(d)}\n`; break;
      case 59:
        s += '\tSupported operating classes:\n';
        if (d.length) s += `\t\t * current operating class: ${d[0]}\n`;
        for (let i = 1; i < d.length; i++) {
          if (d[i] === 130 || d[i] === 0) break;
          s += `\t\t * operating class: ${d[i]}\n`;
        }
        break;
      case 127: s += `\tExtended capabilities:\n${extCapaText(d)}`; break;
      case 221: {
        const oui = ((d[0] ?? 0) << 16) | ((d[1] ?? 0) << 8) | (d[2] ?? 0);
        const type = d[3];
        if (oui === 0x0050f2 && type === 1) s += `\tWPA:${rsnText(d.subarray(4), 'TKIP', 'IEEE 802.1X', true)}`;
        else if (oui === 0x0050f2 && type === 2) s += `\tWMM:${wmmText(d.subarray(4))}`;
        else if (oui === 0x0050f2 && type === 4) s += `\tWPS:\t${hex(d.subarray(4))}\n`;
        break;
      }
      default:
        if (ELEMENT_NAMES[id]) s += `\t${ELEMENT_NAMES[id]}: ${hex(d)}\n`;
    }
  }
  return s;
}

const ACI = ['BE', 'BK', 'VI', 'VO'];

/** The WMM vendor element after its OUI type: subtype, then (parameter element) version, QoS info, reserved, 4 ACs. */
function wmmText(d: Uint8Array): string {
  if (d[0] === 1 && d.length >= 4 + 16) {
    let s = `\t * Parameter version ${d[1]}`;
    if (d[2]! & 0x80) s += '\n\t\t * u-APSD';
    for (let i = 0, at = 4; i < 4; i++, at += 4) {
      const aci = d[at]!;
      s += `\n\t\t * ${ACI[(aci >> 5) & 3]}:`;
      if (aci & 0x10) s += ' acm';
      s += ` CW ${(1 << (d[at + 1]! & 0xf)) - 1}-${(1 << (d[at + 1]! >> 4)) - 1}`;
      s += `, AIFSN ${aci & 0xf}`;
      const txop = d[at + 2]! | (d[at + 3]! << 8);
      if (txop) s += `, TXOP ${txop * 32} usec`;
    }
    return s + '\n';
  }
  const head = d[0] === 0 ? ' information:' : ` type ${d[0] ?? 0}:`;
  return head + Array.from(d.subarray(1), (x) => ' ' + x.toString(16).padStart(2, '0')).join('') + '\n';
}

function hex(d: Uint8Array): string {
  return Array.from(d, (x) => x.toString(16).padStart(2, '0')).join(' ');
}
