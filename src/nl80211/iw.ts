// IW: wireless phys, interfaces, stations, scans, regulatory and events over
// nl80211, the way `iw` sees them, typed. One GenericNetlink socket for
// requests; scans, connects and event streams get a socket of their own whose
// multicast membership is set up BEFORE the command that causes the event is
// sent (iw joins after triggering and can miss a fast scan's result event).
import fs from 'node:fs';
import os from 'node:os';
import { GenericNetlink, type GenlClient } from '../genl/genl.js';
import type { GenlMessage } from '../genl/header.js';
import { NetlinkError } from '../netlink/errors.js';
import type { AttrSet, AttrValue, Attrs } from '../netlink/schema.js';
import { NL80211_CMD, nl80211 } from './schema/index.js';
import { toEvent, type IwEvent, type IwEventGroup } from './events.js';
import {
  IFTYPE_NUMBER, bssFrom, channelToFreq, interfaceFrom, macText, num, regDomainFrom, stationFrom, surveyFrom, wiphyFrom,
  type Bss, type InterfaceType, type RegDomain, type Station, type Survey, type Wiphy, type WirelessInterface,
} from './types.js';

const { ENODEV, ENOENT, ETIMEDOUT, EBUSY } = os.constants.errno;

/** Command numbers by name (GET_WIPHY or NL80211_CMD_GET_WIPHY both work). */
const CMD_TABLE: Readonly<Record<string, number>> = NL80211_CMD;
export function cmdNumber(name: string | number): number {
  if (typeof name === 'number') return name;
  const k = name.replace(/^NL80211_CMD_/i, '').toUpperCase();
  const n = CMD_TABLE[k] ?? CMD_TABLE[`NL80211_CMD_${k}`];
  if (n === undefined) throw new TypeError(`unknown nl80211 command '${name}'`);
  return n;
}
const CMD = {
  GET_WIPHY: cmdNumber('GET_WIPHY'), SET_WIPHY: cmdNumber('SET_WIPHY'), GET_INTERFACE: cmdNumber('GET_INTERFACE'),
  SET_INTERFACE: cmdNumber('SET_INTERFACE'), NEW_INTERFACE: cmdNumber('NEW_INTERFACE'), DEL_INTERFACE: cmdNumber('DEL_INTERFACE'),
  GET_STATION: cmdNumber('GET_STATION'), GET_REG: cmdNumber('GET_REG'), REQ_SET_REG: cmdNumber('REQ_SET_REG'),
  GET_SCAN: cmdNumber('GET_SCAN'), TRIGGER_SCAN: cmdNumber('TRIGGER_SCAN'), NEW_SCAN_RESULTS: cmdNumber('NEW_SCAN_RESULTS'),
  SCAN_ABORTED: cmdNumber('SCAN_ABORTED'), ABORT_SCAN: cmdNumber('ABORT_SCAN'), CONNECT: cmdNumber('CONNECT'),
  DISCONNECT: cmdNumber('DISCONNECT'), JOIN_IBSS: cmdNumber('JOIN_IBSS'), LEAVE_IBSS: cmdNumber('LEAVE_IBSS'),
  GET_SURVEY: cmdNumber('GET_SURVEY'),
} as const;


export type Dev = string | number;
export type ChannelWidthArg =
  | 'NOHT' | 'HT20' | 'HT40+' | 'HT40-' | '5' | '10' | '20' | '40' | '80' | '160' | '320'
  | '5MHz' | '10MHz' | '20MHz' | '40MHz' | '80MHz' | '160MHz' | '320MHz';

export interface ScanOptions {
  /** SSIDs to probe for; [] or undefined = one wildcard SSID (active scan). */
  ssids?: (string | Uint8Array)[];
  /** Passive scan: no probe requests. */
  passive?: boolean;
  /** Frequencies in MHz; default all. */
  freqs?: number[];
  /** NL80211_SCAN_FLAG_FLUSH: drop old results first. */
  flush?: boolean;
  /** Extra NL80211_SCAN_FLAG_* bits. */
  flags?: number;
  /** Give up (and abort the scan) after this long. Default 30 s. */
  timeoutMs?: number;
}

export interface LinkInfo {
  status: 'associated' | 'authenticated' | 'ibss-joined';
  bssid: string;
  dev?: string;
  ssid?: string;
  freq: number;
  bss: Bss;
  /** The station entry of the AP (counters, signal, rates, BSS parameters); absent when not associated. */
  station?: Station;
}

/** IW.events(): an async iterator of events, with the moment its subscriptions are in place. */
export interface IwEventStream extends AsyncIterableIterator<IwEvent> {
  /** Resolves once the multicast memberships are in place (rejects if nl80211 or a group is missing). */
  readonly ready: Promise<void>;
}

export interface MonitorFlagsArg {
  flags?: ('none' | 'fcsfail' | 'plcpfail' | 'control' | 'otherbss' | 'cook' | 'active')[];
}

export class IW {
  readonly genl: GenericNetlink;
  readonly client: GenlClient;
  private readonly netns?: string;
  private closed = false;

  private constructor(genl: GenericNetlink, client: GenlClient, netns?: string) {
    this.genl = genl;
    this.client = client;
    this.netns = netns;
  }

  /** Opens a generic netlink socket and resolves nl80211. ENOENT "nl80211 not found" when the kernel has none. */
  static async open(opts: { netns?: string } = {}): Promise<IW> {
    const genl = await GenericNetlink.open({ netns: opts.netns });
    try {
      return new IW(genl, await resolveClient(genl), opts.netns);
    } catch (e) {
      genl.close();
      throw e;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.genl.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  get attrs(): AttrSet {
    return this.client.proto.attrs;
  }

  // ------------------------------------------------------------ raw

  /** The raw escape hatch: any command with any attributes (names from the schema; unknown ones via $unknown). */
  async request(cmd: string | number, attrs: Attrs = {}, opts: { dump?: boolean; timeoutMs?: number } = {}): Promise<GenlMessage[]> {
    const c = cmdNumber(cmd);
    if (opts.dump) {
      const out: GenlMessage[] = [];
      for await (const m of this.client.dump(c, attrs, { timeoutMs: opts.timeoutMs, highWaterMark: Infinity })) out.push(m);
      return out;
    }
    return this.client.request(c, attrs, { timeoutMs: opts.timeoutMs });
  }

  private async dumpAttrs(cmd: number, attrs: Attrs, label?: string): Promise<Attrs[]> {
    const out: Attrs[] = [];
    try {
      for await (const m of this.client.dump(cmd, attrs, { highWaterMark: Infinity })) out.push(m.attrs);
    } catch (e) {
      throw relabel(e, label);
    }
    return out;
  }

  private async doAttrs(cmd: number, attrs: Attrs, label?: string): Promise<Attrs[]> {
    try {
      return (await this.client.request(cmd, attrs)).map((m) => m.attrs);
    } catch (e) {
      throw relabel(e, label);
    }
  }

  // ------------------------------------------------------------ phys

  /** Every wiphy, from a split dump (NL80211_ATTR_SPLIT_WIPHY_DUMP) merged per wiphy as `iw list` does. */
  async phys(): Promise<Wiphy[]> {
    return this.wiphyDump({});
  }

  private async wiphyDump(filter: Attrs): Promise<Wiphy[]> {
    const parts = await this.dumpAttrs(CMD.GET_WIPHY, { ...filter, split_wiphy_dump: true });
    const byIndex = new Map<number, Attrs[]>();
    for (const p of parts) {
      const i = num(p.wiphy) ?? -1;
      (byIndex.get(i) ?? byIndex.set(i, []).get(i)!).push(p);
    }
    return [...byIndex.values()].map((ps) => wiphyFrom(ps));
  }

  /** One wiphy by index, by name ("phy0") or by one of its interfaces' names. ENODEV when absent. */
  async phy(phy: string | number): Promise<Wiphy> {
    const index = await this.wiphyIndex(phy);
    const list = await this.wiphyDump({ wiphy: index });
    const w = list.find((x) => x.index === index);
    if (!w) throw noDevice(typeof phy === 'number' ? `phy#${phy}` : phy, 'wiphy');
    return w;
  }

  /** Resolves a phy name ("phy0") or index to the wiphy index. */
  async wiphyIndex(phy: string | number): Promise<number> {
    if (typeof phy === 'number') return phy;
    if (/^\d+$/.test(phy)) return Number(phy);
    if (/^phy#\d+$/.test(phy)) return Number(phy.slice(4));
    if (!this.netns) {
      try {
        return Number(fs.readFileSync(`/sys/class/ieee80211/${phy}/index`, 'utf8').trim());
      } catch {
        /* not in sysfs: ask the kernel */
      }
    }
    const parts = await this.dumpAttrs(CMD.GET_WIPHY, {});
    const hit = parts.find((p) => p.wiphy_name === phy);
    if (!hit) throw noDevice(phy, 'wiphy');
    return num(hit.wiphy)!;
  }

  // ------------------------------------------------------------ interfaces

  async interfaces(): Promise<WirelessInterface[]> {
    return (await this.dumpAttrs(CMD.GET_INTERFACE, {})).map(interfaceFrom);
  }

  /** One interface by name or ifindex; ENODEV naming it when there is none. */
  async interface(dev: Dev): Promise<WirelessInterface> {
    const ifindex = await this.ifindex(dev);
    const [a] = await this.doAttrs(CMD.GET_INTERFACE, { ifindex }, String(dev));
    if (!a) throw noDevice(String(dev));
    return interfaceFrom(a);
  }

  async interfacesOf(phy: string | number): Promise<WirelessInterface[]> {
    const index = await this.wiphyIndex(phy);
    return (await this.interfaces()).filter((i) => i.wiphy === index);
  }

  /** Resolves an interface name to its ifindex (from nl80211's own interface list: right in any namespace). */
  async ifindex(dev: Dev): Promise<number> {
    if (typeof dev === 'number') {
      if (!Number.isInteger(dev) || dev <= 0) throw new TypeError(`invalid interface index ${dev}`);
      return dev;
    }
    if (typeof dev !== 'string' || dev.length === 0 || dev.length > 15) throw new TypeError(`invalid interface name '${String(dev)}'`);
    const all = await this.dumpAttrs(CMD.GET_INTERFACE, {});
    const hit = all.find((a) => a.ifname === dev);
    if (hit && num(hit.ifindex) !== undefined) return num(hit.ifindex)!;
    throw noDevice(dev);
  }

  /** Interface name of an ifindex (for printing), undefined when unknown. */
  async ifname(ifindex: number): Promise<string | undefined> {
    return (await this.interfaces()).find((i) => i.ifindex === ifindex)?.name;
  }

  async addInterface(opts: {
    phy: string | number;
    name: string;
    type: InterfaceType;
    flags?: MonitorFlagsArg['flags'];
    mac?: string;
    use4addr?: boolean;
  }): Promise<WirelessInterface> {
    const wiphy = await this.wiphyIndex(opts.phy);
    if (!opts.name || Buffer.byteLength(opts.name) > 15 || /[\s/]/.test(opts.name)) throw new TypeError(`invalid interface name '${opts.name}'`);
    const t = IFTYPE_NUMBER[opts.type];
    if (t === undefined) throw new TypeError(`invalid interface type ${String(opts.type)}`);
    const attrs: Attrs = { wiphy, ifname: opts.name, iftype: t };
    if (opts.flags?.length) attrs.mntr_flags = monitorFlags(this.attrs, opts.flags);
    if (opts.mac) attrs.mac = this.value('mac', opts.mac);
    if (opts.use4addr !== undefined) attrs['4addr'] = opts.use4addr ? 1 : 0;
    const [a] = await this.doAttrs(CMD.NEW_INTERFACE, attrs, opts.name);
    return a ? interfaceFrom(a) : this.interface(opts.name);
  }

  async deleteInterface(dev: Dev): Promise<void> {
    const ifindex = await this.ifindex(dev);
    await this.doAttrs(CMD.DEL_INTERFACE, { ifindex }, String(dev));
  }

  async setInterfaceType(dev: Dev, type: InterfaceType, opts: MonitorFlagsArg = {}): Promise<void> {
    const ifindex = await this.ifindex(dev);
    const t = IFTYPE_NUMBER[type];
    if (t === undefined) throw new TypeError(`invalid interface type ${String(type)}`);
    const attrs: Attrs = { ifindex, iftype: t };
    if (opts.flags?.length) attrs.mntr_flags = monitorFlags(this.attrs, opts.flags);
    await this.doAttrs(CMD.SET_INTERFACE, attrs, String(dev));
  }

  // ------------------------------------------------------------ channel, power

  /** Sets the channel of an interface (NL80211_CMD_SET_WIPHY with the ifindex, like `iw dev X set channel/freq`). */
  async setChannel(dev: Dev, opts: { channel?: number; freq?: number; width?: ChannelWidthArg; center1?: number; center2?: number; band?: '2.4' | '5' | '6' | '60' }): Promise<void> {
    const ifindex = await this.ifindex(dev);
    await this.doAttrs(CMD.SET_WIPHY, { ifindex, ...chandefAttrs(opts) }, String(dev));
  }

  /** TX power of an interface (by name/ifindex) or of a whole phy ({ phy }). mBm: 100 = 1 dBm. */
  async setTxPower(target: Dev | { phy: string | number }, opts: { mode: 'auto' | 'fixed' | 'limit'; mBm?: number }): Promise<void> {
    const setting = { auto: 0, limit: 1, fixed: 2 }[opts.mode];
    if (setting === undefined) throw new TypeError(`invalid TX power mode '${String(opts.mode)}' (auto, fixed or limit)`);
    if (setting !== 0 && (opts.mBm === undefined || !Number.isInteger(opts.mBm))) throw new TypeError(`TX power mode '${opts.mode}' needs an integer mBm`);
    const attrs: Attrs = typeof target === 'object' ? { wiphy: await this.wiphyIndex(target.phy) } : { ifindex: await this.ifindex(target) };
    attrs.wiphy_tx_power_setting = setting;
    if (setting !== 0) attrs.wiphy_tx_power_level = opts.mBm;
    await this.doAttrs(CMD.SET_WIPHY, attrs, typeof target === 'object' ? String(target.phy) : String(target));
  }

  // ------------------------------------------------------------ regulatory

  /** The global regulatory domain (and, in regulatoryAll, each self-managed wiphy's). */
  async regulatory(): Promise<RegDomain> {
    const all = await this.regulatoryAll();
    return all.find((d) => d.wiphy === undefined) ?? all[0]!;
  }

  async regulatoryAll(): Promise<RegDomain[]> {
    return (await this.dumpAttrs(CMD.GET_REG, {})).map(regDomainFrom);
  }

  /** Asks for a country's rules (a user hint; cfg80211 applies it asynchronously, see the 'regulatory' events). */
  async setRegulatory(country: string): Promise<void> {
    if (!/^([A-Z]{2}|00)$/.test(country)) throw new TypeError(`invalid country code '${country}' (two capital letters, or 00)`);
    await this.doAttrs(CMD.REQ_SET_REG, { reg_alpha2: this.value('reg_alpha2', country) });
  }

  // ------------------------------------------------------------ stations, survey

  async stations(dev: Dev): Promise<Station[]> {
    const ifindex = await this.ifindex(dev);
    const name = typeof dev === 'string' ? dev : await this.ifname(ifindex);
    return (await this.dumpAttrs(CMD.GET_STATION, { ifindex }, String(dev))).map((a) => ({ ...stationFrom(a), dev: name }));
  }

  async station(dev: Dev, mac: string): Promise<Station> {
    const ifindex = await this.ifindex(dev);
    const name = typeof dev === 'string' ? dev : await this.ifname(ifindex);
    const [a] = await this.doAttrs(CMD.GET_STATION, { ifindex, mac: this.value('mac', checkMac(mac)) }, String(dev));
    if (!a) throw new NetlinkError({ errno: ENOENT, command: 'nl80211 GET_STATION' }, `no station ${mac} on ${String(dev)}`);
    return { ...stationFrom(a), dev: name };
  }

  async survey(dev: Dev): Promise<Survey[]> {
    const ifindex = await this.ifindex(dev);
    const name = typeof dev === 'string' ? dev : await this.ifname(ifindex);
    return (await this.dumpAttrs(CMD.GET_SURVEY, { ifindex }, String(dev))).map((a) => ({ ...surveyFrom(a), dev: name }));
  }

  // ------------------------------------------------------------ scans

  /** The cached scan results (NL80211_CMD_GET_SCAN dump), with their IEs parsed (bssFrom). */
  async scanResults(dev: Dev): Promise<Bss[]> {
    const ifindex = await this.ifindex(dev);
    const name = typeof dev === 'string' ? dev : await this.ifname(ifindex);
    return (await this.dumpAttrs(CMD.GET_SCAN, { ifindex }, String(dev))).map((a) => {
      const b = bssFrom(a);
      b.dev = name;
      return b;
    });
  }

  /**
   * Triggers a scan and returns its results. Joins the "scan" multicast group on
   * a socket of its own first, so the NEW_SCAN_RESULTS of even the fastest scan
   * is seen; SCAN_ABORTED rejects (ECANCELED); the timeout aborts the scan (ETIMEDOUT).
   * A scan already running (EBUSY, e.g. wpa_supplicant's) is waited for and the trigger retried.
   */
  async scan(dev: Dev, opts: ScanOptions = {}): Promise<Bss[]> {
    const ifindex = await this.ifindex(dev);
    const timeoutMs = opts.timeoutMs ?? 30000;
    const attrs: Attrs = { ifindex };
    if (!opts.passive) {
      const ssids = opts.ssids?.length ? opts.ssids : [''];
      attrs.scan_ssids = ssids.map((s) => this.value('ssid', typeof s === 'string' ? s : s));
    }
    if (opts.freqs?.length) {
      for (const f of opts.freqs) if (!Number.isInteger(f) || f <= 0) throw new TypeError(`invalid scan frequency ${f}`);
      attrs.scan_frequencies = [...opts.freqs];
    }
    const flags = (opts.flags ?? 0) | (opts.flush ? 2 : 0);
    if (flags) attrs.scan_flags = flags;

    const ev = await GenericNetlink.open({ netns: this.netns });
    try {
      await ev.subscribe(this.client.proto.name, 'scan');
      const evClient = await resolveClient(ev);
      const deadline = Date.now() + timeoutMs;
      for (let attempt = 0; ; attempt++) {
        try {
          await evClient.request(CMD.TRIGGER_SCAN, attrs, { timeoutMs: Math.max(1, deadline - Date.now()) });
          break;
        } catch (e) {
          if (e instanceof NetlinkError && e.errno === EBUSY && attempt < 5) {
            // Someone else's scan: wait for it to end, then trigger ours.
            await waitScanEvent(ev, evClient, ifindex, deadline).catch(() => undefined);
            continue;
          }
          throw relabel(e, String(dev));
        }
      }
      const done = await waitScanEvent(ev, evClient, ifindex, deadline).catch(async (e: unknown) => {
        if (e instanceof NetlinkError && e.errno === ETIMEDOUT) {
          await this.client.request(CMD.ABORT_SCAN, { ifindex }).catch(() => undefined);
          throw new NetlinkError({ errno: ETIMEDOUT, command: 'nl80211 TRIGGER_SCAN' }, `scan on ${String(dev)} did not finish within ${timeoutMs} ms (aborted)`);
        }
        throw e;
      });
      if (done.cmd === CMD.SCAN_ABORTED) {
        throw new NetlinkError({ errno: os.constants.errno.ECANCELED, command: 'nl80211 TRIGGER_SCAN' }, `scan on ${String(dev)} was aborted`);
      }
    } finally {
      ev.close();
    }
    return this.scanResults(dev);
  }

  /** The BSS the interface is associated with / authenticated to / joined, and the AP's station entry (like `iw dev X link`). */
  async link(dev: Dev): Promise<LinkInfo | null> {
    const results = await this.scanResults(dev);
    const bss = results.find((b) => b.status !== undefined);
    if (!bss || !bss.status) return null;
    let station: Station | undefined;
    if (bss.status !== 'authenticated') {
      station = await this.station(dev, bss.bssid).catch(() => undefined);
    }
    return { status: bss.status, bssid: bss.bssid, dev: bss.dev, ssid: bss.ssid, freq: bss.freq, bss, station };
  }

  // ------------------------------------------------------------ connect / IBSS

  /**
   * Connects to an open network (NL80211_CMD_CONNECT, the driver's or cfg80211's SME)
   * and waits for the CONNECT result on the "mlme" group. The interface must be up.
   */
  async connect(dev: Dev, opts: { ssid: string | Uint8Array; freq?: number; bssid?: string; timeoutMs?: number }): Promise<{ bssid?: string; status: number }> {
    const ifindex = await this.ifindex(dev);
    const attrs: Attrs = { ifindex, ssid: this.value('ssid', opts.ssid) };
    if (opts.freq !== undefined) attrs.wiphy_freq = opts.freq;
    if (opts.bssid) attrs.mac = this.value('mac', checkMac(opts.bssid));
    attrs.auth_type = 0;
    const ev = await GenericNetlink.open({ netns: this.netns });
    try {
      await ev.subscribe(this.client.proto.name, 'mlme');
      const evClient = await resolveClient(ev);
      await evClient.request(CMD.CONNECT, attrs).catch((e: unknown) => { throw relabel(e, String(dev)); });
      const deadline = Date.now() + (opts.timeoutMs ?? 20000);
      for (;;) {
        const m = await nextOwn(ev, evClient, deadline);
        if (num(m.attrs.ifindex) !== ifindex) continue;
        if (m.cmd === CMD.CONNECT) {
          const status = num(m.attrs.status_code) ?? 0;
          const bssid = macText(m.attrs.mac);
          if (status !== 0) {
            throw new NetlinkError({ errno: ECONNREFUSED(), command: 'nl80211 CONNECT' }, `connect on ${String(dev)} failed: status ${status}`);
          }
          return { bssid: bssid || undefined, status };
        }
        if (m.cmd === CMD.DISCONNECT) {
          throw new NetlinkError({ errno: ECONNREFUSED(), command: 'nl80211 CONNECT' }, `connect on ${String(dev)} failed: disconnected`);
        }
      }
    } finally {
      ev.close();
    }
  }

  async disconnect(dev: Dev, reasonCode = 3): Promise<void> {
    const ifindex = await this.ifindex(dev);
    await this.doAttrs(CMD.DISCONNECT, { ifindex, reason_code: reasonCode }, String(dev));
  }

  /** Joins (or creates) an IBSS; the interface must be of type 'ibss' and up. */
  async joinIbss(dev: Dev, opts: { ssid: string | Uint8Array; freq: number; width?: ChannelWidthArg; bssid?: string; fixedFreq?: boolean; beaconInterval?: number }): Promise<void> {
    const ifindex = await this.ifindex(dev);
    const attrs: Attrs = { ifindex, ssid: this.value('ssid', opts.ssid), ...chandefAttrs({ freq: opts.freq, width: opts.width ?? 'NOHT' }) };
    if (opts.bssid) attrs.mac = this.value('mac', checkMac(opts.bssid));
    if (opts.fixedFreq) attrs.freq_fixed = true;
    if (opts.beaconInterval) attrs.beacon_interval = opts.beaconInterval;
    await this.doAttrs(CMD.JOIN_IBSS, attrs, String(dev));
  }

  async leaveIbss(dev: Dev): Promise<void> {
    const ifindex = await this.ifindex(dev);
    await this.doAttrs(CMD.LEAVE_IBSS, { ifindex }, String(dev));
  }

  // ------------------------------------------------------------ events

  /**
   * Multicast events as typed objects: `for await (const e of iw.events()) ...`.
   * The subscription starts at once; `await stream.ready` before causing the
   * events you want to see (the group memberships are then in place). Ends when
   * the caller breaks out (the socket is closed) or on opts.signal.
   */
  events(opts: { groups?: IwEventGroup[]; signal?: AbortSignal } = {}): IwEventStream {
    const groups = opts.groups ?? ['config', 'scan', 'regulatory', 'mlme'];
    const names = new Map<number, string>();
    const refreshNames = async (): Promise<void> => {
      for (const i of await this.interfaces().catch(() => [])) if (i.ifindex !== undefined && i.name) names.set(i.ifindex, i.name);
    };
    let closed = false;
    const setup = (async () => {
      const ev = await GenericNetlink.open({ netns: this.netns });
      try {
        for (const g of groups) await ev.subscribe(this.client.proto.name, g);
        const evClient = await resolveClient(ev);
        await refreshNames();
        if (closed) ev.close();
        return { ev, evClient };
      } catch (e) {
        ev.close();
        throw e;
      }
    })();
    const close = async (): Promise<void> => {
      closed = true;
      opts.signal?.removeEventListener('abort', onAbort);
      const s = await setup.catch(() => undefined);
      s?.ev.close();
    };
    const onAbort = (): void => void close();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const it: IwEventStream = {
      ready: setup.then(() => undefined),
      [Symbol.asyncIterator]() {
        return it;
      },
      async next(): Promise<IteratorResult<IwEvent>> {
        const { ev, evClient } = await setup;
        for (;;) {
          if (closed || ev.socket.isClosed) return { value: undefined, done: true };
          let m;
          try {
            m = await ev.socket.get();
          } catch (e) {
            if (ev.socket.isClosed) return { value: undefined, done: true };
            throw e;
          }
          if (!evClient.owns(m)) continue;
          const e = toEvent(evClient.decode(m));
          if (e.ifindex !== undefined) {
            if (e.ifname) names.set(e.ifindex, e.ifname);
            else if (!names.has(e.ifindex)) await refreshNames();
            e.dev = e.ifname ?? names.get(e.ifindex);
          }
          return { value: e, done: false };
        }
      },
      async return(): Promise<IteratorResult<IwEvent>> {
        await close();
        return { value: undefined, done: true };
      },
    };
    it.ready.catch(() => undefined); // reported by next() too
    return it;
  }

  // ------------------------------------------------------------ encoding helpers

  /** Adapts a value to the kind the schema gave an attribute (bytes vs text). */
  private value(name: string, v: string | Uint8Array): AttrValue {
    return adapt(this.attrs.byName.get(name)?.kind, v);
  }
}

function adapt(kind: string | undefined, v: string | Uint8Array): AttrValue {
  if (kind === 'binary') return typeof v === 'string' ? (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(v) ? macBytes(v) : new TextEncoder().encode(v)) : v;
  if (kind === 'mac') return typeof v === 'string' ? v : Array.from(v, (b) => b.toString(16).padStart(2, '0')).join(':');
  return typeof v === 'string' ? v : new TextDecoder().decode(v);
}

function macBytes(s: string): Uint8Array {
  return Uint8Array.from(s.split(':').map((x) => parseInt(x, 16)));
}

function checkMac(mac: string): string {
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) throw new TypeError(`invalid MAC address '${mac}'`);
  return mac.toLowerCase();
}

function ECONNREFUSED(): number {
  return os.constants.errno.ECONNREFUSED;
}

async function resolveClient(genl: GenericNetlink): Promise<GenlClient> {
  try {
    return await genl.client(nl80211);
  } catch (e) {
    if (e instanceof NetlinkError && e.errno === ENOENT) {
      throw new NetlinkError({ errno: ENOENT, command: 'nlctrl CTRL_CMD_GETFAMILY nl80211' }, 'nl80211 not found');
    }
    throw e;
  }
}

function noDevice(name: string, what = 'interface'): NetlinkError {
  return new NetlinkError({ errno: ENODEV, command: 'nl80211' }, `${what} '${name}': No such device (ENODEV)`);
}

/** ENODEV from the kernel names the device asked for. */
function relabel(e: unknown, dev?: string): unknown {
  if (dev && e instanceof NetlinkError && e.errno === ENODEV && !e.message.includes(dev)) {
    return new NetlinkError({ errno: e.errno, kernelMessage: e.kernelMessage, offset: e.offset, command: e.command, seq: e.seq }, `${e.message} (${dev})`);
  }
  return e;
}

async function nextOwn(ev: GenericNetlink, client: GenlClient, deadline: number): Promise<GenlMessage> {
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new NetlinkError({ errno: ETIMEDOUT, command: 'nl80211 event' });
    const m = await ev.socket.get({ timeoutMs: left });
    if (client.owns(m)) return client.decode(m);
  }
}

async function waitScanEvent(ev: GenericNetlink, client: GenlClient, ifindex: number, deadline: number): Promise<GenlMessage> {
  for (;;) {
    const m = await nextOwn(ev, client, deadline);
    if ((m.cmd === CMD.NEW_SCAN_RESULTS || m.cmd === CMD.SCAN_ABORTED) && num(m.attrs.ifindex) === ifindex) return m;
  }
}

const MNTR_KERNEL: Record<string, string> = { fcsfail: 'fcsfail', plcpfail: 'plcpfail', control: 'control', otherbss: 'other_bss', cook: 'cook_frames', active: 'active' };
const MNTR_BIT: Record<string, number> = { fcsfail: 1, plcpfail: 2, control: 3, other_bss: 4, cook_frames: 5, active: 6 };

/** Monitor flags in the shape the schema wants: a nested set of flags, or a list of numbers. */
function monitorFlags(set: AttrSet, flags: NonNullable<MonitorFlagsArg['flags']>): AttrValue {
  const names = flags.filter((f) => f !== 'none').map((f) => {
    const k = MNTR_KERNEL[f];
    if (!k) throw new TypeError(`invalid monitor flag '${f}'`);
    return k;
  });
  const spec = set.byName.get('mntr_flags');
  if (spec?.kind === 'nested') return Object.fromEntries(names.map((n) => [n, true]));
  if (spec?.kind === 'array') return names.map((n) => MNTR_BIT[n]!);
  // Unknown shape: the raw attribute by number, flags as empty attributes.
  return Object.fromEntries(names.map((n) => [n, true]));
}

const VHT80_CENTERS_5G = [42, 58, 106, 122, 138, 155, 171];
const VHT160_CENTERS_5G = [50, 114, 163];

/** The chandef attributes (freq, width, centers, legacy channel type) for a channel/frequency and an iw width word. */
export function chandefAttrs(opts: { channel?: number; freq?: number; width?: ChannelWidthArg; center1?: number; center2?: number; band?: '2.4' | '5' | '6' | '60' }): Attrs {
  let freq = opts.freq;
  if (freq === undefined) {
    if (opts.channel === undefined) throw new TypeError('a channel or a frequency is required');
    freq = channelToFreq(opts.channel, opts.band);
    if (!freq) throw new TypeError(`invalid channel ${opts.channel}`);
  }
  if (!Number.isInteger(freq) || freq <= 0) throw new TypeError(`invalid frequency ${freq}`);
  const w = String(opts.width ?? 'NOHT').toUpperCase().replace(/MHZ$/, '');
  const out: Attrs = { wiphy_freq: freq };
  const ht = { NOHT: 0, HT20: 1, 'HT40-': 2, 'HT40+': 3 } as Record<string, number>;
  if (w in ht) {
    out.wiphy_channel_type = ht[w];
    out.channel_width = w === 'NOHT' ? 0 : w === 'HT20' ? 1 : 2;
    out.center_freq1 = w === 'HT40+' ? freq + 10 : w === 'HT40-' ? freq - 10 : freq;
    return out;
  }
  const widths: Record<string, number> = { '20': 1, '40': 2, '80': 3, '160': 5, '5': 6, '10': 7, '320': 13 };
  const cw = widths[w];
  if (cw === undefined) throw new TypeError(`invalid channel width '${String(opts.width)}' (NOHT, HT20, HT40+, HT40-, 5MHz, 10MHz, 80MHz, 160MHz)`);
  out.channel_width = cw;
  let center = opts.center1;
  if (center === undefined) {
    const mhz = Number(w);
    if (mhz <= 20) center = freq;
    else if (mhz === 40) {
      // The 40 MHz pair the channel belongs to (primary below or above).
      const ch = freqToChannel5(freq);
      center = ch !== undefined ? freq + ((Math.floor((ch - 36) / 4) % 2 === 0) ? 10 : -10) : freq + 10;
    } else {
      const ch = freqToChannel5(freq);
      const list = mhz === 80 ? VHT80_CENTERS_5G : mhz === 160 ? VHT160_CENTERS_5G : [];
      const span = mhz / 5 / 2;
      const c = ch === undefined ? undefined : list.find((x) => ch >= x - span + 2 && ch <= x + span - 2);
      if (c !== undefined) center = 5000 + c * 5;
      else if (freq > 5950 && freq <= 7125) {
        const ch6 = (freq - 5950) / 5;
        const block = mhz / 5;
        center = 5950 + (Math.floor((ch6 - 1) / block) * block + 1 + (block / 2 - 2)) * 5;
      } else {
        throw new TypeError(`no ${mhz} MHz channel contains ${freq} MHz`);
      }
    }
  }
  out.center_freq1 = center;
  if (opts.center2 !== undefined) out.center_freq2 = opts.center2;
  return out;
}

function freqToChannel5(freq: number): number | undefined {
  return freq >= 5000 && freq < 5950 ? (freq - 5000) / 5 : undefined;
}

/** nl80211 errno as iw reports it (for the CLI). */
export function isNoDevice(e: unknown): boolean {
  return e instanceof NetlinkError && e.errno === ENODEV;
}

export type { Bss, RegDomain, Station, Survey, Wiphy, WirelessInterface, InterfaceType, IwEvent };
