// iw 5.19's text of scan results (`iw dev X scan` / `scan dump`): the BSS header
// lines, then the elements (format-ie.ts).
//
// Known differences from iw: see format-ie.ts; "last seen" values are live.
import type { Bss } from './types.js';
import { hundredths } from './format.js';
import { formatElements } from './format-ie.js';
import { parseIEs } from './ie/index.js';

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
/** iw's -u (print unknown elements) and -b (both the probe response's and the beacon's elements). */
export interface ScanFormatOptions {
  unknown?: boolean;
  both?: boolean;
}

export function formatBss(b: Bss, dev?: string, opts: ScanFormatOptions = {}): string {
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
  const o = { unknown: opts.unknown };
  let show = opts.both ? 2 : 1;
  if (b.ies && show--) {
    if (b.fromProbeResponse) s += '\tInformation elements from Probe Response frame:\n';
    s += b.elements ? formatElements(b.elements, o) : formatIEs(b.ies, o);
  }
  if (b.beaconIes && show--) {
    s += '\tInformation elements from Beacon frame:\n';
    s += formatIEs(b.beaconIes, o);
  }
  return s;
}

export function formatScan(list: Bss[], dev?: string, opts: ScanFormatOptions = {}): string {
  return list.map((b) => formatBss(b, dev, opts)).join('');
}

/** The lines iw prints for a buffer of information elements. */
export function formatIEs(ies: Uint8Array, opts: { unknown?: boolean } = {}): string {
  return formatElements(parseIEs(ies), opts);
}
