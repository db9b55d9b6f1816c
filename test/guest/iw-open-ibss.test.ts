// Connect/disconnect to an open network with nl80211 alone (no wpa_supplicant),
// and an IBSS of the two radios.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IW } from '../../src/nl80211/iw.js';
import { Daemon, hostapdConf, ipLink, iwTool, nl80211Missing, needTools, nlkitIw, stableLines, waitFor } from './helpers.js';

const missingNl = await nl80211Missing();
const missingAp = missingNl ?? needTools('hostapd');

describe('open network: connect and disconnect (guest)', { skip: missingAp }, () => {
  let iw: IW;
  let ap: Daemon | undefined;
  before(async () => {
    iw = await IW.open();
    // 802.11n with HT40+, WMM and a country element: the scan shows iw's HT, WMM and Country decoding.
    const extra = ['ieee80211n=1', 'wmm_enabled=1', 'ht_capab=[HT40+][SHORT-GI-20][SHORT-GI-40]', 'country_code=DE', 'ieee80211d=1'];
    ap = Daemon.start('hostapd', [hostapdConf({ iface: 'wlan0', ssid: 'nlkit-open', channel: 1, extra })], 'hostapd-open');
    // The AP beacons once its SSID is set (the interface type changes earlier).
    await waitFor('the open AP to beacon', async () => (await iw.interface('wlan0')).ssid === 'nlkit-open', 30000);
    ipLink('wlan1', 'up');
  });
  after(async () => {
    await iw.disconnect('wlan1').catch(() => undefined);
    ipLink('wlan1', 'down');
    await ap?.stop();
    iw?.close();
  });

  test('scan of an 802.11n/WMM AP: Country, HT capabilities, HT operation and WMM as iw prints them', async () => {
    // flush: the BSS cache drops what earlier tests' APs left (an entry expiring between the two dumps
    // below made them differ).
    const bss = await waitFor('the AP in a scan', async () => (await iw.scan('wlan1', { freqs: [2412], flush: true, timeoutMs: 30000 })).find((b) => b.ssid === 'nlkit-open'), 60000, 500);
    assert.equal(bss.freq, 2412);
    const a = iwTool('dev', 'wlan1', 'scan', 'dump');
    const b = nlkitIw('dev', 'wlan1', 'scan', 'dump');
    const vol = [/last seen/, /TSF:/];
    assert.deepEqual(stableLines(b.stdout, vol), stableLines(a.stdout, vol));
    assert.match(b.stdout, /\tHT operation:\n\t\t \* primary channel: 1\n\t\t \* secondary channel offset: above\n/);
    assert.match(b.stdout, /\tWMM:\t \* Parameter version 1\n/);
    assert.match(b.stdout, /\tCountry: DE\tEnvironment: Indoor\/Outdoor\n/);
  });

  test('connect (SSID + frequency) waits for the CONNECT event; link and station show it', async () => {
    const r = await iw.connect('wlan1', { ssid: 'nlkit-open', freq: 2412, timeoutMs: 30000 });
    assert.equal(r.status, 0);
    assert.equal(r.bssid, '02:00:00:00:00:00');
    const l = await waitFor('link', () => iw.link('wlan1'));
    assert.equal(l.status, 'associated');
    assert.equal(l.ssid, 'nlkit-open');
    assert.equal(l.freq, 2412);
    assert.match(iwTool('dev', 'wlan1', 'link').stdout, /Connected to 02:00:00:00:00:00/);
    await waitFor('the AP to list the client', async () => (await iw.stations('wlan0')).length === 1);
  });

  test('disconnect: link says "Not connected." like iw', async () => {
    await iw.disconnect('wlan1');
    await waitFor('disconnected', async () => (await iw.link('wlan1')) === null);
    assert.equal(nlkitIw('dev', 'wlan1', 'link').stdout, 'Not connected.\n');
    assert.equal(iwTool('dev', 'wlan1', 'link').stdout, 'Not connected.\n');
  });

  test('the CLI connects and disconnects too', async () => {
    let r = nlkitIw('dev', 'wlan1', 'connect', 'nlkit-open', '2412');
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await iw.link('wlan1'))?.status, 'associated');
    r = nlkitIw('dev', 'wlan1', 'disconnect');
    assert.equal(r.status, 0, r.stderr);
    await waitFor('disconnected', async () => (await iw.link('wlan1')) === null);
  });
});

describe('IBSS join and leave (guest)', { skip: missingNl }, () => {
  let iw: IW;
  before(async () => {
    iw = await IW.open();
    for (const dev of ['wlan0', 'wlan1']) {
      ipLink(dev, 'down');
      await iw.setInterfaceType(dev, 'ibss');
      ipLink(dev, 'up');
    }
  });
  after(async () => {
    for (const dev of ['wlan0', 'wlan1']) {
      await iw.leaveIbss(dev).catch(() => undefined);
      ipLink(dev, 'down');
      await iw.setInterfaceType(dev, 'managed').catch(() => undefined);
    }
    iw?.close();
  });

  test('both radios join the same IBSS: joined status, a peer station, iw agrees', async () => {
    const bssid = '02:11:22:33:44:55';
    await iw.joinIbss('wlan0', { ssid: 'nlkit-ibss', freq: 2462, bssid });
    const r = nlkitIw('dev', 'wlan1', 'ibss', 'join', 'nlkit-ibss', '2462', bssid);
    assert.equal(r.status, 0, r.stderr);
    const l = await waitFor('wlan1 to join', async () => {
      const x = await iw.link('wlan1');
      return x?.status === 'ibss-joined' ? x : undefined;
    }, 30000);
    assert.equal(l.bssid, bssid);
    assert.equal((await iw.interface('wlan1')).channel?.freq, 2462);
    assert.match(iwTool('dev', 'wlan1', 'link').stdout, new RegExp(`Joined IBSS ${bssid}`));
    assert.equal(nlkitIw('dev', 'wlan1', 'link').stdout.split('\n')[0], iwTool('dev', 'wlan1', 'link').stdout.split('\n')[0]);
    await waitFor('a peer in the station list', async () => (await iw.stations('wlan1')).some((s) => s.mac === '02:00:00:00:00:00'), 30000);
  });

  test('leave: no longer joined', async () => {
    await iw.leaveIbss('wlan1');
    assert.equal(nlkitIw('dev', 'wlan0', 'ibss', 'leave').status, 0);
    await waitFor('left', async () => (await iw.link('wlan1'))?.status !== 'ibss-joined');
  });
});
