// The per-request shortcuts of NetlinkSocket keep its behaviour: the watcher's ref is updated once
// per drain (not per request settled inside it), and the send queue's array is replaced now and
// then (only when empty). Over the fake kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { NlmF } from '../../src/netlink/constants.js';
import { parseMessages, type NetlinkMessage } from '../../src/netlink/message.js';
import { ack, fakeKernel, message, type Handler } from '../../src/testing/index.js';

const text = (m: NetlinkMessage) => Buffer.from(m.payload).toString();
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('the watcher is ref\'d while a request waits for a late answer, and unref\'d once the drain that settles it ends', async () => {
  const k = fakeKernel(() => []); // answers later, by inject()
  const refs: boolean[] = [];
  const s = NetlinkSocket.open('GENERIC', { transport: { ...k, ref: (_w, on) => { refs.push(on); } } });
  const p = s.request({ type: 0x20 });
  await tick();
  assert.equal(refs.at(-1), true, 'a request on the wire keeps the process alive');
  const req = parseMessages(k.sent[0]!)[0]!;
  k.inject(message(0x20, 0, req.seq, Buffer.from('late')), 0);
  k.inject(ack(req), 0);
  assert.deepEqual((await p).map(text), ['late']);
  assert.equal(refs.at(-1), false, 'nothing pending: the watcher no longer holds the loop');
  s.close();
});

test('many requests over several turns and a small window: each gets its own reply across queue array swaps', async () => {
  const echo: Handler = (req) => [message(0x20, 0, req.seq, Buffer.from(`r${req.seq}`)), ack(req)];
  const k = fakeKernel(echo);
  const s = NetlinkSocket.open('GENERIC', { transport: k, maxInFlight: 16 });
  for (let turn = 0; turn < 4; turn++) {
    const seqs = Array.from({ length: 50 }, (_, i) => 1000 * (turn + 1) + i);
    const out = await Promise.all(seqs.map((seq) => s.request({ type: 0x20, seq })));
    assert.deepEqual(out.map((r) => r.map(text)), seqs.map((q) => [`r${q}`]));
  }
  // The window held most back each turn: several sendmsg() calls, the ACK on the last of each only.
  const acked = k.sent.map((d) => parseMessages(d).filter((m) => (m.flags & NlmF.ACK) !== 0).length);
  assert.ok(k.sent.length >= 4 * 4, `${k.sent.length} sendmsg calls`);
  assert.ok(acked.every((n) => n === 1), `ACKs per sendmsg: ${acked.join(',')}`);
  s.close();
});

test('requests answered by an ACK alone resolve with arrays of their own (requests share an empty one until a reply comes)', async () => {
  const s = NetlinkSocket.open('GENERIC', { transport: fakeKernel((req) => [ack(req)]) });
  const [a, b] = await Promise.all([s.request({ type: 0x20 }), s.request({ type: 0x20 })]);
  assert.deepEqual([a, b], [[], []]);
  assert.notEqual(a, b);
  a!.push(b as never); // the caller's to change
  assert.deepEqual(await s.request({ type: 0x20 }), []);
  const c = s.requestSync({ type: 0x20 });
  assert.deepEqual(c, []);
  c.push(a as never);
  assert.deepEqual(s.requestSync({ type: 0x20 }), []);
  s.close();
});
