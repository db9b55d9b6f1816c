// The receive slabs over a fake kernel: messages of a normal dump (and replies,
// events) may be kept and are never overwritten; a transient dump's messages
// are lent until the iterator's next step, and their memory is then written again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { NLM_F } from '../../src/netlink/constants.js';
import type { NetlinkMessage } from '../../src/netlink/message.js';
import { ack, concat, done, fakeKernel, message } from '../../src/testing/index.js';

/** Bytes per dump message: about the kernel's 32 KiB dump datagrams. */
const SIZE = 30000;
const DUMP = 0x20, REQ = 0x21, EVENT = 0x30;

/** The payload of message i of dump `id`: its id and index first, then a fill byte of both. */
function payload(id: number, i: number): Uint8Array {
  const p = new Uint8Array(SIZE).fill((id * 37 + i) & 255);
  p[0] = id;
  p[1] = i >> 8;
  p[2] = i & 255;
  return p;
}

/** Throws unless m is still message i of dump `id`, every byte of it. */
function check(m: NetlinkMessage | Uint8Array, id: number, i: number): void {
  const p = m instanceof Uint8Array ? m : m.payload;
  assert.equal(p.length, SIZE);
  assert.deepEqual([p[0], (p[1]! << 8) | p[2]!], [id, i], `message ${i} of dump ${id} was overwritten`);
  const fill = (id * 37 + i) & 255;
  for (let j = 3; j < SIZE; j++) if (p[j] !== fill) assert.fail(`message ${i} of dump ${id}: byte ${j} is ${p[j]}, not ${fill}`);
}

/** A socket over a fake kernel: a dump request's body [id, count>>8, count&255] gets `count` messages. */
function open() {
  const k = fakeKernel((req) => {
    if (req.type === REQ) return [message(REQ, 0, req.seq, payload(req.payload[0]!, 0)), ack(req)];
    const id = req.payload[0]!, count = (req.payload[1]! << 8) | req.payload[2]!;
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) out.push(message(DUMP, NLM_F.MULTI, req.seq, payload(id, i)));
    out.push(done(req.seq));
    return out;
  });
  return { k, s: NetlinkSocket.open('GENERIC', { transport: k }) };
}

const dumpMsg = (id: number, count: number) => ({ type: DUMP, body: new Uint8Array([id, count >> 8, count & 255]) });

/** Runs a dump, checking each message when it comes; the distinct buffers its payloads were views of. */
async function runDump(s: NetlinkSocket, id: number, count: number, transient: boolean, keep?: NetlinkMessage[]): Promise<number> {
  const buffers = new Set<ArrayBufferLike>();
  let i = 0;
  for await (const m of s.dump(dumpMsg(id, count), { transient })) {
    check(m, id, i++);
    buffers.add(m.payload.buffer);
    keep?.push(m);
  }
  assert.equal(i, count);
  return buffers.size;
}

test('a transient dump: every message right when read, in a few slabs written again; a normal dump takes fresh ones', async () => {
  const { s } = open();
  const normal = await runDump(s, 1, 600, false);
  const transient = await runDump(s, 2, 600, true);
  // 600 messages of 30 KB are 18 MB: a normal dump needs a fresh slab for every 3 MiB of them (a 4 MiB
  // slab is replaced once less than a quarter of it is free).
  assert.ok(normal >= 6, `a normal dump used ${normal} slabs`);
  assert.ok(transient <= 3, `a transient dump used ${transient} slabs, not a few written again`);
  s.close();
});

test('messages kept from a normal dump, a reply and an event stay intact while transient dumps reuse memory', async () => {
  const { k, s } = open();
  const kept: NetlinkMessage[] = [];
  await runDump(s, 3, 100, false, kept);
  const [reply] = await s.request({ type: REQ, body: new Uint8Array([4]) });
  k.inject(message(EVENT, 0, 0, payload(5, 0), 0));
  for (let round = 0; round < 3; round++) await runDump(s, 6 + round, 200, true);
  // A normal dump after the transient ones: its messages are kept too.
  const later: NetlinkMessage[] = [];
  await runDump(s, 9, 50, false, later);
  await runDump(s, 10, 200, true);
  kept.forEach((m, i) => check(m, 3, i));
  check(reply!, 4, 0);
  check(await s.get(), 5, 0);
  later.forEach((m, i) => check(m, 9, i));
  s.close();
});

test('a lent message stays intact until the next step, however long its reader takes', async () => {
  const { s } = open();
  let i = 0;
  // A short queue, so the slab holding m would be written again soon if m were given back early.
  for await (const m of s.dump(dumpMsg(19, 200), { transient: true, highWaterMark: 2 })) {
    // The socket reads on meanwhile (the fake kernel has every datagram queued).
    await new Promise((r) => setImmediate(r));
    check(m, 19, i++);
  }
  assert.equal(i, 200);
  s.close();
});

test('an event that arrives during a transient dump is kept intact for get()', async () => {
  const { k, s } = open();
  let i = 0;
  for await (const m of s.dump(dumpMsg(11, 200), { transient: true })) {
    check(m, 11, i);
    if (i++ === 40) k.inject(message(EVENT, 0, 0, payload(12, 7), 0));
  }
  await runDump(s, 13, 200, true);
  check(await s.get(), 12, 7);
  s.close();
});

test('a transient dump left early gives its messages back; the dumps after it read right', async () => {
  const { s } = open();
  let i = 0;
  for await (const m of s.dump(dumpMsg(14, 200), { transient: true })) {
    check(m, 14, i);
    if (++i === 50) break;
  }
  const kept: NetlinkMessage[] = [];
  await runDump(s, 15, 100, false, kept);
  await runDump(s, 16, 200, true);
  kept.forEach((m, j) => check(m, 15, j));
  s.close();
});

test('a transient dump with its messages collected whole (no iterator step between) is still read right', async () => {
  // dumpAll never lends: its messages are kept by design, whatever the option says.
  const { s } = open();
  const all = await s.dumpAll(dumpMsg(17, 100), { transient: true });
  await runDump(s, 18, 200, true);
  all.forEach((m, i) => check(m, 17, i));
  // Sanity of the checker itself: a message of another dump is told apart.
  assert.throws(() => check(all[0]!, 17, 1), /overwritten/);
  s.close();
});

test('the bytes of a kept payload are compared whole (concat of two datagrams checked too)', () => {
  const two = concat([payload(1, 0), payload(1, 1)]);
  check(two.subarray(0, SIZE), 1, 0);
  check(two.subarray(SIZE), 1, 1);
  const bad = payload(1, 2);
  bad[SIZE - 1] = 0;
  assert.throws(() => check(bad, 1, 2), /byte 29999/);
});
