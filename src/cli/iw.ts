// `nlkit iw ...`: iw(8)'s syntax and text on top of IW. Only parses, calls and prints.
import os from 'node:os';
import { NetlinkError } from '../netlink/errors.js';
import { errnoText } from '../netlink/errno.js';
import { IW, type ChannelWidthArg } from '../nl80211/iw.js';
import { parseInterfaceType } from '../nl80211/types.js';
import {
  formatDevList, formatEvent, formatEventTime, formatInterface, formatLink, formatRegulatory, formatStation, formatSurvey,
} from '../nl80211/format.js';
import { formatScan } from '../nl80211/format-scan.js';
import { formatPhy } from '../nl80211/format-phy.js';
import { toJson } from './json.js';
import { UsageError, devMore, phyMore } from './iw-more.js';

export interface IwCliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  netns?: string;
}

const USAGE = `Usage:	nlkit iw [--json] command
Commands:
	dev
	dev <devname> info
	dev <devname> link
	dev <devname> scan [dump] [flush] [passive] [freq <freq>*] [ssid <ssid>*]
	dev <devname> station dump
	dev <devname> station get <MAC address>
	dev <devname> station del <MAC address> [subtype <subtype>] [reason-code <code>]
	dev <devname> get power_save
	dev <devname> set power_save <on|off>
	dev <devname> set bitrates [legacy-<2.4|5> <legacy rate in Mbps>*] [ht-mcs-<2.4|5> <MCS index>*] [vht-mcs-<2.4|5> <NSS:MCSx,MCSy... | NSS:MCSx-MCSy>*] [sgi-2.4|lgi-2.4] [sgi-5|lgi-5]
	dev <devname> mesh join <mesh ID> [freq <freq in MHz> [<width>]] [basic-rates <rate in Mbps,rate2,...>] [mcast-rate <rate in Mbps>] [beacon-interval <time in TUs>] [dtim-period <value>] [<param>=<value>]*
	dev <devname> mesh leave
	dev <devname> mpath dump
	dev <devname> mpath get <MAC address>
	dev <devname> get mesh_param [<param>]
	dev <devname> mesh_param dump
	dev <devname> set mesh_param <param>=<value> [<param>=<value>]*
	dev <devname> survey dump
	dev <devname> del
	dev <devname> set type <type>
	dev <devname> set channel <channel> [NOHT|HT20|HT40+|HT40-|5MHz|10MHz|80MHz|160MHz]
	dev <devname> set freq <freq> [NOHT|HT20|HT40+|HT40-|5MHz|10MHz|80MHz|160MHz]
	dev <devname> set txpower <auto|fixed|limit> [<tx power in mBm>]
	dev <devname> interface add <name> type <type> [flags <flag>*]
	dev <devname> connect <SSID> [<freq in MHz>] [<bssid>]
	dev <devname> disconnect
	dev <devname> ibss join <SSID> <freq in MHz> [NOHT|HT20|HT40+|HT40-] [<bssid>]
	dev <devname> ibss leave
	phy | list
	phy <phyname> info
	phy <phyname> interface add <name> type <type> [flags <flag>*]
	phy <phyname> set txpower <auto|fixed|limit> [<tx power in mBm>]
	phy <phyname> wowlan show
	phy <phyname> coalesce show
	reg get
	reg set <ISO/IEC 3166-1 alpha2>
	reg reload
	event [-t|-r] [-f] [--count N] [--timeout S]
Interface types: managed, ibss, monitor, mesh, ap, p2p-client, p2p-go, p2p-device (and iw's aliases).
Monitor flags: none, fcsfail, control, otherbss, cook, active.
`;


/** Plain data for --json: typed objects without their raw attribute copies. */
function jsonOf(v: unknown): string {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (x && typeof x === 'object' && !(x instanceof Uint8Array) && !(x instanceof Date)) {
      const o: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(x)) if (k !== 'raw' && k !== 'attrs' && y !== undefined) o[k] = strip(y);
      return o;
    }
    return x;
  };
  return toJson(strip(v)) + '\n';
}

const WIDTHS = ['NOHT', 'HT20', 'HT40+', 'HT40-', '5MHZ', '10MHZ', '20MHZ', '40MHZ', '80MHZ', '160MHZ', '320MHZ', '5', '10', '20', '40', '80', '160', '320'];

function widthArg(s: string | undefined): ChannelWidthArg | undefined {
  if (s === undefined) return undefined;
  if (!WIDTHS.includes(s.toUpperCase())) throw new UsageError(`invalid channel width '${s}'`);
  return s.toUpperCase().replace(/MHZ$/, 'MHz') as ChannelWidthArg;
}

function int(s: string | undefined, what: string): number {
  if (s === undefined || !/^-?\d+$/.test(s)) throw new UsageError(`invalid ${what} '${s ?? ''}'`);
  return Number(s);
}

export async function iwCli(argv: string[], io: IwCliIO): Promise<number> {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const out = (s: string): void => void io.stdout.write(s);
  if (!args.length || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    (args.length ? io.stdout : io.stderr).write(USAGE);
    return args.length ? 0 : 1;
  }
  let iw: IW;
  try {
    iw = await IW.open({ netns: io.netns });
  } catch (e) {
    if (e instanceof NetlinkError && e.errno === os.constants.errno.ENOENT) {
      io.stderr.write('nl80211 not found.\n');
      return 1;
    }
    throw e;
  }
  try {
    return await run(iw, args, json, out, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${e.message}\n\n${USAGE}`);
      return 1;
    }
    if (e instanceof NetlinkError) {
      // iw's words: the kernel's ext-ack message first, then the errno.
      if (e.kernelMessage) io.stderr.write(`kernel reports: ${e.kernelMessage}\n`);
      io.stderr.write(`command failed: ${errnoText(e.errno)} (-${e.errno})\n`);
      return (256 - e.errno) & 0xff;
    }
    if (e instanceof TypeError) {
      io.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    iw.close();
  }
}

async function run(iw: IW, args: string[], json: boolean, out: (s: string) => void, io: IwCliIO): Promise<number> {
  const [w0, w1, w2, ...rest] = args;
  if (w0 === 'dev' && w1 === undefined) {
    const list = await iw.interfaces();
    out(json ? jsonOf(list) : formatDevList(list));
    return 0;
  }
  if (w0 === 'list' || (w0 === 'phy' && w1 === undefined)) {
    const phys = await iw.phys();
    out(json ? jsonOf(phys) : phys.map((p) => formatPhy(p)).join(''));
    return 0;
  }
  if (w0 === 'phy' && w1 !== undefined) return phyCommand(iw, w1, [w2, ...rest].filter((x): x is string => x !== undefined), json, out);
  if (w0 === 'dev' && w1 !== undefined) return devCommand(iw, w1, [w2, ...rest].filter((x): x is string => x !== undefined), json, out);
  if (w0 === 'reg') {
    if (w1 === 'get') {
      const all = await iw.regulatoryAll();
      out(json ? jsonOf(all) : formatRegulatory(all));
      return 0;
    }
    if (w1 === 'set' && w2) {
      await iw.setRegulatory(w2);
      return 0;
    }
    if (w1 === 'reload') {
      await iw.reloadRegulatory();
      return 0;
    }
    throw new UsageError('reg: get | set <alpha2> | reload');
  }
  if (w0 === 'event') return eventCommand(iw, args.slice(1), json, out, io);
  throw new UsageError(`unknown command '${args.join(' ')}'`);
}

async function phyCommand(iw: IW, phy: string, a: string[], json: boolean, out: (s: string) => void): Promise<number> {
  const [cmd, ...rest] = a;
  if (cmd === undefined || cmd === 'info') {
    const p = await iw.phy(phy);
    out(json ? jsonOf(p) : formatPhy(p));
    return 0;
  }
  if (cmd === 'interface' && rest[0] === 'add') return addInterface(iw, phy, rest.slice(1), json, out);
  const more = await phyMore(iw, phy, cmd, rest[0], json, out, jsonOf);
  if (more !== undefined) return more;
  if (cmd === 'set' && rest[0] === 'txpower') {
    await iw.setTxPower({ phy }, txpowerArgs(rest.slice(1)));
    return 0;
  }
  throw new UsageError(`unknown phy command '${a.join(' ')}'`);
}

function txpowerArgs(a: string[]): { mode: 'auto' | 'fixed' | 'limit'; mBm?: number } {
  const mode = a[0];
  if (mode !== 'auto' && mode !== 'fixed' && mode !== 'limit') throw new UsageError(`invalid TX power mode '${mode ?? ''}'`);
  return mode === 'auto' ? { mode } : { mode, mBm: int(a[1], 'TX power') };
}

async function addInterface(iw: IW, phyOrDev: string | { dev: string }, a: string[], json: boolean, out: (s: string) => void): Promise<number> {
  const [name, typeWord, typeName, ...rest] = a;
  if (!name || typeWord !== 'type' || !typeName) throw new UsageError('interface add <name> type <type> [flags <flag>*]');
  const type = parseInterfaceType(typeName);
  if (!type) {
    throw new TypeError(`invalid interface type ${typeName}`);
  }
  let flags: ('none' | 'fcsfail' | 'plcpfail' | 'control' | 'otherbss' | 'cook' | 'active')[] | undefined;
  let use4addr: boolean | undefined;
  let mac: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === 'flags') {
      flags = [];
      while (i + 1 < rest.length && ['none', 'fcsfail', 'plcpfail', 'control', 'otherbss', 'cook', 'active'].includes(rest[i + 1]!)) {
        flags.push(rest[++i] as (typeof flags)[number]);
      }
    } else if (w === '4addr') {
      use4addr = rest[++i] === 'on';
    } else if (w === 'addr') {
      mac = rest[++i];
    } else {
      throw new UsageError(`unknown interface option '${w}'`);
    }
  }
  const phy = typeof phyOrDev === 'string' ? phyOrDev : (await iw.interface(phyOrDev.dev)).wiphy;
  const made = await iw.addInterface({ phy, name, type, flags, use4addr, mac });
  if (json) out(jsonOf(made));
  return 0;
}

async function devCommand(iw: IW, dev: string, a: string[], json: boolean, out: (s: string) => void): Promise<number> {
  const [cmd, sub, ...rest] = a;
  const more = await devMore(iw, dev, cmd, sub, rest, json, out, jsonOf);
  if (more !== undefined) return more;
  switch (cmd) {
    case 'info': {
      const i = await iw.interface(dev);
      out(json ? jsonOf(i) : formatInterface(i));
      return 0;
    }
    case 'link': {
      const l = await iw.link(dev);
      out(json ? jsonOf(l) : formatLink(l, dev));
      return 0;
    }
    case 'scan': {
      const words = [sub, ...rest].filter((x): x is string => x !== undefined);
      if (words[0] === 'dump') {
        if (words.length > 2 || (words[1] !== undefined && words[1] !== '-u' && words[1] !== '-b')) throw new UsageError('scan dump [-u|-b]');
        const r = await iw.scanResults(dev);
        out(json ? jsonOf(r) : formatScan(r, dev, { unknown: words[1] === '-u', both: words[1] === '-b' }));
        return 0;
      }
      const freqs: number[] = [];
      const ssids: string[] = [];
      let flush = false;
      let passive = false;
      let mode: 'freq' | 'ssid' | undefined;
      for (const w of words) {
        if (w === 'freq') mode = 'freq';
        else if (w === 'ssid') mode = 'ssid';
        else if (w === 'flush') flush = true;
        else if (w === 'passive') passive = true;
        else if (mode === 'freq') freqs.push(int(w, 'frequency'));
        else if (mode === 'ssid') ssids.push(w);
        else throw new UsageError(`unknown scan option '${w}'`);
      }
      const r = await iw.scan(dev, { freqs, ssids, flush, passive, timeoutMs: 60000 });
      out(json ? jsonOf(r) : formatScan(r, dev));
      return 0;
    }
    case 'station': {
      if (sub === 'dump') {
        const l = await iw.stations(dev);
        out(json ? jsonOf(l) : l.map((s) => formatStation(s)).join(''));
        return 0;
      }
      if (sub === 'get' && rest[0]) {
        const s = await iw.station(dev, rest[0]);
        out(json ? jsonOf(s) : formatStation(s));
        return 0;
      }
      throw new UsageError('station dump | station get <MAC address>');
    }
    case 'survey': {
      if (sub !== 'dump') throw new UsageError('survey dump');
      const l = await iw.survey(dev);
      out(json ? jsonOf(l) : formatSurvey(l, dev));
      return 0;
    }
    case 'del':
      await iw.deleteInterface(dev);
      return 0;
    case 'interface':
      if (sub === 'add') return addInterface(iw, { dev }, rest, json, out);
      break;
    case 'set': {
      if (sub === 'type' && rest[0]) {
        const t = parseInterfaceType(rest[0]);
        if (!t) throw new TypeError(`invalid interface type ${rest[0]}`);
        await iw.setInterfaceType(dev, t);
        return 0;
      }
      if (sub === 'channel' && rest[0]) {
        await iw.setChannel(dev, { channel: int(rest[0], 'channel'), width: widthArg(rest[1]) });
        return 0;
      }
      if (sub === 'freq' && rest[0]) {
        await iw.setChannel(dev, { freq: int(rest[0], 'frequency'), width: widthArg(rest[1]), center1: rest[2] ? int(rest[2], 'center frequency') : undefined });
        return 0;
      }
      if (sub === 'txpower') {
        await iw.setTxPower(dev, txpowerArgs(rest));
        return 0;
      }
      break;
    }
    case 'connect': {
      if (!sub) break;
      let freq: number | undefined;
      let bssid: string | undefined;
      for (const w of rest) {
        if (/^\d+$/.test(w)) freq = Number(w);
        else if (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(w)) bssid = w;
        else throw new UsageError(`unknown connect option '${w}'`);
      }
      const r = await iw.connect(dev, { ssid: sub, freq, bssid });
      if (json) out(jsonOf(r));
      return 0;
    }
    case 'disconnect':
      await iw.disconnect(dev);
      return 0;
    case 'ibss': {
      if (sub === 'leave') {
        await iw.leaveIbss(dev);
        return 0;
      }
      if (sub === 'join' && rest[0] && rest[1]) {
        let width: ChannelWidthArg | undefined;
        let bssid: string | undefined;
        for (const w of rest.slice(2)) {
          if (/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(w)) bssid = w;
          else width = widthArg(w);
        }
        await iw.joinIbss(dev, { ssid: rest[0], freq: int(rest[1], 'frequency'), width, bssid });
        return 0;
      }
      break;
    }
  }
  throw new UsageError(`unknown dev command '${a.join(' ')}'`);
}

async function eventCommand(iw: IW, a: string[], json: boolean, out: (s: string) => void, io: IwCliIO): Promise<number> {
  let time = false;
  let relative = false;
  let frames = false;
  let count = Infinity;
  let timeoutS: number | undefined;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === '-t') time = true;
    else if (w === '-f') frames = true;
    else if (w === '-r') relative = true;
    else if (w === '--count') count = int(a[++i], 'count');
    else if (w === '--timeout') timeoutS = int(a[++i], 'timeout');
    else throw new UsageError(`unknown event option '${w}'`);
  }
  const ac = new AbortController();
  const timer = timeoutS !== undefined ? setTimeout(() => ac.abort(), timeoutS * 1000) : undefined;
  const events = iw.events({ signal: ac.signal });
  await events.ready;
  let n = 0;
  let previous: bigint | undefined;
  try {
    for await (const e of events) {
      // iw -r: the first event at 0, then the time since the previous one.
      const stamp = relative ? formatEventTime(previous === undefined ? 0n : e.receivedAtUs - previous) : time ? formatEventTime(e.receivedAtUs) : '';
      previous = e.receivedAtUs;
      if (json) out(jsonOf(e));
      else out(`${stamp}${formatEvent(e, { frames })}\n`);
      if (++n >= count) break;
    }
  } finally {
    if (timer) clearTimeout(timer);
    void io;
  }
  return 0;
}
