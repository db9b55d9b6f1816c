// IW's errors (kernel errors that name the device, nl80211 missing) and the
// wait for its own events on an event socket.
import os from 'node:os';
import type { GenericNetlink, GenlClient } from '../genl/genl.js';
import type { GenlMessage } from '../genl/header.js';
import { NetlinkError } from '../netlink/errors.js';
import { nl80211 } from './schema/index.js';
import { CMD } from './iw-args.js';
import { num } from './types.js';

const { ENODEV, ENOENT, ETIMEDOUT } = os.constants.errno;

export function ECONNREFUSED(): number {
  return os.constants.errno.ECONNREFUSED;
}

export async function resolveClient(genl: GenericNetlink): Promise<GenlClient> {
  try {
    return await genl.client(nl80211);
  } catch (e) {
    if (e instanceof NetlinkError && e.errno === ENOENT) {
      throw new NetlinkError({ errno: ENOENT, command: 'nlctrl CTRL_CMD_GETFAMILY nl80211' }, 'nl80211 not found');
    }
    throw e;
  }
}

export function noDevice(name: string, what = 'interface'): NetlinkError {
  return new NetlinkError({ errno: ENODEV, command: 'nl80211' }, `${what} '${name}': No such device (ENODEV)`);
}

/** ENODEV from the kernel names the device asked for. */
export function relabel(e: unknown, dev?: string): unknown {
  if (dev && e instanceof NetlinkError && e.errno === ENODEV && !e.message.includes(dev)) {
    return new NetlinkError({ errno: e.errno, kernelMessage: e.kernelMessage, offset: e.offset, command: e.command, seq: e.seq }, `${e.message} (${dev})`);
  }
  return e;
}

export async function nextOwn(ev: GenericNetlink, client: GenlClient, deadline: number): Promise<GenlMessage> {
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new NetlinkError({ errno: ETIMEDOUT, command: 'nl80211 event' });
    const m = await ev.socket.get({ timeoutMs: left });
    if (client.owns(m)) return client.decode(m);
  }
}

export async function waitScanEvent(ev: GenericNetlink, client: GenlClient, ifindex: number, deadline: number): Promise<GenlMessage> {
  for (;;) {
    const m = await nextOwn(ev, client, deadline);
    if ((m.cmd === CMD.NEW_SCAN_RESULTS || m.cmd === CMD.SCAN_ABORTED) && num(m.attrs.ifindex) === ifindex) return m;
  }
}

/** nl80211 errno as iw reports it (for the CLI). */
export function isNoDevice(e: unknown): boolean {
  return e instanceof NetlinkError && e.errno === ENODEV;
}