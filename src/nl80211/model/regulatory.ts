// Regulatory domains and rules (NL80211_CMD_GET_REG).
import type { Attrs } from '../../netlink/schema.js';
import { bytes, list, nested, num } from './values.js';

export interface RegRule {
  /** NL80211_RRF_* bits. */
  flags: number;
  flagNames: string[];
  startKHz: number;
  endKHz: number;
  maxBandwidthKHz: number;
  /** mBi */
  maxAntennaGain: number;
  /** mBm */
  maxEirp: number;
  dfsCacTimeMs?: number;
}

export interface RegDomain {
  /** The alpha2 ('00' for the world domain, '99' for an intersection...). */
  country: string;
  dfsRegion: 'unset' | 'fcc' | 'etsi' | 'jp' | number;
  /** Set for a wiphy's own domain (self-managed devices). */
  wiphy?: number;
  selfManaged: boolean;
  rules: RegRule[];
  raw: Attrs;
}

/** NL80211_RRF_* names in the order iw prints them. */
export const RRF_NAMES: readonly (readonly [number, string])[] = [
  [1 << 0, 'NO-OFDM'], [1 << 1, 'NO-CCK'], [1 << 2, 'NO-INDOOR'], [1 << 3, 'NO-OUTDOOR'], [1 << 4, 'DFS'], [1 << 5, 'PTP-ONLY'],
  [1 << 6, 'PTMP-ONLY'], [1 << 11, 'AUTO-BW'], [1 << 12, 'IR-CONCURRENT'], [1 << 13, 'NO-HT40MINUS'], [1 << 14, 'NO-HT40PLUS'],
  [1 << 15, 'NO-80MHZ'], [1 << 16, 'NO-160MHZ'], [1 << 17, 'NO-HE'], [1 << 18, 'NO-320MHZ'], [1 << 7, 'PASSIVE-SCAN'], [1 << 8, 'NO-IBSS'],
];

export function regRuleFrom(a: Attrs): RegRule {
  const flags = num(a.reg_rule_flags) ?? 0;
  return {
    flags,
    flagNames: RRF_NAMES.filter(([b]) => flags & b).map(([, n]) => n),
    startKHz: num(a.freq_range_start) ?? 0,
    endKHz: num(a.freq_range_end) ?? 0,
    maxBandwidthKHz: num(a.freq_range_max_bw) ?? 0,
    maxAntennaGain: num(a.power_rule_max_ant_gain) ?? 0,
    maxEirp: num(a.power_rule_max_eirp) ?? 0,
    dfsCacTimeMs: num(a.dfs_cac_time),
  };
}

export function regDomainFrom(a: Attrs): RegDomain {
  const dfs = num(a.dfs_region) ?? 0;
  return {
    country: typeof a.reg_alpha2 === 'string' ? a.reg_alpha2 : (bytes(a.reg_alpha2) ? Buffer.from(bytes(a.reg_alpha2)!).toString('latin1').replace(/\0.*$/, '') : ''),
    dfsRegion: (['unset', 'fcc', 'etsi', 'jp'] as const)[dfs] ?? dfs,
    wiphy: num(a.wiphy),
    selfManaged: a.wiphy_self_managed_reg === true,
    rules: list(a.reg_rules).map((r) => regRuleFrom(nested(r) ?? {})),
    raw: a,
  };
}
