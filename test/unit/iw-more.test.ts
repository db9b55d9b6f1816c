// The commands of iw-more.ts over the fake kernel (what is sent) and their text
// (iw 5.19's format strings), and iw's text of elements hwsim's APs do not send.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGenl } from '../../src/genl/header.js';
import { NLM_F } from '../../src/netlink/constants.js';
import type { Attrs } from '../../src/netlink/schema.js';
import { IW } from '../../src/nl80211/iw.js';
import { NL80211_CMD, nl80211 } from '../../src/nl80211/schema/index.js';
import { parseBitrates } from '../../src/cli/iw-more.js';
import { MPATH_HEADER, formatMeshParams, formatMeshPath, formatPowerSave, formatWowlan } from '../../src/nl80211/format-mesh.js';
import { formatEventTime } from '../../src/nl80211/format.js';
import { formatIEs } from '../../src/nl80211/format-scan.js';
import { findIE, parseIEs } from '../../src/nl80211/ie/index.js';
import { ack, concat, done, fakeKernel, genlFamilies, genlReply } from '../../src/testing/index.js';

const NL = { id: 0x1c, version: 1, attrs: nl80211.attrs };
const WLAN = { ifindex: 4, ifname: 'mesh0', wiphy: 0, iftype: 7 };

/** A fake nl80211 answering with `replies` per command; records every request's attributes. */
function fake(replies: Partial<Record<number, Attrs[]>>) {
  const sent: { cmd: number; attrs: Attrs }[] = [];
  const kernel = fakeKernel((req) => {
    const fam = genlFamilies(req, [{ name: 'nl80211', id: NL.id, groups: { config: 2, scan: 3, regulatory: 4, mlme: 5 } }]);
    if (fam) return fam;
    const m = decodeGenl(req, nl80211.attrs);
    sent.push({ cmd: m.cmd, attrs: m.attrs });
    if (m.cmd === NL80211_CMD.GET_INTERFACE) return [concat([genlReply(req, NL, NL80211_CMD.NEW_INTERFACE, WLAN, NLM_F.MULTI)]), done(req.seq)];
    const r = replies[m.cmd];
    if (!r) return [ack(req)];
    if (req.flags & NLM_F.DUMP) return [concat(r.map((a) => genlReply(req, NL, m.cmd, a, NLM_F.MULTI))), done(req.seq)];
    return [concat([...r.map((a) => genlReply(req, NL, m.cmd, a)), ...(req.flags & NLM_F.ACK ? [ack(req)] : [])])];
  });
  return { kernel, sent };
}

test('mesh: join sends the mesh ID, chandef, parameters by kernel name; paths and parameters print as iw', async () => {
  const f = fake({
    [NL80211_CMD.GET_MPATH]: [{ ifindex: 4, mac: '02:00:00:00:01:00', mpath_next_hop: '02:00:00:00:01:00', mpath_info: { sn: 2, metric: 171, frame_qlen: 0, exptime: 4780, discovery_timeout: 0, discovery_retries: 0, flags: 0x15, hop_count: 1, path_change: 1 } }],
    [NL80211_CMD.GET_MESH_CONFIG]: [{ ifindex: 4, mesh_config: { retry_timeout: 100, ttl: 31, rssi_threshold: -80, power_mode: 1, plink_timeout: 1800, hwmp_active_path_timeout: 5000 } }],
  });
  const iw = await IW.open({ transport: f.kernel });
  try {
    await iw.joinMesh('mesh0', { meshId: 'nlkit-mesh', freq: 2412, width: 'HT20', params: { mesh_ttl: 7, mesh_power_mode: 'light' } });
    const join = f.sent.find((x) => x.cmd === NL80211_CMD.JOIN_MESH)!;
    assert.equal(join.attrs.mesh_id, 'nlkit-mesh');
    assert.equal(join.attrs.wiphy_freq, 2412);
    assert.deepEqual(join.attrs.mesh_config, { ttl: 7, power_mode: 2 });
    await assert.rejects(iw.setMeshParams('mesh0', { mesh_bogus: 1 }), /unknown mesh parameter 'mesh_bogus'/);
    await assert.rejects(iw.joinMesh('mesh0', { meshId: 'x'.repeat(33) }), /invalid mesh ID/);
    const paths = await iw.meshPaths('mesh0');
    assert.equal(MPATH_HEADER + paths.map((p) => formatMeshPath(p, 'mesh0')).join(''),
      'DEST ADDR         NEXT HOP          IFACE\tSN\tMETRIC\tQLEN\tEXPTIME\tDTIM\tDRET\tFLAGS\tHOP_COUNT\tPATH_CHANGE\n' +
      '02:00:00:00:01:00 02:00:00:00:01:00 mesh0\t2\t171\t0\t4780\t0\t0\t0x15\t1\t1\n');
    const p = await iw.meshParams('mesh0');
    assert.equal(formatMeshParams(p), 'mesh_retry_timeout = 100 milliseconds\nmesh_ttl = 31\nmesh_hwmp_active_path_timeout = 5000 TUs\nmesh_rssi_threshold = -80 dBm\nmesh_power_mode = active\nmesh_plink_timeout = 1800 seconds\n');
    assert.equal(formatMeshParams(p, 'mesh_ttl'), '31\n');
    await iw.leaveMesh('mesh0');
    assert.ok(f.sent.some((x) => x.cmd === NL80211_CMD.LEAVE_MESH));
  } finally {
    iw.close();
  }
});

test('station del, power save, bitrates, reg reload: the attributes sent', async () => {
  const f = fake({ [NL80211_CMD.GET_POWER_SAVE]: [{ ifindex: 4, ps_state: 1 }] });
  const iw = await IW.open({ transport: f.kernel });
  try {
    await iw.deleteStation('mesh0', '02:00:00:00:01:00', { reasonCode: 3 });
    const del = f.sent.find((x) => x.cmd === NL80211_CMD.DEL_STATION)!;
    assert.deepEqual([del.attrs.mac, del.attrs.reason_code], ['02:00:00:00:01:00', 3]);
    await assert.rejects(iw.deleteStation('mesh0', 'nope'), /invalid MAC address 'nope'/);
    assert.equal(formatPowerSave(await iw.powerSave('mesh0')), 'Power save: on\n');
    await iw.setPowerSave('mesh0', false);
    assert.equal(f.sent.find((x) => x.cmd === NL80211_CMD.SET_POWER_SAVE)!.attrs.ps_state, 0);
    await iw.setBitrates('mesh0', parseBitrates(['legacy-2.4', '6', '12', 'ht-mcs-5', '0', '7', 'vht-mcs-5', '1:0-9', '2:0-7', 'sgi-5']));
    const rates = f.sent.find((x) => x.cmd === NL80211_CMD.SET_TX_BITRATE_MASK)!.attrs.tx_rates as Attrs[];
    assert.deepEqual(rates[0], { legacy: [12, 24] });
    assert.deepEqual(rates[1], { ht: [0, 7], vht: [0x3ff, 0xff, 0, 0, 0, 0, 0, 0], gi: 1 });
    assert.throws(() => parseBitrates(['vht-mcs-5', '9:0-9']), /invalid VHT MCS '9:0-9'/);
    await iw.reloadRegulatory();
    assert.ok(f.sent.some((x) => x.cmd === NL80211_CMD.RELOAD_REGDB));
  } finally {
    iw.close();
  }
});

test('wowlan show, event timestamps (-t absolute, -r relative) in microseconds', () => {
  assert.equal(formatWowlan({ enabled: false, patterns: [], raw: {} }), 'WoWLAN is disabled.\n');
  assert.equal(formatWowlan({ enabled: true, disconnect: true, magicPacket: true, patterns: [], raw: {} }), 'WoWLAN is enabled:\n * wake up on disconnect\n * wake up on magic packet\n');
  assert.equal(formatEventTime(1764470000123456n), '1764470000.123456: ');
  assert.equal(formatEventTime(0n), '0.000000: ');
  assert.equal(formatEventTime(2000017n), '2.000017: ');
});

const el = (id: number, hex: string): string => `${id.toString(16).padStart(2, '0')}${(hex.replace(/\s+/g, '').length / 2).toString(16).padStart(2, '0')}${hex.replace(/\s+/g, '')}`;
const ies = (...parts: string[]): Uint8Array => Uint8Array.from(Buffer.from(parts.join(''), 'hex'));

test('elements hwsim APs do not send: mesh, interworking, AP channel report, RM capabilities, WPS, 20/40, mobility domain, bogus RSN tail', () => {
  const b = ies(
    el(114, '6e6c6b6974'),
    el(113, '01 01 00 01 00 05 09'),
    el(107, '13 02 07'),
    el(51, '51 01 06 0b'),
    el(70, '73 d0 00 00 0c'),
    el(72, '01'),
    el(54, '3412 01'),
    el(48, '0100 000fac04 0200 000fac04'),
    el(221, '0050f204 104a0001 10 1044 0001 02 1047 0010 000102030405060708090a0b0c0d0e0f 1011 0004 41502031 1008 0002 0084'),
  );
  assert.equal(formatIEs(b), [
    '\tMESH ID: nlkit',
    '\tMESH Configuration:',
    '\t\t * Active Path Selection Protocol ID: 1',
    '\t\t * Active Path Selection Metric ID: 1',
    '\t\t * Congestion Control Mode ID: 0',
    '\t\t * Synchronization Method ID: 1',
    '\t\t * Authentication Protocol ID: 0',
    '\t\t * Mesh Formation Info:',
    '\t\t\t Number of Peerings: 2',
    '\t\t\t Connected to Mesh Gate',
    '\t\t * Mesh Capability',
    '\t\t\t Accepting Additional Mesh Peerings',
    '\t\t\t Forwarding',
    '\t802.11u Interworking:',
    '\t\tNetwork Options: 0x13',
    '\t\t\tNetwork Type: 3 (Free Public)',
    '\t\t\tInternet',
    '\t\tVenue Group: 2 (Business)',
    '\t\tVenue Type: 7',
    '\tAP Channel Report:',
    '\t\t * operating class: 81',
    '\t\t * channel(s): 1 6 11',
    '\tRM enabled capabilities:',
    '\t\tCapabilities: 0x73 0xd0 0x00 0x00 0x0c',
    '\t\t\tLink Measurement',
    '\t\t\tNeighbor Report',
    '\t\t\tBeacon Passive Measurement',
    '\t\t\tBeacon Active Measurement',
    '\t\t\tBeacon Table Measurement',
    '\t\t\tLCI Measurement',
    '\t\t\tTransmit Stream/Category Measurement',
    '\t\t\tTriggered Transmit Stream/Category',
    '\t\t\tFTM Range Report',
    '\t\t\tCivic Location Measurement',
    '\t\tNonoperating Channel Max Measurement Duration: 0',
    '\t\tMeasurement Pilot Capability: 4',
    '\tRSN:\t * Version: 1',
    '\t\t * Group cipher: CCMP',
    '\t\t * bogus tail data (6): 02 00 00 0f ac 04',
    '\tWPS:\t * Version: 1.0',
    '\t\t * Wi-Fi Protected Setup State: 2 (Configured)',
    '\t\t * UUID: 00010203-0405-0607-0809-0a0b0c0d0e0f',
    '\t\t * Device name: AP 1',
    '\t\t * Config methods: Label, PBC',
    '',
  ].join('\n'));
  // The typed side of the same bytes.
  const t = parseIEs(b);
  assert.equal(findIE(t, 'mesh_configuration')!.numberOfPeerings, 2);
  assert.equal(findIE(t, 'interworking')!.venueGroup, 2);
  assert.deepEqual(findIE(t, 'ap_channel_report')!.channels, [1, 6, 11]);
  assert.deepEqual(findIE(t, 'bss_coexistence')!.informationRequest, true);
  assert.deepEqual([findIE(t, 'mobility_domain')!.mdid, findIE(t, 'mobility_domain')!.ftOverDs], [0x1234, true]);
  assert.deepEqual(findIE(t, 'wps')!.configMethods, ['Label', 'PBC']);
  assert.ok(findIE(t, 'rm_enabled_capabilities')!.names.includes('Neighbor Report'));
  // iw -u prints what it does not decode.
  assert.match(formatIEs(b, { unknown: true }), /\tUnknown IE \(72\): 01\n\tUnknown IE \(54\): 34 12 01\n/);
});
