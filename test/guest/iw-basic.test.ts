// nl80211 in the guest, without an access point: phys and interfaces as iw sees
// them, adding/deleting/retyping interfaces, channels, TX power, regulatory,
// errors, and `nlkit iw` text equal to `iw`'s.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NetlinkError } from '../../src/netlink/errors.js';
import { IW } from '../../src/nl80211/iw.js';
import { formatDevList, formatInterface, formatRegulatory } from '../../src/nl80211/format.js';
import type { IwEvent } from '../../src/nl80211/events.js';
import { ipLink, iwTool, nl80211Missing, nlkitIw, sleep, waitFor, withoutHeEht } from './helpers.js';

const missing = await nl80211Missing();

describe('nl80211 basics (guest)', { skip: missing }, () => {
  let iw: IW;
  before(async () => {
    iw = await IW.open();
  });
  after(() => iw?.close());

  test('phys: one per hwsim radio, merged from the split dump, same names and indexes as iw list', async () => {
    const phys = await iw.phys();
    const text = iwTool('list').stdout;
    const names = [...text.matchAll(/^Wiphy (\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(phys.map((p) => p.name).sort(), names.sort());
    const p0 = phys.find((p) => p.name === 'phy0')!;
    assert.equal(p0.index, 0);
    assert.ok(p0.bands.length >= 2, 'bands merged from several messages');
    const b24 = p0.bands.find((b) => b.band === 0)!;
    assert.equal(b24.frequencies.length, 14, '2.4 GHz channels 1-14');
    assert.deepEqual(b24.frequencies.slice(0, 3).map((f) => [f.freq, f.channel]), [[2412, 1], [2417, 2], [2422, 3]]);
    assert.equal(b24.bitrates[0]!.rate, 10);
    assert.ok(p0.iftypes.includes('monitor') && p0.iftypes.includes('ap'));
    assert.ok(p0.ciphers.includes(0x000fac04), 'CCMP-128');
    assert.ok(p0.commands.length > 10);
    assert.equal((await iw.phy('phy1')).index, 1);
    assert.equal((await iw.phy(0)).name, 'phy0');
  });

  test('nlkit iw phy phy0 info equals iw (apart from the HE/EHT decodings)', () => {
    const a = iwTool('phy', 'phy0', 'info');
    const b = nlkitIw('phy', 'phy0', 'info');
    assert.equal(b.status, 0, b.stderr);
    assert.equal(withoutHeEht(b.stdout), withoutHeEht(a.stdout));
  });

  test('nlkit iw list prints every phy', () => {
    const a = withoutHeEht(iwTool('list').stdout);
    const b = withoutHeEht(nlkitIw('list').stdout);
    assert.equal(b, a);
  });

  test('interfaces match iw dev; interface(name) and interfacesOf(phy)', async () => {
    const list = await iw.interfaces();
    const names = list.map((i) => i.name).filter(Boolean).sort();
    assert.ok(names.includes('wlan0') && names.includes('wlan1'));
    assert.equal(formatDevList(list), iwTool('dev').stdout);
    const w0 = await iw.interface('wlan0');
    assert.equal(w0.type, 'managed');
    assert.equal(w0.wiphy, 0);
    assert.equal(w0.mac, '02:00:00:00:00:00');
    assert.equal(formatInterface(w0), iwTool('dev', 'wlan0', 'info').stdout);
    assert.deepEqual((await iw.interfacesOf('phy1')).map((i) => i.name), ['wlan1']);
    for (const args of [['dev'], ['dev', 'wlan0', 'info'], ['dev', 'wlan1', 'info']]) {
      const a = iwTool(...args);
      const b = nlkitIw(...args);
      assert.equal(b.stdout, a.stdout, `nlkit iw ${args.join(' ')}`);
      assert.equal(b.status, a.status);
    }
  });

  test('a missing interface: ENODEV naming it, before anything is sent; the CLI says what iw says', async () => {
    await assert.rejects(iw.interface('wlan99'), (e: unknown) => e instanceof NetlinkError && e.code === 'ENODEV' && e.message.includes('wlan99'));
    await assert.rejects(iw.stations('nosuch0'), (e: unknown) => e instanceof NetlinkError && e.code === 'ENODEV' && e.message.includes('nosuch0'));
    const a = iwTool('dev', 'wlan99', 'info');
    const b = nlkitIw('dev', 'wlan99', 'info');
    assert.equal(b.stderr, a.stderr);
    assert.equal(b.status, a.status);
    assert.equal(b.status, 237);
  });

  test('add a monitor interface with flags, set its type, delete it; iw sees each step', async () => {
    const made = await iw.addInterface({ phy: 'phy0', name: 'nlmon0', type: 'monitor', flags: ['control', 'otherbss'] });
    assert.equal(made.name, 'nlmon0');
    assert.equal(made.type, 'monitor');
    assert.match(iwTool('dev', 'nlmon0', 'info').stdout, /type monitor/);
    await iw.setInterfaceType('nlmon0', 'managed');
    assert.equal((await iw.interface('nlmon0')).type, 'managed');
    assert.match(iwTool('dev', 'nlmon0', 'info').stdout, /type managed/);
    await iw.setInterfaceType('nlmon0', 'ibss');
    assert.equal((await iw.interface('nlmon0')).type, 'ibss');
    await iw.deleteInterface('nlmon0');
    await assert.rejects(iw.interface('nlmon0'), /ENODEV/);
    assert.doesNotMatch(iwTool('dev').stdout, /nlmon0/);
  });

  test('config events: NEW_INTERFACE / DEL_INTERFACE arrive typed, with the name', async () => {
    const it = iw.events({ groups: ['config'] });
    await it.ready;
    const got: IwEvent[] = [];
    const reader = (async () => {
      for await (const e of it) {
        got.push(e);
        if (e.kind === 'del-interface' && e.ifname === 'nlev0') break;
      }
    })();
    await iw.addInterface({ phy: 0, name: 'nlev0', type: 'monitor' });
    await iw.deleteInterface('nlev0');
    await Promise.race([reader, sleep(20000).then(() => { throw new Error(`events: ${got.map((e) => e.command).join(', ')}`); })]);
    const added = got.find((e) => e.kind === 'new-interface' && e.ifname === 'nlev0');
    assert.ok(added);
    assert.equal(added.iftype, 'monitor');
    assert.equal(added.wiphy, 0);
  });

  test('the CLI: phy X interface add / dev X set type / dev X del, like iw', async () => {
    let r = nlkitIw('phy', 'phy1', 'interface', 'add', 'nlcli0', 'type', 'monitor', 'flags', 'none');
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await iw.interface('nlcli0')).type, 'monitor');
    r = nlkitIw('dev', 'nlcli0', 'set', 'type', 'managed');
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await iw.interface('nlcli0')).type, 'managed');
    r = nlkitIw('phy', 'phy1', 'interface', 'add', 'nlcli0', 'type', 'monitor');
    const a = iwTool('phy', 'phy1', 'interface', 'add', 'nlcli0', 'type', 'monitor');
    assert.equal(r.status, a.status, 'same errno as iw for a name in use');
    assert.equal(r.stderr, a.stderr);
    r = nlkitIw('dev', 'nlcli0', 'del');
    assert.equal(r.status, 0, r.stderr);
    r = nlkitIw('phy', 'phy1', 'interface', 'add', 'x', 'type', 'nosuch');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /invalid interface type nosuch/);
  });

  test('set channel and width on a monitor interface; info shows it as iw does', async () => {
    await iw.addInterface({ phy: 'phy1', name: 'nlmon1', type: 'monitor' });
    try {
      ipLink('nlmon1', 'up');
      await iw.setChannel('nlmon1', { channel: 11, width: 'HT40-' });
      let i = await iw.interface('nlmon1');
      assert.equal(i.channel?.freq, 2462);
      assert.equal(i.channel?.width, '40');
      assert.equal(i.channel?.center1, 2452);
      assert.equal(nlkitIw('dev', 'nlmon1', 'info').stdout, iwTool('dev', 'nlmon1', 'info').stdout);
      const r = nlkitIw('dev', 'nlmon1', 'set', 'freq', '2412', 'HT20');
      assert.equal(r.status, 0, r.stderr);
      i = await iw.interface('nlmon1');
      assert.equal(i.channel?.freq, 2412);
      assert.equal(i.channel?.width, '20');
      // A disabled channel: the kernel's own words, iw's exit code.
      const a = iwTool('dev', 'nlmon1', 'set', 'freq', '5900');
      const b = nlkitIw('dev', 'nlmon1', 'set', 'freq', '5900');
      assert.equal(b.status, a.status);
      assert.equal(b.stderr, a.stderr);
      await assert.rejects(iw.setChannel('nlmon1', { freq: 5900 }), (e: unknown) => e instanceof NetlinkError && e.code === 'EINVAL');
    } finally {
      await iw.deleteInterface('nlmon1');
    }
  });

  test('TX power: fixed on a monitor interface with a channel, then automatic; nlkit and iw read the same level', async () => {
    await iw.addInterface({ phy: 'phy1', name: 'nlmon2', type: 'monitor' });
    try {
      ipLink('nlmon2', 'up');
      await iw.setChannel('nlmon2', { channel: 1 });
      await iw.setTxPower('nlmon2', { mode: 'fixed', mBm: 1500 });
      const level = (await iw.interface('nlmon2')).txPowerMbm;
      const seen = /txpower (-?\d+)\.(\d+) dBm/.exec(iwTool('dev', 'nlmon2', 'info').stdout);
      assert.ok(seen, 'iw shows a txpower line');
      assert.equal(level, Number(seen[1]) * 100 + Number(seen[2]));
      assert.equal(nlkitIw('dev', 'nlmon2', 'set', 'txpower', 'auto').status, 0);
      await assert.rejects(iw.setTxPower('nlmon2', { mode: 'fixed' }), TypeError);
    } finally {
      await iw.deleteInterface('nlmon2');
    }
  });

  test('regulatory: get equals iw reg get; set DE arrives as a regulatory event and in reg get', async () => {
    const all = await iw.regulatoryAll();
    assert.equal(formatRegulatory(all), iwTool('reg', 'get').stdout);
    assert.equal(nlkitIw('reg', 'get').stdout, iwTool('reg', 'get').stdout);
    const g = await iw.regulatory();
    assert.equal(g.country, '00');
    assert.ok(g.rules.some((r) => r.startKHz === 2402000 && r.endKHz === 2472000));
    const events = iw.events({ groups: ['regulatory'] });
    await events.ready;
    const got: IwEvent[] = [];
    const reader = (async () => {
      for await (const e of events) {
        got.push(e);
        if (e.kind === 'reg-change' && e.regAlpha2 === 'DE') break;
      }
    })();
    await iw.setRegulatory('DE');
    await Promise.race([reader, sleep(30000).then(() => { throw new Error(`no REG_CHANGE to DE (got ${got.map((e) => e.command).join(', ')})`); })]);
    const de = await waitFor('DE in reg get', async () => {
      const d = await iw.regulatory();
      return d.country === 'DE' ? d : undefined;
    });
    assert.equal(de.dfsRegion, 'etsi');
    assert.equal(nlkitIw('reg', 'get').stdout, iwTool('reg', 'get').stdout);
    await assert.rejects(iw.setRegulatory('germany'), TypeError);
    assert.equal(nlkitIw('reg', 'set', '00').status, 0);
  });

  test('raw request: GET_INTERFACE by name and number, dump and do', async () => {
    const dump = await iw.request('GET_INTERFACE', {}, { dump: true });
    assert.ok(dump.length >= 2);
    const [one] = await iw.request(5, { ifindex: await iw.ifindex('wlan1') });
    assert.equal(one!.attrs.ifname, 'wlan1');
    await assert.rejects(iw.request('NO_SUCH_COMMAND'), TypeError);
  });

  test('--json output is parseable and carries the typed fields', () => {
    const r = nlkitIw('dev', '--json');
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { name?: string; wdev: number; type: string }[];
    assert.ok(list.some((i) => i.name === 'wlan0' && i.type === 'managed'));
    const phy = JSON.parse(nlkitIw('--json', 'phy', 'phy0', 'info').stdout) as { index: number; bands: unknown[] };
    assert.equal(phy.index, 0);
  });
});

if (missing) process.stderr.write(`# ${missing}\n`);
