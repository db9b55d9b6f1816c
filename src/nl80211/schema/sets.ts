// The nl80211 attribute spaces: one AttrSet per enum of <linux/nl80211.h>,
// with the kind of every attribute. Numbers and names come from enums.ts
// (generated from the header); kinds, units and layouts from the header's
// documentation. Each table lists every member of its enum (the KindTable type
// makes a member added by a newer header a compile error until it is typed).
import { AttrSet, attrSet, type AttrDef, type AttrOptions } from '../../netlink/schema.js';
import { bitNames, flagSet, names, setFromEnum } from './build.js';
import {
  bitmapNames, coalesceRules, flagOr, indexed, mcsPerNss, patternSupport, rssiAdjust, s32List, staFlagUpdate,
  tcpDataSeq, tcpDataToken, tcpTokenFeature, u16List, u32List, u8List, vendorCmdInfo,
} from './codecs.js';
import * as E from './enums.js';
import { AKM_SUITE_SELECTORS, CIPHER_SUITE_SELECTORS } from '../ie/suites.js';

const custom = (codec: AttrOptions['custom'], doc?: string): readonly ['custom', AttrOptions] => ['custom', { custom: codec, doc }];
const nested = (set: AttrSet | (() => AttrSet), doc?: string): readonly ['nested', AttrOptions] => ['nested', { set, doc }];
const arrayOf = (element: AttrDef, doc?: string): readonly ['array', AttrOptions] => ['array', { element, doc }];
const byIndex = (element: AttrDef, base: number, what: string, doc?: string) => custom(indexed(element, base, what), doc);
const en = (kind: 'u8' | 'u16' | 'u32', values: Readonly<Record<string, number>>, doc?: string): readonly [typeof kind, AttrOptions] => [kind, { enum: names(values), doc }];
const bits = (kind: 'u8' | 'u16' | 'u32', values: Readonly<Record<string, number>>, doc?: string): readonly [typeof kind, AttrOptions] => [kind, { bits: bitNames(values), doc }];
const bitsOfNumbers = (kind: 'u8' | 'u16' | 'u32', values: Readonly<Record<string, number>>, doc?: string): readonly [typeof kind, AttrOptions] => [kind, { bits: bitNames(values, true), doc }];
const doc = <K extends string>(kind: K, text: string): readonly [K, AttrOptions] => [kind, { doc: text }] as const;

const cipherSuites = custom(u32List, 'cipher suite selectors (00-0F-AC:4 = 0x000fac04 = CCMP-128)');
const akmSuites = custom(u32List, 'AKM suite selectors (0x000fac02 = PSK)');

// ---- flag sets whose attribute types are the values of an enum ----

/** Nest of flags, one per interface type (NL80211_ATTR_SUPPORTED_IFTYPES, limits, band iftype data). */
export const iftypeFlags = flagSet('nl80211.iftypes', 'NL80211_IFTYPE_', E.IFTYPE);
/** NL80211_ATTR_MNTR_FLAGS. */
export const mntrFlags = flagSet('nl80211.mntr_flags', 'NL80211_MNTR_FLAG_', E.MNTR_FLAG);
/** NL80211_ATTR_STA_FLAGS (the old API: a nest of flags). */
export const staFlags = flagSet('nl80211.sta_flags', 'NL80211_STA_FLAG_', E.STA_FLAG);
/** NL80211_ATTR_KEY_DEFAULT_TYPES. */
export const keyDefaultTypes = flagSet('nl80211.key_default_types', 'NL80211_KEY_DEFAULT_TYPE_', E.KEY_DEFAULT_TYPE);

// ---- wiphy: bands, frequencies, rates ----

export const wmmRule = setFromEnum('nl80211.wmm_rule', 'NL80211_WMMR_', E.WMM_RULE, {
  CW_MIN: 'u16', CW_MAX: 'u16', AIFSN: 'u8', TXOP: 'u16',
});

export const frequency = attrSet('nl80211.frequency', 'NL80211_FREQUENCY_ATTR_', {
  ...setDefs(setFromEnum('x', 'NL80211_FREQUENCY_ATTR_', E.FREQUENCY_ATTR, {
    FREQ: doc('u32', 'MHz'),
    DISABLED: 'flag',
    NO_IR: 'flag',
    RADAR: 'flag',
    MAX_TX_POWER: doc('u32', 'mBm (100 * dBm)'),
    DFS_STATE: en('u32', E.DFS_STATE),
    DFS_TIME: doc('u32', 'ms in the current DFS state'),
    NO_HT40_MINUS: 'flag',
    NO_HT40_PLUS: 'flag',
    NO_80MHZ: 'flag',
    NO_160MHZ: 'flag',
    DFS_CAC_TIME: doc('u32', 'ms'),
    INDOOR_ONLY: 'flag',
    IR_CONCURRENT: 'flag',
    NO_20MHZ: 'flag',
    NO_10MHZ: 'flag',
    WMM: arrayOf(['ac', 'nested', { set: wmmRule }], 'WMM rules, one per access category (VO, VI, BE, BK)'),
    NO_HE: 'flag',
    OFFSET: doc('u32', 'kHz added to FREQ'),
    '1MHZ': 'flag',
    '2MHZ': 'flag',
    '4MHZ': 'flag',
    '8MHZ': 'flag',
    '16MHZ': 'flag',
    NO_320MHZ: 'flag',
    NO_EHT: 'flag',
  })),
  // __NL80211_FREQUENCY_ATTR_NO_IBSS: still sent (beside NO_IR) for old userspace.
  4: ['no_ibss', 'flag', { doc: 'old name of NO_IR (__NL80211_FREQUENCY_ATTR_NO_IBSS)' }],
});

export const bitrate = setFromEnum('nl80211.bitrate', 'NL80211_BITRATE_ATTR_', E.BITRATE_ATTR, {
  RATE: doc('u32', '100 kbit/s'),
  '2GHZ_SHORTPREAMBLE': 'flag',
});

export const bandIftypeData = setFromEnum('nl80211.band_iftype', 'NL80211_BAND_IFTYPE_ATTR_', E.BAND_IFTYPE_ATTR, {
  IFTYPES: nested(iftypeFlags),
  HE_CAP_MAC: doc('binary', 'HE MAC capabilities (6 bytes, as in the HE Capabilities element)'),
  HE_CAP_PHY: doc('binary', 'HE PHY capabilities (11 bytes)'),
  HE_CAP_MCS_SET: doc('binary', 'HE supported MCS/NSS set'),
  HE_CAP_PPE: doc('binary', 'HE PPE thresholds'),
  HE_6GHZ_CAPA: doc('u16', 'HE 6 GHz band capabilities'),
  VENDOR_ELEMS: doc('binary', 'vendor elements'),
  EHT_CAP_MAC: doc('binary', 'EHT MAC capabilities'),
  EHT_CAP_PHY: doc('binary', 'EHT PHY capabilities'),
  EHT_CAP_MCS_SET: doc('binary', 'EHT supported MCS/NSS set'),
  EHT_CAP_PPE: doc('binary', 'EHT PPE thresholds'),
});

export const band = setFromEnum('nl80211.band', 'NL80211_BAND_ATTR_', E.BAND_ATTR, {
  FREQS: arrayOf(['freq', 'nested', { set: frequency }]),
  RATES: arrayOf(['rate', 'nested', { set: bitrate }]),
  HT_MCS_SET: doc('binary', '16-byte HT MCS set (as in the HT Capabilities element)'),
  HT_CAPA: doc('u16', 'HT capabilities info'),
  HT_AMPDU_FACTOR: 'u8',
  HT_AMPDU_DENSITY: 'u8',
  VHT_MCS_SET: doc('binary', '8-byte VHT MCS set'),
  VHT_CAPA: doc('u32', 'VHT capabilities info'),
  IFTYPE_DATA: arrayOf(['iftype_data', 'nested', { set: bandIftypeData }]),
  EDMG_CHANNELS: 'u8',
  EDMG_BW_CONFIG: 'u8',
});

// ---- interface combinations ----

export const ifaceLimit = setFromEnum('nl80211.iface_limit', 'NL80211_IFACE_LIMIT_', E.IFACE_LIMIT, {
  UNSPEC: 'binary',
  MAX: 'u32',
  TYPES: nested(iftypeFlags),
});

export const ifaceComb = setFromEnum('nl80211.iface_comb', 'NL80211_IFACE_COMB_', E.IFACE_COMB, {
  UNSPEC: 'binary',
  LIMITS: arrayOf(['limit', 'nested', { set: ifaceLimit }]),
  MAXNUM: 'u32',
  STA_AP_BI_MATCH: 'flag',
  NUM_CHANNELS: 'u32',
  RADAR_DETECT_WIDTHS: bitsOfNumbers('u32', E.CHAN_WIDTH, 'bitmap of BIT(NL80211_CHAN_WIDTH_*)'),
  RADAR_DETECT_REGIONS: bitsOfNumbers('u32', E.DFS_REGION, 'bitmap of BIT(NL80211_DFS_*)'),
  BI_MIN_GCD: 'u32',
});

// ---- stations ----

export const rateInfo = setFromEnum('nl80211.rate_info', 'NL80211_RATE_INFO_', E.RATE_INFO, {
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

export const staBssParam = setFromEnum('nl80211.sta_bss_param', 'NL80211_STA_BSS_PARAM_', E.STA_BSS_PARAM, {
  CTS_PROT: 'flag',
  SHORT_PREAMBLE: 'flag',
  SHORT_SLOT_TIME: 'flag',
  DTIM_PERIOD: 'u8',
  BEACON_INTERVAL: 'u16',
});

export const txqStats = setFromEnum('nl80211.txq_stats', 'NL80211_TXQ_STATS_', E.TXQ_STATS, {
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

export const tidStats = setFromEnum('nl80211.tid_stats', 'NL80211_TID_STATS_', E.TID_STATS, {
  RX_MSDU: 'u64',
  TX_MSDU: 'u64',
  TX_MSDU_RETRIES: 'u64',
  TX_MSDU_FAILED: 'u64',
  PAD: 'binary',
  TXQ_STATS: nested(txqStats),
});

export const staInfo = setFromEnum('nl80211.sta_info', 'NL80211_STA_INFO_', E.STA_INFO, {
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

export const mpathInfo = setFromEnum('nl80211.mpath_info', 'NL80211_MPATH_INFO_', E.MPATH_INFO, {
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

export const staWme = setFromEnum('nl80211.sta_wme', 'NL80211_STA_WME_', E.STA_WME, {
  UAPSD_QUEUES: 'u8',
  MAX_SP: 'u8',
});

// ---- scanning, BSS, survey ----

export const bss = setFromEnum('nl80211.bss', 'NL80211_BSS_', E.BSS, {
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

export const survey = setFromEnum('nl80211.survey', 'NL80211_SURVEY_INFO_', E.SURVEY_INFO, {
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

export const schedScanMatch = setFromEnum('nl80211.sched_scan_match', 'NL80211_SCHED_SCAN_MATCH_', E.SCHED_SCAN_MATCH, {
  ATTR_SSID: 'strn',
  ATTR_RSSI: doc('s32', 'dBm'),
  ATTR_RELATIVE_RSSI: 'flag',
  ATTR_RSSI_ADJUST: custom(rssiAdjust, 'struct nl80211_bss_select_rssi_adjust'),
  ATTR_BSSID: 'mac',
  PER_BAND_RSSI: byIndex(['rssi', 's32'], 0, 'NL80211_SCHED_SCAN_MATCH_PER_BAND_RSSI', 'dBm per band, indexed by band'),
});

export const schedScanPlan = setFromEnum('nl80211.sched_scan_plan', 'NL80211_SCHED_SCAN_PLAN_', E.SCHED_SCAN_PLAN, {
  INTERVAL: doc('u32', 's'),
  ITERATIONS: 'u32',
});

export const bssSelect = setFromEnum('nl80211.bss_select', 'NL80211_BSS_SELECT_ATTR_', E.BSS_SELECT_ATTR, {
  RSSI: 'flag',
  BAND_PREF: custom(flagOr('u32', 'NL80211_BSS_SELECT_ATTR_BAND_PREF'), 'band (u32) in a request; a flag in the wiphy capabilities'),
  RSSI_ADJUST: custom(flagOr(rssiAdjust, 'NL80211_BSS_SELECT_ATTR_RSSI_ADJUST'), 'struct nl80211_bss_select_rssi_adjust; a flag in the wiphy capabilities'),
});

// ---- regulatory ----

export const regRule = setFromEnum('nl80211.reg_rule', 'NL80211_ATTR_', E.REG_RULE_ATTR, {
  REG_RULE_FLAGS: bits('u32', E.RRF),
  FREQ_RANGE_START: doc('u32', 'kHz'),
  FREQ_RANGE_END: doc('u32', 'kHz'),
  FREQ_RANGE_MAX_BW: doc('u32', 'kHz'),
  POWER_RULE_MAX_ANT_GAIN: doc('u32', 'mBi (100 * dBi)'),
  POWER_RULE_MAX_EIRP: doc('u32', 'mBm (100 * dBm)'),
  DFS_CAC_TIME: doc('u32', 'ms'),
});

// ---- keys, rates ----

export const key = setFromEnum('nl80211.key', 'NL80211_KEY_', E.KEY, {
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

export const txrate = setFromEnum('nl80211.txrate', 'NL80211_TXRATE_', E.TXRATE, {
  LEGACY: custom(u8List, 'legacy rates in 500 kbit/s units'),
  HT: custom(u8List, 'HT MCS indexes'),
  VHT: custom(mcsPerNss, 'struct nl80211_txrate_vht: MCS bitmap per NSS'),
  GI: en('u8', E.TXRATE_GI),
  HE: custom(mcsPerNss, 'struct nl80211_txrate_he: MCS bitmap per NSS'),
  HE_GI: en('u8', E.HE_GI),
  HE_LTF: en('u8', E.HE_LTF),
});

/** NL80211_ATTR_TX_RATES and NL80211_TID_CONFIG_ATTR_TX_RATE: per band (type = band number). */
const txRatesPerBand = byIndex(['band', 'nested', { set: txrate }], 0, 'NL80211_ATTR_TX_RATES', 'indexed by band');

export const txqParams = setFromEnum('nl80211.txq', 'NL80211_TXQ_ATTR_', E.TXQ_ATTR, {
  AC: en('u8', E.AC),
  TXOP: doc('u16', '32 us units'),
  CWMIN: 'u16',
  CWMAX: 'u16',
  AIFS: 'u8',
});

// ---- mesh ----

export const meshConfig = setFromEnum('nl80211.meshconf', 'NL80211_MESHCONF_', E.MESHCONF, {
  RETRY_TIMEOUT: doc('u16', 'ms'),
  CONFIRM_TIMEOUT: doc('u16', 'ms'),
  HOLDING_TIMEOUT: doc('u16', 'ms'),
  MAX_PEER_LINKS: 'u16',
  MAX_RETRIES: 'u8',
  TTL: 'u8',
  AUTO_OPEN_PLINKS: 'u8',
  HWMP_MAX_PREQ_RETRIES: 'u8',
  PATH_REFRESH_TIME: doc('u32', 'ms'),
  MIN_DISCOVERY_TIMEOUT: doc('u16', 'ms'),
  HWMP_ACTIVE_PATH_TIMEOUT: doc('u32', 'TU'),
  HWMP_PREQ_MIN_INTERVAL: doc('u16', 'TU'),
  HWMP_NET_DIAM_TRVS_TIME: doc('u16', 'TU'),
  HWMP_ROOTMODE: 'u8',
  ELEMENT_TTL: 'u8',
  HWMP_RANN_INTERVAL: doc('u16', 'TU'),
  GATE_ANNOUNCEMENTS: 'u8',
  HWMP_PERR_MIN_INTERVAL: doc('u16', 'TU'),
  FORWARDING: 'u8',
  RSSI_THRESHOLD: doc('s32', 'dBm'),
  SYNC_OFFSET_MAX_NEIGHBOR: 'u32',
  HT_OPMODE: 'u16',
  HWMP_PATH_TO_ROOT_TIMEOUT: doc('u32', 'TU'),
  HWMP_ROOT_INTERVAL: doc('u16', 'TU'),
  HWMP_CONFIRMATION_INTERVAL: doc('u16', 'TU'),
  POWER_MODE: en('u32', E.MESH_POWER),
  AWAKE_WINDOW: doc('u16', 'TU'),
  PLINK_TIMEOUT: doc('u32', 's'),
  CONNECTED_TO_GATE: 'u8',
  NOLEARN: 'u8',
  CONNECTED_TO_AS: 'u8',
});

export const meshSetup = setFromEnum('nl80211.mesh_setup', 'NL80211_MESH_SETUP_', E.MESH_SETUP, {
  ENABLE_VENDOR_PATH_SEL: 'u8',
  ENABLE_VENDOR_METRIC: 'u8',
  IE: 'binary',
  USERSPACE_AUTH: 'flag',
  USERSPACE_AMPE: 'flag',
  ENABLE_VENDOR_SYNC: 'u8',
  USERSPACE_MPM: 'flag',
  AUTH_PROTOCOL: 'u8',
});

// ---- connection quality, rekey, PMKSA ----

export const cqm = setFromEnum('nl80211.cqm', 'NL80211_ATTR_CQM_', E.ATTR_CQM, {
  RSSI_THOLD: custom(s32List, 'dBm thresholds (one, or a sorted list with CQM_RSSI_LIST)'),
  RSSI_HYST: doc('u32', 'dB'),
  RSSI_THRESHOLD_EVENT: en('u32', E.CQM_RSSI_THRESHOLD_EVENT),
  PKT_LOSS_EVENT: 'u32',
  TXE_RATE: doc('u32', '%'),
  TXE_PKTS: 'u32',
  TXE_INTVL: doc('u32', 's'),
  BEACON_LOSS_EVENT: 'flag',
  RSSI_LEVEL: doc('s32', 'dBm'),
});

export const rekeyData = setFromEnum('nl80211.rekey', 'NL80211_REKEY_DATA_', E.REKEY_DATA, {
  KEK: 'binary',
  KCK: 'binary',
  REPLAY_CTR: 'binary',
  AKM: ['u32', { enum: AKM_SUITE_SELECTORS }],
});

export const pmksaCandidate = setFromEnum('nl80211.pmksa_candidate', 'NL80211_PMKSA_CANDIDATE_', E.PMKSA_CANDIDATE, {
  INDEX: 'u32',
  BSSID: 'mac',
  PREAUTH: 'flag',
});

// ---- WoWLAN, coalesce ----

export const packetPattern = setFromEnum('nl80211.pktpat', 'NL80211_PKTPAT_', E.PKTPAT, {
  MASK: 'binary',
  PATTERN: 'binary',
  OFFSET: 'u32',
});

export const wowlanTcp = setFromEnum('nl80211.wowlan_tcp', 'NL80211_WOWLAN_TCP_', E.WOWLAN_TCP, {
  SRC_IPV4: 'ipv4',
  DST_IPV4: 'ipv4',
  DST_MAC: 'mac',
  SRC_PORT: 'u16',
  DST_PORT: 'u16',
  DATA_PAYLOAD: 'binary',
  DATA_PAYLOAD_SEQ: custom(tcpDataSeq, 'struct nl80211_wowlan_tcp_data_seq'),
  DATA_PAYLOAD_TOKEN: custom(tcpDataToken, 'struct nl80211_wowlan_tcp_data_token'),
  DATA_INTERVAL: doc('u32', 's'),
  WAKE_PAYLOAD: 'binary',
  WAKE_MASK: 'binary',
});

/** The TCP wakeup limits a wiphy advertises (inside WOWLAN_TRIGGERS_SUPPORTED). */
export const wowlanTcpSupport = setFromEnum('nl80211.wowlan_tcp_support', 'NL80211_WOWLAN_TCP_', E.WOWLAN_TCP, {
  SRC_IPV4: 'flag',
  DST_IPV4: 'flag',
  DST_MAC: 'flag',
  SRC_PORT: 'flag',
  DST_PORT: 'flag',
  DATA_PAYLOAD: doc('u32', 'maximum payload length'),
  DATA_PAYLOAD_SEQ: 'flag',
  DATA_PAYLOAD_TOKEN: custom(tcpTokenFeature, 'struct nl80211_wowlan_tcp_data_token_feature'),
  DATA_INTERVAL: doc('u32', 'maximum interval (s)'),
  WAKE_PAYLOAD: doc('u32', 'maximum wake payload length'),
  WAKE_MASK: 'flag',
});

export const wowlanTriggers: AttrSet = setFromEnum('nl80211.wowlan', 'NL80211_WOWLAN_TRIG_', E.WOWLAN_TRIG, {
  ANY: 'flag',
  DISCONNECT: 'flag',
  MAGIC_PKT: 'flag',
  PKT_PATTERN: arrayOf(['pattern', 'nested', { set: packetPattern }]),
  GTK_REKEY_SUPPORTED: 'flag',
  GTK_REKEY_FAILURE: 'flag',
  EAP_IDENT_REQUEST: 'flag',
  '4WAY_HANDSHAKE': 'flag',
  RFKILL_RELEASE: 'flag',
  WAKEUP_PKT_80211: 'binary',
  WAKEUP_PKT_80211_LEN: 'u32',
  WAKEUP_PKT_8023: 'binary',
  WAKEUP_PKT_8023_LEN: 'u32',
  TCP_CONNECTION: nested(wowlanTcp),
  WAKEUP_TCP_MATCH: 'flag',
  WAKEUP_TCP_CONNLOST: 'flag',
  WAKEUP_TCP_NOMORETOKENS: 'flag',
  NET_DETECT: nested(() => nl80211Attrs, 'scheduled scan attributes (NL80211_ATTR_*)'),
  NET_DETECT_RESULTS: arrayOf(['match', 'nested', { set: () => nl80211Attrs }], 'matches: NL80211_ATTR_SSID and NL80211_ATTR_SCAN_FREQUENCIES'),
});

/** NL80211_ATTR_WOWLAN_TRIGGERS_SUPPORTED: the same numbers, as capabilities. */
export const wowlanTriggersSupported = setFromEnum('nl80211.wowlan_support', 'NL80211_WOWLAN_TRIG_', E.WOWLAN_TRIG, {
  ANY: 'flag',
  DISCONNECT: 'flag',
  MAGIC_PKT: 'flag',
  PKT_PATTERN: custom(patternSupport, 'struct nl80211_pattern_support'),
  GTK_REKEY_SUPPORTED: 'flag',
  GTK_REKEY_FAILURE: 'flag',
  EAP_IDENT_REQUEST: 'flag',
  '4WAY_HANDSHAKE': 'flag',
  RFKILL_RELEASE: 'flag',
  WAKEUP_PKT_80211: 'flag',
  WAKEUP_PKT_80211_LEN: 'flag',
  WAKEUP_PKT_8023: 'flag',
  WAKEUP_PKT_8023_LEN: 'flag',
  TCP_CONNECTION: nested(wowlanTcpSupport),
  WAKEUP_TCP_MATCH: 'flag',
  WAKEUP_TCP_CONNLOST: 'flag',
  WAKEUP_TCP_NOMORETOKENS: 'flag',
  NET_DETECT: doc('u32', 'maximum number of match sets'),
  NET_DETECT_RESULTS: 'flag',
});

export const coalesceRule = setFromEnum('nl80211.coalesce_rule', 'NL80211_ATTR_COALESCE_RULE_', E.ATTR_COALESCE_RULE, {
  DELAY: doc('u32', 'ms'),
  CONDITION: en('u32', E.COALESCE_CONDITION),
  PKT_PATTERN: arrayOf(['pattern', 'nested', { set: packetPattern }]),
});

// ---- NAN ----

export const nanSrf = setFromEnum('nl80211.nan_srf', 'NL80211_NAN_SRF_', E.NAN_SRF, {
  INCLUDE: 'flag',
  BF: 'binary',
  BF_IDX: 'u8',
  MAC_ADDRS: arrayOf(['mac', 'mac']),
});

export const nanFunc = setFromEnum('nl80211.nan_func', 'NL80211_NAN_FUNC_', E.NAN_FUNC, {
  TYPE: en('u8', E.NAN_FUNC_TYPE),
  SERVICE_ID: doc('binary', '6-byte service id'),
  PUBLISH_TYPE: bits('u8', E.NAN_PUBLISH_TYPE),
  PUBLISH_BCAST: 'flag',
  SUBSCRIBE_ACTIVE: 'flag',
  FOLLOW_UP_ID: 'u8',
  FOLLOW_UP_REQ_ID: 'u8',
  FOLLOW_UP_DEST: 'mac',
  CLOSE_RANGE: 'flag',
  TTL: 'u32',
  SERVICE_INFO: 'binary',
  SRF: nested(nanSrf),
  RX_MATCH_FILTER: arrayOf(['filter', 'binary']),
  TX_MATCH_FILTER: arrayOf(['filter', 'binary']),
  INSTANCE_ID: 'u8',
  TERM_REASON: en('u8', E.NAN_FUNC_TERM_REASON),
});

export const nanMatch = setFromEnum('nl80211.nan_match', 'NL80211_NAN_MATCH_', E.NAN_MATCH, {
  FUNC_LOCAL: nested(nanFunc),
  FUNC_PEER: nested(nanFunc),
});

// ---- FTM responder, peer measurement ----

export const ftmResponder = setFromEnum('nl80211.ftm_responder', 'NL80211_FTM_RESP_ATTR_', E.FTM_RESP_ATTR, {
  ENABLED: 'flag',
  LCI: 'binary',
  CIVICLOC: 'binary',
});

export const ftmResponderStats = setFromEnum('nl80211.ftm_stats', 'NL80211_FTM_STATS_', E.FTM_STATS, {
  SUCCESS_NUM: 'u32',
  PARTIAL_NUM: 'u32',
  FAILED_NUM: 'u32',
  ASAP_NUM: 'u32',
  NON_ASAP_NUM: 'u32',
  TOTAL_DURATION_MSEC: 'u64',
  UNKNOWN_TRIGGERS_NUM: 'u32',
  RESCHEDULE_REQUESTS_NUM: 'u32',
  OUT_OF_WINDOW_TRIGGERS_NUM: 'u32',
  PAD: 'binary',
});

export const pmsrFtmCapa = setFromEnum('nl80211.pmsr_ftm_capa', 'NL80211_PMSR_FTM_CAPA_ATTR_', E.PMSR_FTM_CAPA_ATTR, {
  ASAP: 'flag',
  NON_ASAP: 'flag',
  REQ_LCI: 'flag',
  REQ_CIVICLOC: 'flag',
  PREAMBLES: bitsOfNumbers('u32', E.PREAMBLE, 'bitmap of BIT(NL80211_PREAMBLE_*)'),
  BANDWIDTHS: bitsOfNumbers('u32', E.CHAN_WIDTH, 'bitmap of BIT(NL80211_CHAN_WIDTH_*)'),
  MAX_BURSTS_EXPONENT: 'u32',
  MAX_FTMS_PER_BURST: 'u32',
  TRIGGER_BASED: 'flag',
  NON_TRIGGER_BASED: 'flag',
});

export const pmsrFtmReq = setFromEnum('nl80211.pmsr_ftm_req', 'NL80211_PMSR_FTM_REQ_ATTR_', E.PMSR_FTM_REQ_ATTR, {
  ASAP: 'flag',
  PREAMBLE: en('u32', E.PREAMBLE),
  NUM_BURSTS_EXP: 'u8',
  BURST_PERIOD: doc('u16', '100 ms units'),
  BURST_DURATION: 'u8',
  FTMS_PER_BURST: 'u8',
  NUM_FTMR_RETRIES: 'u8',
  REQUEST_LCI: 'flag',
  REQUEST_CIVICLOC: 'flag',
  TRIGGER_BASED: 'flag',
  NON_TRIGGER_BASED: 'flag',
  LMR_FEEDBACK: 'flag',
  BSS_COLOR: 'u8',
});

export const pmsrFtmResp = setFromEnum('nl80211.pmsr_ftm_resp', 'NL80211_PMSR_FTM_RESP_ATTR_', E.PMSR_FTM_RESP_ATTR, {
  FAIL_REASON: en('u32', E.PMSR_FTM_FAILURE),
  BURST_INDEX: 'u32',
  NUM_FTMR_ATTEMPTS: 'u32',
  NUM_FTMR_SUCCESSES: 'u32',
  BUSY_RETRY_TIME: doc('u32', 's'),
  NUM_BURSTS_EXP: 'u8',
  BURST_DURATION: 'u8',
  FTMS_PER_BURST: 'u8',
  RSSI_AVG: doc('s32', 'dBm'),
  RSSI_SPREAD: 'u32',
  TX_RATE: nested(rateInfo),
  RX_RATE: nested(rateInfo),
  RTT_AVG: doc('s64', 'ps'),
  RTT_VARIANCE: 'u64',
  RTT_SPREAD: 'u64',
  DIST_AVG: doc('s64', 'mm'),
  DIST_VARIANCE: 'u64',
  DIST_SPREAD: 'u64',
  LCI: 'binary',
  CIVICLOC: 'binary',
  PAD: 'binary',
});

/** Per measurement type (NL80211_PMSR_TYPE_*): the type-specific data. */
const pmsrTypeCapa = attrSet('nl80211.pmsr_type_capa', 'NL80211_PMSR_TYPE_', { [E.PMSR_TYPE.FTM]: ['ftm', 'nested', { set: pmsrFtmCapa }] });
const pmsrTypeReq = attrSet('nl80211.pmsr_type_req', 'NL80211_PMSR_TYPE_', { [E.PMSR_TYPE.FTM]: ['ftm', 'nested', { set: pmsrFtmReq }] });
const pmsrTypeResp = attrSet('nl80211.pmsr_type_resp', 'NL80211_PMSR_TYPE_', { [E.PMSR_TYPE.FTM]: ['ftm', 'nested', { set: pmsrFtmResp }] });

export const pmsrReq = setFromEnum('nl80211.pmsr_req', 'NL80211_PMSR_REQ_ATTR_', E.PMSR_REQ_ATTR, {
  DATA: nested(pmsrTypeReq),
  GET_AP_TSF: 'flag',
});

export const pmsrResp = setFromEnum('nl80211.pmsr_resp', 'NL80211_PMSR_RESP_ATTR_', E.PMSR_RESP_ATTR, {
  DATA: nested(pmsrTypeResp),
  STATUS: en('u32', E.PMSR_STATUS),
  HOST_TIME: doc('u64', 'ns since boot'),
  AP_TSF: 'u64',
  FINAL: 'flag',
  PAD: 'binary',
});

export const pmsrPeer = setFromEnum('nl80211.pmsr_peer', 'NL80211_PMSR_PEER_ATTR_', E.PMSR_PEER_ATTR, {
  ADDR: 'mac',
  CHAN: nested(() => nl80211Attrs, 'channel (NL80211_ATTR_WIPHY_FREQ, CHANNEL_WIDTH, CENTER_FREQ1...)'),
  REQ: nested(pmsrReq),
  RESP: nested(pmsrResp),
});

export const pmsr = setFromEnum('nl80211.pmsr', 'NL80211_PMSR_ATTR_', E.PMSR_ATTR, {
  MAX_PEERS: 'u32',
  REPORT_AP_TSF: 'flag',
  RANDOMIZE_MAC_ADDR: 'flag',
  TYPE_CAPA: nested(pmsrTypeCapa),
  PEERS: arrayOf(['peer', 'nested', { set: pmsrPeer }]),
});

// ---- HE, AKM per iftype, FILS, SAR, MBSSID, TID config ----

export const heObssPd = setFromEnum('nl80211.he_obss_pd', 'NL80211_HE_OBSS_PD_ATTR_', E.HE_OBSS_PD_ATTR, {
  MIN_OFFSET: 'u8',
  MAX_OFFSET: 'u8',
  NON_SRG_MAX_OFFSET: 'u8',
  BSS_COLOR_BITMAP: 'u64',
  PARTIAL_BSSID_BITMAP: 'u64',
  SR_CTRL: 'u8',
});

export const heBssColor = setFromEnum('nl80211.he_bss_color', 'NL80211_HE_BSS_COLOR_ATTR_', E.HE_BSS_COLOR_ATTR, {
  COLOR: 'u8',
  DISABLED: 'flag',
  PARTIAL: 'flag',
});

export const iftypeAkm = setFromEnum('nl80211.iftype_akm', 'NL80211_IFTYPE_AKM_ATTR_', E.IFTYPE_AKM_ATTR, {
  IFTYPES: nested(iftypeFlags),
  SUITES: akmSuites,
});

export const filsDiscovery = setFromEnum('nl80211.fils_discovery', 'NL80211_FILS_DISCOVERY_ATTR_', E.FILS_DISCOVERY_ATTR, {
  INT_MIN: doc('u32', 'TU'),
  INT_MAX: doc('u32', 'TU'),
  TMPL: 'binary',
});

export const unsolBcastProbeResp = setFromEnum('nl80211.unsol_bcast_probe_resp', 'NL80211_UNSOL_BCAST_PROBE_RESP_ATTR_', E.UNSOL_BCAST_PROBE_RESP_ATTR, {
  INT: doc('u32', 'TU'),
  TMPL: 'binary',
});

export const sarSpecs = setFromEnum('nl80211.sar_specs', 'NL80211_SAR_ATTR_SPECS_', E.SAR_ATTR_SPECS, {
  POWER: doc('s32', '0.25 dBm units'),
  RANGE_INDEX: 'u32',
  START_FREQ: doc('u32', 'kHz'),
  END_FREQ: doc('u32', 'kHz'),
});

export const sar = setFromEnum('nl80211.sar', 'NL80211_SAR_ATTR_', E.SAR_ATTR, {
  TYPE: en('u32', E.SAR_TYPE),
  SPECS: arrayOf(['spec', 'nested', { set: sarSpecs }]),
});

export const mbssidConfig = setFromEnum('nl80211.mbssid_config', 'NL80211_MBSSID_CONFIG_ATTR_', E.MBSSID_CONFIG_ATTR, {
  MAX_INTERFACES: 'u8',
  MAX_EMA_PROFILE_PERIODICITY: 'u8',
  INDEX: 'u8',
  TX_IFINDEX: 'u32',
  EMA: 'flag',
});

export const tidConfig = setFromEnum('nl80211.tid_config', 'NL80211_TID_CONFIG_ATTR_', E.TID_CONFIG_ATTR, {
  PAD: 'binary',
  VIF_SUPP: 'u64',
  PEER_SUPP: 'u64',
  OVERRIDE: 'flag',
  TIDS: doc('u16', 'bitmap of TIDs'),
  NOACK: en('u8', E.TID_CONFIG),
  RETRY_SHORT: 'u8',
  RETRY_LONG: 'u8',
  AMPDU_CTRL: en('u8', E.TID_CONFIG),
  RTSCTS_CTRL: en('u8', E.TID_CONFIG),
  AMSDU_CTRL: en('u8', E.TID_CONFIG),
  TX_RATE_TYPE: en('u8', E.TX_RATE_SETTING),
  TX_RATE: txRatesPerBand,
});

// ---- per-iftype frame types (TX_FRAME_TYPES / RX_FRAME_TYPES) ----

const frameTypeList = attrSet('nl80211.frame_types', 'NL80211_ATTR_', {
  [E.ATTR.FRAME_TYPE]: ['frame_type', 'u16', { multi: true, doc: 'frame control field values (type and subtype)' }],
});
/** Nest keyed by interface type, each a list of NL80211_ATTR_FRAME_TYPE. */
export const frameTypesByIftype = attrSet(
  'nl80211.frame_types_by_iftype',
  'NL80211_IFTYPE_',
  Object.fromEntries(Object.entries(E.IFTYPE).map(([k, v]) => [v, [k.toLowerCase(), 'nested', { set: frameTypeList }] as AttrDef])),
);

// ---- the family's own attribute space (NL80211_ATTR_*) ----

export const nl80211Attrs: AttrSet = setFromEnum('nl80211', 'NL80211_ATTR_', E.ATTR, {
  UNSPEC: 'binary',
  WIPHY: doc('u32', 'wiphy index'),
  WIPHY_NAME: 'string',
  IFINDEX: 'u32',
  IFNAME: 'string',
  IFTYPE: en('u32', E.IFTYPE),
  MAC: 'mac',
  KEY_DATA: 'binary',
  KEY_IDX: 'u8',
  KEY_CIPHER: ['u32', { enum: CIPHER_SUITE_SELECTORS, doc: 'cipher suite selector' }],
  KEY_SEQ: 'binary',
  KEY_DEFAULT: 'flag',
  BEACON_INTERVAL: doc('u32', 'TU'),
  DTIM_PERIOD: 'u32',
  BEACON_HEAD: 'binary',
  BEACON_TAIL: 'binary',
  STA_AID: 'u16',
  STA_FLAGS: nested(staFlags),
  STA_LISTEN_INTERVAL: 'u16',
  STA_SUPPORTED_RATES: custom(u8List, 'rates in 500 kbit/s units (bit 7: basic)'),
  STA_VLAN: doc('u32', 'ifindex of the AP VLAN interface'),
  STA_INFO: nested(staInfo),
  WIPHY_BANDS: byIndex(['band', 'nested', { set: band }], 0, 'NL80211_ATTR_WIPHY_BANDS', 'indexed by band: [0] = 2.4 GHz, [1] = 5 GHz, [2] = 60 GHz, [3] = 6 GHz, [4] = S1G, [5] = LC'),
  MNTR_FLAGS: nested(mntrFlags),
  MESH_ID: 'strn',
  STA_PLINK_ACTION: en('u8', E.PLINK_ACTION),
  MPATH_NEXT_HOP: 'mac',
  MPATH_INFO: nested(mpathInfo),
  BSS_CTS_PROT: 'u8',
  BSS_SHORT_PREAMBLE: 'u8',
  BSS_SHORT_SLOT_TIME: 'u8',
  HT_CAPABILITY: doc('binary', 'struct ieee80211_ht_cap (26 bytes, the HT Capabilities element body)'),
  SUPPORTED_IFTYPES: nested(iftypeFlags),
  REG_ALPHA2: 'string',
  REG_RULES: arrayOf(['rule', 'nested', { set: regRule }]),
  MESH_CONFIG: nested(meshConfig),
  BSS_BASIC_RATES: custom(u8List, 'rates in 500 kbit/s units'),
  WIPHY_TXQ_PARAMS: arrayOf(['txq', 'nested', { set: txqParams }]),
  WIPHY_FREQ: doc('u32', 'MHz'),
  WIPHY_CHANNEL_TYPE: en('u32', E.CHANNEL_TYPE),
  KEY_DEFAULT_MGMT: 'flag',
  MGMT_SUBTYPE: 'u8',
  IE: doc('binary', 'information elements (see parseIEs)'),
  MAX_NUM_SCAN_SSIDS: 'u8',
  SCAN_FREQUENCIES: arrayOf(['freq', 'u32'], 'MHz'),
  SCAN_SSIDS: arrayOf(['ssid', 'strn'], 'SSIDs to probe for ("" = wildcard)'),
  GENERATION: 'u32',
  BSS: nested(bss),
  REG_INITIATOR: en('u8', E.REG_INITIATOR),
  REG_TYPE: en('u8', E.REG_TYPE),
  SUPPORTED_COMMANDS: arrayOf(['cmd', 'u32', { enum: names(E.CMD) }]),
  FRAME: doc('binary', '802.11 frame'),
  SSID: 'strn',
  AUTH_TYPE: en('u32', E.AUTH_TYPE),
  REASON_CODE: 'u16',
  KEY_TYPE: en('u32', E.KEY_TYPE),
  MAX_SCAN_IE_LEN: 'u16',
  CIPHER_SUITES: cipherSuites,
  FREQ_BEFORE: nested(frequency),
  FREQ_AFTER: nested(frequency),
  FREQ_FIXED: 'flag',
  WIPHY_RETRY_SHORT: 'u8',
  WIPHY_RETRY_LONG: 'u8',
  WIPHY_FRAG_THRESHOLD: 'u32',
  WIPHY_RTS_THRESHOLD: 'u32',
  TIMED_OUT: 'flag',
  USE_MFP: en('u32', E.MFP),
  STA_FLAGS2: custom(staFlagUpdate, 'struct nl80211_sta_flag_update'),
  CONTROL_PORT: 'flag',
  TESTDATA: 'binary',
  PRIVACY: 'flag',
  DISCONNECTED_BY_AP: 'flag',
  STATUS_CODE: 'u16',
  CIPHER_SUITES_PAIRWISE: cipherSuites,
  CIPHER_SUITE_GROUP: ['u32', { enum: CIPHER_SUITE_SELECTORS }],
  WPA_VERSIONS: bits('u32', E.WPA_VERSION),
  AKM_SUITES: akmSuites,
  REQ_IE: doc('binary', 'information elements of the (re)association request'),
  RESP_IE: doc('binary', 'information elements of the (re)association response'),
  PREV_BSSID: 'mac',
  KEY: nested(key),
  KEYS: arrayOf(['key', 'nested', { set: key }]),
  PID: 'u32',
  '4ADDR': 'u8',
  SURVEY_INFO: nested(survey),
  PMKID: doc('binary', '16 bytes'),
  MAX_NUM_PMKIDS: 'u8',
  DURATION: doc('u32', 'ms'),
  COOKIE: 'u64',
  WIPHY_COVERAGE_CLASS: 'u8',
  TX_RATES: txRatesPerBand,
  FRAME_MATCH: 'binary',
  ACK: 'flag',
  PS_STATE: en('u32', E.PS_STATE),
  CQM: nested(cqm),
  LOCAL_STATE_CHANGE: 'flag',
  AP_ISOLATE: 'u8',
  WIPHY_TX_POWER_SETTING: en('u32', E.TX_POWER_SETTING),
  WIPHY_TX_POWER_LEVEL: doc('s32', 'mBm (100 * dBm)'),
  TX_FRAME_TYPES: nested(frameTypesByIftype),
  RX_FRAME_TYPES: nested(frameTypesByIftype),
  FRAME_TYPE: 'u16',
  CONTROL_PORT_ETHERTYPE: custom(flagOr('u16', 'NL80211_ATTR_CONTROL_PORT_ETHERTYPE'), 'ethertype (u16) in a request; a flag in the wiphy capabilities'),
  CONTROL_PORT_NO_ENCRYPT: 'flag',
  SUPPORT_IBSS_RSN: 'flag',
  WIPHY_ANTENNA_TX: 'u32',
  WIPHY_ANTENNA_RX: 'u32',
  MCAST_RATE: doc('u32', '100 kbit/s'),
  OFFCHANNEL_TX_OK: 'flag',
  BSS_HT_OPMODE: 'u16',
  KEY_DEFAULT_TYPES: nested(keyDefaultTypes),
  MAX_REMAIN_ON_CHANNEL_DURATION: doc('u32', 'ms'),
  MESH_SETUP: nested(meshSetup),
  WIPHY_ANTENNA_AVAIL_TX: 'u32',
  WIPHY_ANTENNA_AVAIL_RX: 'u32',
  SUPPORT_MESH_AUTH: 'flag',
  STA_PLINK_STATE: en('u8', E.PLINK),
  WOWLAN_TRIGGERS: nested(wowlanTriggers),
  WOWLAN_TRIGGERS_SUPPORTED: nested(wowlanTriggersSupported),
  SCHED_SCAN_INTERVAL: doc('u32', 'ms'),
  INTERFACE_COMBINATIONS: arrayOf(['combination', 'nested', { set: ifaceComb }]),
  SOFTWARE_IFTYPES: nested(iftypeFlags),
  REKEY_DATA: nested(rekeyData),
  MAX_NUM_SCHED_SCAN_SSIDS: 'u8',
  MAX_SCHED_SCAN_IE_LEN: 'u16',
  SCAN_SUPP_RATES: byIndex(['rates', 'custom', { custom: u8List }], 0, 'NL80211_ATTR_SCAN_SUPP_RATES', 'indexed by band'),
  HIDDEN_SSID: en('u32', E.HIDDEN_SSID),
  IE_PROBE_RESP: 'binary',
  IE_ASSOC_RESP: 'binary',
  STA_WME: nested(staWme),
  SUPPORT_AP_UAPSD: 'flag',
  ROAM_SUPPORT: 'flag',
  SCHED_SCAN_MATCH: arrayOf(['match', 'nested', { set: schedScanMatch }]),
  MAX_MATCH_SETS: 'u8',
  PMKSA_CANDIDATE: nested(pmksaCandidate),
  TX_NO_CCK_RATE: 'flag',
  TDLS_ACTION: 'u8',
  TDLS_DIALOG_TOKEN: 'u8',
  TDLS_OPERATION: en('u8', E.TDLS_OPER),
  TDLS_SUPPORT: 'flag',
  TDLS_EXTERNAL_SETUP: 'flag',
  DEVICE_AP_SME: bits('u32', E.AP_SME),
  DONT_WAIT_FOR_ACK: 'flag',
  FEATURE_FLAGS: bits('u32', E.FEATURE),
  PROBE_RESP_OFFLOAD: bits('u32', E.PROBE_RESP_OFFLOAD_SUPPORT),
  PROBE_RESP: doc('binary', 'probe response frame'),
  DFS_REGION: en('u8', E.DFS_REGION),
  DISABLE_HT: 'flag',
  HT_CAPABILITY_MASK: 'binary',
  NOACK_MAP: 'u16',
  INACTIVITY_TIMEOUT: doc('u16', 's'),
  RX_SIGNAL_DBM: doc('s32', 'dBm'),
  BG_SCAN_PERIOD: doc('u16', 's'),
  WDEV: 'u64',
  USER_REG_HINT_TYPE: en('u32', E.USER_REG_HINT),
  CONN_FAILED_REASON: en('u32', E.CONN_FAIL),
  AUTH_DATA: 'binary',
  VHT_CAPABILITY: doc('binary', 'struct ieee80211_vht_cap (12 bytes)'),
  SCAN_FLAGS: bits('u32', E.SCAN_FLAG),
  CHANNEL_WIDTH: en('u32', E.CHAN_WIDTH),
  CENTER_FREQ1: doc('u32', 'MHz'),
  CENTER_FREQ2: doc('u32', 'MHz'),
  P2P_CTWINDOW: 'u8',
  P2P_OPPPS: 'u8',
  LOCAL_MESH_POWER_MODE: en('u32', E.MESH_POWER),
  ACL_POLICY: en('u32', E.ACL_POLICY),
  MAC_ADDRS: arrayOf(['mac', 'mac']),
  MAC_ACL_MAX: 'u32',
  RADAR_EVENT: en('u32', E.RADAR_EVENT),
  EXT_CAPA: doc('binary', 'extended capabilities (as in the element; see parseIEs)'),
  EXT_CAPA_MASK: 'binary',
  STA_CAPABILITY: 'u16',
  STA_EXT_CAPABILITY: 'binary',
  PROTOCOL_FEATURES: bits('u32', E.PROTOCOL_FEATURE),
  SPLIT_WIPHY_DUMP: 'flag',
  DISABLE_VHT: 'flag',
  VHT_CAPABILITY_MASK: 'binary',
  MDID: 'u16',
  IE_RIC: 'binary',
  CRIT_PROT_ID: en('u16', E.CRIT_PROTO),
  MAX_CRIT_PROT_DURATION: doc('u16', 'ms'),
  PEER_AID: 'u16',
  COALESCE_RULE: custom(coalesceRules(() => coalesceRule), 'rules (a nest) or, in a wiphy dump, struct nl80211_coalesce_rule_support'),
  CH_SWITCH_COUNT: 'u32',
  CH_SWITCH_BLOCK_TX: 'flag',
  CSA_IES: nested(() => nl80211Attrs, 'beacon after the switch (NL80211_ATTR_BEACON_HEAD...)'),
  CNTDWN_OFFS_BEACON: custom(u16List, 'u16 offsets'),
  CNTDWN_OFFS_PRESP: custom(u16List, 'u16 offsets'),
  RXMGMT_FLAGS: bits('u32', E.RXMGMT_FLAG),
  STA_SUPPORTED_CHANNELS: 'binary',
  STA_SUPPORTED_OPER_CLASSES: 'binary',
  HANDLE_DFS: 'flag',
  SUPPORT_5_MHZ: 'flag',
  SUPPORT_10_MHZ: 'flag',
  OPMODE_NOTIF: 'u8',
  VENDOR_ID: 'u32',
  VENDOR_SUBCMD: 'u32',
  VENDOR_DATA: doc('binary', 'vendor data (in a wiphy dump: the vendor commands, struct nl80211_vendor_cmd_info each)'),
  VENDOR_EVENTS: arrayOf(['event', 'custom', { custom: vendorCmdInfo }]),
  QOS_MAP: 'binary',
  MAC_HINT: 'mac',
  WIPHY_FREQ_HINT: doc('u32', 'MHz'),
  MAX_AP_ASSOC_STA: 'u32',
  TDLS_PEER_CAPABILITY: bits('u32', E.TDLS_PEER),
  SOCKET_OWNER: 'flag',
  CSA_C_OFFSETS_TX: custom(u16List, 'u16 offsets'),
  MAX_CSA_COUNTERS: 'u8',
  TDLS_INITIATOR: 'flag',
  USE_RRM: 'flag',
  WIPHY_DYN_ACK: 'flag',
  TSID: 'u8',
  USER_PRIO: 'u8',
  ADMITTED_TIME: doc('u16', '32 us units'),
  SMPS_MODE: en('u8', E.SMPS),
  OPER_CLASS: 'u8',
  MAC_MASK: 'mac',
  WIPHY_SELF_MANAGED_REG: 'flag',
  EXT_FEATURES: custom(bitmapNames(E.EXT_FEATURE, 'NL80211_ATTR_EXT_FEATURES'), 'names of the NL80211_EXT_FEATURE_* bits set'),
  SURVEY_RADIO_STATS: 'flag',
  NETNS_FD: 'u32',
  SCHED_SCAN_DELAY: doc('u32', 's'),
  REG_INDOOR: 'flag',
  MAX_NUM_SCHED_SCAN_PLANS: 'u32',
  MAX_SCAN_PLAN_INTERVAL: doc('u32', 's'),
  MAX_SCAN_PLAN_ITERATIONS: 'u32',
  SCHED_SCAN_PLANS: arrayOf(['plan', 'nested', { set: schedScanPlan }]),
  PBSS: 'flag',
  BSS_SELECT: nested(bssSelect),
  STA_SUPPORT_P2P_PS: en('u8', E.P2P_PS),
  PAD: 'binary',
  IFTYPE_EXT_CAPA: arrayOf(['iftype', 'nested', { set: () => nl80211Attrs }], 'IFTYPE, EXT_CAPA, EXT_CAPA_MASK (, EML/MLD capabilities) per interface type'),
  MU_MIMO_GROUP_DATA: 'binary',
  MU_MIMO_FOLLOW_MAC_ADDR: 'mac',
  SCAN_START_TIME_TSF: 'u64',
  SCAN_START_TIME_TSF_BSSID: 'mac',
  MEASUREMENT_DURATION: doc('u16', 'TU'),
  MEASUREMENT_DURATION_MANDATORY: 'flag',
  MESH_PEER_AID: 'u16',
  NAN_MASTER_PREF: 'u8',
  BANDS: bitsOfNumbers('u32', E.BAND, 'bitmap of BIT(NL80211_BAND_*)'),
  NAN_FUNC: nested(nanFunc),
  NAN_MATCH: nested(nanMatch),
  FILS_KEK: 'binary',
  FILS_NONCES: 'binary',
  MULTICAST_TO_UNICAST_ENABLED: 'flag',
  BSSID: 'mac',
  SCHED_SCAN_RELATIVE_RSSI: doc('s8', 'dB'),
  SCHED_SCAN_RSSI_ADJUST: custom(rssiAdjust, 'struct nl80211_bss_select_rssi_adjust'),
  TIMEOUT_REASON: en('u32', E.TIMEOUT_REASON),
  FILS_ERP_USERNAME: 'binary',
  FILS_ERP_REALM: 'binary',
  FILS_ERP_NEXT_SEQ_NUM: 'u16',
  FILS_ERP_RRK: 'binary',
  FILS_CACHE_ID: 'binary',
  PMK: 'binary',
  SCHED_SCAN_MULTI: 'flag',
  SCHED_SCAN_MAX_REQS: 'u32',
  WANT_1X_4WAY_HS: 'flag',
  PMKR0_NAME: 'binary',
  PORT_AUTHORIZED: 'flag',
  EXTERNAL_AUTH_ACTION: en('u32', E.EXTERNAL_AUTH),
  EXTERNAL_AUTH_SUPPORT: 'flag',
  NSS: 'u8',
  ACK_SIGNAL: doc('s32', 'dBm'),
  CONTROL_PORT_OVER_NL80211: 'flag',
  TXQ_STATS: nested(txqStats),
  TXQ_LIMIT: 'u32',
  TXQ_MEMORY_LIMIT: 'u32',
  TXQ_QUANTUM: 'u32',
  HE_CAPABILITY: doc('binary', 'HE Capabilities element body'),
  FTM_RESPONDER: nested(ftmResponder),
  FTM_RESPONDER_STATS: nested(ftmResponderStats),
  TIMEOUT: doc('u32', 'ms'),
  PEER_MEASUREMENTS: nested(pmsr),
  AIRTIME_WEIGHT: 'u16',
  STA_TX_POWER_SETTING: en('u8', E.TX_POWER_SETTING),
  STA_TX_POWER: doc('s16', 'dBm'),
  SAE_PASSWORD: 'binary',
  TWT_RESPONDER: 'flag',
  HE_OBSS_PD: nested(heObssPd),
  WIPHY_EDMG_CHANNELS: 'u8',
  WIPHY_EDMG_BW_CONFIG: 'u8',
  VLAN_ID: 'u16',
  HE_BSS_COLOR: nested(heBssColor),
  IFTYPE_AKM_SUITES: arrayOf(['akm', 'nested', { set: iftypeAkm }]),
  TID_CONFIG: arrayOf(['tid_config', 'nested', { set: tidConfig }]),
  CONTROL_PORT_NO_PREAUTH: 'flag',
  PMK_LIFETIME: doc('u32', 's'),
  PMK_REAUTH_THRESHOLD: doc('u8', '%'),
  RECEIVE_MULTICAST: 'flag',
  WIPHY_FREQ_OFFSET: doc('u32', 'kHz'),
  CENTER_FREQ1_OFFSET: doc('u32', 'kHz'),
  SCAN_FREQ_KHZ: arrayOf(['freq', 'u32'], 'kHz'),
  HE_6GHZ_CAPABILITY: 'binary',
  FILS_DISCOVERY: nested(filsDiscovery),
  UNSOL_BCAST_PROBE_RESP: nested(unsolBcastProbeResp),
  S1G_CAPABILITY: 'binary',
  S1G_CAPABILITY_MASK: 'binary',
  SAE_PWE: en('u8', E.SAE_PWE),
  RECONNECT_REQUESTED: 'flag',
  SAR_SPEC: nested(sar),
  DISABLE_HE: 'flag',
  OBSS_COLOR_BITMAP: 'u64',
  COLOR_CHANGE_COUNT: 'u8',
  COLOR_CHANGE_COLOR: 'u8',
  COLOR_CHANGE_ELEMS: nested(() => nl80211Attrs, 'beacon after the color change'),
  MBSSID_CONFIG: nested(mbssidConfig),
  MBSSID_ELEMS: arrayOf(['elems', 'binary']),
  RADAR_BACKGROUND: 'flag',
  AP_SETTINGS_FLAGS: bits('u32', E.AP_SETTINGS),
  EHT_CAPABILITY: 'binary',
  DISABLE_EHT: 'flag',
  MLO_LINKS: arrayOf(['link', 'nested', { set: () => nl80211Attrs }], 'per link: MLO_LINK_ID, MAC, WIPHY_FREQ...'),
  MLO_LINK_ID: 'u8',
  MLD_ADDR: 'mac',
  MLO_SUPPORT: 'flag',
  MAX_NUM_AKM_SUITES: 'u16',
  EML_CAPABILITY: 'u16',
  MLD_CAPA_AND_OPS: 'u16',
  TX_HW_TIMESTAMP: 'u64',
  RX_HW_TIMESTAMP: 'u64',
  TD_BITMAP: 'binary',
  PUNCT_BITMAP: 'u32',
  MAX_HW_TIMESTAMP_PEERS: 'u16',
  HW_TIMESTAMP_ENABLED: 'flag',
  EMA_RNR_ELEMS: arrayOf(['elems', 'binary']),
});

// Helpers used above ----------------------------------------------------------

/** The definitions of a built set, to extend it with members the enum does not list. */
function setDefs(set: AttrSet): Record<number, AttrDef> {
  const defs: Record<number, AttrDef> = {};
  set.specs.forEach((s, t) => {
    if (s) {
      const { name, kernelName: _k, type: _t, kind, ...opts } = s;
      defs[t] = [name, kind, opts];
    }
  });
  return defs;
}
