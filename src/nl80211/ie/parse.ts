// IEEE 802.11 information elements: the id-length-value records of beacons and
// probe responses (NL80211_BSS_INFORMATION_ELEMENTS / BEACON_IES, NL80211_ATTR_IE).
// parseIEs never throws: an element that does not parse is kept as
// { type: 'invalid', id, data, error }, and parsing goes on with the next one.
// Layouts are those of IEEE Std 802.11-2020, clause 9.4.2.
import { EID, EID_EXT } from './ids.js';
import type { CountryElement, CountryTriplet, InformationElement, InvalidElement, RatesElement, RsnElement, Suite, VendorElement } from './elements.js';
import { Reader, Short, field, flag, layout, ssidText } from './reader.js';
import { EXT_CAPA_NAMES } from './bit-names.js';
import { ehtCapabilities, ehtOperation, parseMore, wps } from './parse-more.js';
import { bitsOf, heCapabilities, heOperation, htCapabilities, htOperation, vhtCapabilities } from './parse-caps.js';
import {
  AKM_NAMES, CIPHER_NAMES, OUI_IEEE, OUI_MICROSOFT, WPA_AKM_NAMES, WPA_CIPHER_NAMES, formatOui,
} from './suites.js';

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
    if (basic && SELECTORS[n]) {
      out.selectors.push(SELECTORS[n]!);
      out.items.push({ selector: SELECTORS[n]!, value: n });
    } else {
      const rate = { mbps: n / 2, basic };
      out.rates.push(rate);
      out.items.push(rate);
    }
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

const BSS_LOAD = layout({
  stationCount: 'u16 station count',
  channelUtilization: 'u8 channel utilization',
  availableAdmissionCapacity: 'u16 available admission capacity',
});
const VHT_OPERATION = layout({
  channelWidth: 'u8 channel width',
  centerFreqSegment0: 'u8 CCFS0',
  centerFreqSegment1: 'u8 CCFS1',
  basicMcsMap: 'u16 basic VHT-MCS and NSS set',
});

/**
 * RSN (48) and WPA (vendor 00-50-F2 type 1) share a layout. Fields after the
 * version are optional: `absent` names the first one the element ends before.
 * A suite or PMKID count that runs past the end leaves the rest in `tail`.
 */
/**
 * A suite count and that many suites (pairwise ciphers or AKMs). False when the list is absent (`absent` says
 * which) or its count runs past the end: then the tail keeps the bytes from the count on, as iw prints them.
 */
function suiteList(r: Reader, out: RsnElement, which: 'pairwise' | 'akm', vendor: boolean): boolean {
  if (r.left < 2) {
    out.absent = which;
    return false;
  }
  const n = r.b[r.at]! | (r.b[r.at + 1]! << 8);
  if (r.left < 2 + n * 4) {
    out.tail = r.rest();
    out.tailAt = which;
    return false;
  }
  r.u16(which === 'akm' ? 'AKM count' : 'pairwise cipher count');
  const list = which === 'akm' ? out.akmSuites : out.pairwiseCiphers;
  for (let i = 0; i < n; i++) list.push(suite(r, which === 'akm' ? 'AKM suite' : 'pairwise cipher', vendor));
  return true;
}

function rsn(r: Reader, out: RsnElement, vendor: boolean): void {
  out.version = r.u16('version');
  if (r.left < 4) {
    out.absent = 'group';
    return;
  }
  out.groupCipher = suite(r, 'group cipher', vendor);
  if (!suiteList(r, out, 'pairwise', vendor) || !suiteList(r, out, 'akm', vendor)) return;
  if (r.left >= 2) {
    const c = r.u16('capabilities');
    out.capabilities = c;
    out.capabilityFlags = {
      preauth: flag(c, 0), noPairwise: flag(c, 1),
      ptksaReplayCounters: REPLAY_COUNTERS[field(c, 2, 2)]!, gtksaReplayCounters: REPLAY_COUNTERS[field(c, 4, 2)]!,
      mfpRequired: flag(c, 6), mfpCapable: flag(c, 7), jointMultiBandRsna: flag(c, 8), peerkeyEnabled: flag(c, 9),
      sppAmsduCapable: flag(c, 10), sppAmsduRequired: flag(c, 11), pbac: flag(c, 12), extendedKeyId: flag(c, 13), ocvc: flag(c, 14),
    };
  }
  if (r.left >= 2) {
    const nk = r.b[r.at]! | (r.b[r.at + 1]! << 8);
    if (r.left < 2 + nk * 16) return void ((out.tail = r.rest()), (out.tailAt = 'pmkid'));
    out.pmkidCount = r.u16('PMKID count');
    for (let i = 0; i < nk; i++) out.pmkids.push(r.bytes(16, 'PMKID'));
  }
  if (r.left >= 4) out.groupManagementCipher = suite(r, 'group management cipher', false);
  if (r.left > 0) {
    out.tail = r.rest();
    out.tailAt = 'end';
  }
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

function vendor(r: Reader, id: number, data: Uint8Array): InformationElement {
  const o = r.bytes(3, 'OUI');
  const oui = (o[0]! << 16) | (o[1]! << 8) | o[2]!;
  const rest = r.rest();
  if (oui === OUI_MICROSOFT && rest[0] === 1) {
    const w: RsnElement = { type: 'wpa', id, data, version: 0, pairwiseCiphers: [], akmSuites: [], pmkids: [] };
    rsn(new Reader(rest.subarray(1), 'WPA'), w, true);
    return w;
  }
  if (oui === OUI_MICROSOFT && rest[0] === 4) return wps(id, data, rest.subarray(1));
  const v: VendorElement = { type: 'vendor', id, data, oui: formatOui(oui).replace(/-/g, ':'), vendorData: rest };
  if (rest.length > 0) v.ouiType = rest[0];
  return v;
}

function parseOne(id: number, data: Uint8Array, hePhy?: Uint8Array): InformationElement {
  const r = new Reader(data, `element ${id}`);
  switch (id) {
    case EID.SSID:
      return { type: 'ssid', id, data, ssid: ssidText(data) };
    case EID.SUPPORTED_RATES:
    case EID.EXTENDED_RATES: {
      const el: RatesElement = { type: id === EID.SUPPORTED_RATES ? 'supported_rates' : 'extended_rates', id, data, rates: [], items: [], selectors: [] };
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
      return { type: 'tim', id, data, dtimCount, dtimPeriod, bitmapControl: ctl, multicast: (ctl & 1) !== 0, bitmapOffset: (ctl >> 1) * 2, partialVirtualBitmap: bitmap };
    }
    case EID.COUNTRY:
      return country(r, id, data);
    case EID.BSS_LOAD:
      return r.struct(BSS_LOAD, { type: 'bss_load' as const, id, data });
    case EID.POWER_CONSTRAINT:
      return { type: 'power_constraint', id, data, db: r.u8('local power constraint') };
    case EID.ERP:
    case EID.ERP_D4: {
      const b = r.u8('ERP parameters');
      return { type: 'erp', id, data, flags: b, nonErpPresent: (b & 1) !== 0, useProtection: (b & 2) !== 0, barkerPreambleMode: (b & 4) !== 0 };
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
      const extensions: number[] = [];
      while (r.left > 0) {
        const c = r.u8('operating class');
        if (c === 130) extensions.push(...r.rest());
        if (c === 130 || c === 0) break;
        classes.push(c);
      }
      return { type: 'supported_operating_classes', id, data, current, classes, extensions };
    }
    case EID.EXTENDED_CAPABILITIES:
      return { type: 'extended_capabilities', id, data, ...bitsOf(data, EXT_CAPA_NAMES) };
    case EID.VHT_CAPABILITIES:
      return vhtCapabilities(r, id, data);
    case EID.VHT_OPERATION:
      return r.struct(VHT_OPERATION, { type: 'vht_operation' as const, id, data });
    case EID.VENDOR:
      return vendor(r, id, data);
    case EID.EXTENSION: {
      const ext = r.u8('element id extension');
      const body = data.subarray(1);
      const rr = new Reader(body, `element 255/${ext}`);
      if (ext === EID_EXT.HE_CAPABILITIES) return heCapabilities(rr, id, ext, body);
      if (ext === EID_EXT.HE_OPERATION) return heOperation(rr, id, ext, body);
      if (ext === EID_EXT.EHT_CAPABILITIES) return ehtCapabilities(rr, id, ext, body, hePhy ?? new Uint8Array(11));
      if (ext === EID_EXT.EHT_OPERATION) return ehtOperation(rr, id, ext, body);
      return { type: 'raw', id, ext, data: body };
    }
    default:
      return parseMore(id, r, data) ?? { type: 'raw', id, data };
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
  const hePhy = hePhyOf(bytes);
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
      out.push(parseOne(id, data, hePhy));
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

/** The HE PHY capabilities of the frame's HE capabilities element (EHT capabilities are laid out by them). */
function hePhyOf(bytes: Uint8Array): Uint8Array | undefined {
  for (let at = 0; at + 2 <= bytes.length && at + 2 + bytes[at + 1]! <= bytes.length; at += 2 + bytes[at + 1]!) {
    if (bytes[at] === EID.EXTENSION && bytes[at + 2] === EID_EXT.HE_CAPABILITIES && bytes[at + 1]! >= 18) return bytes.subarray(at + 9, at + 20);
  }
  return undefined;
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
