// requestSync()/dumpSync() and the addon calls under them (bound buffers, waitReadable) against the
// host kernel, each stateful case in its own namespace and checked against iproute2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeGenl } from '../../src/genl/header.js';
import { CTRL_CMD, nlctrl } from '../../src/genl/ctrl.js';
import { Writer } from '../../src/netlink/writer.js';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { NetlinkError } from '../../src/netlink/errors.js';
import { forEachAttr } from '../../src/netlink/attrs.js';
import { NLM_F } from '../../src/netlink/constants.js';
import { native } from '../../src/native.js';
import { withNetns } from '../helpers/netns.js';

const RTM_GETLINK = 18, RTM_NEWADDR = 20, IFLA_IFNAME = 3;
const getFamily = (name: string) => ({ type: 0x10, body: (w: Writer) => writeGenl(w, CTRL_CMD.GETFAMILY, 2, nlctrl.attrs, { family_name: name }) });

test('requestSync answers GETFAMILY exactly as request() does, and throws the kernel\'s error for a missing family', async () => {
  const s = NetlinkSocket.open('GENERIC');
  try {
    for (const name of ['nlctrl', 'nlctrl', 'NLBL_MGMT', 'nosuch']) {
      const a = await s.request(getFamily(name)).then((r) => r.map((m) => Buffer.from(m.payload).toString('hex')), (e: NetlinkError) => e.code);
      let b: string[] | string;
      try {
        b = s.requestSync(getFamily(name)).map((m) => Buffer.from(m.payload).toString('hex'));
      } catch (e) {
        assert.ok(e instanceof NetlinkError, String(e));
        b = e.code;
      }
      assert.deepEqual(b, a, name);
      if (name === 'nosuch') assert.equal(b, 'ENOENT');
      else assert.ok(Array.isArray(b) && b.length === 1, `${name}: one reply`);
    }
  } finally {
    s.close();
  }
});

test('dumpSync lists the links iproute2 lists, in a namespace with a veth pair', async () => {
  await withNetns(async (ns) => {
    ns.exec('ip', ['link', 'add', 'syn0', 'type', 'veth', 'peer', 'name', 'syn1']);
    const s = NetlinkSocket.open('ROUTE', { netns: ns.name });
    try {
      const names: string[] = [];
      for (const m of s.dumpSync({ type: RTM_GETLINK, body: new Uint8Array(16) })) {
        forEachAttr(m.payload, 16, m.payload.length, (type, _f, at, stop) => {
          if (type === IFLA_IFNAME) names.push(Buffer.from(m.payload.subarray(at, stop - 1)).toString());
        });
      }
      const ip = ns.exec('ip', ['-o', 'link', 'show']).split('\n').filter(Boolean).map((l) => l.split(': ')[1]!.split('@')[0]!);
      assert.deepEqual(names, ip);
      assert.deepEqual([...names].sort(), ['lo', 'syn0', 'syn1']);
    } finally {
      s.close();
    }
  });
});

test('requestSync adds an address iproute2 then shows; the same again with NLM_F_EXCL throws EEXIST', async () => {
  await withNetns(async (ns) => {
    const s = NetlinkSocket.open('ROUTE', { netns: ns.name });
    const addr = {
      type: RTM_NEWADDR, flags: NLM_F.CREATE | NLM_F.EXCL,
      body: (w: Writer) => {
        w.u8(2); w.u8(32); w.u8(0); w.u8(0); w.u32(1); // struct ifaddrmsg: AF_INET, /32, lo
        for (const type of [1, 2]) { const a = w.begin(type); w.bytes(Uint8Array.of(10, 7, 0, 1)); w.end(a); } // IFA_ADDRESS, IFA_LOCAL
      },
    };
    try {
      assert.deepEqual(s.requestSync(addr), []);
      assert.match(ns.exec('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo']), /inet 10\.7\.0\.1\/32/);
      assert.throws(() => s.requestSync(addr, { command: 'RTM_NEWADDR 10.7.0.1' }),
        (e: unknown) => e instanceof NetlinkError && e.code === 'EEXIST' && /RTM_NEWADDR 10\.7\.0\.1/.test(e.message));
      // The socket goes on: an async request after the sync ones.
      assert.deepEqual(await s.request({ ...addr, flags: NLM_F.CREATE | NLM_F.REPLACE }), []);
    } finally {
      s.close();
    }
  });
});

test('a thousand requestSync calls between async requests in flight: every one gets its own answer', async () => {
  const s = NetlinkSocket.open('GENERIC');
  try {
    const names = ['nlctrl', 'nosuch1'];
    const inFlight = Array.from({ length: 64 }, (_, i) => s.request(getFamily(names[i % 2]!)).then(() => 'ok', (e: NetlinkError) => e.code));
    const sync: string[] = [];
    for (let i = 0; i < 1000; i++) {
      try {
        sync.push(s.requestSync(getFamily(names[i % 2]!)).length === 1 ? 'ok' : 'wrong');
      } catch (e) {
        sync.push((e as NetlinkError).code);
      }
    }
    assert.deepEqual(sync, Array.from({ length: 1000 }, (_, i) => (i % 2 ? 'ENOENT' : 'ok')));
    assert.deepEqual(await Promise.all(inFlight), Array.from({ length: 64 }, (_, i) => (i % 2 ? 'ENOENT' : 'ok')));
  } finally {
    s.close();
  }
});

test('the addon: bound buffers take offsets only and refuse what lies outside them; waitReadable times out, then sees data; exchangeBound sends and reads in one call', () => {
  const addon = native();
  const fd = addon.open(16 /* GENERIC */, null); // a bare socket: no watcher reads it behind the test's back
  assert.ok(fd >= 0);
  try {
    assert.equal(addon.bind(fd, 0, 0), 0);
    assert.throws(() => addon.sendBound!(fd, 0, 4), /no send buffer bound/);
    assert.throws(() => addon.recvBound!(fd, 0, 65536), /no slab and out bound/);
    const w = new Writer(256);
    w.u16(0xeeee); // the request starts at 2: sendBound sends [start, end) only
    const at = w.pos;
    w.u32(0); w.u16(0x10); w.u16(NLM_F.REQUEST | NLM_F.ACK); w.u32(77); w.u32(0);
    writeGenl(w, CTRL_CMD.GETFAMILY, 2, nlctrl.attrs, { family_name: 'nlctrl' });
    new DataView(w.buf.buffer).setUint32(at, w.pos - at, true);
    const slab = new Uint8Array(1 << 20), out = new Int32Array(4 * 64);
    assert.equal(addon.useBuffers!(fd, w.buf, slab, out), 0);
    const t0 = performance.now();
    assert.equal(addon.waitReadable!(fd, 50), 0, 'nothing to read: times out');
    assert.ok(performance.now() - t0 >= 40, 'it waited');
    assert.throws(() => addon.sendBound!(fd, at, w.buf.length + 1), /outside it/);
    assert.equal(addon.sendBound!(fd, at, w.pos), w.pos - at);
    assert.equal(addon.waitReadable!(fd, 1000), 1, 'the reply waits');
    assert.equal(addon.recvBound!(fd, 8, 65536, 1), 1);
    assert.equal(out[0], 8, 'written at the offset asked for');
    assert.equal(new DataView(slab.buffer).getUint32(8 + 8, true), 77, 'the reply to seq 77');
    assert.throws(() => addon.recvBound!(fd, slab.length - 100, 65536), /no room for one slot/);
    // Rebinding the slab alone keeps the rest bound.
    const slab2 = new Uint8Array(1 << 17);
    addon.useBuffers!(fd, null, slab2, null);
    assert.equal(addon.recvBound!(fd, 0, 65536), 1, 'the ACK, into the new slab');
    assert.equal(slab2[4], 2, 'NLMSG_ERROR (the ACK)');
    assert.equal(addon.recvBound!(fd, 0, 65536), -11, 'nothing left: EAGAIN');
    // exchangeBound: the send and the read in one call; a send the kernel refuses reads nothing.
    addon.useBuffers!(fd, w.buf, slab, null);
    assert.equal(addon.exchangeBound!(fd, at, w.pos, 0, 65536, 2), 2, 'the reply and the ACK');
    assert.equal(new DataView(slab.buffer).getUint32(out[0]! + 8, true), 77);
    const huge = new Uint8Array(256 * 1024); // larger than the send buffer: EMSGSIZE
    new DataView(huge.buffer).setUint32(0, huge.length, true);
    addon.useBuffers!(fd, huge, null, null);
    assert.equal(addon.exchangeBound!(fd, 0, huge.length, 0, 65536), -4096 - 90, 'EMSGSIZE from the send, as -4096 - errno');
    assert.throws(() => addon.exchangeBound!(fd, 0, huge.length + 1, 0, 65536), /outside them/);
  } finally {
    addon.close(fd);
  }
  assert.throws(() => addon.recvBound!(fd, 0, 65536), /no slab and out bound/, 'close() forgets the buffers');
});

test('a message the kernel refuses to take (larger than the send buffer) throws EMSGSIZE, and the socket goes on', () => {
  const s = NetlinkSocket.open('GENERIC');
  try {
    assert.throws(() => s.requestSync({ type: 0x10, body: new Uint8Array(256 * 1024) }), (e: unknown) => (e as NodeJS.ErrnoException).code === 'EMSGSIZE' && /sendmsg/.test(String(e)));
    assert.equal(s.requestSync(getFamily('nlctrl')).length, 1);
  } finally {
    s.close();
  }
});

test('a group\'s copy of our own request is an event, however the group was joined (the addon reads sender addresses only then)', async () => {
  // The kernel sends RTM_NEWADDR to RTNLGRP_IPV4_IFADDR (5) with the request's own seq and port id,
  // before the ACK: only the datagram's groups tell the copy from a reply.
  const addr = (n: number) => ({
    type: RTM_NEWADDR, flags: NLM_F.CREATE | NLM_F.EXCL,
    body: (w: Writer) => {
      w.u8(2); w.u8(32); w.u8(0); w.u8(0); w.u32(1); // struct ifaddrmsg: AF_INET, /32, lo
      for (const type of [1, 2]) { const a = w.begin(type); w.bytes(Uint8Array.of(10, 8, 0, n)); w.end(a); } // IFA_ADDRESS, IFA_LOCAL
    },
  });
  await withNetns(async (ns) => {
    const joins: [string, () => NetlinkSocket][] = [
      ['bind', () => NetlinkSocket.open('ROUTE', { netns: ns.name, groups: 1 << 4 })],
      ['addMembership', () => { const s = NetlinkSocket.open('ROUTE', { netns: ns.name }); s.addMembership(5); return s; }],
      ['setOption', () => { const s = NetlinkSocket.open('ROUTE', { netns: ns.name }); s.setOption(270 /* SOL_NETLINK */, 1 /* NETLINK_ADD_MEMBERSHIP */, 5); return s; }],
    ];
    let n = 1;
    for (const [how, open] of joins) {
      const s = open();
      try {
        for (const sync of [false, true]) {
          const seq = s.nextSeq();
          const replies = sync ? s.requestSync({ ...addr(n++), seq }) : await s.request({ ...addr(n++), seq });
          assert.deepEqual(replies, [], `${how}, ${sync ? 'requestSync' : 'request'}: the ACK alone answers`);
          const ev = await s.get({ timeoutMs: 2000 });
          assert.deepEqual([ev.type, ev.seq], [RTM_NEWADDR, seq], `${how}: the group's copy reached get()`);
        }
      } finally {
        s.close();
      }
    }
  });
});
