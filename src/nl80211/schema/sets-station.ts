// nl80211 attribute spaces of stations, scans, BSSes, surveys, regulatory rules, keys and TX rates.
import { setFromEnum } from './build.js';
import { flagOr, indexed, mcsPerNss, rssiAdjust, staFlagUpdate, u8List } from './codecs.js';
import * as E from './enums.js';
import { CIPHER_SUITE_SELECTORS } from '../ie/suites.js';

import { bits, byIndex, custom, doc, en, nested } from './kinds.js';
import { band, keyDefaultTypes } from './sets-wiphy.js';

// ---- stations ----

export const rateInfo = setFromEnum('nl80211.rate_info', E.RATE_INFO, {
  BITRATE: doc('u16', '100 kbit/s'),
  MCS: 'u8',
  '40_MHZ_WIDTH': 'flag',
  SHORT_GI: 'flag',
  BITRATE32: doc('u32', '100 kbit/s'),
  VHT_MCS: 'u8',
  VHT_NSS: 'u8',
  '80_MHZ_WIDTH': 'flag',
  '80P80_MHZ_WIDTH': 'flag',
  '160_MHZ_WIDTH': 'flag',
  '10_MHZ_WIDTH': 'flag',
  '5_MHZ_WIDTH': 'flag',
  HE_MCS: 'u8',
  HE_NSS: 'u8',
  HE_GI: en('u8', E.HE_GI),
  HE_DCM: 'u8',
  HE_RU_ALLOC: en('u8', E.HE_RU_ALLOC),
  '320_MHZ_WIDTH': 'flag',
  EHT_MCS: 'u8',
  EHT_NSS: 'u8',
  EHT_GI: en('u8', E.EHT_GI),
  EHT_RU_ALLOC: en('u8', E.EHT_RU_ALLOC),
});

export const staBssParam = setFromEnum('nl80211.sta_bss_param', E.STA_BSS_PARAM, {
  CTS_PROT: 'flag',
  SHORT_PREAMBLE: 'flag',
  SHORT_SLOT_TIME: 'flag',
  DTIM_PERIOD: 'u8',
  BEACON_INTERVAL: 'u16',
});

export const txqStats = setFromEnum('nl80211.txq_stats', E.TXQ_STATS, {
  BACKLOG_BYTES: 'u32',
  BACKLOG_PACKETS: 'u32',
  FLOWS: 'u32',
  DROPS: 'u32',
  ECN_MARKS: 'u32',
  OVERLIMIT: 'u32',
  OVERMEMORY: 'u32',
  COLLISIONS: 'u32',
  TX_BYTES: 'u32',
  TX_PACKETS: 'u32',
  MAX_FLOWS: 'u32',
});

export const tidStats = setFromEnum('nl80211.tid_stats', E.TID_STATS, {
  RX_MSDU: 'u64',
  TX_MSDU: 'u64',
  TX_MSDU_RETRIES: 'u64',
  TX_MSDU_FAILED: 'u64',
  PAD: 'binary',
  TXQ_STATS: nested(txqStats),
});

export const staInfo = setFromEnum('nl80211.sta_info', E.STA_INFO, {
  INACTIVE_TIME: doc('u32', 'ms'),
  RX_BYTES: 'u32',
  TX_BYTES: 'u32',
  LLID: 'u16',
  PLID: 'u16',
  PLINK_STATE: en('u8', E.PLINK),
  SIGNAL: doc('s8', 'dBm'),
  TX_BITRATE: nested(rateInfo),
  RX_PACKETS: 'u32',
  TX_PACKETS: 'u32',
  TX_RETRIES: 'u32',
  TX_FAILED: 'u32',
  SIGNAL_AVG: doc('s8', 'dBm'),
  RX_BITRATE: nested(rateInfo),
  BSS_PARAM: nested(staBssParam),
  CONNECTED_TIME: doc('u32', 's'),
  STA_FLAGS: custom(staFlagUpdate, 'struct nl80211_sta_flag_update: bits 1 << NL80211_STA_FLAG_*'),
  BEACON_LOSS: 'u32',
  T_OFFSET: doc('s64', 'us'),
  LOCAL_PM: en('u32', E.MESH_POWER),
  PEER_PM: en('u32', E.MESH_POWER),
  NONPEER_PM: en('u32', E.MESH_POWER),
  RX_BYTES64: 'u64',
  TX_BYTES64: 'u64',
  CHAIN_SIGNAL: byIndex(['chain', 's8'], 0, 'NL80211_STA_INFO_CHAIN_SIGNAL', 'dBm per chain, indexed by chain'),
  CHAIN_SIGNAL_AVG: byIndex(['chain', 's8'], 0, 'NL80211_STA_INFO_CHAIN_SIGNAL_AVG', 'dBm per chain, indexed by chain'),
  EXPECTED_THROUGHPUT: doc('u32', 'kbit/s'),
  RX_DROP_MISC: 'u64',
  BEACON_RX: 'u64',
  BEACON_SIGNAL_AVG: doc('s8', 'dBm'),
  TID_STATS: byIndex(['tid', 'nested', { set: tidStats }], 1, 'NL80211_STA_INFO_TID_STATS', 'indexed by TID (16 = non-QoS)'),
  RX_DURATION: doc('u64', 'us'),
  PAD: 'binary',
  ACK_SIGNAL: doc('s8', 'dBm'),
  ACK_SIGNAL_AVG: doc('s8', 'dBm'),
  RX_MPDUS: 'u32',
  FCS_ERROR_COUNT: 'u32',
  CONNECTED_TO_GATE: 'u8',
  TX_DURATION: doc('u64', 'us'),
  AIRTIME_WEIGHT: 'u16',
  AIRTIME_LINK_METRIC: 'u32',
  ASSOC_AT_BOOTTIME: doc('u64', 'ns since boot'),
  CONNECTED_TO_AS: 'u8',
});

export const mpathInfo = setFromEnum('nl80211.mpath_info', E.MPATH_INFO, {
  FRAME_QLEN: 'u32',
  SN: 'u32',
  METRIC: 'u32',
  EXPTIME: doc('u32', 'ms'),
  FLAGS: bits('u8', E.MPATH_FLAG),
  DISCOVERY_TIMEOUT: doc('u32', 'ms'),
  DISCOVERY_RETRIES: 'u8',
  HOP_COUNT: 'u8',
  PATH_CHANGE: 'u32',
});

export const staWme = setFromEnum('nl80211.sta_wme', E.STA_WME, {
  UAPSD_QUEUES: 'u8',
  MAX_SP: 'u8',
});

// ---- scanning, BSS, survey ----

export const bss = setFromEnum('nl80211.bss', E.BSS, {
  BSSID: 'mac',
  FREQUENCY: doc('u32', 'MHz'),
  TSF: doc('u64', 'us'),
  BEACON_INTERVAL: doc('u16', 'TU'),
  CAPABILITY: doc('u16', 'capability field'),
  INFORMATION_ELEMENTS: doc('binary', 'information elements (see parseIEs)'),
  SIGNAL_MBM: doc('s32', 'mBm (100 * dBm)'),
  SIGNAL_UNSPEC: doc('u8', '0..100'),
  STATUS: en('u32', E.BSS_STATUS),
  SEEN_MS_AGO: doc('u32', 'ms'),
  BEACON_IES: doc('binary', 'beacon information elements (see parseIEs)'),
  CHAN_WIDTH: en('u32', E.BSS_CHAN_WIDTH),
  BEACON_TSF: doc('u64', 'us'),
  PRESP_DATA: 'flag',
  LAST_SEEN_BOOTTIME: doc('u64', 'ns since boot'),
  PAD: 'binary',
  PARENT_TSF: 'u64',
  PARENT_BSSID: 'mac',
  CHAIN_SIGNAL: byIndex(['chain', 's8'], 0, 'NL80211_BSS_CHAIN_SIGNAL', 'dBm per chain, indexed by chain'),
  FREQUENCY_OFFSET: doc('u32', 'kHz'),
  MLO_LINK_ID: 'u8',
  MLD_ADDR: 'mac',
});

export const survey = setFromEnum('nl80211.survey', E.SURVEY_INFO, {
  FREQUENCY: doc('u32', 'MHz'),
  NOISE: doc('s8', 'dBm'),
  IN_USE: 'flag',
  TIME: doc('u64', 'ms'),
  TIME_BUSY: doc('u64', 'ms'),
  TIME_EXT_BUSY: doc('u64', 'ms'),
  TIME_RX: doc('u64', 'ms'),
  TIME_TX: doc('u64', 'ms'),
  TIME_SCAN: doc('u64', 'ms'),
  PAD: 'binary',
  TIME_BSS_RX: doc('u64', 'ms'),
  FREQUENCY_OFFSET: doc('u32', 'kHz'),
});

export const schedScanMatch = setFromEnum('nl80211.sched_scan_match', E.SCHED_SCAN_MATCH, {
  ATTR_SSID: 'strn',
  ATTR_RSSI: doc('s32', 'dBm'),
  ATTR_RELATIVE_RSSI: 'flag',
  ATTR_RSSI_ADJUST: custom(rssiAdjust, 'struct nl80211_bss_select_rssi_adjust'),
  ATTR_BSSID: 'mac',
  PER_BAND_RSSI: byIndex(['rssi', 's32'], 0, 'NL80211_SCHED_SCAN_MATCH_PER_BAND_RSSI', 'dBm per band, indexed by band'),
});

export const schedScanPlan = setFromEnum('nl80211.sched_scan_plan', E.SCHED_SCAN_PLAN, {
  INTERVAL: doc('u32', 's'),
  ITERATIONS: 'u32',
});

export const bssSelect = setFromEnum('nl80211.bss_select', E.BSS_SELECT_ATTR, {
  RSSI: 'flag',
  BAND_PREF: custom(flagOr('u32', 'NL80211_BSS_SELECT_ATTR_BAND_PREF'), 'band (u32) in a request; a flag in the wiphy capabilities'),
  RSSI_ADJUST: custom(flagOr(rssiAdjust, 'NL80211_BSS_SELECT_ATTR_RSSI_ADJUST'), 'struct nl80211_bss_select_rssi_adjust; a flag in the wiphy capabilities'),
});

// ---- regulatory ----

export const regRule = setFromEnum('nl80211.reg_rule', E.REG_RULE_ATTR, {
  REG_RULE_FLAGS: bits('u32', E.RRF),
  FREQ_RANGE_START: doc('u32', 'kHz'),
  FREQ_RANGE_END: doc('u32', 'kHz'),
  FREQ_RANGE_MAX_BW: doc('u32', 'kHz'),
  POWER_RULE_MAX_ANT_GAIN: doc('u32', 'mBi (100 * dBi)'),
  POWER_RULE_MAX_EIRP: doc('u32', 'mBm (100 * dBm)'),
  DFS_CAC_TIME: doc('u32', 'ms'),
});

// ---- keys, rates ----

export const key = setFromEnum('nl80211.key', E.KEY, {
  DATA: 'binary',
  IDX: 'u8',
  CIPHER: ['u32', { enum: CIPHER_SUITE_SELECTORS, doc: 'cipher suite selector' }],
  SEQ: 'binary',
  DEFAULT: 'flag',
  DEFAULT_MGMT: 'flag',
  TYPE: en('u32', E.KEY_TYPE),
  DEFAULT_TYPES: nested(keyDefaultTypes),
  MODE: en('u8', E.KEY_MODE),
  DEFAULT_BEACON: 'flag',
});

export const txrate = setFromEnum('nl80211.txrate', E.TXRATE, {
  LEGACY: custom(u8List, 'legacy rates in 500 kbit/s units'),
  HT: custom(u8List, 'HT MCS indexes'),
  VHT: custom(mcsPerNss, 'struct nl80211_txrate_vht: MCS bitmap per NSS'),
  GI: en('u8', E.TXRATE_GI),
  HE: custom(mcsPerNss, 'struct nl80211_txrate_he: MCS bitmap per NSS'),
  HE_GI: en('u8', E.HE_GI),
  HE_LTF: en('u8', E.HE_LTF),
});

/** NL80211_ATTR_TX_RATES and NL80211_TID_CONFIG_ATTR_TX_RATE: per band (type = band number). */
export const txRatesPerBand = byIndex(['band', 'nested', { set: txrate }], 0, 'NL80211_ATTR_TX_RATES', 'indexed by band');

export const txqParams = setFromEnum('nl80211.txq', E.TXQ_ATTR, {
  AC: en('u8', E.AC),
  TXOP: doc('u16', '32 us units'),
  CWMIN: 'u16',
  CWMAX: 'u16',
  AIFS: 'u8',
});
