// nl80211 multicast events as typed objects (what IW.events() yields).
import type { GenlMessage } from '../genl/header.js';
import type { Attrs } from '../netlink/schema.js';
import { NL80211_CMD } from './schema/index.js';
import { IFTYPE_BY_NUMBER, big, bytes, list, macText, num, type InterfaceType } from './types.js';

/** The multicast groups of nl80211. */
export type IwEventGroup = 'config' | 'scan' | 'regulatory' | 'mlme' | 'vendor' | 'nan' | 'testmode';

export type IwEventKind =
  | 'scan-started' | 'scan-finished' | 'scan-aborted' | 'sched-scan-results' | 'sched-scan-stopped'
  | 'new-station' | 'del-station'
  | 'authenticated' | 'associated' | 'deauthenticated' | 'disassociated' | 'connected' | 'disconnected' | 'roamed'
  | 'auth-timeout' | 'assoc-timeout'
  | 'reg-change' | 'wiphy-reg-change' | 'reg-beacon-hint'
  | 'new-interface' | 'del-interface' | 'set-interface' | 'new-wiphy' | 'del-wiphy'
  | 'join-ibss' | 'channel-switch' | 'channel-switch-started' | 'frame-tx-status' | 'control-port-tx-status'
  | 'frame' | 'notify-cqm' | 'michael-mic-failure' | 'remain-on-channel' | 'cancel-remain-on-channel' | 'vendor' | 'other';

export interface IwEvent {
  /** Command name without its prefix, e.g. 'NEW_SCAN_RESULTS'. */
  command: string;
  cmd: number;
  kind: IwEventKind;
  /** When nlkit received it. */
  receivedAt: Date;
  /** When nlkit received it, in microseconds since the epoch (for iw's -t/-r timestamps). */
  receivedAtUs: bigint;
  wiphy?: number;
  ifindex?: number;
  /** NL80211_ATTR_IFNAME when the event carries it. */
  ifname?: string;
  /** Interface name (carried, or resolved from the ifindex by IW). */
  dev?: string;
  wdev?: bigint;
  iftype?: InterfaceType;
  use4addr?: boolean;
  /** NL80211_ATTR_MAC: the peer (station events, connect, IBSS). */
  mac?: string;
  /** The BSSID of connect/roam results. */
  bssid?: string;
  statusCode?: number;
  reasonCode?: number;
  disconnectedByAp?: boolean;
  timedOut?: boolean;
  /** Scan events: the frequencies and SSIDs the scan covered. */
  freqs?: number[];
  ssids?: Uint8Array[];
  /** The 802.11 management frame (auth, assoc, deauth, disassoc, frame). */
  frame?: Uint8Array;
  cookie?: bigint;
  ack?: boolean;
  /** Regulatory events. */
  regInitiator?: number;
  regType?: number;
  regAlpha2?: string;
  /** Channel switch. */
  freq?: number;
  channelWidth?: number;
  centerFreq1?: number;
  centerFreq2?: number;
  vendorId?: number;
  vendorSubcmd?: number;
  vendorData?: Uint8Array;
  attrs: Attrs;
}

const CMD_NAMES: Readonly<Record<number, string>> = (() => {
  const t: Readonly<Record<string, number>> = NL80211_CMD;
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(t)) if (out[v] === undefined) out[v] = k.replace(/^NL80211_CMD_/, '');
  return out;
})();

export function commandName(cmd: number): string {
  return CMD_NAMES[cmd] ?? `CMD_${cmd}`;
}

const KIND: Readonly<Record<string, IwEventKind>> = {
  TRIGGER_SCAN: 'scan-started', NEW_SCAN_RESULTS: 'scan-finished', SCAN_ABORTED: 'scan-aborted',
  SCHED_SCAN_RESULTS: 'sched-scan-results', SCHED_SCAN_STOPPED: 'sched-scan-stopped',
  NEW_STATION: 'new-station', DEL_STATION: 'del-station',
  AUTHENTICATE: 'authenticated', ASSOCIATE: 'associated', DEAUTHENTICATE: 'deauthenticated', DISASSOCIATE: 'disassociated',
  UNPROT_DEAUTHENTICATE: 'deauthenticated', UNPROT_DISASSOCIATE: 'disassociated',
  CONNECT: 'connected', DISCONNECT: 'disconnected', ROAM: 'roamed',
  REG_CHANGE: 'reg-change', WIPHY_REG_CHANGE: 'wiphy-reg-change', REG_BEACON_HINT: 'reg-beacon-hint',
  NEW_INTERFACE: 'new-interface', DEL_INTERFACE: 'del-interface', SET_INTERFACE: 'set-interface',
  NEW_WIPHY: 'new-wiphy', DEL_WIPHY: 'del-wiphy', JOIN_IBSS: 'join-ibss',
  CH_SWITCH_NOTIFY: 'channel-switch', CH_SWITCH_STARTED_NOTIFY: 'channel-switch-started',
  FRAME_TX_STATUS: 'frame-tx-status', CONTROL_PORT_FRAME_TX_STATUS: 'control-port-tx-status', FRAME: 'frame',
  NOTIFY_CQM: 'notify-cqm', MICHAEL_MIC_FAILURE: 'michael-mic-failure', REMAIN_ON_CHANNEL: 'remain-on-channel',
  CANCEL_REMAIN_ON_CHANNEL: 'cancel-remain-on-channel', VENDOR: 'vendor',
};

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1').replace(/\0+$/, '');
  return undefined;
}

/** A decoded nl80211 message (from a multicast group) as a typed event. */
/** Microseconds since the epoch (performance's clock: finer than Date's milliseconds). */
export function nowUs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

export function toEvent(m: GenlMessage, receivedAt = new Date(), receivedAtUs = nowUs()): IwEvent {
  const a = m.attrs;
  const command = commandName(m.cmd);
  const kind = KIND[command] ?? 'other';
  const t = num(a.iftype);
  const e: IwEvent = { command, cmd: m.cmd, kind, receivedAt, receivedAtUs, attrs: a };
  const set = <K extends keyof IwEvent>(k: K, v: IwEvent[K] | undefined): void => {
    if (v !== undefined) e[k] = v;
  };
  set('wiphy', num(a.wiphy));
  set('ifindex', num(a.ifindex));
  set('ifname', typeof a.ifname === 'string' ? a.ifname : undefined);
  set('wdev', big(a.wdev));
  set('iftype', t === undefined ? undefined : IFTYPE_BY_NUMBER[t]);
  if (a['4addr'] !== undefined) e.use4addr = Boolean(num(a['4addr']));
  const mac = macText(a.mac);
  if (kind === 'connected' || kind === 'roamed') set('bssid', mac);
  set('mac', mac);
  set('statusCode', num(a.status_code));
  set('reasonCode', num(a.reason_code));
  if (a.disconnected_by_ap !== undefined) e.disconnectedByAp = true;
  if (a.timed_out !== undefined) e.timedOut = true;
  if (kind === 'authenticated' && e.timedOut) e.kind = 'auth-timeout';
  if (kind === 'associated' && e.timedOut) e.kind = 'assoc-timeout';
  if (a.scan_frequencies !== undefined) e.freqs = list(a.scan_frequencies).map((x) => num(x) ?? 0);
  if (a.scan_ssids !== undefined) e.ssids = list(a.scan_ssids).map((x) => bytes(x) ?? new Uint8Array());
  set('frame', bytes(a.frame));
  set('cookie', big(a.cookie));
  if (a.ack !== undefined) e.ack = true;
  else if (kind === 'frame-tx-status' || kind === 'control-port-tx-status') e.ack = false;
  set('regInitiator', num(a.reg_initiator));
  set('regType', num(a.reg_type));
  set('regAlpha2', text(a.reg_alpha2));
  set('freq', num(a.wiphy_freq));
  set('channelWidth', num(a.channel_width));
  set('centerFreq1', num(a.center_freq1));
  set('centerFreq2', num(a.center_freq2));
  set('vendorId', num(a.vendor_id));
  set('vendorSubcmd', num(a.vendor_subcmd));
  set('vendorData', bytes(a.vendor_data));
  return e;
}
