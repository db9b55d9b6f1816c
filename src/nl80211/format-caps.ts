// iw 5.19's text of VHT, HE and EHT capabilities: the same lines under a band of
// `iw phy` (from nl80211's band attributes) and in a scan result (from the
// elements), so both formatters call these.
import { EHT_MAC_FIELDS, EHT_PHY_FIELDS, HE_MAC_FIELDS, HE_PHY_FIELDS, bitsAt, type CapField } from './ie/cap-fields.js';

const hex2 = (x: number): string => x.toString(16).padStart(2, '0');

/** iw's lines for the fields of a bitmap: a flag's label, or "label: n" for a wider field. */
function fieldLines(b: Uint8Array, fields: readonly CapField[], pre: string): string {
  let s = '';
  for (const x of fields) {
    if (!x.iw) continue;
    const v = bitsAt(b, x.bit, x.width);
    if (!v) continue;
    s += x.value ? `${pre}\t\t\t${x.iw}: ${v}\n` : `${pre}\t\t\t${x.iw}\n`;
  }
  return s;
}

// Supported channel width x extended NSS BW -> NSS ratio per width (4 = full, 0 = none), IEEE 802.11-2020 Table 9-272.
const NSS_RATIO: readonly (readonly (readonly number[] | undefined)[])[] = [
  [[4, 4, 4, 0, 0], [4, 4, 4, 2, 0], [4, 4, 4, 2, 2], [4, 4, 4, 3, 3]],
  [[4, 4, 4, 4, 0], [4, 4, 4, 4, 2], [4, 4, 4, 4, 3], [8, 8, 8, 8, 1]],
  [[4, 4, 4, 4, 4], undefined, undefined, [8, 8, 8, 4, 4]],
];

function nssRatio(name: string, ratio: number): string {
  if (!ratio || ratio === 4) return '';
  return `${name} (${({ 3: '3/4', 2: '1/2', 8: 'x2' } as Record<number, string>)[ratio] ?? 'undef'} NSS) `;
}

/** "VHT Capabilities (0x...)" and the VHT MCS sets (iw's print_vht_info). */
export function vhtText(capa: number, mcs: Uint8Array): string {
  let s = `\t\tVHT Capabilities (0x${(capa >>> 0).toString(16).padStart(8, '0')}):\n`;
  const l = (t: string): void => void (s += `\t\t\t${t}\n`);
  l(`Max MPDU length: ${['3895', '7991', '11454', '(reserved)'][capa & 3]}`);
  const width = (capa >> 2) & 3;
  const t = NSS_RATIO[width]?.[(capa >>> 30) & 3];
  if (!t) l('Supported Channel Width: (reserved)');
  else if (t[0] === 4 && t[1] === 4 && t[2] === 4 && (!t[3] || t[3] === 4) && (!t[4] || t[4] === 4)) {
    l(`Supported Channel Width: ${['neither 160 nor 80+80', '160 MHz', '160 MHz, 80+80 MHz'][width]}`);
  } else {
    l(`Supported Channel Width: ${nssRatio('20Mhz', t[0]!)}${nssRatio('40Mhz', t[1]!)}${nssRatio('80Mhz', t[2]!)}${nssRatio('160Mhz', t[3]!)}${nssRatio('80+80Mhz', t[4]!)}`);
  }
  const bits: [number, string][] = [
    [4, 'RX LDPC'], [5, 'short GI (80 MHz)'], [6, 'short GI (160/80+80 MHz)'], [7, 'TX STBC'], [11, 'SU Beamformer'],
    [12, 'SU Beamformee'], [19, 'MU Beamformer'], [20, 'MU Beamformee'], [21, 'VHT TXOP PS'], [22, '+HTC-VHT'],
    [28, 'RX antenna pattern consistency'], [29, 'TX antenna pattern consistency'],
  ];
  for (const [bit, name] of bits) if (capa & (1 << bit)) l(name);
  const le16 = (at: number): number => (mcs[at] ?? 0) | ((mcs[at + 1] ?? 0) << 8);
  const set = (map: number, what: string): void => {
    s += `\t\tVHT ${what} MCS set:\n`;
    for (let i = 0; i < 8; i++) s += `\t\t\t${i + 1} streams: ${['MCS 0-7', 'MCS 0-8', 'MCS 0-9', 'not supported'][(map >> (i * 2)) & 3]}\n`;
  };
  set(le16(0), 'RX');
  s += `\t\tVHT RX highest supported: ${le16(2) & 0x1fff} Mbps\n`;
  set(le16(4), 'TX');
  s += `\t\tVHT TX highest supported: ${le16(6) & 0x1fff} Mbps\n`;
  s += `\t\tVHT extended NSS: ${le16(6) & (1 << 13) ? '' : 'not '}supported\n`;
  return s;
}

/**
 * iw's HE capability text: MAC and PHY fields, the MCS/NSS maps of each
 * supported width and the PPE thresholds. `mcs` holds the maps (and, from an
 * element, the PPE thresholds after them: `ppe` undefined means "infer").
 */
export function heText(mac: Uint8Array, phy: Uint8Array, mcs: Uint8Array, ppe: Uint8Array | undefined, pre: string): string {
  let s = `${pre}\t\tHE MAC Capabilities (0x`;
  for (let i = 0; i < 6; i += 2) s += hex2(mac[i + 1] ?? 0) + hex2(mac[i] ?? 0);
  s += '):\n' + fieldLines(mac, HE_MAC_FIELDS, pre);
  s += `${pre}\t\tHE PHY Capabilities: (0x`;
  for (let i = 0; i < 11; i++) s += hex2(phy[i] ?? 0);
  s += '):\n' + fieldLines(phy, HE_PHY_FIELDS, pre);
  const widths = phy[0] ?? 0;
  const le16 = (at: number): number => (mcs[at] ?? 0) | ((mcs[at + 1] ?? 0) << 8);
  let used = 0;
  const support = [0x06, 0x08, 0x10];
  const bw = ['<= 80', '160', '80+80'];
  for (let i = 0; i < 3; i++) {
    if (!(widths & support[i]!)) continue;
    // iw stops (and prints no PPE thresholds) when the maps of a supported width would overflow.
    if ((i * 2 + 2) * 2 >= mcs.length) return s;
    for (let j = 0; j < 2; j++) {
      s += `${pre}\t\tHE ${j ? 'TX' : 'RX'} MCS and NSS set ${bw[i]} MHz\n`;
      const map = le16((i * 2 + j) * 2);
      for (let k = 0; k < 8; k++) {
        const m = (map >> (k * 2)) & 3;
        s += `${pre}\t\t\t${k + 1} streams: ${m === 3 ? 'not supported' : `MCS 0-${7 + m * 2}`}\n`;
      }
    }
    used += 4;
  }
  const ppet = ppe ?? mcs.subarray(Math.min(used, mcs.length));
  if (ppet.length && bitsAt(phy, 55, 1)) {
    s += `${pre}\t\tPPE Threshold `;
    for (const x of ppet) if (x) s += `0x${hex2(x)} `;
    s += '\n';
  }
  return s;
}

const EHT_MCS = ['0-7', '8-9', '10-11', '12-13'];

/** iw's EHT capability text (print_eht_info): `band` is the nl80211 band (320 MHz maps only on 6 GHz). */
export function ehtText(mac: Uint8Array, phy: Uint8Array, mcs: Uint8Array, mcsLen: number, ppe: Uint8Array, hePhy: Uint8Array, band: number, pre: string): string {
  let s = `${pre}\t\tEHT MAC Capabilities (0x${hex2(mac[0] ?? 0)}${hex2(mac[1] ?? 0)}):\n`;
  s += fieldLines(mac.subarray(0, 2), EHT_MAC_FIELDS, pre);
  s += `${pre}\t\tEHT PHY Capabilities: (0x`;
  for (let i = 0; i < 8; i++) s += hex2(phy[i] ?? 0);
  s += '):\n' + fieldLines(phy.subarray(0, 8), EHT_PHY_FIELDS, pre);
  s += `${pre}\t\tEHT MCS/NSS: (0x`;
  for (let i = 0; i < mcsLen; i++) s += hex2(mcs[i] ?? 0);
  s += '):\n';
  const nss = (at: number, bwText: string, label: string): string => {
    const v = mcs[at] ?? 0;
    return `${pre}\t\tEHT ${bwText}, max NSS for MCS ${label}: Rx=${v & 0xf}, Tx=${v >> 4}\n`;
  };
  const widths = hePhy[0] ?? 0;
  if (!(widths & 0x1c)) {
    for (let i = 0; i < 4; i++) s += nss(i, 'bw=20 MHz', EHT_MCS[i]!);
  } else {
    // iw 5.19 reads these maps 4 bytes in (past where a 20 MHz-only STA's map would be).
    if (widths & 0x04) for (let i = 0; i < 3; i++) s += nss(4 + i, 'bw <= 80 MHz', EHT_MCS[i + 1]!);
    if (widths & 0x08) for (let i = 0; i < 3; i++) s += nss(7 + i, 'bw=160 MHz', EHT_MCS[i + 1]!);
    if (band === 3 && bitsAt(phy, 1, 1)) for (let i = 0; i < 3; i++) s += nss(10 + i, 'bw=320 MHz', EHT_MCS[i + 1]!);
  }
  if (ppe.length && bitsAt(phy, 43, 1)) {
    s += `${pre}\t\tEHT PPE Thresholds `;
    for (const x of ppe) if (x) s += `0x${hex2(x)} `;
    s += '\n';
  }
  return s;
}
