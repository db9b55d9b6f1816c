// Channel survey (NL80211_CMD_GET_SURVEY).
import type { Attrs } from '../../netlink/schema.js';
import { big, nested, num, s8 } from './values.js';

export interface Survey {
  ifindex?: number;
  dev?: string;
  freq: number;
  freqOffset?: number;
  /** dBm */
  noise?: number;
  inUse: boolean;
  activeMs?: bigint;
  busyMs?: bigint;
  extBusyMs?: bigint;
  rxMs?: bigint;
  txMs?: bigint;
  scanMs?: bigint;
  bssRxMs?: bigint;
  raw: Attrs;
}

export function surveyFrom(a: Attrs): Survey {
  const s = nested(a.survey_info) ?? {};
  return {
    ifindex: num(a.ifindex),
    freq: num(s.frequency) ?? 0,
    freqOffset: num(s.frequency_offset),
    noise: s8(s.noise),
    inUse: s.in_use === true,
    activeMs: big(s.time), busyMs: big(s.time_busy), extBusyMs: big(s.time_ext_busy), rxMs: big(s.time_rx), txMs: big(s.time_tx),
    scanMs: big(s.time_scan), bssRxMs: big(s.time_bss_rx),
    raw: a,
  };
}
