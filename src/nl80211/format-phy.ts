// iw 5.19's text of a wiphy (`iw phy`, `iw list`, `iw phy X info`).
//
// Known differences from iw:
// - WoWLAN, coalesce, vendor commands/events, TXQ parameters, EDMG and the
//   extended features iw 5.19 has no words for are not printed (by either).
// - Extended features newer than nlkit's table are left out, as iw 5.19 leaves out
//   those newer than its own (POWERED_ADDR_CHANGE on Debian's 6.1 kernel).
import { CHAN_WIDTH_TEXT, IFTYPE_TEXT } from './format.js';
import { commandName } from './events.js';
import { ehtText, heText, vhtText } from './format-caps.js';
import type { Band, Frequency, IfaceCombination, Wiphy } from './types.js';

const CIPHER_TEXT: Record<number, string> = {
  0x000fac01: 'WEP40 (00-0f-ac:1)', 0x000fac05: 'WEP104 (00-0f-ac:5)', 0x000fac02: 'TKIP (00-0f-ac:2)',
  0x000fac04: 'CCMP-128 (00-0f-ac:4)', 0x000fac06: 'CMAC (00-0f-ac:6)', 0x000fac08: 'GCMP-128 (00-0f-ac:8)',
  0x000fac09: 'GCMP-256 (00-0f-ac:9)', 0x000fac0a: 'CCMP-256 (00-0f-ac:10)', 0x000fac0b: 'GMAC-128 (00-0f-ac:11)',
  0x000fac0c: 'GMAC-256 (00-0f-ac:12)', 0x000fac0d: 'CMAC-256 (00-0f-ac:13)', 0x00147201: 'WPI-SMS4 (00-14-72:1)',
};

function cipherText(c: number): string {
  const t = CIPHER_TEXT[c];
  if (t) return t;
  const h = (x: number): string => x.toString(16).padStart(2, '0');
  return `${h((c >>> 24) & 0xff)}-${h((c >>> 16) & 0xff)}-${h((c >>> 8) & 0xff)}:${c & 0xff}`;
}

/** The HT capability lines (also used for the HT capabilities element of a scan). */
export function htCapa(capa: number): string {
  let s = `\t\tCapabilities: 0x${capa.toString(16).padStart(2, '0')}\n`;
  const l = (t: string): void => void (s += `\t\t\t${t}\n`);
  if (capa & 0x0001) l('RX LDPC');
  l(capa & 0x0002 ? 'HT20/HT40' : 'HT20');
  l(['Static SM Power Save', 'Dynamic SM Power Save', 'Reserved SM Power Save', 'SM Power Save disabled'][(capa >> 2) & 3]!);
  if (capa & 0x0010) l('RX Greenfield');
  if (capa & 0x0020) l('RX HT20 SGI');
  if (capa & 0x0040) l('RX HT40 SGI');
  if (capa & 0x0080) l('TX STBC');
  l(['No RX STBC', 'RX STBC 1-stream', 'RX STBC 2-streams', 'RX STBC 3-streams'][(capa >> 8) & 3]!);
  if (capa & 0x0400) l('HT Delayed Block Ack');
  l(capa & 0x0800 ? 'Max AMSDU length: 7935 bytes' : 'Max AMSDU length: 3839 bytes');
  l(capa & 0x1000 ? 'DSSS/CCK HT40' : 'No DSSS/CCK HT40');
  if (capa & 0x4000) l('40 MHz Intolerant');
  if (capa & 0x8000) l('L-SIG TXOP protection');
  return s;
}

export const DENSITY = ['No restriction', '1/4 usec', '1/2 usec', '1 usec', '2 usec', '4 usec', '8 usec', '16 usec'];

function mcsRanges(mask: Uint8Array, bits: number): string {
  const on: number[] = [];
  for (let i = 0; i < bits; i++) if (mask[i >> 3]! & (1 << (i & 7))) on.push(i);
  const parts: string[] = [];
  for (let i = 0; i < on.length; ) {
    let j = i;
    while (j + 1 < on.length && on[j + 1] === on[j]! + 1) j++;
    parts.push(j > i ? `${on[i]}-${on[j]}` : `${on[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export function htMcs(m: Uint8Array): string {
  if (m.length < 16) return '';
  const maxRate = (m[10]! | (m[11]! << 8)) & 0x3ff;
  const txDefined = Boolean(m[12]! & 0x01);
  const txRxDiff = Boolean(m[12]! & 0x02);
  let s = '';
  if (maxRate) s += `\t\tHT Max RX data rate: ${maxRate} Mbps\n`;
  if (txDefined && !txRxDiff) s += `\t\tHT TX/RX MCS rate indexes supported: ${mcsRanges(m, 77)}\n`;
  else {
    s += `\t\tHT RX MCS rate indexes supported: ${mcsRanges(m, 77)}\n`;
    if (!txDefined) s += '\t\tHT TX MCS rate indexes are undefined\n';
    else s += '\t\tHT TX MCS rate indexes (differ from RX)\n';
  }
  return s;
}

function freqLine(f: Frequency): string {
  let s = `\t\t\t* ${f.freq} MHz [${f.channel}] `;
  if (f.disabled) return s + '(disabled)\n';
  s += `(${((f.maxTxPower ?? 0) / 100).toFixed(1)} dBm)`;
  const flags: string[] = [];
  if (f.noIr) flags.push('no IR');
  if (f.radar) flags.push('radar detection');
  // iw 5.19 prints no other flag (indoor only, IR concurrent, NO_20MHZ / NO_10MHZ on S1G...).
  if (flags.length) s += ` (${flags.join(', ')})`;
  return s + '\n';
}

function band(b: Band): string {
  let s = `\tBand ${b.band + 1}:\n`;
  if (b.htCapa !== undefined) s += htCapa(b.htCapa);
  if (b.htAmpduFactor !== undefined) {
    s += `\t\tMaximum RX AMPDU length ${(1 << (13 + b.htAmpduFactor)) - 1} bytes (exponent: 0x0${b.htAmpduFactor.toString(16).padStart(2, '0')})\n`;
  }
  if (b.htAmpduDensity !== undefined) {
    s += `\t\tMinimum RX AMPDU time spacing: ${DENSITY[b.htAmpduDensity] ?? 'BUG (spacing more than 3 bits!)'} (0x${b.htAmpduDensity.toString(16).padStart(2, '0')})\n`;
  }
  if (b.htMcsSet) s += htMcs(b.htMcsSet);
  if (b.vhtCapa !== undefined && b.vhtMcsSet) s += vhtText(b.vhtCapa, b.vhtMcsSet);
  for (const d of b.iftypeData) {
    if (!d.iftypes.length) continue;
    const names = d.iftypes.map((t) => IFTYPE_TEXT[t] ?? t).join(', ');
    const pad = (v: Uint8Array | undefined, n: number): Uint8Array => {
      const out = new Uint8Array(n);
      if (v) out.set(v.subarray(0, n));
      return out;
    };
    const clip = (v: Uint8Array | undefined, n: number): Uint8Array => (v ?? new Uint8Array(0)).subarray(0, n);
    s += `\t\tHE Iftypes: ${names}\n`;
    s += heText(pad(d.heCapMac, 6), pad(d.heCapPhy, 11), clip(d.heCapMcsSet, 12), clip(d.heCapPpe, 25), '\t');
    s += `\t\tEHT Iftypes: ${names}\n`;
    s += ehtText(pad(d.ehtCapMac, 2), pad(d.ehtCapPhy, 8), pad(d.ehtCapMcsSet, 13), d.ehtCapMcsSet ? 13 : 0, clip(d.ehtCapPpe, 31), pad(d.heCapPhy, 11), b.band, '\t');
  }
  s += '\t\tBitrates (non-HT):\n';
  for (const r of b.bitrates) s += `\t\t\t* ${(r.rate / 10).toFixed(1)} Mbps${r.shortPreamble ? ' (short preamble supported)' : ''}\n`;
  s += '\t\tFrequencies:\n';
  for (const f of b.frequencies) s += freqLine(f);
  return s;
}

function combination(c: IfaceCombination): string {
  const limits = c.limits.map((l) => `#{ ${l.types.map((t) => IFTYPE_TEXT[t] ?? t).join(', ')} } <= ${l.max}`).join(', ');
  let s = `\t\t * ${limits},\n\t\t   total <= ${c.maxInterfaces}, #channels <= ${c.numChannels}${c.staApBeaconIntervalMatch ? ', STA/AP BI must match' : ''}`;
  if (c.radarDetectWidths) {
    const ws = ['20_noht', '20', '40', '80', '80p80', '160', '5', '10', '1', '2', '4', '8', '16', '320']
      .filter((_, i) => c.radarDetectWidths & (1 << i)).map((w) => CHAN_WIDTH_TEXT[w]);
    s += `, radar detect widths: { ${ws.join(', ')} }`;
  }
  if (c.radarDetectRegions) {
    const rs = ['unset', 'FCC', 'ETSI', 'JP'].filter((_, i) => c.radarDetectRegions & (1 << i));
    s += `, radar detect regions: { ${rs.join(', ')} }`;
  }
  if (c.beaconIntervalMinGcd) s += `, beacon interval min gcd: ${c.beaconIntervalMinGcd}`;
  return s + '\n';
}

const FEATURE_TEXT: readonly (readonly [number, string])[] = [
  [1 << 0, 'Device supports TX status socket option.'],
  [1 << 1, 'Device supports HT-IBSS.'],
  [1 << 2, 'Device has client inactivity timer.'],
  [1 << 3, 'Device accepts cell base station regulatory hints.'],
  [1 << 4, 'P2P Device uses a channel (of the concurrent ones)'],
  [1 << 5, 'Device supports SAE with AUTHENTICATE command'],
  [1 << 6, 'Device supports low priority scan.'],
  [1 << 7, 'Device supports scan flush.'],
  [1 << 8, 'Device supports AP scan.'],
  [1 << 9, 'Device supports per-vif TX power setting'],
  [1 << 10, 'Userspace should do OBSS scan and generate 20/40 coexistence reports'],
  [1 << 11, 'P2P GO supports CT window setting'],
  [1 << 12, 'P2P GO supports opportunistic powersave setting'],
  [1 << 15, 'Driver supports full state transitions for AP/GO clients'],
  [1 << 16, 'Driver supports a userspace MPM'],
  [1 << 17, 'Device supports active monitor (which will ACK incoming frames)'],
  [1 << 18, 'Driver/device bandwidth changes during BSS lifetime (AP/GO mode)'],
  [1 << 19, 'Device adds DS IE to probe requests'],
  [1 << 20, 'Device adds WFA TPC Report IE to probe requests'],
  [1 << 21, 'Device supports quiet requests from AP'],
  [1 << 22, 'Device can update TPC Report IE'],
  [1 << 23, 'Device supports ACK timeout estimation.'],
  [1 << 24, 'Device supports static SMPS'],
  [1 << 25, 'Device supports dynamic SMPS'],
  [1 << 26, 'Device supports WMM-AC admission (TSPECs)'],
  [1 << 27, 'Device supports configuring vdev MAC-addr on create.'],
  [1 << 28, 'Device supports TDLS channel switching'],
  [1 << 29, 'Device supports randomizing MAC-addr in scans.'],
  [1 << 30, 'Device supports randomizing MAC-addr in sched scans.'],
  [2 ** 31, 'Device supports randomizing MAC-addr in net-detect scans.'],
];

const EXT_FEATURE_TEXT: Record<string, string> = {
  vht_ibss: 'VHT-IBSS', rrm: 'RRM', mu_mimo_air_sniffer: 'MU-MIMO sniffer', scan_start_time: 'scan start timestamp',
  bss_parent_tsf: 'BSS last beacon/probe TSF', set_scan_dwell: 'scan dwell setting', beacon_rate_legacy: 'legacy beacon rate setting',
  beacon_rate_ht: 'HT beacon rate setting', beacon_rate_vht: 'VHT beacon rate setting', filter_probe_req: 'probe request filtering',
  fils_sk_offload: 'FILS shared key authentication offload', fils_sta: 'STA FILS (Fast Initial Link Setup)',
  cqm_rssi_list: 'multiple CQM_RSSI_THOLD records', control_port_over_nl80211: 'control port over nl80211',
  scan_random_sn: 'use random sequence numbers in scans', scan_min_preq_content: 'use probe request with only rate IEs in scans',
  can_replace_ptk0: 'can safely replace PTK 0 when rekeying', ext_key_id: 'Extended Key ID support',
  beacon_protection: 'beacon protection support', control_port_no_preauth: 'disable pre-auth over nl80211 control port support',
  del_ibss_sta: 'deletion of IBSS station support', multicast_registrations: 'mgmt frame registration for multicast',
  scan_freq_khz: 'scan on kHz frequency support', control_port_over_nl80211_tx_status: 'tx status for nl80211 control port support',
  airtime_fairness: 'airtime fairness scheduling', ap_pmksa_caching: 'PMKSA caching supported in AP mode',
  sched_scan_band_specific_rssi_thold: 'band specific RSSI thresholds for scheduled scan', txqs: 'FQ-CoDel-enabled intermediate TXQs',
  enable_ftm_responder: 'enable FTM (Fine Time Measurement) responder', ack_signal_support: 'ack signal level support',
  data_ack_signal_support: 'data ack signal level support', sae_offload: 'SAE offload support', 'sae_offload_ap': 'AP mode SAE authentication offload support',
  '4way_handshake_sta_psk': '4-way handshake with PSK in station mode', '4way_handshake_sta_1x': '4-way handshake with 802.1X in station mode',
  '4way_handshake_ap_psk': 'AP mode PSK offload support', low_span_scan: 'low span scan', low_power_scan: 'low power scan',
  high_accuracy_scan: 'high accuracy scan', dfs_offload: 'DFS offload', mgmt_tx_random_ta: 'Mgmt frame TX with random TA',
  mgmt_tx_random_ta_connected: 'Mgmt frame TX with random TA while connected', sta_tx_pwr: 'TX power control per station',
  operating_channel_validation: 'Operating Channel Validation (OCV) support', beacon_protection_client: 'beacon prot. for clients support',
  unsol_bcast_probe_resp: 'unsolicated broadcast probe response support', fils_discovery: 'FILS discovery frame transmission support',
  secure_ltf: 'secure LTF measurement protocol support', secure_rtt: 'secure RTT measurement protocol support',
  prot_range_nego_and_measure: 'support for MFP in range measurement negotiation/procedure', bss_color: 'BSS coloring support',
  fils_crypto_offload: 'FILS crypto offload', radar_background: 'Radar background support',
};

/** One wiphy as `iw phy X info` prints it. */
export function formatPhy(w: Wiphy): string {
  let s = `Wiphy ${w.name}\n`;
  const l = (t: string): void => void (s += `\t${t}\n`);
  l(`wiphy index: ${w.index}`);
  if (w.maxScanSsids !== undefined) l(`max # scan SSIDs: ${w.maxScanSsids}`);
  if (w.maxScanIeLen !== undefined) l(`max scan IEs length: ${w.maxScanIeLen} bytes`);
  if (w.maxSchedScanSsids !== undefined) l(`max # sched scan SSIDs: ${w.maxSchedScanSsids}`);
  if (w.maxMatchSets !== undefined) l(`max # match sets: ${w.maxMatchSets}`);
  if (w.fragThreshold !== undefined && w.fragThreshold !== 0xffffffff) l(`Fragmentation threshold: ${w.fragThreshold}`);
  if (w.rtsThreshold !== undefined && w.rtsThreshold !== 0xffffffff) l(`RTS threshold: ${w.rtsThreshold}`);
  if (w.retryShort !== undefined) l(`Retry short limit: ${w.retryShort}`);
  if (w.retryLong !== undefined) l(`Retry long limit: ${w.retryLong}`);
  if (w.coverageClass !== undefined) l(`Coverage class: ${w.coverageClass} (up to ${450 * w.coverageClass}m)`);
  if (w.supportIbssRsn) l('Device supports RSN-IBSS.');
  if (w.supportApUapsd) l('Device supports AP-side u-APSD.');
  if (w.tdlsSupport) l('Device supports T-DLS.');
  if (w.ciphers.length) {
    l('Supported Ciphers:');
    for (const c of w.ciphers) s += `\t\t* ${cipherText(c)}\n`;
  }
  if (w.antennaAvailTx !== undefined && w.antennaAvailRx !== undefined) {
    l(`Available Antennas: TX ${hexAlt(w.antennaAvailTx)} RX ${hexAlt(w.antennaAvailRx)}`);
  }
  if (w.antennaTx !== undefined && w.antennaRx !== undefined && (w.antennaTx || w.antennaRx)) {
    l(`Configured Antennas: TX ${hexAlt(w.antennaTx)} RX ${hexAlt(w.antennaRx)}`);
  }
  if (w.iftypes.length) {
    l('Supported interface modes:');
    for (const t of w.iftypes) s += `\t\t * ${IFTYPE_TEXT[t] ?? t}\n`;
  }
  for (const b of w.bands) s += band(b);
  if (w.commands.length) {
    l('Supported commands:');
    for (const c of w.commands) s += `\t\t * ${commandName(c).toLowerCase()}\n`;
  }
  if (w.softwareIftypes.length) {
    l('software interface modes (can always be added):');
    for (const t of w.softwareIftypes) s += `\t\t * ${IFTYPE_TEXT[t] ?? t}\n`;
  }
  if (w.combinations.length) {
    l('valid interface combinations:');
    for (const c of w.combinations) s += combination(c);
    s += '\n';
  }
  const m = w.htCapabilityMask;
  if (m && m.length >= 13) {
    l('HT Capability overrides:');
    const cap = m[0]! | (m[1]! << 8);
    s += `\t\t * MCS: ${Array.from(m.subarray(3, 13), (x) => x.toString(16).padStart(2, '0')).join(' ')}\n`;
    if (cap & 0x0800) s += '\t\t * maximum A-MSDU length\n';
    if (cap & 0x0002) s += '\t\t * supported channel width\n';
    if (cap & 0x0040) s += '\t\t * short GI for 40 MHz\n';
    if (m[2]! & 0x03) s += '\t\t * max A-MPDU length exponent\n';
    if (m[2]! & 0x1c) s += '\t\t * min MPDU start spacing\n';
  }
  for (const [bit, t] of FEATURE_TEXT) if (w.featureFlags & bit) l(t);
  if (w.maxScanPlans !== undefined) l(`max # scan plans: ${w.maxScanPlans}`);
  if (w.maxScanPlanInterval !== undefined) l(`max scan plan interval: ${w.maxScanPlanInterval | 0}`);
  if (w.maxScanPlanIterations !== undefined) l(`max scan plan iterations: ${w.maxScanPlanIterations}`);
  const frames = (title: string, list: Wiphy['txFrameTypes']): void => {
    if (!list.length) return;
    l(title);
    for (const f of list) {
      if (!f.subtypes.length) continue;
      s += `\t\t * ${IFTYPE_TEXT[f.type] ?? f.type}: ${f.subtypes.map((x) => `0x${x.toString(16).padStart(2, '0')}`).join(' ')}\n`;
    }
  };
  frames('Supported TX frame types:', w.txFrameTypes);
  frames('Supported RX frame types:', w.rxFrameTypes);
  if (w.extFeatures.length) {
    l('Supported extended features:');
    // Like iw 5.19, only the features it has words for (newer ones are left out).
    for (const f of w.extFeatures) if (EXT_FEATURE_TEXT[f]) s += `\t\t* [ ${f.toUpperCase()} ]: ${EXT_FEATURE_TEXT[f]}\n`;
  }
  return s;
}

/** C's "%#x": 0 stays "0". */
function hexAlt(n: number): string {
  return n === 0 ? '0' : `0x${n.toString(16)}`;
}
