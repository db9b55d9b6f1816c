// A real WPA2-PSK network in the guest: hostapd on wlan0 (channel 6), wpa_supplicant
// on wlan1. Events for the scan and the association, scan results with their IEs,
// station dumps on both sides, link, survey, and `nlkit iw` text against `iw`'s.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IW } from '../../src/nl80211/iw.js';
import type { IwEvent } from '../../src/nl80211/events.js';
import { formatEvent } from '../../src/nl80211/format.js';
import { formatBss } from '../../src/nl80211/format-scan.js';
import {
  Daemon, MAIN, collect, hostapdConf, iwTool, nl80211Missing, needTools, nlkitIw, sleep, stableLines, waitFor, wpaConf,
} from './helpers.js';

const missing = (await nl80211Missing()) ?? needTools('hostapd', 'wpa_supplicant');
const SSID = 'nlkit-wpa2';
const PASS = 'correct horse battery';

describe('WPA2 access point and client (guest)', { skip: missing }, () => {
  let iw: IW;
  let ap: Daemon | undefined;
  let sta: Daemon | undefined;
  const events: IwEvent[] = [];
  let reader: Promise<void> | undefined;
  let stopEvents: (() => Promise<void>) | undefined;
  let iwEvent: { stop(): Promise<string> } | undefined;
  let nlkitEvent: { stop(): Promise<string> } | undefined;

  before(async () => {
    iw = await IW.open();
    // Subscribe before anything happens: every event of the association must arrive.
    const it = iw.events({ groups: ['config', 'scan', 'regulatory', 'mlme'] });
    await it.ready;
    reader = (async () => {
      for await (const e of it) events.push(e);
    })();
    stopEvents = async () => {
      await it.return?.();
      await reader;
    };
    iwEvent = collect('iw', ['event']);
    nlkitEvent = collect(process.execPath, [MAIN, 'iw', 'event']);
    await sleep(5000); // both listeners subscribed (node starts slowly under TCG)
    ap = Daemon.start('hostapd', [hostapdConf({ iface: 'wlan0', ssid: SSID, channel: 6, passphrase: PASS })], 'hostapd-wpa2');
    await waitFor('hostapd to beacon', async () => (await iw.interface('wlan0')).ssid === SSID, 30000);
    sta = Daemon.start('wpa_supplicant', ['-i', 'wlan1', '-c', wpaConf({ ssid: SSID, passphrase: PASS })], 'wpa-wpa2');
    // Associated and the 4-way handshake done: the AP's entry of wlan1 is authorized.
    await waitFor('wlan1 to associate and authorize', async () => {
      const st = await iw.stations('wlan0');
      return st.find((s) => s.mac === '02:00:00:00:01:00' && s.flags.authorized);
    }, 90000);
  });

  after(async () => {
    await stopEvents?.();
    await iwEvent?.stop();
    await nlkitEvent?.stop();
    await sta?.stop();
    await ap?.stop();
    iw?.close();
  });

  test('events arrived for the scan and the association, typed', async () => {
    await waitFor('the connect event', async () => events.some((e) => e.kind === 'connected'), 10000);
    const on1 = events.filter((e) => e.ifindex !== undefined && e.dev === 'wlan1');
    assert.ok(on1.some((e) => e.kind === 'scan-started'), 'scan started');
    const fin = on1.find((e) => e.kind === 'scan-finished');
    assert.ok(fin, 'scan finished');
    assert.ok(fin!.freqs!.includes(2437));
    const auth = on1.find((e) => e.kind === 'authenticated');
    assert.ok(auth?.frame && auth.frame.length >= 30);
    assert.ok(on1.some((e) => e.kind === 'associated'));
    const conn = on1.find((e) => e.kind === 'connected')!;
    assert.equal(conn.bssid, '02:00:00:00:00:00');
    assert.equal(conn.statusCode, 0);
    assert.ok(events.some((e) => e.kind === 'new-station' && e.dev === 'wlan0' && e.mac === '02:00:00:00:01:00'));
    assert.equal(formatEvent(conn), 'wlan1 (phy #1): connected to 02:00:00:00:00:00');
  });

  test('scan finds the AP: SSID, RSN (CCMP, PSK) and rates decoded', async () => {
    const res = await iw.scan('wlan1', { freqs: [2412, 2437, 2462], timeoutMs: 60000 });
    const bss = res.find((b) => b.ssid === SSID);
    assert.ok(bss, `AP in ${res.map((b) => b.ssid).join(', ')}`);
    assert.equal(bss.bssid, '02:00:00:00:00:00');
    assert.equal(bss.freq, 2437);
    assert.equal(bss.channel, 6);
    assert.equal(bss.status, 'associated');
    assert.ok(bss.signal !== undefined && bss.signal < 0, 'signal in dBm, signed');
    assert.ok(bss.capability! & 0x10, 'Privacy');
    const text = formatBss(bss);
    assert.match(text, /\tSSID: nlkit-wpa2\n/);
    assert.match(text, /\tSupported rates: 1\.0\* 2\.0\* 5\.5\* 11\.0\* /);
    assert.match(text, /\t\t \* Group cipher: CCMP\n\t\t \* Pairwise ciphers: CCMP\n\t\t \* Authentication suites: PSK\n/);
    assert.ok(bss.elements && bss.elements.length > 3, 'parseIEs ran');
    const json = JSON.stringify(bss.elements, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? undefined : v));
    assert.match(json, /CCMP/);
    assert.match(json, /PSK/);
  });

  test('a scan that outlives its timeout is aborted (ETIMEDOUT), and the next scan works', async () => {
    await assert.rejects(iw.scan('wlan1', { timeoutMs: 300 }), (e: unknown) => (e as { code?: string }).code === 'ETIMEDOUT');
    const again = await waitFor('a scan after the aborted one', () => iw.scan('wlan1', { freqs: [2437], timeoutMs: 30000 }).catch(() => undefined), 60000, 1000);
    assert.ok(again.some((b) => b.ssid === SSID));
  });

  let started = 0;
  test('a scan aborted by someone else (NL80211_CMD_ABORT_SCAN) rejects with ECANCELED', async () => {
    const other = await IW.open();
    started = Date.now();
    try {
      const scan = iw.scan('wlan1', { timeoutMs: 60000 });
      // Abort as soon as the scan runs (the trigger is acknowledged before the radio finishes).
      await waitFor('the scan to start', async () => events.some((e) => e.kind === 'scan-started' && e.dev === 'wlan1' && e.receivedAt.getTime() > started), 20000, 50);
      await other.request('ABORT_SCAN', { ifindex: await other.ifindex('wlan1') }).catch(() => undefined);
      await assert.rejects(scan, (e: unknown) => (e as { code?: string }).code === 'ECANCELED');
    } finally {
      other.close();
    }
  });

  test('nlkit iw dev wlan1 scan freq 2437: the fresh results, same text as iw scan dump after it', () => {
    // flush: what earlier tests' APs left in the BSS cache could expire between the two listings.
    const b = nlkitIw('dev', 'wlan1', 'scan', 'freq', '2437', 'flush');
    assert.equal(b.status, 0, b.stderr);
    const a = iwTool('dev', 'wlan1', 'scan', 'dump');
    const vol = [/last seen/, /TSF:/];
    assert.deepEqual(stableLines(b.stdout, vol), stableLines(a.stdout, vol));
    assert.match(b.stdout, /BSS 02:00:00:00:00:00\(on wlan1\) -- associated/);
  });

  test('scan results: nlkit iw dev wlan1 scan dump equals iw (but for the live "last seen" and TSF)', () => {
    const vol = [/last seen/, /TSF:/];
    const a = iwTool('dev', 'wlan1', 'scan', 'dump');
    const b = nlkitIw('dev', 'wlan1', 'scan', 'dump');
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(stableLines(b.stdout, vol), stableLines(a.stdout, vol));
  });

  test('station dump on both sides, typed; CLI text equals iw on the stable lines', async () => {
    const apSide = await iw.stations('wlan0');
    assert.equal(apSide.length, 1);
    const s = apSide[0]!;
    assert.equal(s.mac, '02:00:00:00:01:00');
    assert.equal(s.dev, 'wlan0');
    assert.ok(s.signal! < 0 && s.signal! > -100, `signal ${s.signal} dBm`);
    assert.equal(typeof s.rxBytes, 'bigint');
    assert.ok(s.txBitrate && s.txBitrate.bitrate > 0);
    assert.deepEqual([s.flags.authorized, s.flags.authenticated, s.flags.associated], [true, true, true]);
    const staSide = await iw.station('wlan1', '02:00:00:00:00:00');
    assert.equal(staSide.mac, '02:00:00:00:00:00');
    assert.equal(staSide.bss?.dtimPeriod, 2);
    assert.equal(staSide.bss?.beaconInterval, 100);
    // Counters, times and rate control move between two calls: compare the other lines.
    const vol = [/inactive time|bytes|packets|beacon rx|rx drop misc|bitrate|duration|expected throughput|connected time|associated at|current time|tx retries|tx failed|beacon loss/];
    for (const args of [['dev', 'wlan0', 'station', 'dump'], ['dev', 'wlan1', 'station', 'dump'], ['dev', 'wlan1', 'station', 'get', '02:00:00:00:00:00']]) {
      const a = iwTool(...args);
      const b = nlkitIw(...args);
      assert.equal(b.status, 0, b.stderr);
      assert.deepEqual(stableLines(b.stdout, vol), stableLines(a.stdout, vol), args.join(' '));
      assert.deepEqual(b.stdout.split('\n').map((l) => l.split(':')[0]), a.stdout.split('\n').map((l) => l.split(':')[0]), 'same fields in the same order');
    }
    const missingSta = nlkitIw('dev', 'wlan1', 'station', 'get', '02:00:00:00:99:99');
    const iwMissing = iwTool('dev', 'wlan1', 'station', 'get', '02:00:00:00:99:99');
    assert.equal(missingSta.status, iwMissing.status);
    assert.equal(missingSta.stderr, iwMissing.stderr);
  });

  test('link: the associated BSS and the AP station entry, like iw dev wlan1 link', async () => {
    const l = await iw.link('wlan1');
    assert.ok(l);
    assert.equal(l.status, 'associated');
    assert.equal(l.bssid, '02:00:00:00:00:00');
    assert.equal(l.ssid, SSID);
    assert.equal(l.freq, 2437);
    assert.ok(l.station && l.station.signal! < 0);
    const vol = [/RX:|TX:|bitrate/];
    const a = iwTool('dev', 'wlan1', 'link');
    const b = nlkitIw('dev', 'wlan1', 'link');
    assert.deepEqual(stableLines(b.stdout, vol), stableLines(a.stdout, vol));
    assert.equal(await iw.link('wlan0'), null, 'an AP is not connected to anything');
    assert.equal(nlkitIw('dev', 'wlan0', 'link').stdout, iwTool('dev', 'wlan0', 'link').stdout);
  });

  test('survey: per channel, noise in dBm; CLI equals iw on the stable lines', async () => {
    // mac80211_hwsim keeps survey data of the channels its last scan visited, from the first
    // channel on (a dump stops at the first channel without data): scan from 2412 first.
    await iw.scan('wlan1', { freqs: [2412, 2437], timeoutMs: 30000 });
    const sv = await iw.survey('wlan1');
    assert.ok(sv.length >= 1);
    const ch6 = sv.find((x) => x.freq === 2437)!;
    assert.ok(ch6.noise! < 0);
    assert.equal(typeof ch6.activeMs, 'bigint');
    const vol = [/time:/];
    const a = iwTool('dev', 'wlan1', 'survey', 'dump');
    const b = nlkitIw('dev', 'wlan1', 'survey', 'dump');
    assert.deepEqual(stableLines(b.stdout, vol), stableLines(a.stdout, vol));
  });

  test('iw dev while the AP runs: nlkit equals iw', () => {
    assert.equal(nlkitIw('dev').stdout, iwTool('dev').stdout);
    assert.equal(nlkitIw('dev', 'wlan0', 'info').stdout, iwTool('dev', 'wlan0', 'info').stdout);
  });

  test('nlkit iw event printed the same lines as iw event (without the frame TX status cookies)', async () => {
    const a = await iwEvent!.stop();
    const b = await nlkitEvent!.stop();
    iwEvent = undefined;
    nlkitEvent = undefined;
    const keep = (t: string): string[] => t.split('\n').filter((l) => /scan (started|finished)|new station|connected to|: auth |: assoc /.test(l));
    assert.ok(keep(a).length >= 4, a);
    assert.deepEqual(keep(b), keep(a));
  });
});

if (missing) process.stderr.write(`# ${missing}\n`);
