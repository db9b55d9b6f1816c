// nl80211 attribute spaces of a wiphy: interface-type flag sets, bands, frequencies, rates and
// interface combinations.
import { attrSet } from '../../netlink/schema.js';
import { flagSet, setFromEnum } from './build.js';
import * as E from './enums.js';

import { arrayOf, bitsOfNumbers, doc, en, nested, setDefs } from './kinds.js';

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

export const wmmRule = setFromEnum('nl80211.wmm_rule', E.WMM_RULE, {
  CW_MIN: 'u16', CW_MAX: 'u16', AIFSN: 'u8', TXOP: 'u16',
});

export const frequency = attrSet('nl80211.frequency', 'NL80211_FREQUENCY_ATTR_', {
  ...setDefs(setFromEnum('x', E.FREQUENCY_ATTR, {
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

export const bitrate = setFromEnum('nl80211.bitrate', E.BITRATE_ATTR, {
  RATE: doc('u32', '100 kbit/s'),
  '2GHZ_SHORTPREAMBLE': 'flag',
});

export const bandIftypeData = setFromEnum('nl80211.band_iftype', E.BAND_IFTYPE_ATTR, {
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

export const band = setFromEnum('nl80211.band', E.BAND_ATTR, {
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

export const ifaceLimit = setFromEnum('nl80211.iface_limit', E.IFACE_LIMIT, {
  UNSPEC: 'binary',
  MAX: 'u32',
  TYPES: nested(iftypeFlags),
});

export const ifaceComb = setFromEnum('nl80211.iface_comb', E.IFACE_COMB, {
  UNSPEC: 'binary',
  LIMITS: arrayOf(['limit', 'nested', { set: ifaceLimit }]),
  MAXNUM: 'u32',
  STA_AP_BI_MATCH: 'flag',
  NUM_CHANNELS: 'u32',
  RADAR_DETECT_WIDTHS: bitsOfNumbers('u32', E.CHAN_WIDTH, 'bitmap of BIT(NL80211_CHAN_WIDTH_*)'),
  RADAR_DETECT_REGIONS: bitsOfNumbers('u32', E.DFS_REGION, 'bitmap of BIT(NL80211_DFS_*)'),
  BI_MIN_GCD: 'u32',
});
