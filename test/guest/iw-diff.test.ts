// Differential test (guest): `nlkit iw` against iw 5.19, line by line, on the same
// state. Phase 1: an 802.11n/ac/ax WPA2 access point (hostapd, 5 GHz channel 36,
// 80 MHz) on wlan0 and a client (wpa_supplicant) on wlan1. Phase 2: wlan0 and
// wlan1 as mesh points of one mesh, wlan1 in its own network namespace so that
// traffic makes a mesh path. Live counters and timestamps are masked on both
// sides (diff.ts: LIVE); every other line of iw's must be reproduced (>= 99%).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { writeGenl } from '../../src/genl/header.js';
import { IW } from '../../src/nl80211/iw.js';
import { NL80211_CMD } from '../../src/nl80211/schema/index.js';
import { compare, nlkitText, type Compared } from './diff.js';
import { Daemon, nl80211Missing, needTools, run, waitFor } from './helpers.js';
import fs from 'node:fs';

const missing = (await nl80211Missing()) ?? needTools('hostapd', 'wpa_supplicant', 'ip');
const SSID = 'nlkit-ax';
const PASS = 'nlkit passphrase';
const AP = '02:00:00:00:00:00';
const STA = '02:00:00:00:01:00';
const NS = 'nlkitmesh';

const results: Compared[] = [];
const record: { command: string; payloads?: string[] }[] = [];

function sh(cmd: string): void {
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`${cmd}: ${r.stdout}${r.stderr}`);
}

async function check(args: string[], netns?: string): Promise<void> {
  results.push(await compare(args, netns));
}

/** The raw nl80211 replies of a dump (hex payloads), for offline tests. */
async function rawDump(iw: IW, cmd: number, attrs: Record<string, unknown>): Promise<string[]> {
  const out: string[] = [];
  for await (const m of iw.genl.socket.dump({ type: iw.client.family.id, body: (w) => writeGenl(w, cmd, 0, iw.attrs, attrs as never) })) {
    out.push(Buffer.from(m.payload).toString('hex'));
  }
  return out;
}

describe('nlkit iw vs iw 5.19, line by line (guest)', { skip: missing }, () => {
  let iw: IW;
  let ap: Daemon | undefined;
  let sta: Daemon | undefined;

  before(async () => {
    iw = await IW.open();
    const conf = '/tmp/nlkit-diff-hostapd.conf';
    fs.writeFileSync(conf, [
      'interface=wlan0', 'driver=nl80211', `ssid=${SSID}`, 'country_code=DE', 'ieee80211d=1', 'hw_mode=a', 'channel=36',
      'ieee80211n=1', 'ht_capab=[HT40+][SHORT-GI-20][SHORT-GI-40]', 'ieee80211ac=1', 'vht_oper_chwidth=1', 'vht_oper_centr_freq_seg0_idx=42',
      'vht_capab=[SHORT-GI-80]', 'ieee80211ax=1', 'he_oper_chwidth=1', 'he_oper_centr_freq_seg0_idx=42', 'wmm_enabled=1',
      'rrm_neighbor_report=1', 'rrm_beacon_report=1', 'wpa=2', `wpa_passphrase=${PASS}`, 'wpa_key_mgmt=WPA-PSK', 'rsn_pairwise=CCMP', '',
    ].join('\n'));
    ap = Daemon.start('hostapd', [conf], 'diff-hostapd');
    await waitFor('hostapd to beacon', async () => (await iw.interface('wlan0')).ssid === SSID, 60000);
    const wpa = '/tmp/nlkit-diff-wpa.conf';
    fs.writeFileSync(wpa, `country=DE\nnetwork={\n  ssid="${SSID}"\n  psk="${PASS}"\n  key_mgmt=WPA-PSK\n}\n`);
    sta = Daemon.start('wpa_supplicant', ['-i', 'wlan1', '-c', wpa], 'diff-wpa');
    await waitFor('wlan1 to associate and authorize', async () => (await iw.stations('wlan0')).find((s) => s.mac === STA && s.flags.authorized), 120000);
  });

  after(async () => {
    await sta?.stop();
    await ap?.stop();
    iw?.close();
    // Leave the radios as the next test files expect them: managed, down, in the root namespace. A mesh point
    // left beaconing makes the next scan on this 6.1 guest's mac80211_hwsim divide by zero (kernel panic).
    const quiet = (cmd: string): void => void spawnSync('sh', ['-c', `${cmd} 2>/dev/null`]);
    quiet(`ip netns exec ${NS} iw dev wlan1 mesh leave`);
    quiet(`ip netns exec ${NS} ip link set wlan1 down`);
    quiet(`ip netns exec ${NS} iw phy phy1 set netns 1`);
    spawnSync('ip', ['netns', 'del', NS]);
    for (const dev of ['wlan0', 'wlan1']) {
      quiet(`iw dev ${dev} mesh leave`);
      quiet(`ip link set ${dev} down`);
      quiet(`iw dev ${dev} set type managed`);
    }
  });

  test('phase 1: phys, interfaces, link, scan dump of the n/ac/ax AP, stations on both sides, survey, reg, power save, WoWLAN', async () => {
    for (const a of [
      ['phy', 'phy0', 'info'], ['phy', 'phy1', 'info'], ['dev'], ['dev', 'wlan0', 'info'], ['dev', 'wlan1', 'info'],
      ['dev', 'wlan1', 'link'], ['dev', 'wlan0', 'link'], ['dev', 'wlan1', 'scan', 'dump'], ['dev', 'wlan1', 'scan', 'dump', '-u'],
      ['dev', 'wlan0', 'scan', 'dump'], ['dev', 'wlan0', 'station', 'dump'], ['dev', 'wlan1', 'station', 'dump'],
      ['dev', 'wlan0', 'station', 'get', STA], ['dev', 'wlan1', 'station', 'get', AP], ['dev', 'wlan0', 'survey', 'dump'],
      ['dev', 'wlan1', 'survey', 'dump'], ['reg', 'get'], ['dev', 'wlan0', 'get', 'power_save'], ['dev', 'wlan1', 'get', 'power_save'],
      ['phy', 'phy0', 'wowlan', 'show'], ['phy', 'phy1', 'wowlan', 'show'], ['phy', 'phy0', 'coalesce', 'show'],
    ]) await check(a);
    // Setters: both tools take the same words and succeed (no output).
    await check(['dev', 'wlan1', 'set', 'bitrates', 'legacy-5', '6', '12', '24']);
    await check(['dev', 'wlan1', 'set', 'bitrates']);
    await check(['reg', 'reload']);
    run('iw', ['dev', 'wlan1', 'set', 'power_save', 'on']);
    await check(['dev', 'wlan1', 'get', 'power_save']);
    await iw.setPowerSave('wlan1', false);
    await check(['dev', 'wlan1', 'get', 'power_save']);
    if (process.env.NLKIT_IW_RECORD) {
      const C = NL80211_CMD;
      record.push({ command: 'iw dev wlan1 scan dump', payloads: await rawDump(iw, C.GET_SCAN, { ifindex: await iw.ifindex('wlan1') }) });
      record.push({ command: 'iw dev wlan0 station dump', payloads: await rawDump(iw, C.GET_STATION, { ifindex: await iw.ifindex('wlan0') }) });
      record.push({ command: 'iw dev wlan1 station dump', payloads: await rawDump(iw, C.GET_STATION, { ifindex: await iw.ifindex('wlan1') }) });
    }
    // station del through nlkit: the AP's list is then empty for both tools.
    const del = await nlkitText(['dev', 'wlan0', 'station', 'del', STA]);
    assert.equal(del.status, 0, del.text);
    await waitFor('the station to go', async () => !(await iw.stations('wlan0')).some((s) => s.mac === STA), 10000);
    await check(['dev', 'wlan0', 'station', 'dump']);
  });

  test('phase 2: two mesh points (wlan1 in its own namespace), peers, mesh paths, mesh parameters', async () => {
    await sta?.stop();
    await ap?.stop();
    sta = ap = undefined;
    sh(`ip netns add ${NS} && iw phy phy1 set netns name ${NS}`);
    sh('ip link set wlan0 down && iw dev wlan0 set type mp && ip link set wlan0 up && iw dev wlan0 mesh join nlkit-mesh freq 2412 HT20');
    sh(`ip netns exec ${NS} sh -c 'ip link set lo up; ip link set wlan1 down; iw dev wlan1 set type mp; ip link set wlan1 up; iw dev wlan1 mesh join nlkit-mesh freq 2412 HT20'`);
    sh(`ip addr add 10.77.0.1/24 dev wlan0 && ip netns exec ${NS} ip addr add 10.77.0.2/24 dev wlan1`);
    await waitFor('the mesh peering', async () => (await iw.stations('wlan0')).find((s) => s.mac === STA && s.plinkState === 4 /* ESTAB */), 60000);
    // Traffic to the peer (ARP, then UDP) makes mac80211 discover a mesh path (bash's /dev/udp; the guest has no ping).
    for (let i = 0; i < 3; i++) spawnSync('bash', ['-c', 'echo nlkit > /dev/udp/10.77.0.2/9; sleep 1'], { timeout: 10000 });
    await waitFor('a mesh path to the peer', async () => (await iw.meshPaths('wlan0')).find((p) => p.dest === STA), 20000).catch(() => undefined);
    for (const a of [
      ['dev'], ['dev', 'wlan0', 'info'], ['dev', 'wlan0', 'link'], ['dev', 'wlan0', 'station', 'dump'], ['dev', 'wlan0', 'station', 'get', STA],
      ['dev', 'wlan0', 'mpath', 'dump'], ['dev', 'wlan0', 'mpath', 'get', STA], ['dev', 'wlan0', 'get', 'mesh_param'],
      ['dev', 'wlan0', 'get', 'mesh_param', 'mesh_ttl'], ['dev', 'wlan0', 'get', 'mesh_param', 'mesh_power_mode'], ['dev', 'wlan0', 'survey', 'dump'],
    ]) await check(a);
    for (const a of [['dev'], ['dev', 'wlan1', 'info'], ['dev', 'wlan1', 'station', 'dump'], ['dev', 'wlan1', 'mpath', 'dump'], ['dev', 'wlan1', 'get', 'mesh_param'], ['reg', 'get']]) {
      await check(a, NS);
    }
    run('iw', ['dev', 'wlan0', 'set', 'mesh_param', 'mesh_ttl=9']);
    await check(['dev', 'wlan0', 'get', 'mesh_param', 'mesh_ttl']);
    await iw.setMeshParams('wlan0', { mesh_element_ttl: 5 });
    await check(['dev', 'wlan0', 'get', 'mesh_param', 'mesh_element_ttl']);
    await check(['phy', 'phy0', 'info']);
    if (process.env.NLKIT_IW_RECORD) {
      const C = NL80211_CMD;
      const ifindex = await iw.ifindex('wlan0');
      record.push({ command: 'iw dev wlan0 mpath dump', payloads: await rawDump(iw, C.GET_MPATH, { ifindex }) });
      record.push({ command: 'iw dev wlan0 station dump (mesh)', payloads: await rawDump(iw, C.GET_STATION, { ifindex }) });
    }
  });

  test('overall: at least 40 command lines, at least 99% of iw\'s lines reproduced, same exit codes', () => {
    const total = results.reduce((n, r) => n + r.iwLines, 0);
    const matched = results.reduce((n, r) => n + r.matched, 0);
    const masked = results.reduce((n, r) => n + r.masked, 0);
    process.stdout.write(`# per command: iw lines / reproduced / masked (live counters, timestamps)\n`);
    for (const r of results) process.stdout.write(`#   ${r.command}: ${r.iwLines} / ${r.matched} / ${r.masked}${r.iwStatus !== r.nlkitStatus ? ` (exit ${r.iwStatus} vs ${r.nlkitStatus})` : ''}\n`);
    process.stdout.write(`# total: ${results.length} commands, ${matched} of ${total} iw lines (${((100 * matched) / Math.max(total, 1)).toFixed(2)}%), ${masked} masked\n`);
    if (process.env.NLKIT_IW_RECORD) {
      process.stdout.write(`NLKIT-RECORD-BEGIN\n${Buffer.from(JSON.stringify({ results, record })).toString('base64')}\nNLKIT-RECORD-END\n`);
    }
    assert.ok(results.length >= 40, `${results.length} command lines`);
    assert.deepEqual(results.filter((r) => r.iwStatus !== r.nlkitStatus).map((r) => r.command), []);
    assert.ok(matched / total >= 0.99, `${matched} of ${total} lines`);
  });
});
