// iw 5.19's text of information elements (scan results, `iw dev X link`),
// from the typed elements of ie/parse.ts.
//
// Known differences from iw:
// - The Wi-Fi Alliance vendor elements iw decodes (P2P, HotSpot 2.0, OSEN, OWE
//   transition) are not printed.
// - An element that nlkit's reader rejects although its length is one iw accepts
//   prints nothing (iw would print its fields from the short payload).
import type { ElementOf, InformationElement, InvalidElement } from './ie/index.js';
import { DENSITY, htCapa, htMcs } from './format-phy.js';
import { heText, vhtText } from './format-caps.js';
import { escapeSsid } from './format.js';
import { extCapaText, interworkingText, meshConfigText, rmCapaText, rsnText, wmmText, wpsText } from './format-ie-more.js';

type Of<T extends InformationElement['type']> = ElementOf<T>;

export interface IeContext {
  /** A VHT capabilities element is in the same frame (iw then reads ext. capabilities bits 63-64 as a field). */
  vhtCap: boolean;
  /** Print elements iw prints only with -u. */
  unknown: boolean;
}

interface Printer {
  name: string;
  min: number;
  max: number;
  text: (e: InformationElement, ctx: IeContext) => string;
}

const hex = (b: Uint8Array, sep = ' '): string => Array.from(b, (x) => sep + x.toString(16).padStart(2, '0')).join('');

function ratesText(e: InformationElement): string {
  let s = ' ';
  for (const it of (e as Of<'supported_rates'>).items) {
    const value = 'selector' in it ? it.value : it.mbps * 2;
    const basic = 'selector' in it ? true : it.basic;
    if (value === 126 && basic) s += 'VHT';
    else if (value === 127 && basic) s += 'HT';
    else s += `${value >> 1}.${5 * (value & 1)}`;
    s += basic ? '* ' : ' ';
  }
  return s + '\n';
}

function countryText(e: Of<'country'>): string {
  const env = { 0x49: 'Indoor only', 0x4f: 'Outdoor only', 0x20: 'Indoor/Outdoor' }[e.environmentByte] ?? 'bogus';
  let s = ` ${e.code.replace(/\0.*$/, '')}\tEnvironment: ${env}\n`;
  if (e.data.length - 3 < 3) return s + '\t\tNo country IE triplets present\n';
  for (const t of e.triplets) {
    if ('operatingExtension' in t) {
      s += `\t\tExtension ID: ${t.operatingExtension} Regulatory Class: ${t.operatingClass} Coverage class: ${t.coverageClass} (up to ${t.coverageClass * 450}m)\n`;
    } else {
      const end = t.firstChannel + (t.firstChannel <= 14 ? 1 : 4) * (t.numChannels - 1);
      s += `\t\tChannels [${t.firstChannel} - ${end}] @ ${t.maxTxPowerDbm} dBm\n`;
    }
  }
  return s;
}

function htOperationText(o: Of<'ht_operation'>): string {
  const b = (v: boolean): number => (v ? 1 : 0);
  const offset = { none: 'no secondary', above: 'above', reserved: '[reserved!]', below: 'below' }[o.secondaryChannelOffset];
  const prot = { none: 'no', nonmember: 'nonmember', '20MHz': '20 MHz', 'non-HT mixed': 'non-HT mixed' }[o.htProtection];
  return '\n' + [
    `primary channel: ${o.primaryChannel}`, `secondary channel offset: ${offset}`, `STA channel width: ${o.anyChannelWidth ? 'any' : '20 MHz'}`,
    `RIFS: ${b(o.rifs)}`, `HT protection: ${prot}`, `non-GF present: ${b(o.nonGreenfieldPresent)}`, `OBSS non-GF present: ${b(o.obssNonHtPresent)}`,
    `dual beacon: ${b(o.dualBeacon)}`, `dual CTS protection: ${b(o.dualCtsProtection)}`, `STBC beacon: ${b(o.stbcBeacon)}`,
    `L-SIG TXOP Prot: ${b(o.lsigTxopProtection)}`, `PCO active: ${b(o.pcoActive)}`, `PCO phase: ${b(o.pcoPhase)}`,
  ].map((l) => `\t\t * ${l}\n`).join('');
}

function htCapaText(h: Of<'ht_capabilities'>): string {
  const f = h.ampduParameters & 3;
  const d = (h.ampduParameters >> 2) & 7;
  return '\n' + htCapa(h.capabilities) +
    `\t\tMaximum RX AMPDU length ${(1 << (13 + f)) - 1} bytes (exponent: 0x0${f.toString(16).padStart(2, '0')})\n` +
    `\t\tMinimum RX AMPDU time spacing: ${DENSITY[d]} (0x${d.toString(16).padStart(2, '0')})\n` + htMcs(h.mcsSet);
}

const SECONDARY = ['no secondary', 'above', '[reserved!]', 'below'];
const VHT_WIDTH = ['20 or 40 MHz', '80 MHz', '160 MHz', '80+80 MHz'];
const POWER_NAMES = ['20 MHz', '40 MHz', '80 MHz', '160/80+80 MHz'].map((w) => `Local Maximum Transmit Power For ${w}`);
const ADVERT_PROTOCOLS: Record<number, string> = {
  0: 'ANQP', 1: 'MIH Information Service', 2: 'MIH Command and Event Services Capability Discovery', 3: 'Emergency Alert System (EAS)', 221: 'Vendor Specific',
};

function opClassesText(o: Of<'supported_operating_classes'>): string {
  let s = `\n\t\t * current operating class: ${o.current}\n`;
  for (const c of o.classes) s += `\t\t * operating class: ${c}\n`;
  for (const c of o.extensions) s += `\t\t * current operating class extension: ${c}\n`;
  return s;
}

function pilotText(p: Of<'measurement_pilot'>): string {
  let s = `\n\t\t * interval: ${p.interval} TUs\n`;
  for (const x of p.subelements) {
    if (x.id !== 221) return s + `\t\t * <Invalid subelement ID ${x.id}>\n`;
    if (x.data.length < 3) return s + ' <Parse error, element too short>\n';
    s += `\t\t * vendor specific: OUI ${hex(x.data.subarray(0, 3), ':').slice(1)}, data:${hex(x.data.subarray(3))}\n`;
  }
  return s;
}

function powerEnvelopeText(t: Of<'transmit_power_envelope'>): string {
  const count = t.info & 7;
  if (count + 2 !== t.data.length || ((t.info >> 3) & 7) !== 0) return '\n';
  let s = '\n';
  for (let i = 0; i <= count; i++) {
    const half = t.maxPowerDbm[i]! * 2;
    s += `\t\t * ${POWER_NAMES[i]}: ${Math.floor(half / 2)}${half & 1 ? '.5' : ''} dBm\n`;
  }
  return s;
}

function roamingText(r: Of<'roaming_consortium'>): string {
  let s = `\n\t\tANQP OIs: ${r.anqpOis}\n`;
  r.ois.forEach((oi, i) => {
    if (oi.length) s += `\t\tOI ${i + 1}: ${hex(oi, '')}\n`;
  });
  return s;
}

/** iw's element printers by id: name, accepted payload lengths, text after "\t<name>:". */
const PRINTERS: Readonly<Record<number, Printer>> = {
  0: { name: 'SSID', min: 0, max: 32, text: (e) => ` ${escapeSsid(e.data)}\n` },
  1: { name: 'Supported rates', min: 0, max: 255, text: ratesText },
  3: { name: 'DS Parameter set', min: 1, max: 1, text: (e) => ` channel ${(e as Of<'ds_params'>).channel}\n` },
  5: {
    name: 'TIM', min: 4, max: 255, text: (e) => {
      const t = e as Of<'tim'>;
      const more = t.data.length - 4;
      return ` DTIM Count ${t.dtimCount} DTIM Period ${t.dtimPeriod} Bitmap Control 0x${t.bitmapControl.toString(16)} Bitmap[0] 0x${t.partialVirtualBitmap[0]!.toString(16)}` +
        (more ? ` (+ ${more} octet${more === 1 ? '' : 's'})` : '') + '\n';
    },
  },
  6: { name: 'IBSS ATIM window', min: 2, max: 2, text: (e) => ` ${(e as Of<'ibss_params'>).atimWindow} TUs\n` },
  7: { name: 'Country', min: 3, max: 255, text: (e) => countryText(e as Of<'country'>) },
  11: {
    name: 'BSS Load', min: 5, max: 5, text: (e) => {
      const l = e as Of<'bss_load'>;
      return `\n\t\t * station count: ${l.stationCount}\n\t\t * channel utilisation: ${l.channelUtilization}/255\n\t\t * available admission capacity: ${l.availableAdmissionCapacity} [*32us]\n`;
    },
  },
  32: { name: 'Power constraint', min: 1, max: 1, text: (e) => ` ${(e as Of<'power_constraint'>).db} dB\n` },
  35: { name: 'TPC report', min: 2, max: 2, text: (e) => ` TX power: ${(e as Of<'tpc_report'>).txPower & 0xff} dBm\n` },
  42: { name: 'ERP', min: 1, max: 255, text: (e) => erpText(e as Of<'erp'>) },
  45: { name: 'HT capabilities', min: 26, max: 26, text: (e) => htCapaText(e as Of<'ht_capabilities'>) },
  47: { name: 'ERP D4.0', min: 1, max: 255, text: (e) => erpText(e as Of<'erp'>) },
  48: { name: 'RSN', min: 2, max: 255, text: (e) => rsnText(e as Of<'rsn'>, 'CCMP', 'IEEE 802.1X') },
  50: { name: 'Extended supported rates', min: 0, max: 255, text: ratesText },
  51: {
    name: 'AP Channel Report', min: 1, max: 255, text: (e) => {
      const a = e as Of<'ap_channel_report'>;
      return `\n\t\t * operating class: ${a.operatingClass}\n\t\t * channel(s):${a.channels.map((c) => ` ${c}`).join('')}\n`;
    },
  },
  59: { name: 'Supported operating classes', min: 1, max: 255, text: (e) => opClassesText(e as Of<'supported_operating_classes'>) },
  61: { name: 'HT operation', min: 22, max: 22, text: (e) => htOperationText(e as Of<'ht_operation'>) },
  62: {
    name: 'Secondary Channel Offset', min: 1, max: 1, text: (e) => {
      const o = (e as Of<'secondary_channel_offset'>).offset;
      return o < 4 ? ` ${SECONDARY[o]} (${o})\n` : ` ${o}\n`;
    },
  },
  66: { name: 'Measurement Pilot Transmission', min: 1, max: 255, text: (e) => pilotText(e as Of<'measurement_pilot'>) },
  70: { name: 'RM enabled capabilities', min: 5, max: 5, text: (e) => rmCapaText(e as Of<'rm_enabled_capabilities'>) },
  74: {
    name: 'Overlapping BSS scan params', min: 14, max: 255, text: (e) => {
      const o = e as Of<'obss_scan_params'>;
      return `\n\t\t * passive dwell: ${o.passiveDwell} TUs\n\t\t * active dwell: ${o.activeDwell} TUs\n` +
        `\t\t * channel width trigger scan interval: ${o.widthTriggerScanInterval} s\n` +
        `\t\t * scan passive total per channel: ${o.passiveTotalPerChannel} TUs\n\t\t * scan active total per channel: ${o.activeTotalPerChannel} TUs\n` +
        `\t\t * BSS width channel transition delay factor: ${o.widthChannelTransitionDelayFactor}\n` +
        `\t\t * OBSS Scan Activity Threshold: ${Math.floor(o.activityThreshold / 100)}.${String(o.activityThreshold % 100).padStart(2, '0')} %\n`;
    },
  },
  107: { name: '802.11u Interworking', min: 0, max: 255, text: (e) => interworkingText(e as Of<'interworking'>) },
  108: {
    name: '802.11u Advertisement', min: 0, max: 255, text: (e) => {
      let s = '\n';
      for (const t of (e as Of<'advertisement_protocol'>).tuples) {
        s += `\t\tQuery Response Info: 0x${t.queryResponseInfo.toString(16)}\n\t\t\tQuery Response Length Limit: ${t.queryResponseInfo & 0x7f}\n`;
        if (t.queryResponseInfo & 0x80) s += '\t\t\tPAME-BI\n';
        s += `\t\t\t${ADVERT_PROTOCOLS[t.protocolId] ?? `Reserved: ${t.protocolId}`}\n`;
      }
      return s;
    },
  },
  111: { name: '802.11u Roaming Consortium', min: 2, max: 255, text: (e) => roamingText(e as Of<'roaming_consortium'>) },
  113: { name: 'MESH Configuration', min: 7, max: 7, text: (e) => meshConfigText(e as Of<'mesh_configuration'>) },
  114: { name: 'MESH ID', min: 0, max: 32, text: (e) => ` ${escapeSsid(e.data)}\n` },
  127: { name: 'Extended capabilities', min: 0, max: 255, text: (e, ctx) => extCapaText(e as Of<'extended_capabilities'>, ctx.vhtCap) },
  191: { name: 'VHT capabilities', min: 12, max: 255, text: (e) => '\n' + vhtText((e as Of<'vht_capabilities'>).capabilities, e.data.subarray(4)) },
  192: {
    name: 'VHT operation', min: 5, max: 255, text: (e) => {
      const o = e as Of<'vht_operation'>;
      return `\n\t\t * channel width: ${o.channelWidth} (${VHT_WIDTH[o.channelWidth] ?? 'unknown'})\n` +
        `\t\t * center freq segment 1: ${o.centerFreqSegment0}\n\t\t * center freq segment 2: ${o.centerFreqSegment1}\n` +
        `\t\t * VHT basic MCS set: 0x${o.basicMcsMap.toString(16).padStart(4, '0')}\n`;
    },
  },
  195: { name: 'Transmit Power Envelope', min: 2, max: 5, text: (e) => powerEnvelopeText(e as Of<'transmit_power_envelope'>) },
};

function erpText(e: Of<'erp'>): string {
  let s = '';
  if (e.flags === 0) s += ' <no flags>';
  if (e.nonErpPresent) s += ' NonERP_Present';
  if (e.useProtection) s += ' Use_Protection';
  if (e.barkerPreambleMode) s += ' Barker_Preamble_Mode';
  return s + '\n';
}

/** "\t<name>:" and the element's text, or iw's "<invalid: ...>" when the length is outside what iw accepts. */
function printed(p: Printer, e: InformationElement, ctx: IeContext): string {
  const n = e.data.length;
  let s = `\t${p.name}:`;
  if (n < p.min || n > p.max) {
    if (n > 1) return s + ` <invalid: ${n} bytes:${hex(e.data)}>\n`;
    return s + (n ? ` <invalid: 1 byte:${hex(e.data)}>\n` : ' <invalid: no data>\n');
  }
  if (e.type === 'invalid') return '';
  return (s += p.text(e, ctx));
}

const MS_PRINTERS: Readonly<Record<number, Printer>> = {
  1: { name: 'WPA', min: 2, max: 255, text: (e) => rsnText(e as Of<'wpa'>, 'TKIP', 'IEEE 802.1X') },
  2: { name: 'WMM', min: 1, max: 255, text: (e) => wmmText((e as Of<'vendor'>).vendorData.subarray(1)) },
  4: { name: 'WPS', min: 0, max: 255, text: (e) => wpsText(e as Of<'wps'>) },
};

function vendorText(e: InformationElement, ctx: IeContext): string {
  const d = e.data;
  if (d.length < 3) return `\tVendor specific: <too short> data:${hex(d)}\n`;
  const ms = d[0] === 0x00 && d[1] === 0x50 && d[2] === 0xf2;
  const wfa = d[0] === 0x50 && d[1] === 0x6f && d[2] === 0x9a;
  if (d.length >= 4 && ms) {
    const p = MS_PRINTERS[d[3]!];
    // The printer sees the payload after OUI and type: check lengths on that.
    if (p) return printed(p, { ...e, data: d.subarray(4) } as InformationElement, ctx);
    return ctx.unknown ? `\tMS/WiFi 0x${d[3]!.toString(16).padStart(2, '0')}, data:${hex(d.subarray(4))}\n` : '';
  }
  if (d.length >= 4 && wfa) return ctx.unknown ? `\tWFA 0x${d[3]!.toString(16).padStart(2, '0')}, data:${hex(d.subarray(4))}\n` : '';
  return ctx.unknown ? `\tVendor specific: OUI ${hex(d.subarray(0, 3), ':').slice(1)}, data:${hex(d.subarray(3))}\n` : '';
}

function extensionText(e: InformationElement, ctx: IeContext): string {
  if (e.ext === undefined) return '\tExtension IE: <empty>\n';
  if (e.ext === 35) {
    const p: Printer = {
      name: 'HE capabilities', min: 21, max: 54,
      text: (x) => {
        const h = x as Of<'he_capabilities'>;
        return '\n' + heText(h.mac, h.phy, h.mcsNssSet, undefined, '');
      },
    };
    return printed(p, e, ctx);
  }
  return ctx.unknown ? `\tUnknown Extension ID (${e.ext}):${hex(e.data)}\n` : '';
}

/** The lines iw prints for a frame's elements (`unknown`: iw's -u). */
export function formatElements(els: readonly InformationElement[], opts: { unknown?: boolean } = {}): string {
  const ctx: IeContext = { vhtCap: els.some((e) => e.id === 191), unknown: opts.unknown ?? false };
  let s = '';
  for (const e of els) {
    if (isTruncated(e)) break; // iw stops at an element that runs past the end
    const p = PRINTERS[e.id];
    if (p && e.data.length > 0) s += printed(p, e, ctx);
    else if (e.id === 221) s += vendorText(e, ctx);
    else if (e.id === 255) s += extensionText(e, ctx);
    else if (ctx.unknown) s += `\tUnknown IE (${e.id}):${hex(e.data)}\n`;
  }
  return s;
}

function isTruncated(e: InformationElement): boolean {
  return e.type === 'invalid' && /runs past the end|no length byte/.test((e as InvalidElement).error);
}
