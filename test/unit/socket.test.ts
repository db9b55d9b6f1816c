// NetlinkSocket's logic over a fake kernel: routing by sequence number,
// dumps, errors, ACKs, events, ENOBUFS, truncation, close. The last test
// replays a real conversation recorded from `genl`/`iw` in test/data/captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { NetlinkError, SocketClosedError } from '../../src/netlink/errors.js';
import { NLM_F } from '../../src/netlink/constants.js';
import { parseMessages, type NetlinkMessage } from '../../src/netlink/message.js';
import { GenericNetlink } from '../../src/genl/genl.js';
import { readCapture } from '../../src/decode/inputs/index.js';
import { FAKE_PORT, ack, concat, done, fakeKernel, message, type Handler } from '../../src/testing/index.js';
import { dataDir } from '../helpers/netns.js';

const open = (h: Handler, opts = {}) => {
  const k = fakeKernel(h);
  return { k, s: NetlinkSocket.open('GENERIC', { transport: k, ...opts }) };
};
const text = (m: NetlinkMessage) => Buffer.from(m.payload).toString();

test('request: data replies then the ACK; resolves with the data only', async () => {
  const { s } = open((req) => [message(0x20, 0, req.seq, Buffer.from('data')), ack(req)]);
  const replies = await s.request({ type: 0x20 });
  assert.deepEqual(replies.map(text), ['data']);
  s.close();
});

test('request: a stale ACK is never taken for the next request (routing by seq)', async () => {
  // Answers arrive in reverse order of the requests, all in one datagram. The kernel answers in
  // order, and ACK elision (socket-ack-groups.test.ts) relies on it: this fake does not, so every
  // request asks for its own ACK here.
  const reqs: NetlinkMessage[] = [];
  const k = fakeKernel((req) => {
    reqs.push(req);
    if (reqs.length < 3) return [];
    return [concat(reqs.slice().reverse().flatMap((r) => [message(0x20, 0, r.seq, Buffer.from(`r${r.seq}`)), ack(r)]))];
  });
  const s = NetlinkSocket.open('GENERIC', { transport: k, elideAcks: false });
  const ps = [1, 2, 3].map(() => s.request({ type: 0x20 }));
  const out = await Promise.all(ps);
  out.forEach((replies, i) => assert.equal(text(replies[0]!), `r${reqs[i]!.seq}`));
  s.close();
});

test('request: an error rejects with NetlinkError carrying errno and the ext-ack message', async () => {
  const { s } = open((req) => [ack(req, 22, 'Attribute failed policy validation')]);
  await assert.rejects(s.request({ type: 0x20 }, { command: 'test CMD' }), (e: unknown) => {
    assert.ok(e instanceof NetlinkError);
    assert.equal(e.errno, 22);
    assert.equal(e.code, 'EINVAL');
    assert.equal(e.kernelMessage, 'Attribute failed policy validation');
    assert.match(e.message, /test CMD: Invalid argument \(EINVAL\): Attribute failed policy validation/);
    return true;
  });
  s.close();
});

test('dump: iterates over multipart replies until NLMSG_DONE, across datagrams', async () => {
  const { k, s } = open((req) => [
    concat([message(0x20, NLM_F.MULTI, req.seq, Buffer.from('a')), message(0x20, NLM_F.MULTI, req.seq, Buffer.from('b'))]),
    concat([message(0x20, NLM_F.MULTI, req.seq, Buffer.from('c')), done(req.seq)]),
  ]);
  const got: string[] = [];
  for await (const m of s.dump({ type: 0x20 })) got.push(text(m));
  assert.deepEqual(got, ['a', 'b', 'c']);
  const sent = parseMessages(k.sent[0]!)[0]!;
  assert.equal(sent.flags & NLM_F.DUMP, NLM_F.DUMP);
  s.close();
});

test('dump: an error in NLMSG_DONE rejects the iterator', async () => {
  const { s } = open((req) => [concat([message(0x20, NLM_F.MULTI, req.seq, Buffer.from('a')), done(req.seq, -16)])]);
  const got: string[] = [];
  await assert.rejects(async () => {
    for await (const m of s.dump({ type: 0x20 })) got.push(text(m));
  }, (e: unknown) => e instanceof NetlinkError && e.code === 'EBUSY');
  assert.deepEqual(got, ['a']);
  s.close();
});

test('events between replies are queued for get(), never dropped', async () => {
  const { k, s } = open((req) => {
    k.inject(message(0x30, 0, 0, Buffer.from('event-1'), 0));
    return [message(0x20, 0, req.seq, Buffer.from('reply')), ack(req)];
  });
  k.inject(message(0x30, 0, 0, Buffer.from('event-0'), 0));
  const replies = await s.request({ type: 0x20 });
  assert.deepEqual(replies.map(text), ['reply']);
  assert.equal(text(await s.get()), 'event-0');
  assert.equal(text(await s.get()), 'event-1');
  s.close();
});

test('a multicast copy carrying our seq is an event, not a reply', async () => {
  const { k, s } = open((req) => {
    k.inject(message(0x20, 0, req.seq, Buffer.from('notification'), FAKE_PORT), 4);
    return [ack(req)];
  });
  assert.deepEqual(await s.request({ type: 0x20 }), []);
  assert.equal(text(await s.get()), 'notification');
  s.close();
});

test('put(): no reply is awaited; a late error arrives in get()', async () => {
  const { s } = open((req) => [ack(req, 1)]);
  const seq = s.put({ type: 0x20, flags: NLM_F.REQUEST | NLM_F.ACK });
  const m = await s.get();
  assert.equal(m.type, 2);
  assert.equal(m.seq, seq);
  s.close();
});

test('recv(): the next raw datagram, before routing', async () => {
  const { k, s } = open(() => []);
  const raw = message(0x40, 0, 9, Buffer.from('raw'));
  k.inject(raw, 0);
  assert.deepEqual(await s.recv(), raw);
  s.close();
});

test('sendto(): raw bytes out, several buffers in one call', () => {
  const { k, s } = open(() => []);
  const a = message(0x20, 1, 1), b = message(0x20, 1, 2);
  assert.equal(s.sendto([a, b]), a.length + b.length);
  assert.equal(k.sent.length, 2);
  s.close();
});

test('ENOBUFS is reported through get() and the socket keeps working', async () => {
  const { k, s } = open((req) => [ack(req)]);
  k.injectErrno(105);
  await assert.rejects(s.get(), (e: unknown) => e instanceof NetlinkError && e.code === 'ENOBUFS');
  assert.deepEqual(await s.request({ type: 0x20 }), []);
  k.inject(message(0x30, 0, 0, Buffer.from('after'), 0));
  assert.equal(text(await s.get()), 'after');
  s.close();
});

test('a datagram larger than the buffer fails its request with EMSGSIZE, and the buffer grows', async () => {
  let big = true;
  const { s } = open((req) => {
    const payload = Buffer.alloc(big ? 8000 : 10, 1);
    big = false;
    return [concat([message(0x20, 0, req.seq, payload), ack(req)])];
  }, { bufferSize: 4096 });
  await assert.rejects(s.request({ type: 0x20 }), (e: unknown) => e instanceof NetlinkError && e.code === 'EMSGSIZE');
  assert.equal((await s.request({ type: 0x20 })).length, 1);
  s.close();
});

test('close() rejects every pending request and waiter', async () => {
  const { k, s } = open(() => []);
  const p1 = s.request({ type: 0x20 });
  const p2 = s.get();
  s.close();
  await assert.rejects(p1, SocketClosedError);
  await assert.rejects(p2, SocketClosedError);
  assert.ok(k.closed);
  assert.throws(() => s.put({ type: 0x20 }), SocketClosedError);
});

test('timeouts reject with ETIMEDOUT', async () => {
  const { s } = open(() => []);
  await assert.rejects(s.request({ type: 0x20 }, { timeoutMs: 20 }), (e: unknown) => e instanceof NetlinkError && e.code === 'ETIMEDOUT');
  s.close();
});

test('maxInFlight: the window is respected and every request completes', async () => {
  let inFlight = 0, peak = 0;
  const k = fakeKernel((req) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    setImmediate(() => { inFlight--; k.inject(ack(req), 0); });
    return [];
  });
  const s = NetlinkSocket.open('GENERIC', { transport: k, maxInFlight: 8 });
  const rs = await Promise.all(Array.from({ length: 100 }, () => s.request({ type: 0x20 })));
  assert.equal(rs.length, 100);
  assert.ok(peak <= 8, `peak in flight ${peak}`);
  s.close();
});

test('requestMany: one failure loses nothing else', async () => {
  const { s } = open((req) => [ack(req, req.payload[0] === 1 ? 17 : 0)]);
  const results = await Promise.all(s.requestMany([0, 1, 0].map((x) => ({ type: 0x20, body: Uint8Array.of(x, 0, 0, 0) }))));
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
});

test('requests made in one turn go out in one sendmsg, and each gets its own replies', async () => {
  const { k, s } = open((req) => [message(0x20, 0, req.seq, Buffer.from(`r${req.seq}`)), ack(req)]);
  const ps = Array.from({ length: 10 }, () => s.request({ type: 0x20 }));
  const out = await Promise.all(ps);
  assert.equal(k.sent.length, 1, 'one sendmsg for the ten requests');
  const sent = parseMessages(k.sent[0]!);
  assert.equal(sent.length, 10);
  out.forEach((replies, i) => assert.deepEqual(replies.map(text), [`r${sent[i]!.seq}`]));
  s.close();
});

test('dumps wait for the running dump (one per socket), other requests do not', async () => {
  const log: string[] = [];
  let running = false;
  const k = fakeKernel((req) => {
    if (!(req.flags & NLM_F.DUMP)) return [message(0x20, 0, req.seq, Buffer.from('plain')), ack(req)];
    if (running) return [ack(req, 16)]; // what the kernel says: EBUSY
    running = true;
    log.push('start');
    // The dump's end comes a few turns later.
    setTimeout(() => {
      running = false;
      log.push('end');
      k.inject(concat([message(0x20, NLM_F.MULTI, req.seq, Buffer.from(`d${req.seq}`)), done(req.seq)]), 0);
    }, 5);
    return [];
  });
  const s = NetlinkSocket.open('GENERIC', { transport: k });
  const dumps = [1, 2, 3].map(() => s.dumpAll({ type: 0x20 }));
  const plain = s.request({ type: 0x20 }).then((r) => { log.push('plain'); return r; });
  const [results, p] = await Promise.all([Promise.all(dumps), plain]);
  assert.deepEqual(p.map(text), ['plain']);
  results.forEach((r) => assert.equal(r.length, 1));
  // Each dump starts after the one before it ended; the plain request went by during the first.
  assert.deepEqual(log, ['start', 'plain', 'end', 'start', 'end', 'start', 'end']);
  s.close();
});

/** Replays a recorded conversation: each request is answered with the replies the kernel really sent, re-stamped with our seq and port. */
function replay(records: { direction?: string; bytes: Uint8Array }[]): Handler {
  let i = 0;
  return (req) => {
    while (i < records.length && records[i]!.direction !== 'send') i++;
    i++;
    const out: Uint8Array[] = [];
    while (i < records.length && records[i]!.direction === 'recv') {
      const d = new Uint8Array(records[i++]!.bytes); // a copy with its own buffer
      const v = new DataView(d.buffer);
      for (let at = 0; at + 16 <= d.length; ) {
        const len = v.getUint32(at, true);
        if (len < 16) break;
        v.setUint32(at + 8, req.seq, true);
        v.setUint32(at + 12, FAKE_PORT, true);
        at += (len + 3) & ~3;
      }
      out.push(d);
    }
    return out;
  };
}

test('replay of a recorded `genl ctrl get` / iw family lookup through GenericNetlink', async () => {
  const file = path.join(dataDir(), 'captures', 'iw_strace_hex.txt');
  const all = [...readCapture(fs.readFileSync(file))];
  // The first conversation on a NETLINK_GENERIC socket is iw resolving "nl80211".
  const genl = all.filter((r) => r.protocol === 16 && !r.error && !r.peek && r.bytes.length >= 16);
  const firstSend = genl.findIndex((r) => r.direction === 'send');
  assert.ok(firstSend >= 0, 'the capture has a generic netlink request');
  const k = fakeKernel(replay(genl.slice(firstSend)));
  const g = new GenericNetlink(NetlinkSocket.open('GENERIC', { transport: k }));
  const fam = await g.family('nl80211');
  assert.equal(fam.name, 'nl80211');
  assert.ok(fam.id >= 0x10, `dynamic id ${fam.id}`);
  assert.ok(fam.groups.some((x) => x.name === 'scan'), 'nl80211 has a scan group');
  assert.ok(fam.ops.length > 50, `nl80211 has many commands (${fam.ops.length})`);
  g.close();
});

test('peek: an oversized datagram is not lost; the buffer grows to take it whole', async () => {
  const { s } = open((req) => [concat([message(0x20, 0, req.seq, Buffer.alloc(9000, 7)), ack(req)])], { bufferSize: 4096, peek: true });
  const [reply] = await s.request({ type: 0x20 });
  assert.equal(reply!.payload.length, 9000);
  assert.ok(reply!.payload.every((b) => b === 7));
  s.close();
});
