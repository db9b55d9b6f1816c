// nl80211, the wireless configuration family of generic netlink, as data:
// commands, attributes (with their kinds and nested sets) and enums, from
// <linux/nl80211.h>. The IW API, the decode tool and the tests all use this.
import type { GenlProtocol } from '../../genl/header.js';
import { CMD, ATTR } from './enums.js';
import { nl80211Attrs } from './sets.js';

export * from './enums.js';
export * from './sets.js';
export {
  staFlagUpdate, rssiAdjust, patternSupport, coalesceRuleSupport, vendorCmdInfo, tcpDataSeq, tcpDataToken,
  tcpTokenFeature, indexed, flagOr, bitmapNames,
} from './codecs.js';
export { names, bitNames } from './build.js';

/** NL80211_CMD_* by name (without the prefix): { GET_WIPHY: 1, ... }. */
export const NL80211_CMD = CMD;
/** NL80211_ATTR_* by name (without the prefix): { WIPHY: 1, WIPHY_NAME: 2, ... }. */
export const NL80211_ATTR = ATTR;

/** The family name the kernel registers (NL80211_GENL_NAME). */
export const NL80211_GENL_NAME = 'nl80211';
/** Multicast groups (NL80211_MULTICAST_GROUP_*). */
export const NL80211_MULTICAST_GROUP = {
  CONFIG: 'config',
  SCAN: 'scan',
  REG: 'regulatory',
  MLME: 'mlme',
  VENDOR: 'vendor',
  NAN: 'nan',
  TESTMODE: 'testmode',
} as const;

/** Kernel command names by number: { 1: 'NL80211_CMD_GET_WIPHY', ... }. */
export const NL80211_CMD_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(CMD).map(([k, v]) => [v, `NL80211_CMD_${k}`]),
);

/** The nl80211 generic netlink protocol: name, version, commands, attribute space. */
export const nl80211: GenlProtocol = {
  name: NL80211_GENL_NAME,
  version: 0,
  commands: NL80211_CMD_NAMES,
  attrs: nl80211Attrs,
};
