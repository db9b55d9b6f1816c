// nl80211 attribute spaces of mesh, connection quality, rekeying, WoWLAN, coalesce, NAN, peer
// measurement (FTM), HE BSS settings, AKM per iftype, FILS, SAR, MBSSID, TID config and frame types.
import { AttrSet, attrSet, type AttrDef } from '../../netlink/schema.js';
import { setFromEnum } from './build.js';
import { patternSupport, s32List, tcpDataSeq, tcpDataToken, tcpTokenFeature } from './codecs.js';
import * as E from './enums.js';
import { AKM_SUITE_SELECTORS } from '../ie/suites.js';

import { akmSuites, arrayOf, bits, bitsOfNumbers, custom, doc, en, nested } from './kinds.js';
import { iftypeFlags } from './sets-wiphy.js';
import { rateInfo, txRatesPerBand } from './sets-station.js';
import { nl80211Attrs } from './sets.js';

// ---- mesh ----

export const meshConfig = setFromEnum('nl80211.meshconf', E.MESHCONF, {
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

export const meshSetup = setFromEnum('nl80211.mesh_setup', E.MESH_SETUP, {
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

export const cqm = setFromEnum('nl80211.cqm', E.ATTR_CQM, {
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

export const rekeyData = setFromEnum('nl80211.rekey', E.REKEY_DATA, {
  KEK: 'binary',
  KCK: 'binary',
  REPLAY_CTR: 'binary',
  AKM: ['u32', { enum: AKM_SUITE_SELECTORS }],
});

export const pmksaCandidate = setFromEnum('nl80211.pmksa_candidate', E.PMKSA_CANDIDATE, {
  INDEX: 'u32',
  BSSID: 'mac',
  PREAUTH: 'flag',
});

// ---- WoWLAN, coalesce ----

export const packetPattern = setFromEnum('nl80211.pktpat', E.PKTPAT, {
  MASK: 'binary',
  PATTERN: 'binary',
  OFFSET: 'u32',
});

export const wowlanTcp = setFromEnum('nl80211.wowlan_tcp', E.WOWLAN_TCP, {
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
export const wowlanTcpSupport = setFromEnum('nl80211.wowlan_tcp_support', E.WOWLAN_TCP, {
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

export const wowlanTriggers: AttrSet = setFromEnum('nl80211.wowlan', E.WOWLAN_TRIG, {
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
export const wowlanTriggersSupported = setFromEnum('nl80211.wowlan_support', E.WOWLAN_TRIG, {
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

export const coalesceRule = setFromEnum('nl80211.coalesce_rule', E.ATTR_COALESCE_RULE, {
  DELAY: doc('u32', 'ms'),
  CONDITION: en('u32', E.COALESCE_CONDITION),
  PKT_PATTERN: arrayOf(['pattern', 'nested', { set: packetPattern }]),
});

// ---- NAN ----

export const nanSrf = setFromEnum('nl80211.nan_srf', E.NAN_SRF, {
  INCLUDE: 'flag',
  BF: 'binary',
  BF_IDX: 'u8',
  MAC_ADDRS: arrayOf(['mac', 'mac']),
});

export const nanFunc = setFromEnum('nl80211.nan_func', E.NAN_FUNC, {
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

export const nanMatch = setFromEnum('nl80211.nan_match', E.NAN_MATCH, {
  FUNC_LOCAL: nested(nanFunc),
  FUNC_PEER: nested(nanFunc),
});

// ---- FTM responder, peer measurement ----

export const ftmResponder = setFromEnum('nl80211.ftm_responder', E.FTM_RESP_ATTR, {
  ENABLED: 'flag',
  LCI: 'binary',
  CIVICLOC: 'binary',
});

export const ftmResponderStats = setFromEnum('nl80211.ftm_stats', E.FTM_STATS, {
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

export const pmsrFtmCapa = setFromEnum('nl80211.pmsr_ftm_capa', E.PMSR_FTM_CAPA_ATTR, {
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

export const pmsrFtmReq = setFromEnum('nl80211.pmsr_ftm_req', E.PMSR_FTM_REQ_ATTR, {
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

export const pmsrFtmResp = setFromEnum('nl80211.pmsr_ftm_resp', E.PMSR_FTM_RESP_ATTR, {
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
export const pmsrTypeCapa = attrSet('nl80211.pmsr_type_capa', 'NL80211_PMSR_TYPE_', { [E.PMSR_TYPE.FTM]: ['ftm', 'nested', { set: pmsrFtmCapa }] });
export const pmsrTypeReq = attrSet('nl80211.pmsr_type_req', 'NL80211_PMSR_TYPE_', { [E.PMSR_TYPE.FTM]: ['ftm', 'nested', { set: pmsrFtmReq }] });
export const pmsrTypeResp = attrSet('nl80211.pmsr_type_resp', 'NL80211_PMSR_TYPE_', { [E.PMSR_TYPE.FTM]: ['ftm', 'nested', { set: pmsrFtmResp }] });

export const pmsrReq = setFromEnum('nl80211.pmsr_req', E.PMSR_REQ_ATTR, {
  DATA: nested(pmsrTypeReq),
  GET_AP_TSF: 'flag',
});

export const pmsrResp = setFromEnum('nl80211.pmsr_resp', E.PMSR_RESP_ATTR, {
  DATA: nested(pmsrTypeResp),
  STATUS: en('u32', E.PMSR_STATUS),
  HOST_TIME: doc('u64', 'ns since boot'),
  AP_TSF: 'u64',
  FINAL: 'flag',
  PAD: 'binary',
});

export const pmsrPeer = setFromEnum('nl80211.pmsr_peer', E.PMSR_PEER_ATTR, {
  ADDR: 'mac',
  CHAN: nested(() => nl80211Attrs, 'channel (NL80211_ATTR_WIPHY_FREQ, CHANNEL_WIDTH, CENTER_FREQ1...)'),
  REQ: nested(pmsrReq),
  RESP: nested(pmsrResp),
});

export const pmsr = setFromEnum('nl80211.pmsr', E.PMSR_ATTR, {
  MAX_PEERS: 'u32',
  REPORT_AP_TSF: 'flag',
  RANDOMIZE_MAC_ADDR: 'flag',
  TYPE_CAPA: nested(pmsrTypeCapa),
  PEERS: arrayOf(['peer', 'nested', { set: pmsrPeer }]),
});

// ---- HE, AKM per iftype, FILS, SAR, MBSSID, TID config ----

export const heObssPd = setFromEnum('nl80211.he_obss_pd', E.HE_OBSS_PD_ATTR, {
  MIN_OFFSET: 'u8',
  MAX_OFFSET: 'u8',
  NON_SRG_MAX_OFFSET: 'u8',
  BSS_COLOR_BITMAP: 'u64',
  PARTIAL_BSSID_BITMAP: 'u64',
  SR_CTRL: 'u8',
});

export const heBssColor = setFromEnum('nl80211.he_bss_color', E.HE_BSS_COLOR_ATTR, {
  COLOR: 'u8',
  DISABLED: 'flag',
  PARTIAL: 'flag',
});

export const iftypeAkm = setFromEnum('nl80211.iftype_akm', E.IFTYPE_AKM_ATTR, {
  IFTYPES: nested(iftypeFlags),
  SUITES: akmSuites,
});

export const filsDiscovery = setFromEnum('nl80211.fils_discovery', E.FILS_DISCOVERY_ATTR, {
  INT_MIN: doc('u32', 'TU'),
  INT_MAX: doc('u32', 'TU'),
  TMPL: 'binary',
});

export const unsolBcastProbeResp = setFromEnum('nl80211.unsol_bcast_probe_resp', E.UNSOL_BCAST_PROBE_RESP_ATTR, {
  INT: doc('u32', 'TU'),
  TMPL: 'binary',
});

export const sarSpecs = setFromEnum('nl80211.sar_specs', E.SAR_ATTR_SPECS, {
  POWER: doc('s32', '0.25 dBm units'),
  RANGE_INDEX: 'u32',
  START_FREQ: doc('u32', 'kHz'),
  END_FREQ: doc('u32', 'kHz'),
});

export const sar = setFromEnum('nl80211.sar', E.SAR_ATTR, {
  TYPE: en('u32', E.SAR_TYPE),
  SPECS: arrayOf(['spec', 'nested', { set: sarSpecs }]),
});

export const mbssidConfig = setFromEnum('nl80211.mbssid_config', E.MBSSID_CONFIG_ATTR, {
  MAX_INTERFACES: 'u8',
  MAX_EMA_PROFILE_PERIODICITY: 'u8',
  INDEX: 'u8',
  TX_IFINDEX: 'u32',
  EMA: 'flag',
});

export const tidConfig = setFromEnum('nl80211.tid_config', E.TID_CONFIG_ATTR, {
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

export const frameTypeList = attrSet('nl80211.frame_types', 'NL80211_ATTR_', {
  [E.ATTR.FRAME_TYPE]: ['frame_type', 'u16', { multi: true, doc: 'frame control field values (type and subtype)' }],
});
/** Nest keyed by interface type, each a list of NL80211_ATTR_FRAME_TYPE. */
export const frameTypesByIftype = attrSet(
  'nl80211.frame_types_by_iftype',
  'NL80211_IFTYPE_',
  Object.fromEntries(Object.entries(E.IFTYPE).map(([k, v]) => [v, [k.toLowerCase(), 'nested', { set: frameTypeList }] as AttrDef])),
);
