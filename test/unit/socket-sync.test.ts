// requestSync()/dumpSync() over a fake kernel: the replies come back as a value, kernel errors are
// thrown, and whatever else is read on the way (events, other requests' replies) is routed as usual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { NetlinkError, SocketClosedError } from '../../src/netlink/errors.js';
import { NLM_F } from '../../src/netlink/constants.js';
import { parseMessages, type NetlinkMessage } from '../../src/netlink/message.js';
import { ack, concat, done, fakeKernel, message, type Handler } from '../../src/testing/index.js';

const open = (h: Handler) => {
  const k = fakeKernel(h);
  return { k, s: NetlinkSocket.open('GENERIC', { transport: k }) };
};
const text = (m: NetlinkMessage) => Buffer.from(m.payload).toString();
const sentMessages = (sent: Uint8Array[]) => sent.flatMap((d) => parseMessages(d));
/** Answers "r<seq>" then the ACK. */
const echo: Handler = (req) => [message(0x20, 0, req.seq, Buffer.from(`r${req.seq}`)), ack(req)];

test('requestSync returns the replies as a value, and asks for an ACK', () => {
  const { k, s } = open(echo);
  const out = s.requestSync({ type: 0x20, body: Buffer.from('hi') });
  const [req] = sentMessages(k.sent);
  assert.equal(req!.flags, NLM_F.REQUEST | NLM_F.ACK);
  assert.equal(Buffer.from(req!.payload).toString(), 'hi');
  assert.deepEqual(out.map(text), [`r${req!.seq}`]);
  // One after another, each with its own seq and its own replies.
  const again = s.requestSync({ type: 0x20 });
  const second = sentMessages(k.sent)[1]!;
  assert.notEqual(second.seq, req!.seq);
  assert.deepEqual(again.map(text), [`r${second.seq}`]);
  s.close();
});

test('a request that succeeds with no reply returns []', () => {
  const { s } = open((req) => [ack(req)]);
  assert.deepEqual(s.requestSync({ type: 0x20 }), []);
  s.close();
});

test('a kernel error is thrown as a NetlinkError with the kernel\'s words and the command', () => {
  const { s } = open((req) => [ack(req, 17, 'Set exists')]);
  assert.throws(() => s.requestSync({ type: 0x20 }, { command: 'ipset create' }), (e: unknown) => {
    assert.ok(e instanceof NetlinkError);
    assert.equal(e.code, 'EEXIST');
    assert.equal(e.kernelMessage, 'Set exists');
    assert.match(e.message, /ipset create/);
    return true;
  });
  // The socket goes on working.
  s.close();
});

test('dumpSync collects every reply, across datagrams, until NLMSG_DONE', () => {
  const { k, s } = open((req) => [
    concat([message(0x20, NLM_F.MULTI, req.seq, Buffer.from('a')), message(0x20, NLM_F.MULTI, req.seq, Buffer.from('b'))]),
    message(0x20, NLM_F.MULTI, req.seq, Buffer.from('c')),
    done(req.seq),
  ]);
  assert.deepEqual(s.dumpSync({ type: 0x20 }).map(text), ['a', 'b', 'c']);
  const [req] = sentMessages(k.sent);
  assert.equal(req!.flags, NLM_F.REQUEST | NLM_F.DUMP);
  s.close();
});

test('a dump that ends in an error is thrown', () => {
  const { s } = open((req) => [message(0x20, NLM_F.MULTI, req.seq, Buffer.from('a')), done(req.seq, -16)]);
  assert.throws(() => s.dumpSync({ type: 0x20 }), (e: unknown) => e instanceof NetlinkError && e.code === 'EBUSY');
  s.close();
});

test('requests queued earlier in the turn go out first and still resolve; events read on the way reach get()', async () => {
  const { k, s } = open(echo);
  const early = s.request({ type: 0x21 });
  k.inject(message(0x30, 0, 0, Buffer.from('event'), 0), 1);
  const out = s.requestSync({ type: 0x20 });
  const types = sentMessages(k.sent).map((m) => m.type);
  assert.deepEqual(types, [0x21, 0x20], 'the queued request was sent before the sync one');
  assert.equal(out.length, 1);
  assert.match(text((await early)[0]!), /^r\d+$/);
  assert.equal(text(await s.get({ timeoutMs: 1000 })), 'event');
  s.close();
});

test('a bad message throws before anything is sent', () => {
  const { k, s } = open(echo);
  assert.throws(() => s.requestSync({ type: 0x20, body: 'nope' as unknown as Uint8Array }), TypeError);
  assert.equal(k.sent.length, 0);
  // The socket still works after the refusal.
  assert.equal(s.requestSync({ type: 0x20 }).length, 1);
  s.close();
});

test('with no answer and a transport that cannot wait, it gives up at once with ETIMEDOUT', () => {
  const { s } = open(() => []);
  assert.throws(() => s.requestSync({ type: 0x20 }, { command: 'silent' }), (e: unknown) => e instanceof NetlinkError && e.code === 'ETIMEDOUT');
  s.close();
});

test('dumpSync refuses while a dump() runs on the socket; closed sockets refuse too', async () => {
  let first = true;
  const { k, s } = open((req) => {
    if (!first) return [message(0x20, NLM_F.MULTI, req.seq, Buffer.from('y')), done(req.seq)];
    first = false;
    return [message(0x20, NLM_F.MULTI, req.seq, Buffer.from('x'))]; // NLMSG_DONE comes later
  });
  const it = s.dump({ type: 0x20 });
  assert.equal(text((await it.next()).value as NetlinkMessage), 'x');
  assert.throws(() => s.dumpSync({ type: 0x20 }), /a dump is still running/);
  k.inject(done(sentMessages(k.sent)[0]!.seq), 0);
  assert.equal((await it.next()).done, true);
  assert.deepEqual(s.dumpSync({ type: 0x20 }).map(text), ['y'], 'once the dump ended, dumpSync runs');
  s.close();
  assert.throws(() => s.requestSync({ type: 0x20 }), SocketClosedError);
});

/** The fake kernel with recvMany (many datagrams per read, as the addon reads), built on its recv. */
function batching(h: Handler) {
  const k = fakeKernel(h);
  const one = new Int32Array(3);
  const t = {
    ...k,
    recvMany(fd: number, buf: Uint8Array, at: number, slot: number, out: Int32Array, max = 0) {
      let n = 0;
      for (let pos = at; n < out.length / 4 && (max === 0 || n < max) && buf.length - pos >= slot; n++) {
        const got = k.recv(fd, buf.subarray(pos, pos + slot), 0, one);
        if (got < 0) return n || got;
        out[4 * n] = pos; out[4 * n + 1] = got; out[4 * n + 2] = one[0]!; out[4 * n + 3] = one[1]!;
        pos += (Math.min(got, slot) + 7) & ~7;
      }
      return n;
    },
  };
  return { k, s: NetlinkSocket.open('GENERIC', { transport: t }) };
}

test('read in one batch: a reply and its ACK in one datagram are the answer; a datagram after it in the same read is routed', async () => {
  const { s } = batching((req) => [concat([message(0x20, 0, req.seq, Buffer.from('own')), ack(req)]), message(0x30, 0, 0, Buffer.from('later'), 0)]);
  assert.deepEqual(s.requestSync({ type: 0x20 }).map(text), ['own']);
  assert.equal(text(await s.get({ timeoutMs: 1000 })), 'later', 'the datagram read with the answer reached get()');
  s.close();
});

test('read in one batch: an unclaimed datagram before the answer, and an answer that is an error, go the long way', async () => {
  let n = 0;
  const { s } = batching((req) => (++n === 1
    ? [message(0x30, 0, 0, Buffer.from('first'), 0), message(0x20, 0, req.seq, Buffer.from('a')), message(0x20, 0, req.seq, Buffer.from('b')), ack(req)]
    : [message(0x20, 0, req.seq, Buffer.from('c')), ack(req, 1, 'Operation not permitted here')]));
  assert.deepEqual(s.requestSync({ type: 0x20 }).map(text), ['a', 'b'], 'replies across datagrams, after an event');
  assert.equal(text(await s.get({ timeoutMs: 1000 })), 'first');
  assert.throws(() => s.requestSync({ type: 0x20 }), (e: unknown) => e instanceof NetlinkError && e.code === 'EPERM' && e.kernelMessage === 'Operation not permitted here');
  s.close();
});

test('read in one batch: a dump in one datagram with its NLMSG_DONE; a dump whose DONE carries an error throws', () => {
  let n = 0;
  const { s } = batching((req) => (++n === 1
    ? [concat([message(0x20, NLM_F.MULTI, req.seq, Buffer.from('x')), message(0x20, NLM_F.MULTI, req.seq, Buffer.from('y')), done(req.seq)])]
    : [concat([message(0x20, NLM_F.MULTI, req.seq, Buffer.from('z')), done(req.seq, -4)])]));
  assert.deepEqual(s.dumpSync({ type: 0x20 }).map(text), ['x', 'y']);
  assert.throws(() => s.dumpSync({ type: 0x20 }), (e: unknown) => e instanceof NetlinkError && e.code === 'EINTR');
  s.close();
});
