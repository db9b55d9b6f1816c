// Arguments of IW's commands in nl80211's terms: command numbers, attribute
// values in the kind the schema gives them, monitor flags and chandefs.
import type { AttrSet, AttrValue, Attrs } from '../netlink/schema.js';
import { NL80211_CMD } from './schema/index.js';
import { channelToFreq } from './types.js';

/** Command numbers by name (GET_WIPHY or NL80211_CMD_GET_WIPHY both work). */
const CMD_TABLE: Readonly<Record<string, number>> = NL80211_CMD;
export function cmdNumber(name: string | number): number {
  if (typeof name === 'number') return name;
  const k = name.replace(/^NL80211_CMD_/i, '').toUpperCase();
  const n = CMD_TABLE[k] ?? CMD_TABLE[`NL80211_CMD_${k}`];
  if (n === undefined) throw new TypeError(`unknown nl80211 command '${name}'`);
  return n;
}
export const CMD = {
  GET_WIPHY: cmdNumber('GET_WIPHY'), SET_WIPHY: cmdNumber('SET_WIPHY'), GET_INTERFACE: cmdNumber('GET_INTERFACE'),
  SET_INTERFACE: cmdNumber('SET_INTERFACE'), NEW_INTERFACE: cmdNumber('NEW_INTERFACE'), DEL_INTERFACE: cmdNumber('DEL_INTERFACE'),
  GET_STATION: cmdNumber('GET_STATION'), GET_REG: cmdNumber('GET_REG'), REQ_SET_REG: cmdNumber('REQ_SET_REG'),
  GET_SCAN: cmdNumber('GET_SCAN'), TRIGGER_SCAN: cmdNumber('TRIGGER_SCAN'), NEW_SCAN_RESULTS: cmdNumber('NEW_SCAN_RESULTS'),
  SCAN_ABORTED: cmdNumber('SCAN_ABORTED'), ABORT_SCAN: cmdNumber('ABORT_SCAN'), CONNECT: cmdNumber('CONNECT'),
  DISCONNECT: cmdNumber('DISCONNECT'), JOIN_IBSS: cmdNumber('JOIN_IBSS'), LEAVE_IBSS: cmdNumber('LEAVE_IBSS'),
  GET_SURVEY: cmdNumber('GET_SURVEY'), DEL_STATION: cmdNumber('DEL_STATION'), SET_STATION: cmdNumber('SET_STATION'),
  SET_POWER_SAVE: cmdNumber('SET_POWER_SAVE'), GET_POWER_SAVE: cmdNumber('GET_POWER_SAVE'), SET_TX_BITRATE_MASK: cmdNumber('SET_TX_BITRATE_MASK'),
  JOIN_MESH: cmdNumber('JOIN_MESH'), LEAVE_MESH: cmdNumber('LEAVE_MESH'), GET_MPATH: cmdNumber('GET_MPATH'),
  GET_MESH_CONFIG: cmdNumber('GET_MESH_CONFIG'), SET_MESH_CONFIG: cmdNumber('SET_MESH_CONFIG'), GET_WOWLAN: cmdNumber('GET_WOWLAN'),
  GET_COALESCE: cmdNumber('GET_COALESCE'), RELOAD_REGDB: cmdNumber('RELOAD_REGDB'),
} as const;

export type ChannelWidthArg =
  | 'NOHT' | 'HT20' | 'HT40+' | 'HT40-' | '5' | '10' | '20' | '40' | '80' | '160' | '320'
  | '5MHz' | '10MHz' | '20MHz' | '40MHz' | '80MHz' | '160MHz' | '320MHz';

export interface MonitorFlagsArg {
  flags?: ('none' | 'fcsfail' | 'plcpfail' | 'control' | 'otherbss' | 'cook' | 'active')[];
}

export function adapt(kind: string | undefined, v: string | Uint8Array): AttrValue {
  if (kind === 'binary') return typeof v === 'string' ? (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(v) ? macBytes(v) : new TextEncoder().encode(v)) : v;
  if (kind === 'mac') return typeof v === 'string' ? v : Array.from(v, (b) => b.toString(16).padStart(2, '0')).join(':');
  return typeof v === 'string' ? v : new TextDecoder().decode(v);
}

export function macBytes(s: string): Uint8Array {
  return Uint8Array.from(s.split(':').map((x) => parseInt(x, 16)));
}

export function checkMac(mac: string): string {
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw new TypeError(`invalid MAC address '${mac}'`);
  return mac.toLowerCase();
}

const MNTR_KERNEL: Record<string, string> = { fcsfail: 'fcsfail', plcpfail: 'plcpfail', control: 'control', otherbss: 'other_bss', cook: 'cook_frames', active: 'active' };
const MNTR_BIT: Record<string, number> = { fcsfail: 1, plcpfail: 2, control: 3, other_bss: 4, cook_frames: 5, active: 6 };

/** Monitor flags in the shape the schema wants: a nested set of flags, or a list of numbers. */
export function monitorFlags(set: AttrSet, flags: NonNullable<MonitorFlagsArg['flags']>): AttrValue {
  const names = flags.filter((f) => f !== 'none').map((f) => {
    const k = MNTR_KERNEL[f];
    if (!k) throw new TypeError(`invalid monitor flag '${f}'`);
    return k;
  });
  const spec = set.byName.get('mntr_flags');
  if (spec?.kind === 'nested') return Object.fromEntries(names.map((n) => [n, true]));
  if (spec?.kind === 'array') return names.map((n) => MNTR_BIT[n]!);
  // Unknown shape: the raw attribute by number, flags as empty attributes.
  return Object.fromEntries(names.map((n) => [n, true]));
}

const VHT80_CENTERS_5G = [42, 58, 106, 122, 138, 155, 171];
const VHT160_CENTERS_5G = [50, 114, 163];

/** The chandef attributes (freq, width, centers, legacy channel type) for a channel/frequency and an iw width word. */
export function chandefAttrs(opts: { channel?: number; freq?: number; width?: ChannelWidthArg; center1?: number; center2?: number; band?: '2.4' | '5' | '6' | '60' }): Attrs {
  let freq = opts.freq;
  if (freq === undefined) {
    if (opts.channel === undefined) throw new TypeError('a channel or a frequency is required');
    freq = channelToFreq(opts.channel, opts.band);
    if (!freq) throw new TypeError(`invalid channel ${opts.channel}`);
  }
  if (!Number.isInteger(freq) || freq <= 0) throw new TypeError(`invalid frequency ${freq}`);
  const w = String(opts.width ?? 'NOHT').toUpperCase().replace(/MHZ$/, '');
  const out: Attrs = { wiphy_freq: freq };
  const ht = { NOHT: 0, HT20: 1, 'HT40-': 2, 'HT40+': 3 } as Record<string, number>;
  if (w in ht) {
    out.wiphy_channel_type = ht[w];
    out.channel_width = w === 'NOHT' ? 0 : w === 'HT20' ? 1 : 2;
    out.center_freq1 = w === 'HT40+' ? freq + 10 : w === 'HT40-' ? freq - 10 : freq;
    return out;
  }
  const widths: Record<string, number> = { '20': 1, '40': 2, '80': 3, '160': 5, '5': 6, '10': 7, '320': 13 };
  const cw = widths[w];
  if (cw === undefined) throw new TypeError(`invalid channel width '${String(opts.width)}' (NOHT, HT20, HT40+, HT40-, 5MHz, 10MHz, 80MHz, 160MHz)`);
  out.channel_width = cw;
  let center = opts.center1;
  if (center === undefined) {
    const mhz = Number(w);
    if (mhz <= 20) center = freq;
    else if (mhz === 40) {
      // The 40 MHz pair the channel belongs to (primary below or above).
      const ch = freqToChannel5(freq);
      center = ch !== undefined ? freq + ((Math.floor((ch - 36) / 4) % 2 === 0) ? 10 : -10) : freq + 10;
    } else {
      const ch = freqToChannel5(freq);
      const list = mhz === 80 ? VHT80_CENTERS_5G : mhz === 160 ? VHT160_CENTERS_5G : [];
      const span = mhz / 5 / 2;
      const c = ch === undefined ? undefined : list.find((x) => ch >= x - span + 2 && ch <= x + span - 2);
      if (c !== undefined) center = 5000 + c * 5;
      else if (freq > 5950 && freq <= 7125) {
        const ch6 = (freq - 5950) / 5;
        const block = mhz / 5;
        center = 5950 + (Math.floor((ch6 - 1) / block) * block + 1 + (block / 2 - 2)) * 5;
      } else {
        throw new TypeError(`no ${mhz} MHz channel contains ${freq} MHz`);
      }
    }
  }
  out.center_freq1 = center;
  if (opts.center2 !== undefined) out.center_freq2 = opts.center2;
  return out;
}

function freqToChannel5(freq: number): number | undefined {
  return freq >= 5000 && freq < 5950 ? (freq - 5000) / 5 : undefined;
}
