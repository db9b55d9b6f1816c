// iw 5.19's text for nlkit's typed results: `iw dev`, `iw dev X info`, `iw dev X link`,
// `iw dev X station dump/get`, `iw dev X survey dump`, `iw reg get`, `iw event`.
// (`iw dev X scan` is in format-scan.ts, `iw phy`/`iw list` in format-phy.ts.)
//
// Known differences from iw (the guest tests compare around them):
// - Live values differ between two runs by nature: station counters, "inactive time",
//   "connected time", "associated at", "current time", survey times, scan "last seen".
// - "associated at:" and "current time:" are wall-clock milliseconds; nlkit computes
//   "associated at" from /proc/uptime (10 ms resolution) where iw reads CLOCK_BOOTTIME,
//   so the two can differ by a few ms for the same association.
// - Station TID statistics (`station dump -v`) and MLO link sections are not printed.
// - `iw dev` prints "multicast TXQ" statistics when the driver reports them; nlkit does not.
// - `iw event`: the frame-level events print the common forms (auth/assoc/deauth/disassoc,
//   connect/disconnect, station, scan, regulatory, interface, TX status); iw's rarer
//   ones (CQM, radar, NAN, vendor payload layouts, ...) are printed by nlkit as
//   "unknown event N (NAME)" lines; the vendor event prints only "vendor event OUI:N".
// - `iw event -t`: nlkit's receive time has millisecond resolution (the last three of
//   the six decimals are 000), and it is the time nlkit read the event, not iw's.
// - 802.11 status and reason texts cover the common codes; others print "<unknown>".
import fs from 'node:fs';
import type { IwEvent } from './events.js';
import type { Bss, ChannelInfo, RateInfo, RegDomain, RegRule, Station, Survey, WirelessInterface } from './types.js';

/** iw's names of interface types (util.c ifmodes). */
export const IFTYPE_TEXT: Readonly<Record<string, string>> = {
  unspecified: 'Unspecified', ibss: 'IBSS', managed: 'managed', ap: 'AP', 'ap-vlan': 'AP/VLAN', wds: 'WDS', monitor: 'monitor',
  mesh: 'mesh point', 'p2p-client': 'P2P-client', 'p2p-go': 'P2P-GO', 'p2p-device': 'P2P-device', ocb: 'outside context of a BSS', nan: 'NAN',
};

export const CHAN_WIDTH_TEXT: Readonly<Record<string, string>> = {
  '20_noht': '20 MHz (no HT)', '20': '20 MHz', '40': '40 MHz', '80': '80 MHz', '80p80': '80+80 MHz', '160': '160 MHz',
  '5': '5 MHz', '10': '10 MHz', '1': '1 MHz', '2': '2 MHz', '4': '4 MHz', '8': '8 MHz', '16': '16 MHz', '320': '320 MHz',
};

const CHANNEL_TYPE_TEXT = ['NO HT', 'HT20', 'HT40-', 'HT40+'];

/** C's "%d.%.2d" of a value in hundredths (iw prints mBm and signal this way, sign quirks included). */
export function hundredths(v: number): string {
  const q = Math.trunc(v / 100);
  const r = v % 100; // C remainder: keeps the dividend's sign
  const rs = r < 0 ? '-' + String(-r).padStart(2, '0') : String(r).padStart(2, '0');
  return `${q}.${rs}`;
}

/** iw's print_ssid_escaped. */
export function escapeSsid(ssid: Uint8Array | string): string {
  const b = typeof ssid === 'string' ? Buffer.from(ssid, 'utf8') : ssid;
  let out = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c > 0x20 && c < 0x7f && c !== 0x5c) out += String.fromCharCode(c);
    else if (c === 0x20 && i !== 0 && i !== b.length - 1) out += ' ';
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out;
}

function channelLine(c: ChannelInfo): string {
  let s = `channel ${c.channel} (${c.freq} MHz)`;
  if (c.width !== undefined) {
    s += `, width: ${CHAN_WIDTH_TEXT[c.width] ?? 'unknown'}`;
    if (c.center1 !== undefined) s += `, center1: ${c.center1} MHz`;
    if (c.center2 !== undefined) s += `, center2: ${c.center2} MHz`;
  } else if (c.channelType !== undefined) {
    s += ` ${CHANNEL_TYPE_TEXT[c.channelType] ?? 'unknown'}`;
  }
  return s;
}

function interfaceBody(i: WirelessInterface, indent: string, withWiphy: boolean): string {
  let s = i.name !== undefined ? `${indent}Interface ${i.name}\n` : `${indent}Unnamed/non-netdev interface\n`;
  if (i.ifindex !== undefined) s += `${indent}\tifindex ${i.ifindex}\n`;
  s += `${indent}\twdev 0x${i.wdev.toString(16)}\n`;
  if (i.mac) s += `${indent}\taddr ${i.mac}\n`;
  if (i.ssid !== undefined) s += `${indent}\tssid ${escapeSsid(i.ssid)}\n`;
  s += `${indent}\ttype ${IFTYPE_TEXT[i.type] ?? 'Unknown mode'}\n`;
  if (withWiphy) s += `${indent}\twiphy ${i.wiphy}\n`;
  if (i.channel) s += `${indent}\t${channelLine(i.channel)}\n`;
  if (i.txPowerMbm !== undefined) s += `${indent}\ttxpower ${hundredths(i.txPowerMbm)} dBm\n`;
  if (i.use4addr) s += `${indent}\t4addr: on\n`;
  return s;
}

/** `iw dev`: interfaces grouped under "phy#N" in the kernel's order. */
export function formatDevList(ifaces: WirelessInterface[]): string {
  let s = '';
  let last: number | undefined;
  for (const i of ifaces) {
    if (i.wiphy !== last) {
      s += `phy#${i.wiphy}\n`;
      last = i.wiphy;
    }
    s += interfaceBody(i, '\t', false);
  }
  return s;
}

/** `iw dev X info`. */
export function formatInterface(i: WirelessInterface): string {
  return interfaceBody(i, '', true);
}

// ---------------------------------------------------------------- stations

/** iw's parse_bitrate text: "54.0 MBit/s", "65.0 MBit/s MCS 7 short GI", ... */
export function formatRate(r: RateInfo): string {
  let s = r.bitrate > 0 ? `${Math.trunc(r.bitrate / 10)}.${r.bitrate % 10} MBit/s` : '(unknown)';
  if (r.mcs !== undefined) s += ` MCS ${r.mcs}`;
  if (r.vhtMcs !== undefined) s += ` VHT-MCS ${r.vhtMcs}`;
  if (r.widthMHz === 40) s += ' 40MHz';
  if (r.widthMHz === 80 && !r.is80p80) s += ' 80MHz';
  if (r.is80p80) s += ' 80P80MHz';
  if (r.widthMHz === 160) s += ' 160MHz';
  if (r.widthMHz === 320) s += ' 320MHz';
  if (r.shortGi) s += ' short GI';
  if (r.vhtNss !== undefined) s += ` VHT-NSS ${r.vhtNss}`;
  if (r.heMcs !== undefined) s += ` HE-MCS ${r.heMcs}`;
  if (r.heNss !== undefined) s += ` HE-NSS ${r.heNss}`;
  if (r.heGi !== undefined) s += ` HE-GI ${r.heGi}`;
  if (r.heDcm !== undefined) s += ` HE-DCM ${r.heDcm}`;
  if (r.heRuAlloc !== undefined) s += ` HE-RU-ALLOC ${r.heRuAlloc}`;
  if (r.ehtMcs !== undefined) s += ` EHT-MCS ${r.ehtMcs}`;
  if (r.ehtNss !== undefined) s += ` EHT-NSS ${r.ehtNss}`;
  if (r.ehtGi !== undefined) s += ` EHT-GI ${r.ehtGi}`;
  if (r.ehtRuAlloc !== undefined) s += ` EHT-RU-ALLOC ${r.ehtRuAlloc}`;
  return s;
}

function chain(v: number[] | undefined): string {
  return v && v.length ? `[${v.join(', ')}] ` : '';
}

const PLINK = ['LISTEN', 'OPN_SNT', 'OPN_RCVD', 'CNF_RCVD', 'ESTAB', 'HOLDING', 'BLOCKED'];
const MESH_PM = ['UNKNOWN', 'ACTIVE', 'LIGHT SLEEP', 'DEEP SLEEP'];

/** CLOCK_BOOTTIME now, in ns (from /proc/uptime: the kernel's boottime clock, 10 ms resolution). */
function boottimeNs(): bigint | undefined {
  try {
    const up = fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]!;
    const [s, f = '0'] = up.split('.');
    return BigInt(s!) * 1000000000n + BigInt(f.padEnd(9, '0').slice(0, 9));
  } catch {
    return undefined;
  }
}

export interface StationFormatOptions {
  /** "now" in ms since the epoch (default Date.now()); tests pin it. */
  nowMs?: number;
  /** CLOCK_BOOTTIME now in ns (default from /proc/uptime). */
  boottimeNs?: bigint;
}

/** `iw dev X station dump` / `station get`: one station's block. */
export function formatStation(st: Station, opts: StationFormatOptions = {}): string {
  const nowMs = opts.nowMs ?? Date.now();
  const L: string[] = [`Station ${st.mac} (on ${st.dev ?? `#${st.ifindex}`})`];
  const add = (s: string): void => void L.push('\t' + s);
  if (st.inactiveTimeMs !== undefined) add(`inactive time:\t${st.inactiveTimeMs} ms`);
  if (st.rxBytes !== undefined) add(`rx bytes:\t${st.rxBytes}`);
  if (st.rxPackets !== undefined) add(`rx packets:\t${st.rxPackets}`);
  if (st.txBytes !== undefined) add(`tx bytes:\t${st.txBytes}`);
  if (st.txPackets !== undefined) add(`tx packets:\t${st.txPackets}`);
  if (st.txRetries !== undefined) add(`tx retries:\t${st.txRetries}`);
  if (st.txFailed !== undefined) add(`tx failed:\t${st.txFailed}`);
  if (st.beaconLoss !== undefined) add(`beacon loss:\t${st.beaconLoss}`);
  if (st.beaconRx !== undefined) add(`beacon rx:\t${st.beaconRx}`);
  if (st.rxDropMisc !== undefined) add(`rx drop misc:\t${st.rxDropMisc}`);
  if (st.signal !== undefined) add(`signal:  \t${st.signal} ${chain(st.chainSignal)}dBm`);
  if (st.signalAvg !== undefined) add(`signal avg:\t${st.signalAvg} ${chain(st.chainSignalAvg)}dBm`);
  if (st.beaconSignalAvg !== undefined) add(`beacon signal avg:\t${st.beaconSignalAvg} dBm`);
  if (st.tOffsetUs !== undefined) add(`Toffset:\t${st.tOffsetUs} us`);
  if (st.txBitrate) add(`tx bitrate:\t${formatRate(st.txBitrate)}`);
  if (st.txDurationUs !== undefined) add(`tx duration:\t${st.txDurationUs} us`);
  if (st.rxBitrate) add(`rx bitrate:\t${formatRate(st.rxBitrate)}`);
  if (st.rxDurationUs !== undefined) add(`rx duration:\t${st.rxDurationUs} us`);
  if (st.ackSignal !== undefined) add(`last ack signal:${st.ackSignal} dBm`);
  if (st.ackSignalAvg !== undefined) add(`avg ack signal:\t${st.ackSignalAvg} dBm`);
  if (st.airtimeWeight !== undefined) add(`airtime weight: ${st.airtimeWeight}`);
  if (st.expectedThroughput !== undefined) {
    const thr = Math.trunc((st.expectedThroughput * 1000) / 1024);
    add(`expected throughput:\t${Math.trunc(thr / 1000)}.${thr % 1000}Mbps`);
  }
  if (st.llid !== undefined) add(`mesh llid:\t${st.llid}`);
  if (st.plid !== undefined) add(`mesh plid:\t${st.plid}`);
  if (st.plinkState !== undefined) add(`mesh plink:\t${PLINK[st.plinkState] ?? 'UNKNOWN'}`);
  if (st.airtimeLinkMetric !== undefined) add(`mesh airtime link metric: ${st.airtimeLinkMetric}`);
  if (st.connectedToGate !== undefined) add(`mesh connected to gate:\t${st.connectedToGate ? 'yes' : 'no'}`);
  if (st.connectedToAs !== undefined) add(`mesh connected to auth server:\t${st.connectedToAs ? 'yes' : 'no'}`);
  if (st.localPm !== undefined) add(`mesh local PS mode:\t${MESH_PM[st.localPm] ?? 'UNKNOWN'}`);
  if (st.peerPm !== undefined) add(`mesh peer PS mode:\t${MESH_PM[st.peerPm] ?? 'UNKNOWN'}`);
  if (st.nonpeerPm !== undefined) add(`mesh non-peer PS mode:\t${MESH_PM[st.nonpeerPm] ?? 'UNKNOWN'}`);
  const f = st.flags;
  const yn = (v: boolean): string => (v ? 'yes' : 'no');
  if (f.authorized !== undefined) add(`authorized:\t${yn(f.authorized)}`);
  if (f.authenticated !== undefined) add(`authenticated:\t${yn(f.authenticated)}`);
  if (f.associated !== undefined) add(`associated:\t${yn(f.associated)}`);
  if (f.shortPreamble !== undefined) add(`preamble:\t${f.shortPreamble ? 'short' : 'long'}`);
  if (f.wme !== undefined) add(`WMM/WME:\t${yn(f.wme)}`);
  if (f.mfp !== undefined) add(`MFP:\t\t${yn(f.mfp)}`);
  if (f.tdlsPeer !== undefined) add(`TDLS peer:\t${yn(f.tdlsPeer)}`);
  if (st.bss) {
    if (st.bss.dtimPeriod !== undefined) add(`DTIM period:\t${st.bss.dtimPeriod}`);
    if (st.bss.beaconInterval !== undefined) add(`beacon interval:${st.bss.beaconInterval}`);
    if (st.bss.ctsProtection) add('CTS protection:\tyes');
    if (st.bss.shortPreamble) add('short preamble:\tyes');
    if (st.bss.shortSlotTime) add('short slot time:yes');
  }
  if (st.connectedTimeS !== undefined) add(`connected time:\t${st.connectedTimeS} seconds`);
  if (st.assocAtBoottimeNs !== undefined) {
    const bt = st.assocAtBoottimeNs;
    add(`associated at [boottime]:\t${bt / 1000000000n}.${String((bt % 1000000000n) / 1000000n).padStart(3, '0')}s`);
    const boot = opts.boottimeNs ?? boottimeNs();
    if (boot !== undefined) add(`associated at:\t${BigInt(nowMs) - (boot - bt) / 1000000n} ms`);
  }
  add(`current time:\t${nowMs} ms`);
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------- link

export interface LinkLike {
  status: 'associated' | 'authenticated' | 'ibss-joined';
  bssid: string;
  dev?: string;
  bss: Bss;
  station?: Station;
}

/** `iw dev X link`; null = "Not connected." */
export function formatLink(link: LinkLike | null, dev?: string): string {
  if (!link) return 'Not connected.\n';
  const on = link.dev ?? dev ?? '?';
  const head = link.status === 'associated' ? 'Connected to' : link.status === 'authenticated' ? 'Authenticated with' : 'Joined IBSS';
  let s = `${head} ${link.bssid} (on ${on})\n`;
  if (link.bss.ssidBytes) s += `\tSSID: ${escapeSsid(link.bss.ssidBytes)}\n`;
  s += `\tfreq: ${link.bss.freq}\n`;
  const st = link.station;
  if (!st) return s;
  if (st.rxBytes !== undefined && st.rxPackets !== undefined) s += `\tRX: ${st.rxBytes} bytes (${st.rxPackets} packets)\n`;
  if (st.txBytes !== undefined && st.txPackets !== undefined) s += `\tTX: ${st.txBytes} bytes (${st.txPackets} packets)\n`;
  if (st.signal !== undefined) s += `\tsignal: ${st.signal} ${chain(st.chainSignal)}dBm\n`;
  if (st.rxBitrate) s += `\trx bitrate: ${formatRate(st.rxBitrate)}\n`;
  if (st.txBitrate) s += `\ttx bitrate: ${formatRate(st.txBitrate)}\n`;
  if (st.bss) {
    const flags = [st.bss.ctsProtection && 'CTS-protection', st.bss.shortPreamble && 'short-preamble', st.bss.shortSlotTime && 'short-slot-time']
      .filter(Boolean).join(' ');
    s += `\n\tbss flags:\t${flags}\n`;
    if (st.bss.dtimPeriod !== undefined) s += `\tdtim period:\t${st.bss.dtimPeriod}\n`;
    if (st.bss.beaconInterval !== undefined) s += `\tbeacon int:\t${st.bss.beaconInterval}\n`;
  }
  return s;
}

// ---------------------------------------------------------------- survey

export function formatSurvey(list: Survey[], dev?: string): string {
  let s = '';
  for (const v of list) {
    s += `Survey data from ${v.dev ?? dev ?? `#${v.ifindex}`}\n`;
    s += `\tfrequency:\t\t\t${v.freq} MHz${v.inUse ? ' [in use]' : ''}\n`;
    if (v.noise !== undefined) s += `\tnoise:\t\t\t\t${v.noise} dBm\n`;
    if (v.activeMs !== undefined) s += `\tchannel active time:\t\t${v.activeMs} ms\n`;
    if (v.busyMs !== undefined) s += `\tchannel busy time:\t\t${v.busyMs} ms\n`;
    if (v.extBusyMs !== undefined) s += `\textension channel busy time:\t${v.extBusyMs} ms\n`;
    if (v.rxMs !== undefined) s += `\tchannel receive time:\t\t${v.rxMs} ms\n`;
    if (v.txMs !== undefined) s += `\tchannel transmit time:\t\t${v.txMs} ms\n`;
  }
  return s;
}

// ---------------------------------------------------------------- regulatory

const DFS_TEXT: Record<string, string> = { unset: 'DFS-UNSET', fcc: 'DFS-FCC', etsi: 'DFS-ETSI', jp: 'DFS-JP' };

export function formatRegRule(r: RegRule): string {
  const mhz = (k: number): number => Math.trunc(k / 1000);
  let s = `\t(${mhz(r.startKHz)} - ${mhz(r.endKHz)} @ ${mhz(r.maxBandwidthKHz)}), `;
  s += r.maxAntennaGain ? `(${Math.trunc(r.maxAntennaGain / 100)}, ` : '(N/A, ';
  s += `${Math.trunc(r.maxEirp / 100)})`;
  s += r.flags & (1 << 4) ? `, (${r.dfsCacTimeMs ?? 0} ms)` : ', (N/A)';
  for (const n of r.flagNames) s += `, ${n}`;
  return s + '\n';
}

/** `iw reg get`: the global domain, then each self-managed wiphy's. */
export function formatRegulatory(domains: RegDomain[]): string {
  let s = '';
  for (const d of domains) {
    s += d.wiphy === undefined ? 'global\n' : `phy#${d.wiphy}${d.selfManaged ? ' (self-managed)' : ''}\n`;
    s += `country ${d.country}: ${typeof d.dfsRegion === 'string' ? DFS_TEXT[d.dfsRegion] : `DFS-${d.dfsRegion}`}\n`;
    for (const r of d.rules) s += formatRegRule(r);
    s += '\n';
  }
  return s;
}

// ---------------------------------------------------------------- events

/** 802.11 status codes as iw words them (the common ones). */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  0: 'Successful', 1: 'Unspecified failure', 10: 'Cannot support all requested capabilities in the capability information field',
  11: 'Reassociation denied due to inability to confirm that association exists',
  12: 'Association denied due to reason outside the scope of this standard',
  13: 'Responding station does not support the specified authentication algorithm',
  14: 'Received an authentication frame with authentication transaction sequence number out of expected sequence',
  15: 'Authentication rejected because of challenge failure', 16: 'Authentication rejected due to timeout waiting for next frame in sequence',
  17: 'Association denied because AP is unable to handle additional associated stations',
  18: 'Association denied due to requesting station not supporting all of the data rates in the BSSBasicRateSet parameter',
};

/** 802.11 reason codes as iw words them (the common ones). */
export const REASON_TEXT: Readonly<Record<number, string>> = {
  1: 'Unspecified', 2: 'Previous authentication no longer valid',
  3: 'Deauthenticated because sending station is leaving (or has left) the IBSS or ESS', 4: 'Disassociated due to inactivity',
  5: 'Disassociated because AP is unable to handle all currently associated stations',
  6: 'Class 2 frame received from nonauthenticated station', 7: 'Class 3 frame received from nonassociated station',
  8: 'Disassociated because sending station is leaving (or has left) BSS',
  9: 'Station requesting (re)association is not authenticated with responding station',
  15: '4-Way Handshake timeout', 16: 'Group Key Handshake timeout',
};

const EV_IFTYPE: Readonly<Record<string, string>> = {
  unspecified: 'unspecified', ibss: 'IBSS', managed: 'station', ap: 'access point', 'ap-vlan': 'AP-VLAN', wds: 'WDS', monitor: 'monitor',
  mesh: 'mesh point', 'p2p-client': 'P2P-client', 'p2p-go': 'P2P-GO', 'p2p-device': 'P2P-Device', ocb: 'OCB', nan: 'NAN',
};

const REG_INITIATOR = ['the wireless core upon initialization', 'a user', 'a driver', 'a country IE'];

function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

function mac(b: Uint8Array, at: number): string {
  return Array.from(b.subarray(at, at + 6), (x) => x.toString(16).padStart(2, '0')).join(':');
}

function eventPrefix(e: IwEvent): string {
  const dev = e.dev ?? e.ifname ?? (e.ifindex !== undefined ? `#${e.ifindex}` : undefined);
  if (e.ifindex !== undefined && e.wiphy !== undefined) return `${dev} (phy #${e.wiphy}): `;
  if (e.wdev !== undefined && e.wiphy !== undefined) return `wdev 0x${e.wdev.toString(16)} (phy #${e.wiphy}): `;
  if (e.ifindex !== undefined) return `${dev}: `;
  if (e.wiphy !== undefined) return `phy #${e.wiphy}: `;
  return '';
}

function scanText(e: IwEvent): string {
  let s = '';
  for (const f of e.freqs ?? []) s += ` ${f}`;
  if (e.ssids) {
    s += ',';
    for (const ss of e.ssids) s += ` "${escapeSsid(ss)}"`;
  }
  return s;
}

function frameText(e: IwEvent, what: string, frames: boolean): string {
  const f = e.frame;
  if (!f || f.length < 24) return `${what}: timed out`;
  const from = mac(f, 10);
  const to = mac(f, 4);
  const le16 = (at: number): number => (f.length >= at + 2 ? f[at]! | (f[at + 1]! << 8) : 0);
  let s = `${what} ${from} -> ${to}`;
  if (what === 'auth') {
    const st = le16(24 + 4);
    s += ` status: ${st}: ${STATUS_TEXT[st] ?? '<unknown>'}`;
  } else if (what === 'assoc' || what === 'reassoc') {
    const st = le16(24 + 2);
    s += ` status: ${st}: ${STATUS_TEXT[st] ?? '<unknown>'}`;
  } else {
    const r = le16(24);
    s += ` reason ${r}: ${REASON_TEXT[r] ?? '<unknown>'}`;
  }
  return frames ? `${s} [frame: ${hexBytes(f)}]` : s;
}

/** One `iw event` line (without the -t timestamp; see formatEventTime). frames: iw event -f (frame bytes). */
export function formatEvent(e: IwEvent, opts: { frames?: boolean } = {}): string {
  const fr = opts.frames ?? false;
  const p = eventPrefix(e);
  switch (e.kind) {
    case 'scan-started': return `${p}scan started`;
    case 'scan-finished': return `${p}scan finished:${scanText(e)}`;
    case 'scan-aborted': return `${p}scan aborted:${scanText(e)}`;
    case 'sched-scan-results': return `${p}got scheduled scan results`;
    case 'sched-scan-stopped': return `${p}sched scan stopped`;
    case 'new-station': return `${p}new station ${e.mac}`;
    case 'del-station': return `${p}del station ${e.mac}`;
    case 'authenticated': return `${p}${frameText(e, 'auth', fr)}`;
    case 'associated': return `${p}${frameText(e, 'assoc', fr)}`;
    case 'deauthenticated': return `${p}${frameText(e, 'deauth', fr)}`;
    case 'disassociated': return `${p}${frameText(e, 'disassoc', fr)}`;
    case 'auth-timeout': return `${p}auth: timed out`;
    case 'assoc-timeout': return `${p}assoc: timed out`;
    case 'connected':
      if (e.statusCode) return `${p}failed to connect to ${e.bssid ?? e.mac}, status: ${e.statusCode}: ${STATUS_TEXT[e.statusCode] ?? '<unknown>'}`;
      return `${p}connected to ${e.bssid ?? e.mac}`;
    case 'roamed': return `${p}roamed to ${e.bssid ?? e.mac}`;
    case 'disconnected': {
      let s = `${p}disconnected (${e.disconnectedByAp ? 'by AP' : 'local request'})`;
      if (e.reasonCode !== undefined) s += ` reason: ${e.reasonCode}: ${REASON_TEXT[e.reasonCode] ?? '<unknown>'}`;
      return s;
    }
    case 'reg-change':
    case 'wiphy-reg-change': {
      let s = `${p}regulatory domain change: `;
      const who = REG_INITIATOR[e.regInitiator ?? -1] ?? 'an unknown source';
      if (e.regType === 1) s += `set to world roaming by ${who} request`;
      else if (e.regType === 2) s += `custom world roaming rules in place by ${who} request`;
      else if (e.regType === 3) s += `intersection used due to a request made by ${who}`;
      else s += `set to ${e.regAlpha2 ?? '??'} by ${who} request`;
      return s;
    }
    case 'reg-beacon-hint': return `${p}regulatory beacon hint`;
    case 'new-interface': case 'set-interface': case 'del-interface': {
      const verb = e.kind === 'new-interface' ? 'new' : e.kind === 'set-interface' ? 'set' : 'del';
      return `${p}${verb} interface type ${EV_IFTYPE[e.iftype ?? 'unspecified'] ?? e.iftype} use 4addr ${e.use4addr ? 1 : 0}`;
    }
    case 'new-wiphy': return `${p}renamed to ${String(e.attrs.wiphy_name ?? '')}`;
    case 'del-wiphy': return `${p}delete wiphy`;
    case 'join-ibss': return `${p}IBSS ${e.mac} joined`;
    case 'channel-switch': case 'channel-switch-started':
      return `${p}ch_switch${e.kind === 'channel-switch-started' ? '_started' : ''} notify (freq=${e.freq ?? 0})`;
    case 'frame-tx-status': return `${p}mgmt TX status (cookie ${(e.cookie ?? 0n).toString(16)}): ${e.ack ? 'acked' : 'no ack'}`;
    case 'control-port-tx-status': return `${p}ctrl. port TX status (cookie ${(e.cookie ?? 0n).toString(16)}): ${e.ack ? 'acked' : 'no ack'}`;
    case 'vendor': return `${p}vendor event ${(e.vendorId ?? 0).toString(16).padStart(6, '0')}:${e.vendorSubcmd ?? 0}`;
    default: return `${p}unknown event ${e.cmd} (${e.command})`;
  }
}

/** iw event -t's "%ld.%06u: " prefix. */
/** iw event -t / -r: "seconds.microseconds: " of a time in microseconds (absolute, or since the previous event). */
export function formatEventTime(us: bigint | Date): string {
  const v = us instanceof Date ? BigInt(us.getTime()) * 1000n : us;
  return `${v / 1000000n}.${String(v % 1000000n).padStart(6, '0')}: `;
}
