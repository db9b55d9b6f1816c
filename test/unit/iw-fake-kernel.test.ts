// IW's logic over nlkit/testing's fake kernel, without root or nl80211: scan
// (membership before the trigger, results, SCAN_ABORTED -> ECANCELED, timeout
// -> ETIMEDOUT with ABORT_SCAN sent, EBUSY retry) and the event stream. The
// nl80211 family (id, groups) and the scan results are the kernel's own bytes,
// recorded from iw on mac80211_hwsim (test/data/captures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { readCapture } from '../../src/decode/inputs/index.js';
import { decodeGenl, GENL_ID_CTRL } from '../../src/genl/header.js';
import { familyFromAttrs } from '../../src/genl/family.js';
import { CTRL_CMD, nlctrl } from '../../src/genl/ctrl.js';
import { NLM_F } from '../../src/netlink/constants.js';
import { NetlinkError } from '../../src/netlink/errors.js';
import type { NetlinkMessage } from '../../src/netlink/message.js';
import type { Attrs } from '../../src/netlink/schema.js';
import { IW } from '../../src/nl80211/iw.js';
import { NL80211_CMD, nl80211 } from '../../src/nl80211/schema/index.js';
import { formatScan } from '../../src/nl80211/format-scan.js';
import { ack, concat, done, fakeKernel, genlFamilies, genlReply, type FakeKernel } from '../../src/testing/index.js';
import { dataDir } from '../helpers/netns.js';

const { ECANCELED, ETIMEDOUT } = os.constants.errno;
const captures = path.join(dataDir(), 'captures');

/** The nl80211 family as the kernel described it to iw (CTRL_CMD_NEWFAMILY in iw_strace_hex.txt). */
function recordedFamily(): { id: number; groups: Record<string, number> } {
  for (const r of readCapture(fs.readFileSync(path.join(captures, 'iw_strace_hex.txt')))) {
    if (r.protocol !== 16 || r.direction !== 'recv' || r.bytes.length < 20) continue;
    const v = new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    if (v.getUint16(4, true) !== GENL_ID_CTRL) continue;
    const m = decodeGenl({ type: GENL_ID_CTRL, flags: 0, seq: 0, pid: 0, payload: r.bytes.subarray(16, v.getUint32(0, true)) }, nlctrl.attrs);
    if (m.cmd !== CTRL_CMD.NEWFAMILY || m.attrs.family_name !== 'nl80211') continue;
    const f = familyFromAttrs(m.attrs);
    return { id: f.id, groups: Object.fromEntries(f.groups.map((g) => [g.name, g.id])) };
  }
  throw new Error('no nl80211 family reply in iw_strace_hex.txt');
}

/** The BSS sets of the scan results iw received (NEW_SCAN_RESULTS replies in iw_scan_strace.txt). */
function recordedBss(): Attrs[] {
  const out: Attrs[] = [];
  for (const l of fs.readFileSync(path.join(captures, 'iw_scan_strace.txt'), 'utf8').split('\n')) {
    if (!l.startsWith('recvmsg(')) continue;
    for (const m of l.matchAll(/\{nlmsg_len=\d+, nlmsg_type=nl80211, [^}]*\}, "((?:\\x[0-9a-f]{2})*)"/g)) {
      const p = Uint8Array.from(m[1]!.split('\\x').slice(1).map((h) => parseInt(h, 16)));
      if (p[0] !== NL80211_CMD.NEW_SCAN_RESULTS) continue;
      const a = decodeGenl({ type: 0, flags: 0, seq: 0, pid: 0, payload: p }, nl80211.attrs).attrs;
      // libnl reads each datagram twice (peek, then read): keep one copy.
      if (a.bss && !out.some((b) => b.bssid === (a.bss as Attrs).bssid)) out.push(a.bss as Attrs);
    }
  }
  return out;
}

const FAMILY = recordedFamily();
const NL = { id: FAMILY.id, version: 1, attrs: nl80211.attrs };
// The interface iw scanned on in that capture.
const WLAN0 = { ifindex: 5, ifname: 'wlan1', wiphy: 1, iftype: 2, wdev: 1n };

interface Fake {
  kernel: FakeKernel;
  /** nl80211 commands received, in order, with the groups joined at that moment. */
  seen: { cmd: number; memberships: number[] }[];
  /** Sends a multicast event on a group. */
  event(group: string, cmd: number, attrs: Attrs): void;
}

/** A fake nl80211: one interface, recorded scan results; `onTrigger` decides what follows TRIGGER_SCAN. */
function fakeNl80211(onTrigger: (req: NetlinkMessage, f: Fake) => Uint8Array[], bss: Attrs[] = recordedBss()): Fake {
  const f: Fake = {
    seen: [],
    kernel: undefined as unknown as FakeKernel,
    event(group, cmd, attrs) {
      const msg = genlReply({ type: FAMILY.id, flags: 0, seq: 0, pid: 0, payload: new Uint8Array(0) }, NL, cmd, attrs);
      f.kernel.inject(msg, FAMILY.groups[group]!);
    },
  };
  f.kernel = fakeKernel((req) => {
    const fam = genlFamilies(req, [{ name: 'nl80211', id: FAMILY.id, groups: FAMILY.groups }]);
    if (fam) return fam;
    const m = decodeGenl(req, nl80211.attrs);
    f.seen.push({ cmd: m.cmd, memberships: [...f.kernel.memberships] });
    const dump = (list: Attrs[], cmd: number): Uint8Array[] => [concat(list.map((a) => genlReply(req, NL, cmd, a, NLM_F.MULTI))), done(req.seq)];
    switch (m.cmd) {
      case NL80211_CMD.GET_INTERFACE:
        return dump([WLAN0], NL80211_CMD.NEW_INTERFACE);
      case NL80211_CMD.GET_SCAN:
        return dump(bss.map((b) => ({ ifindex: WLAN0.ifindex, bss: b })), NL80211_CMD.NEW_SCAN_RESULTS);
      case NL80211_CMD.TRIGGER_SCAN:
        return onTrigger(req, f);
      default:
        return [ack(req)];
    }
  });
  return f;
}

const later = (fn: () => void): void => void setTimeout(fn, 5);

/** A TRIGGER_SCAN handler: ACK, then (shortly after, as the kernel does) an event on the scan group. */
const thenScanEvent = (cmd: number, attrs: Attrs = { wiphy: 1, ifindex: WLAN0.ifindex }) => (req: NetlinkMessage, f: Fake): Uint8Array[] => {
  later(() => f.event('scan', cmd, attrs));
  return [ack(req)];
};

/** Runs `fn` with an IW over the fake, closing it after. */
async function withIw(f: Fake, fn: (iw: IW) => Promise<void>): Promise<void> {
  const iw = await IW.open({ transport: f.kernel });
  try {
    await fn(iw);
  } finally {
    iw.close();
  }
}

test('scan: joins "scan" before TRIGGER_SCAN, waits for NEW_SCAN_RESULTS, returns the recorded results as iw printed them', async () => {
  const f = fakeNl80211(thenScanEvent(NL80211_CMD.NEW_SCAN_RESULTS));
  await withIw(f, async (iw) => {
    const list = await iw.scan('wlan1', { timeoutMs: 2000 });
    const trigger = f.seen.find((x) => x.cmd === NL80211_CMD.TRIGGER_SCAN)!;
    assert.ok(trigger.memberships.includes(FAMILY.groups.scan!), 'the scan group was joined before the trigger');
    assert.deepEqual(list.map((b) => [b.bssid, b.ssid]), [['02:00:00:00:00:00', 'kt-test-ap']]);
    // The same BSS block iw printed for this scan (minus its live "last seen" and TSF lines).
    const iwText = fs.readFileSync(path.join(captures, 'iw_scan_output.txt'), 'utf8');
    const live = /^\t(last seen|TSF): /;
    const ours = formatScan(list).split('\n').filter((l) => !live.test(l));
    const theirs = iwText.split('\n').filter((l) => !live.test(l));
    for (const l of ours) assert.ok(theirs.includes(l), `iw printed: ${JSON.stringify(l)}`);
    assert.ok(ours.length > 15);
  });
  assert.equal(f.kernel.openSockets, 0, 'the event socket and the request socket are closed');
});

test('scan: SCAN_ABORTED rejects with ECANCELED naming the device', async () => {
  const f = fakeNl80211(thenScanEvent(NL80211_CMD.SCAN_ABORTED));
  await withIw(f, async (iw) => {
    await assert.rejects(iw.scan('wlan1', { timeoutMs: 2000 }), (e: unknown) => {
      assert.ok(e instanceof NetlinkError);
      assert.equal(e.errno, ECANCELED);
      assert.match(e.message, /scan on wlan1 was aborted/);
      return true;
    });
    assert.ok(!f.seen.some((x) => x.cmd === NL80211_CMD.GET_SCAN), 'no results are read after an abort');
  });
});

test('scan: an event for another interface is not ours; no event before the timeout -> ETIMEDOUT and ABORT_SCAN sent', async () => {
  const f = fakeNl80211(thenScanEvent(NL80211_CMD.NEW_SCAN_RESULTS, { wiphy: 1, ifindex: 99 }));
  await withIw(f, async (iw) => {
    const t0 = Date.now();
    await assert.rejects(iw.scan('wlan1', { timeoutMs: 150 }), (e: unknown) => {
      assert.ok(e instanceof NetlinkError);
      assert.equal(e.errno, ETIMEDOUT);
      assert.match(e.message, /did not finish within 150 ms \(aborted\)/);
      return true;
    });
    assert.ok(Date.now() - t0 >= 140, 'waited for the timeout');
    assert.ok(f.seen.some((x) => x.cmd === NL80211_CMD.ABORT_SCAN), 'ABORT_SCAN was sent');
  });
});

test('scan: EBUSY (another scan running) waits for its end, then triggers again', async () => {
  let triggers = 0;
  const f = fakeNl80211((req, fake) => {
    triggers++;
    later(() => fake.event('scan', NL80211_CMD.NEW_SCAN_RESULTS, { wiphy: 1, ifindex: WLAN0.ifindex }));
    return [ack(req, triggers === 1 ? os.constants.errno.EBUSY : 0)];
  });
  const iw = await IW.open({ transport: f.kernel });
  try {
    const list = await iw.scan('wlan1', { timeoutMs: 2000 });
    assert.equal(triggers, 2);
    assert.equal(list.length, 1);
  } finally {
    iw.close();
  }
});

test('events: typed events from the groups joined, interface names resolved, the stream ends on break', async () => {
  const f = fakeNl80211((req) => [ack(req)]);
  const iw = await IW.open({ transport: f.kernel });
  try {
    const stream = iw.events({ groups: ['config', 'mlme'] });
    await stream.ready;
    assert.ok(f.kernel.memberships.includes(FAMILY.groups.config!) && f.kernel.memberships.includes(FAMILY.groups.mlme!));
    f.event('mlme', NL80211_CMD.NEW_STATION, { ifindex: WLAN0.ifindex, mac: '02:00:00:00:01:00', generation: 7 });
    f.event('config', NL80211_CMD.DEL_INTERFACE, { wiphy: 0, ifindex: 9, ifname: 'mon0', iftype: 6 });
    const got = [];
    for await (const e of stream) {
      got.push(e);
      if (got.length === 2) break;
    }
    assert.deepEqual(got.map((e) => [e.kind, e.dev, e.mac]), [['new-station', 'wlan1', '02:00:00:00:01:00'], ['del-interface', 'mon0', undefined]]);
    assert.equal(got[1]!.iftype, 'monitor');
  } finally {
    iw.close();
  }
  assert.equal(f.kernel.openSockets, 0);
});
