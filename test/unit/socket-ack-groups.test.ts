// ACK elision over a fake kernel that answers in order, like the kernel: requests sent in one
// sendmsg() ask for an ACK on the last only, and a later request's reply or ACK ends the earlier
// ones (src/netlink/ack-group.ts). The fake sends no success ACK to a request that did not ask.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { NetlinkError } from '../../src/netlink/errors.js';
import { NLM_F } from '../../src/netlink/constants.js';
import { parseMessages, type NetlinkMessage } from '../../src/netlink/message.js';
import { ack, concat, done, fakeKernel, message, type Handler } from '../../src/testing/index.js';

const open = (h: Handler, opts = {}) => {
  const k = fakeKernel(h);
  return { k, s: NetlinkSocket.open('GENERIC', { transport: k, ...opts }) };
};
const text = (m: NetlinkMessage) => Buffer.from(m.payload).toString();
/** The request flags of every message sent, in order. */
const sentFlags = (sent: Uint8Array[]) => sent.flatMap((d) => parseMessages(d).map((m) => m.flags));
/** Answers "r<seq>" then the ACK (the fake drops the ACK when it was not asked for). */
const echo: Handler = (req) => [message(0x20, 0, req.seq, Buffer.from(`r${req.seq}`)), ack(req)];

test('requests of one turn go out in one sendmsg, NLM_F_ACK on the last only; each gets its own reply', async () => {
  const { k, s } = open(echo);
  const ps = [0, 1, 2, 3].map(() => s.request({ type: 0x20 }));
  const out = await Promise.all(ps);
  assert.equal(k.sent.length, 1);
  const flags = sentFlags(k.sent);
  assert.deepEqual(flags.map((f) => f & NLM_F.ACK), [0, 0, 0, NLM_F.ACK]);
  const seqs = parseMessages(k.sent[0]!).map((m) => m.seq);
  assert.deepEqual(out.map((r) => r.map(text)), seqs.map((q) => [`r${q}`]));
  s.close();
});

test('a request that succeeds with no reply resolves with [] once a later one answers', async () => {
  const { s } = open((req) => [ack(req)]);
  assert.deepEqual(await Promise.all([s.request({ type: 0x20 }), s.request({ type: 0x20 }), s.request({ type: 0x20 })]), [[], [], []]);
  s.close();
});

test('an error in the middle of a group rejects that request only, with the kernel words', async () => {
  let n = 0;
  const { s } = open((req) => (++n === 2 ? [ack(req, 17, 'Set exists')] : echo(req, new Uint8Array())));
  const r = await Promise.allSettled([s.request({ type: 0x20 }), s.request({ type: 0x20 }, { command: 'second' }), s.request({ type: 0x20 })]);
  assert.deepEqual(r.map((x) => x.status), ['fulfilled', 'rejected', 'fulfilled']);
  const e = (r[1] as PromiseRejectedResult).reason;
  assert.ok(e instanceof NetlinkError);
  assert.equal(e.code, 'EEXIST');
  assert.equal(e.kernelMessage, 'Set exists');
  s.close();
});

test('an earlier request collects every reply until a later one answers (its replies may span datagrams)', async () => {
  let n = 0;
  const { s } = open((req) => (++n === 1
    ? [message(0x20, 0, req.seq, Buffer.from('a')), message(0x20, 0, req.seq, Buffer.from('b'))]
    : [message(0x20, 0, req.seq, Buffer.from('c')), ack(req)]));
  const log: string[] = [];
  const p1 = s.request({ type: 0x20 }).then((r) => { log.push(`1:${r.map(text).join('')}`); });
  const p2 = s.request({ type: 0x20 }).then((r) => { log.push(`2:${r.map(text).join('')}`); });
  await Promise.all([p1, p2]);
  assert.deepEqual(log, ['1:ab', '2:c']);
  s.close();
});

test('requests with a timeout keep their own ACK; elideAcks: false keeps every ACK', async () => {
  const a = open(echo);
  await Promise.all([a.s.request({ type: 0x20 }, { timeoutMs: 5000 }), a.s.request({ type: 0x20 }, { timeoutMs: 5000 })]);
  assert.deepEqual(sentFlags(a.k.sent).map((f) => f & NLM_F.ACK), [NLM_F.ACK, NLM_F.ACK]);
  a.s.close();
  const b = open(echo, { elideAcks: false });
  await Promise.all([b.s.request({ type: 0x20 }), b.s.request({ type: 0x20 }), b.s.request({ type: 0x20 })]);
  assert.deepEqual(sentFlags(b.k.sent).map((f) => f & NLM_F.ACK), [NLM_F.ACK, NLM_F.ACK, NLM_F.ACK]);
  b.s.close();
});

test('a dump in the same sendmsg is not in the group, and its replies end nothing else', async () => {
  const { k, s } = open((req) => (req.flags & NLM_F.DUMP
    ? [concat([message(0x20, NLM_F.MULTI, req.seq, Buffer.from('d')), done(req.seq)])]
    : echo(req, new Uint8Array())));
  const p1 = s.request({ type: 0x20 });
  const d = s.dumpAll({ type: 0x20 });
  const p2 = s.request({ type: 0x20 });
  const [r1, rd, r2] = await Promise.all([p1, d, p2]);
  assert.equal(k.sent.length, 1);
  assert.deepEqual(sentFlags(k.sent).map((f) => f & (NLM_F.ACK | NLM_F.DUMP)), [0, NLM_F.DUMP, NLM_F.ACK]);
  assert.equal(r1.length, 1);
  assert.deepEqual(rd.map(text), ['d']);
  assert.equal(r2.length, 1);
  s.close();
});

test('on a protocol not answered inside sendmsg (AUDIT) every request keeps its ACK', async () => {
  const k = fakeKernel(echo);
  const s = NetlinkSocket.open('AUDIT', { transport: k });
  await Promise.all([s.request({ type: 0x20 }), s.request({ type: 0x20 })]);
  assert.deepEqual(sentFlags(k.sent).map((f) => f & NLM_F.ACK), [NLM_F.ACK, NLM_F.ACK]);
  s.close();
});

test('with a small in-flight window each sendmsg is its own group, ending in an ACK', async () => {
  const { k, s } = open(echo, { maxInFlight: 3 });
  const out = await Promise.all(Array.from({ length: 7 }, () => s.request({ type: 0x20 })));
  assert.equal(k.sent.length, 3);
  assert.deepEqual(k.sent.map((d) => parseMessages(d).map((m) => m.flags & NLM_F.ACK)), [[0, 0, NLM_F.ACK], [0, 0, NLM_F.ACK], [NLM_F.ACK]]);
  assert.deepEqual(out.map((r) => r.length), [1, 1, 1, 1, 1, 1, 1]);
  s.close();
});
