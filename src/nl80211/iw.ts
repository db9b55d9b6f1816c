// IW: wireless phys, interfaces, stations, scans, regulatory and events over
// nl80211, the way `iw` sees them, typed. One GenericNetlink socket for
// requests; scans, connects and event streams get a socket of their own whose
// multicast membership is set up BEFORE the command that causes the event is
// sent (iw joins after triggering and can miss a fast scan's result event).
import fs from 'node:fs';
import os from 'node:os';
import { GenericNetlink, type GenlClient } from '../genl/genl.js';
import type { GenlMessage } from '../genl/header.js';
import type { NativeAddon } from '../native.js';
import { NetlinkError } from '../netlink/errors.js';
import type { AttrSet, AttrValue, Attrs } from '../netlink/schema.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import type { IwEvent, IwEventGroup } from './events.js';
import { CMD, adapt, chandefAttrs, checkMac, cmdNumber, monitorFlags, type ChannelWidthArg, type MonitorFlagsArg } from './iw-args.js';
import { eventStream, type IwEventStream } from './iw-events.js';
import * as more from './iw-more.js';
import type { CoalesceConfig, MeshParams, MeshPath, WowlanConfig } from './model/mesh.js';
import { ECONNREFUSED, nextOwn, noDevice, relabel, resolveClient, waitScanEvent } from './iw-util.js';
import {
  IFTYPE_NUMBER, bssFrom, interfaceFrom, macText, num, regDomainFrom, stationFrom, surveyFrom, wiphyFrom,
  type Bss, type InterfaceType, type RegDomain, type Station, type Survey, type Wiphy, type WirelessInterface,
} from './types.js';

const { ENOENT, ETIMEDOUT, EBUSY } = os.constants.errno;

/** Where IW.open talks to nl80211: a namespace, or (for tests over a fake kernel) a transport, socket or GenericNetlink. */
export interface IwOpenOptions {
  /** Network namespace name or path. */
  netns?: string;
  /** The system-call layer for every socket IW opens (nlkit/testing's fakeKernel). */
  transport?: NativeAddon;
  /** Use this socket for requests (event sockets are opened with `transport`). */
  socket?: NetlinkSocket;
  /** Use this GenericNetlink for requests. */
  genl?: GenericNetlink;
}

export type Dev = string | number;

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



export class IW {
  readonly genl: GenericNetlink;
  readonly client: GenlClient;
  private readonly netns?: string;
  private readonly transport?: NativeAddon;
  private closed = false;

  private constructor(genl: GenericNetlink, client: GenlClient, opts: IwOpenOptions) {
    this.genl = genl;
    this.client = client;
    this.netns = opts.netns;
    this.transport = opts.transport;
  }

  /**
   * Opens a generic netlink socket and resolves nl80211. ENOENT "nl80211 not found" when the kernel has none.
   * `{ transport: fakeKernel(...) }` runs every IW command, scans and events included, over a fake kernel.
   */
  static async open(opts: IwOpenOptions = {}): Promise<IW> {
    const genl = opts.genl ?? (await GenericNetlink.open({ netns: opts.netns, transport: opts.transport, socket: opts.socket }));
    try {
      return new IW(genl, await resolveClient(genl), opts);
    } catch (e) {
      if (!opts.genl) genl.close();
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

  /** One command's reply attributes (a dump when `dump`), ENODEV naming `label`. For IW's own modules. */
  async command(cmd: number, attrs: Attrs, label?: string, dump = false): Promise<Attrs[]> {
    return dump ? this.dumpAttrs(cmd, attrs, label) : this.doAttrs(cmd, attrs, label);
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

    const ev = await this.openEventSocket();
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
    const ev = await this.openEventSocket();
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

  // ------------------------------------------------------------ stations, power save, bitrates, mesh, WoWLAN (iw-more.ts)

  /** Removes a station (`iw dev X station del MAC`); optionally the deauth/disassoc subtype and reason code sent. */
  deleteStation(dev: Dev, mac: string, opts: { subtype?: number; reasonCode?: number } = {}): Promise<void> {
    return more.deleteStation(this, dev, mac, opts);
  }

  /** Power save state of an interface (`get power_save`). */
  powerSave(dev: Dev): Promise<boolean> {
    return more.powerSave(this, dev);
  }

  setPowerSave(dev: Dev, on: boolean): Promise<void> {
    return more.setPowerSave(this, dev, on);
  }

  /** The TX bitrate mask (`set bitrates`); an empty mask allows every rate again. */
  setBitrates(dev: Dev, mask: more.BitrateMask = {}): Promise<void> {
    return more.setBitrates(this, dev, mask);
  }

  /** Joins a mesh (the interface must be of type 'mesh' and up). */
  joinMesh(dev: Dev, opts: more.MeshJoinOptions): Promise<void> {
    return more.joinMesh(this, dev, opts);
  }

  async leaveMesh(dev: Dev): Promise<void> {
    await this.doAttrs(CMD.LEAVE_MESH, { ifindex: await this.ifindex(dev) }, String(dev));
  }

  meshPaths(dev: Dev): Promise<MeshPath[]> {
    return more.meshPaths(this, dev);
  }

  meshPath(dev: Dev, mac: string): Promise<MeshPath> {
    return more.meshPath(this, dev, mac);
  }

  meshParams(dev: Dev): Promise<MeshParams> {
    return more.meshParams(this, dev);
  }

  /** Sets mesh parameters by iw's names (mesh_ttl) or the kernel's (ttl). */
  setMeshParams(dev: Dev, params: Record<string, number | string>): Promise<void> {
    return more.setMeshParams(this, dev, params);
  }

  wowlan(phy: string | number): Promise<WowlanConfig> {
    return more.wowlan(this, phy);
  }

  coalesce(phy: string | number): Promise<CoalesceConfig> {
    return more.coalesce(this, phy);
  }

  /** Asks cfg80211 to reload regulatory.db (`iw reg reload`). */
  async reloadRegulatory(): Promise<void> {
    await this.doAttrs(CMD.RELOAD_REGDB, {});
  }

  // ------------------------------------------------------------ events

  /**
   * Multicast events as typed objects: `for await (const e of iw.events()) ...`.
   * The subscription starts at once; `await stream.ready` before causing the
   * events you want to see (the group memberships are then in place). Ends when
   * the caller breaks out (the socket is closed) or on opts.signal.
   */
  events(opts: { groups?: IwEventGroup[]; signal?: AbortSignal } = {}): IwEventStream {
    return eventStream(this, opts);
  }

  /** A socket of its own for events (scan, connect, events()), in the same namespace and over the same transport. */
  async openEventSocket(): Promise<GenericNetlink> {
    return GenericNetlink.open({ netns: this.netns, transport: this.transport });
  }

  // ------------------------------------------------------------ encoding helpers

  /** Adapts a value to the kind the schema gave an attribute (bytes vs text). */
  private value(name: string, v: string | Uint8Array): AttrValue {
    return adapt(this.attrs.byName.get(name)?.kind, v);
  }
}


export type { Bss, RegDomain, Station, Survey, Wiphy, WirelessInterface, InterfaceType, IwEvent };
export { chandefAttrs, cmdNumber, type ChannelWidthArg, type MonitorFlagsArg, type IwEventStream };
export { isNoDevice } from './iw-util.js';
