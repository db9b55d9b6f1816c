// nlkit/testing, used as a user would: code written on nlkit runs over the fake
// kernel, without root. This file is the example the README points to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GenericNetlink, NetlinkError } from '../../src/index.js';
import { ack, fakeKernel, genlFamilies } from '../../src/testing/index.js';

const families = [
  { name: 'nl80211', id: 0x1c, version: 1, groups: { config: 4, scan: 5 } },
  { name: 'ethtool', id: 0x15, version: 1 },
];

test('GenericNetlink over the fake kernel: family lookup, groups, ENOENT, dumps', async () => {
  const kernel = fakeKernel((req) => genlFamilies(req, families) ?? [ack(req, 95)]);
  const g = await GenericNetlink.open({ transport: kernel });
  try {
    const fam = await g.family('nl80211');
    assert.equal(fam.id, 0x1c);
    assert.deepEqual(fam.groups.map((x) => [x.name, x.id]), [['config', 4], ['scan', 5]]);
    await g.subscribe('nl80211', 'scan');
    assert.deepEqual(kernel.memberships, [5], 'joined the scan group by its id');
    await assert.rejects(g.family('nope'), (e: Error) => e instanceof NetlinkError && e.errno === 2);
    const all = await g.families();
    assert.deepEqual(all.map((f) => f.name), ['nl80211', 'ethtool']);
    assert.ok(kernel.sent.length >= 3, 'every request went through the transport');
  } finally {
    g.close();
  }
  assert.equal(kernel.closed, true);
});
