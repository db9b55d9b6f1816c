// Replies recorded in the guest (test/guest/iw-diff.test.ts with NLKIT_IW_RECORD=1):
// an 802.11n/ac/ax WPA2 AP (hostapd, 5 GHz channel 36, 80 MHz) seen from its client,
// and the station entries on both sides, with iw 5.19's text of the same state.
// The nl80211 bytes were read right after iw ran, so live counters and timestamps
// differ: those lines are compared by their label only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeGenl } from '../../src/genl/header.js';
import { nl80211 } from '../../src/nl80211/schema/index.js';
import { bssFrom, stationFrom } from '../../src/nl80211/types.js';
import { formatScan } from '../../src/nl80211/format-scan.js';
import { formatStation } from '../../src/nl80211/format.js';
import { findIE } from '../../src/nl80211/ie/index.js';
import { dataDir } from '../helpers/netns.js';

interface Recorded {
  command: string;
  iwText: string;
  payloads: string[];
}

const load = (name: string): Recorded => JSON.parse(fs.readFileSync(path.join(dataDir(), 'iw-guest', `${name}.json`), 'utf8')) as Recorded;
const attrsOf = (hex: string) => decodeGenl({ type: 0, flags: 0, seq: 0, pid: 0, payload: Buffer.from(hex, 'hex') }, nl80211.attrs).attrs;

// (Bitrates and expected throughput too: the bytes were read a moment after iw's text, and rate control moves them.)
const LIVE = /^(\t(?:last seen|TSF|inactive time|rx bytes|rx packets|tx bytes|tx packets|tx retries|tx failed|beacon loss|beacon rx|rx drop misc|connected time|associated at|current time|rx duration|tx duration|rx bitrate|tx bitrate|expected throughput):).*$/;
const masked = (t: string): string[] => t.split('\n').map((l) => l.replace(LIVE, '$1 <live>'));

test('scan dump of the n/ac/ax AP: every line iw printed (VHT/HE capabilities, VHT operation, RM capabilities, RSN, WMM...)', () => {
  const r = load('wlan1-scan-dump');
  const list = r.payloads.map((p) => ({ ...bssFrom(attrsOf(p)), dev: 'wlan1' }));
  assert.deepEqual(masked(formatScan(list)), masked(r.iwText));
  // iw's -u adds the elements it does not decode as hex.
  const u = fs.readFileSync(path.join(dataDir(), 'iw-guest', 'wlan1-scan-dump-u.txt'), 'utf8');
  assert.deepEqual(masked(formatScan(list, undefined, { unknown: true })), masked(u));
  // The typed elements behind those lines.
  const els = list[0]!.elements!;
  const he = findIE(els, 'he_capabilities')!;
  assert.ok(he.phyFields.some((f) => f.name.includes('40 and 80 MHz in 5/6 GHz')));
  // hostapd advertises the 80 MHz maps only (iw printed no 160 MHz set).
  assert.deepEqual(he.mcsNss.streams.map((s) => s.bandwidth), ['<=80']);
  assert.deepEqual(he.mcsNss.streams[0]!.rx.slice(0, 3), [11, 11, null]);
  const vht = findIE(els, 'vht_operation')!;
  assert.deepEqual([vht.channelWidth, vht.centerFreqSegment0], [1, 42]);
  assert.ok(findIE(els, 'rm_enabled_capabilities')!.names.includes('Neighbor Report'));
  // iw 5.19 prints no HE-MCS map when only the 80 MHz one is there (its length check stops a map early); nlkit types it.
  assert.doesNotMatch(r.iwText, /HE RX MCS and NSS set/);
});

test('station dump on the AP and on the client: every line but the live counters and timestamps', () => {
  for (const name of ['wlan0-station-dump', 'wlan1-station-dump']) {
    const r = load(name);
    const dev = name.slice(0, 5);
    const text = r.payloads.map((p) => formatStation({ ...stationFrom(attrsOf(p)), dev })).join('');
    assert.deepEqual(masked(text), masked(r.iwText), name);
  }
});
