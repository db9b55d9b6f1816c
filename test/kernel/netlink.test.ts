// The communication layer against the host kernel (root; namespaced where state is involved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { GenericNetlink } from '../../src/genl/genl.js';
import { writeGenl } from '../../src/genl/header.js';
import { CTRL_CMD, nlctrl } from '../../src/genl/ctrl.js';
import { Writer } from '../../src/netlink/writer.js';
import { formatFamilies, formatFamily } from '../../src/genl/format.js';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { NetlinkError } from '../../src/netlink/errors.js';
import { forEachAttr } from '../../src/netlink/attrs.js';
import { NLM_F } from '../../src/netlink/constants.js';
import { parseMessages } from '../../src/netlink/message.js';
import type { NativeAddon } from '../../src/native.js';
import { main } from '../../src/cli/main.js';
import { createNetns, hasCommand, withNetns } from '../helpers/netns.js';

const RTM_GETLINK = 18;
const IFLA_IFNAME = 3;

/** Interface names seen by an rtnetlink socket (RTM_GETLINK dump). */
async function linkNames(s: NetlinkSocket): Promise<string[]> {
  const names: string[] = [];
  const ifinfomsg = new Uint8Array(16); // family AF_UNSPEC, all zero
  for await (const m of s.dump({ type: RTM_GETLINK, body: ifinfomsg })) {
    forEachAttr(m.payload, 16, m.payload.length, (type, _f, at, stop) => {
      if (type === IFLA_IFNAME) names.push(Buffer.from(m.payload.subarray(at, stop - 1)).toString());
    });
  }
  return names;
}

async function captureCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const sink = (f: (s: string) => void) => ({ write: (c: string | Uint8Array) => { f(String(c)); return true; } }) as unknown as NodeJS.WritableStream;
  const code = await main(argv, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), stdin: process.stdin });
  return { code, out, err };
}

test('nlkit genl list prints exactly what `genl ctrl list` prints', { skip: !hasCommand('genl') && 'genl (iproute2) is not installed' }, async () => {
  const ours = await captureCli(['genl', 'list']);
  const theirs = execFileSync('genl', ['ctrl', 'list'], { encoding: 'utf8' });
  assert.equal(ours.code, 0);
  assert.equal(ours.out, theirs);
  const g = await GenericNetlink.open();
  const fams = await g.families();
  g.close();
  assert.equal(formatFamilies(fams), theirs);
  assert.ok(fams.length >= 5, `families: ${fams.length}`);
});

test('nlkit genl get NAME equals `genl ctrl get name NAME` for every family', { skip: !hasCommand('genl') && 'genl is not installed' }, async () => {
  const g = await GenericNetlink.open();
  try {
    for (const f of await g.families()) {
      const theirs = execFileSync('genl', ['ctrl', 'get', 'name', f.name], { encoding: 'utf8' });
      assert.equal(formatFamily(await g.family(f.name)), theirs, f.name);
    }
  } finally {
    g.close();
  }
});

test('resolving a missing family fails with NetlinkError ENOENT', async () => {
  const g = await GenericNetlink.open();
  await assert.rejects(g.family('no-such-family'), (e: unknown) => e instanceof NetlinkError && e.errno === 2 && e.code === 'ENOENT');
  g.close();
});

test('a request the kernel rejects gives the errno and the extended-ack message', async () => {
  const s = NetlinkSocket.open('GENERIC');
  // CTRL_CMD_GETFAMILY with a 40-byte family name: over GENL_NAMSIZ, the policy rejects it.
  const body = (w: import('../../src/netlink/writer.js').Writer) => {
    w.u8(3); w.u8(2); w.u16(0);
    const a = w.begin(2);
    w.bytes(Buffer.from('x'.repeat(40) + '\0'));
    w.end(a);
  };
  await assert.rejects(s.request({ type: 0x10, body }), (e: unknown) => {
    assert.ok(e instanceof NetlinkError);
    assert.equal(e.code, 'EINVAL');
    assert.equal(e.kernelMessage, 'Attribute failed policy validation');
    assert.equal(e.offset, 20, 'offset of the family-name attribute in the request');
    return true;
  });
  s.close();
});

test('1,000 concurrent requests on one socket all resolve to their own replies', async () => {
  const g = await GenericNetlink.open();
  const names = (await g.families()).map((f) => f.name);
  const fresh = new GenericNetlink(g.socket); // no cache: every call goes to the kernel
  const asked = Array.from({ length: 1000 }, (_, i) => names[i % names.length]!);
  const got = await Promise.all(asked.map((n) => new GenericNetlink(fresh.socket).family(n)));
  assert.deepEqual(got.map((f) => f.name), asked);
  g.close();
});

test('replies a caller keeps stay intact while later reads fill new receive slabs', async () => {
  // 64 in flight at a time, every reply kept: several MiB of datagrams, so the reader moves on to
  // new slabs while the early replies are still held. The families differ, so a reply overwritten
  // by a later one would show.
  const g = await GenericNetlink.open();
  const names = (await g.families()).map((f) => f.name);
  g.close();
  const s = NetlinkSocket.open('GENERIC');
  const bodies = names.map((n) => {
    const w = new Writer(64);
    writeGenl(w, CTRL_CMD.GETFAMILY, 2, nlctrl.attrs, { family_name: n });
    return w.take();
  });
  const expected: string[] = [];
  for (const body of bodies) expected.push(Buffer.from((await s.request({ type: 0x10, body }))[0]!.payload).toString('hex'));
  const kept: [number, Uint8Array][] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < 30000; i = next++) {
      const k = i % bodies.length;
      kept.push([k, (await s.request({ type: 0x10, body: bodies[k]! }))[0]!.payload]);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  assert.equal(kept.length, 30000);
  const slabs = new Set(kept.map(([, p]) => p.buffer));
  assert.ok(slabs.size >= 2, `the replies came from ${slabs.size} slab(s): the test must cross slabs`);
  for (const [i, [k, p]] of kept.entries()) assert.equal(Buffer.from(p).toString('hex'), expected[k], `reply ${i} (${names[k]}) changed`);
  s.close();
});

/** The native addon, with every datagram sent recorded (the bytes that went on the wire). */
async function recordingTransport(): Promise<{ t: NativeAddon; sent: Uint8Array[] }> {
  const { native } = await import('../../src/native.js');
  const real = native();
  const sent: Uint8Array[] = [];
  const t: NativeAddon = {
    ...real,
    send: (fd, b, pid, groups) => {
      sent.push(Buffer.concat(Array.isArray(b) ? b : [b]));
      return real.send(fd, b, pid, groups);
    },
    sendAt: (fd, buf, start, end) => {
      sent.push(buf.slice(start, end));
      return real.sendAt!(fd, buf, start, end);
    },
  };
  // The socket sends its own buffer through the bound one: record that range too.
  let bound: Uint8Array | undefined;
  t.useBuffers = (fd, send, slab, out) => {
    if (send) bound = send;
    return real.useBuffers!(fd, send, slab, out);
  };
  t.sendBound = (fd, start, end) => {
    sent.push(bound!.slice(start, end));
    return real.sendBound!(fd, start, end);
  };
  return { t, sent };
}

test('requests of one turn share the last one\'s ACK: replies, errors and ACK-only successes still reach each', async () => {
  await withNetns(async (ns) => {
    const { t, sent } = await recordingTransport();
    const s = NetlinkSocket.open('ROUTE', { netns: ns.name, transport: t });
    // RTM_NEWADDR 10.9.0.i/32 on lo (index 1): a success is only an ACK. Request 50 repeats 10.9.0.10
    // with NLM_F_EXCL, so the kernel refuses it (EEXIST) in the middle of the datagram.
    const addr = (i: number) => ({
      type: 20 /* RTM_NEWADDR */, flags: NLM_F.CREATE | NLM_F.EXCL,
      body: (w: Writer) => {
        w.u8(2); w.u8(32); w.u8(0); w.u8(0); w.u32(1); // struct ifaddrmsg: AF_INET, /32, lo
        for (const type of [1, 2]) { const a = w.begin(type); w.bytes(Uint8Array.of(10, 9, 0, i)); w.end(a); } // IFA_ADDRESS, IFA_LOCAL
      },
    });
    const asked = Array.from({ length: 100 }, (_, i) => (i === 50 ? 10 : i + 1));
    const results = await Promise.allSettled(asked.map((i) => s.request(addr(i))));
    const flags = sent.flatMap((d) => parseMessages(d).map((m) => m.flags & NLM_F.ACK));
    assert.equal(sent.length, 1, 'the 100 requests went out in one sendmsg()');
    assert.deepEqual(flags, [...Array(99).fill(0), NLM_F.ACK], 'NLM_F_ACK on the last request only');
    results.forEach((r, i) => {
      if (i === 50) {
        assert.equal(r.status, 'rejected');
        const e = (r as PromiseRejectedResult).reason;
        assert.ok(e instanceof NetlinkError && e.code === 'EEXIST', `request 50: ${String(e)}`);
      } else {
        assert.deepEqual(r, { status: 'fulfilled', value: [] }, `request ${i}`);
      }
    });
    // iproute2 sees exactly the 99 distinct addresses.
    const listed = ns.exec('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo']).match(/10\.9\.0\.\d+/g) ?? [];
    assert.deepEqual(listed.sort(), [...new Set(asked)].map((i) => `10.9.0.${i}`).sort());
    s.close();
  });
});

test('GETFAMILY replies and errors with shared ACKs equal those with an ACK per request', async () => {
  const g = await GenericNetlink.open();
  const names = (await g.families()).map((f) => f.name);
  g.close();
  const asked = Array.from({ length: 300 }, (_, i) => (i % 7 === 3 ? `nosuch${i}` : names[i % names.length]!)); // short: ENOENT, not EINVAL
  const body = (n: string) => (w: Writer) => writeGenl(w, CTRL_CMD.GETFAMILY, 2, nlctrl.attrs, { family_name: n });
  const answers = async (elideAcks: boolean) => {
    const s = NetlinkSocket.open('GENERIC', { elideAcks });
    const r = await Promise.allSettled(asked.map((n) => s.request({ type: 0x10, body: body(n) })));
    s.close();
    // The family's id and name from each reply, or the errno.
    return r.map((x) => (x.status === 'rejected' ? `error ${(x.reason as NetlinkError).code}` : Buffer.from(x.value[0]!.payload.subarray(4, 40)).toString('hex')));
  };
  const shared = await answers(true);
  assert.equal(shared.filter((x) => x === 'error ENOENT').length, asked.filter((n) => n.startsWith('nosuch')).length);
  assert.deepEqual(shared, await answers(false));
});

test('a socket opened in a fresh namespace sees only that namespace', async () => {
  await withNetns(async (ns) => {
    execFileSync('ip', ['-n', ns.name, 'link', 'add', 'nlk0', 'type', 'veth', 'peer', 'name', 'nlk1']);
    const inside = NetlinkSocket.open('ROUTE', { netns: ns.name });
    const host = NetlinkSocket.open('ROUTE');
    try {
      assert.deepEqual((await linkNames(inside)).sort(), ['lo', 'nlk0', 'nlk1']);
      const hostNames = await linkNames(host);
      assert.ok(!hostNames.includes('nlk0'), 'the host does not see the namespace veth');
    } finally {
      inside.close();
      host.close();
    }
  });
});

test('a namespace given by path works too, and a missing one is a clear error', async () => {
  await withNetns(async (ns) => {
    const s = NetlinkSocket.open('ROUTE', { netns: `/run/netns/${ns.name}` });
    assert.deepEqual(await linkNames(s), ['lo']);
    s.close();
  });
  assert.throws(() => NetlinkSocket.open('ROUTE', { netns: 'nlkit-no-such-ns' }), (e: unknown) => e instanceof NetlinkError && e.code === 'ENOENT' && /nlkit-no-such-ns/.test(e.message));
});

test('multicast events arrive in get(); ENOBUFS is surfaced and the socket keeps working', async () => {
  const ns = createNetns();
  try {
    // RTMGRP_LINK = 1: link notifications. A tiny receive buffer and a blocked
    // event loop (execFileSync) make the kernel drop some of them.
    const s = NetlinkSocket.open('ROUTE', { netns: ns.name, groups: 1, rcvbuf: 1024 });
    for (let i = 0; i < 30; i++) execFileSync('ip', ['-n', ns.name, 'link', 'add', `d${i}`, 'type', 'veth', 'peer', 'name', `p${i}`]);
    let events = 0, enobufs = 0;
    for (;;) {
      try {
        await s.get({ timeoutMs: 300 });
        events++;
      } catch (e) {
        if (e instanceof NetlinkError && e.code === 'ENOBUFS') { enobufs++; continue; }
        if (e instanceof NetlinkError && e.code === 'ETIMEDOUT') break;
        throw e;
      }
    }
    assert.ok(events > 0, 'some link events arrived');
    assert.ok(enobufs > 0, 'the overflow was reported as ENOBUFS');
    // Still usable: a request and a fresh event.
    assert.ok((await linkNames(s)).includes('d0'));
    execFileSync('ip', ['-n', ns.name, 'link', 'set', 'd0', 'up']);
    const ev = await s.get({ timeoutMs: 2000 });
    assert.equal(ev.type, 16, 'RTM_NEWLINK after the overflow');
    s.close();
  } finally {
    ns.destroy();
  }
});

test('a dump request sets NLM_F_DUMP and the iterator can stop early without disturbing the next request', async () => {
  const g = await GenericNetlink.open();
  const it = g.socket.dump({ type: 0x10, flags: 0, body: (w) => { w.u8(3); w.u8(2); w.u16(0); } });
  for await (const m of it) {
    assert.equal(m.flags & NLM_F.MULTI, NLM_F.MULTI);
    break;
  }
  const f = await new GenericNetlink(g.socket).family('nlctrl');
  assert.equal(f.id, 0x10);
  g.close();
});

test('ten dumps started at once on one socket all complete: nlkit queues them (the kernel runs one at a time)', async () => {
  await withNetns(async (ns) => {
    const s = NetlinkSocket.open('ROUTE', { netns: ns.name });
    try {
      const all = await Promise.all(Array.from({ length: 10 }, () => linkNames(s)));
      for (const names of all) assert.deepEqual(names, ['lo']);
      // And through dumpAll, mixed with plain requests on the same socket.
      const mixed = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2
        ? s.dumpAll({ type: RTM_GETLINK, body: new Uint8Array(16) }).then((r) => r.length)
        : s.request({ type: RTM_GETLINK, body: new Uint8Array(16) }).then(() => -1, (e: NetlinkError) => e.errno))));
      // A RTM_GETLINK without NLM_F_DUMP and without a name or index is refused by the kernel (EINVAL or ENODEV).
      mixed.forEach((x, i) => (i % 2 ? assert.equal(x, 1) : assert.ok(x > 0, `errno ${x}`)));
    } finally {
      s.close();
    }
  });
});

test('no fd leak over 10,000 open/close cycles', async () => {
  const before = fs.readdirSync('/proc/self/fd').length;
  for (let i = 0; i < 10000; i++) {
    const s = NetlinkSocket.open('GENERIC');
    s.close();
  }
  // Watchers are released after a loop turn.
  await new Promise((r) => setImmediate(r));
  const after = fs.readdirSync('/proc/self/fd').length;
  assert.ok(after - before <= 2, `fds before ${before}, after ${after}`);
});

test('close() on a real socket rejects waiters and releases the fd', async () => {
  const s = NetlinkSocket.open('GENERIC');
  const link = fs.readlinkSync(`/proc/self/fd/${s.fd}`);
  assert.match(link, /^socket:/);
  const waiter = s.get();
  s.close();
  await assert.rejects(waiter, /closed/);
  assert.throws(() => fs.readlinkSync(`/proc/self/fd/${s.fd}`), /ENOENT/);
  await assert.rejects(new GenericNetlink(s).family('nlctrl'), /closed/);
});

test('subscribe to a multicast group by name; an unknown group names the ones that exist', async () => {
  const g = await GenericNetlink.open();
  try {
    const id = await g.subscribe('nlctrl', 'notify');
    assert.equal(id, (await g.family('nlctrl')).groups.find((x) => x.name === 'notify')!.id);
    await assert.rejects(g.subscribe('nlctrl', 'nope'), /family 'nlctrl' has no multicast group 'nope' \(it has: notify\)/);
    await g.unsubscribe('nlctrl', 'notify');
  } finally {
    g.close();
  }
});

test('the addon\'s sendAt sends exactly buf[start, end) and refuses a range outside the buffer', async () => {
  const { native } = await import('../../src/native.js');
  const addon = native();
  const s = NetlinkSocket.open('ROUTE');
  try {
    // Two garbage bytes either side of one RTM_GETLINK request: only the request may reach the kernel.
    const req = new Uint8Array(2 + 32 + 2).fill(0xee);
    const dv = new DataView(req.buffer, 2);
    dv.setUint32(0, 32, true); dv.setUint16(4, RTM_GETLINK, true); dv.setUint16(6, NLM_F.REQUEST | NLM_F.ACK, true);
    dv.setUint32(8, 4242, true);
    new Uint8Array(req.buffer, 2 + 16, 16).fill(0); // struct ifinfomsg, AF_UNSPEC, ifindex 0: the kernel answers
    assert.equal(addon.sendAt!(s.fd, req, 2, 34), 32);
    const first = await s.get({ timeoutMs: 2000 });
    assert.equal(first.seq, 4242);
    assert.throws(() => addon.sendAt!(s.fd, req, 2, 37), /outside the buffer/);
    assert.throws(() => addon.sendAt!(s.fd, req, 5, 4), /outside the buffer/);
  } finally {
    s.close();
  }
});

test('the addon\'s recvMany takes at most `max` datagrams, and all that wait without it', async () => {
  const { native } = await import('../../src/native.js');
  const addon = native();
  const fd = addon.open(16 /* GENERIC */, null); // a bare socket: no watcher reads it behind the test's back
  assert.ok(fd >= 0);
  try {
    assert.equal(addon.bind(fd, 0, 0), 0);
    // Three GETFAMILY requests with NLM_F_ACK: six datagrams wait once send() returns.
    const w = new Writer(256);
    for (let seq = 1; seq <= 3; seq++) {
      const at = w.pos;
      w.u32(0); w.u16(0x10); w.u16(NLM_F.REQUEST | NLM_F.ACK); w.u32(seq); w.u32(0);
      writeGenl(w, CTRL_CMD.GETFAMILY, 2, nlctrl.attrs, { family_name: 'nlctrl' });
      new DataView(w.buf.buffer).setUint32(at, w.pos - at, true);
    }
    assert.ok(addon.send(fd, w.take(), 0, 0) > 0);
    const buf = new Uint8Array(1 << 20), out = new Int32Array(4 * 64);
    assert.equal(addon.recvMany!(fd, buf, 0, 65536, out, 2), 2);
    assert.equal(addon.recvMany!(fd, buf, 0, 65536, out, 1), 1);
    assert.equal(addon.recvMany!(fd, buf, 0, 65536, out), 3);
    assert.equal(addon.recvMany!(fd, buf, 0, 65536, out), -11, 'nothing left: EAGAIN');
  } finally {
    addon.close(fd);
  }
});
