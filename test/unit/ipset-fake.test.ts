// IPSet's module logic over the fake kernel (nlkit/testing), no root: bulk
// add with a refused entry in the middle of a message (the rest re-sent and
// the refusal reported by its index), restore stopping at its first bad line,
// replace swapping in a filled temporary set and cleaning up a dead one's.
// The fake answers PROTOCOL with the bytes of a real kernel's reply (capture).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AttrIter } from '../../src/netlink/attr-iter.js';
import { decodeAttrsAt, encodeAttrsInto } from '../../src/netlink/attrs.js';
import { NLMSG_ERROR, NLM_F } from '../../src/netlink/constants.js';
import { encodeMessage, type NetlinkMessage } from '../../src/netlink/message.js';
import type { Attrs } from '../../src/netlink/schema.js';
import { NFGEN_HDRLEN, writeNfgen } from '../../src/nfnetlink/header.js';
import { IPSetArgumentError } from '../../src/ipset/entry.js';
import { IPSetError } from '../../src/ipset/errors.js';
import { IPSet, IPSetRestoreError } from '../../src/ipset/ipset.js';
import { tempName } from '../../src/ipset/replace.js';
import { IPSET_CMD, IPSET_ERR, IPSET_FLAG, ipsetAttrsFor, ipsetAdtCmdAttrs } from '../../src/ipset/schema.js';
import { FAKE_PORT, ack, done, fakeKernel, reply } from '../../src/testing/index.js';
import { dataDir } from '../helpers/netns.js';

/** The PROTOCOL reply a real 6.x kernel sent (protocol 7, protocol_min 6), from the strace capture. */
function capturedProtocolReply(): Uint8Array {
  const text = fs.readFileSync(path.join(dataDir(), 'captures', 'ipset_strace_hex.txt'), 'utf8');
  const block = text.split('=====')[1]!;
  const recv = block.slice(block.indexOf('recvmsg('));
  const hex = [...recv.matchAll(/^ \| [0-9a-f]{5} {2}((?:[0-9a-f]{2} {1,2})+)/gm)].slice(0, 3).map((m) => m[1]!).join(' ');
  return Uint8Array.from(hex.trim().split(/\s+/).map((h) => parseInt(h, 16)));
}

interface FakeSet { type: string; family: number; members: Set<string> }

/**
 * An in-memory ipset kernel for hash:ip sets: enough of PROTOCOL, TYPE, CREATE, HEADER, LIST, ADD/DEL, SWAP, DESTROY.
 * `listHook` may change each LIST reply's bytes before they are sent (a malformed member);
 * `listChunk` splits a set's members into LIST replies of that many members each.
 */
function ipsetKernel(listHook?: (reply: Uint8Array) => void, listChunk = Infinity) {
  const sets = new Map<string, FakeSet>();
  const log: string[] = [];
  const proto = capturedProtocolReply();
  const attrsOf = (m: NetlinkMessage): Attrs => decodeAttrsAt(ipsetAttrsFor(m.type & 0xff), m.payload, NFGEN_HDRLEN, m.payload.length);
  const answer = (m: NetlinkMessage, attrs: Attrs, flags = 0) => reply(m, m.type, (w) => {
    writeNfgen(w, 2);
    encodeAttrsInto(ipsetAttrsFor(m.type & 0xff), attrs, w);
  }, flags);
  /** An ADD/DEL refusal as ipset's kernel sends it: the whole request echoed, its LINENO set to the refused line. */
  const refuse = (m: NetlinkMessage, errno: number, lineno: number): Uint8Array => {
    const payload = m.payload.slice();
    const it = new AttrIter(payload, NFGEN_HDRLEN, payload.length, ipsetAdtCmdAttrs);
    while (it.next()) if (it.type === ipsetAdtCmdAttrs.byName.get('lineno')!.type) it.view.setUint32(it.start, lineno, false);
    return encodeMessage({ type: NLMSG_ERROR, flags: 0, seq: m.seq, pid: m.pid || FAKE_PORT }, (w) => {
      w.s32(-errno);
      w.u32(16 + payload.length);
      w.u16(m.type);
      w.u16(m.flags);
      w.u32(m.seq);
      w.u32(m.pid);
      w.bytes(payload);
    });
  };
  const kernel = fakeKernel((m) => {
    const cmd = m.type & 0xff;
    const a = attrsOf(m);
    const name = a.setname as string | undefined;
    log.push(`${Object.entries(IPSET_CMD).find(([, v]) => v === cmd)?.[0]}${name ? ' ' + name : ''}`);
    switch (cmd) {
      case IPSET_CMD.PROTOCOL: {
        const r = proto.slice();
        const v = new DataView(r.buffer);
        v.setUint32(8, m.seq, true);
        v.setUint32(12, m.pid || FAKE_PORT, true);
        return [r, ack(m)]; // the reply, then the ACK nlkit asks for
      }
      case IPSET_CMD.TYPE: return [answer(m, { protocol: 7, typename: a.typename, family: a.family, revision: 6, revision_min: 0 }), ack(m)];
      case IPSET_CMD.CREATE:
        if (sets.has(name!)) return [ack(m, 17)];
        sets.set(name!, { type: String(a.typename), family: Number(a.family), members: new Set() });
        return [ack(m)];
      case IPSET_CMD.HEADER: {
        const s = sets.get(name!);
        return s ? [answer(m, { protocol: 7, setname: name, typename: s.type, revision: 6, family: s.family }), ack(m)] : [ack(m, 2)];
      }
      case IPSET_CMD.LIST: {
        const names = name !== undefined ? [name] : [...sets.keys()];
        if (name !== undefined && !sets.has(name)) return [ack(m, 2)];
        const headerOnly = (Number(a.flags ?? 0) & (IPSET_FLAG.LIST_HEADER | IPSET_FLAG.LIST_SETNAME)) !== 0;
        const parts = names.flatMap((n) => {
          const s = sets.get(n)!;
          const members = [...s.members];
          const chunks: string[][] = [];
          for (let i = 0; i < members.length; i += Math.min(listChunk, members.length)) chunks.push(members.slice(i, i + listChunk));
          if (!chunks.length || headerOnly) chunks.splice(0, chunks.length, []);
          return chunks.map((chunk) => {
            const body: Attrs = { protocol: 7, setname: n, typename: s.type, revision: 6, family: s.family, data: { hashsize: 1024, maxelem: 65536, references: 0, elements: s.members.size, memsize: 100 } };
            if (!headerOnly) body.adt = { data: chunk.map((ip) => ({ ip: { ipv4: ip } })) };
            const r = answer(m, body, NLM_F.MULTI);
            listHook?.(r);
            return r;
          });
        });
        return [...parts, done(m.seq)];
      }
      case IPSET_CMD.ADD: case IPSET_CMD.DEL: {
        const s = sets.get(name!);
        if (!s) return [ack(m, 2)];
        const adt = a.adt as { data?: Attrs[] } | undefined;
        const list = adt?.data ?? (a.data ? [a.data as Attrs] : []);
        const exist = (m.flags & NLM_F.EXCL) !== 0;
        for (const d of list) {
          const ip = (d.ip as Attrs).ipv4 as string;
          const has = s.members.has(ip);
          if (cmd === IPSET_CMD.ADD ? has : !has) {
            if (exist) return [refuse(m, IPSET_ERR.EXIST, Number(d.lineno ?? 0))];
            continue;
          }
          if (cmd === IPSET_CMD.ADD) s.members.add(ip);
          else s.members.delete(ip);
        }
        return [ack(m)];
      }
      case IPSET_CMD.SWAP: {
        const x = sets.get(name!), y = sets.get(String(a.setname2));
        if (!x || !y) return [ack(m, x ? IPSET_ERR.EXIST_SETNAME2 : 2)];
        sets.set(name!, y);
        sets.set(String(a.setname2), x);
        return [ack(m)];
      }
      case IPSET_CMD.DESTROY:
        if (name === undefined) sets.clear();
        else if (!sets.delete(name)) return [ack(m, 2)];
        return [ack(m)];
    }
    return [ack(m, 95)];
  });
  return { kernel, sets, log };
}

const ips = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `10.0.0.${from + i}`);

test('fake kernel: open negotiates from a real PROTOCOL reply; { socket } and { transport } both work', async () => {
  const { kernel } = ipsetKernel();
  const s = await IPSet.open({ transport: kernel });
  assert.equal(s.protocol, 7);
  assert.deepEqual(s.kernelProtocol, { min: 6, max: 7 });
  const again = await IPSet.open({ socket: s.socket });
  again.close(); // a given socket stays open
  assert.equal(s.socket.isClosed, false);
  s.close();
  assert.equal(kernel.closed, true);
});

test('fake kernel: addMany, a refused entry mid-message is reported by index and the rest is re-sent', async () => {
  const { kernel, sets, log } = ipsetKernel();
  const s = await IPSet.open({ transport: kernel });
  await s.create('S', 'hash:ip');
  sets.get('S')!.members.add('10.0.0.5');
  sets.get('S')!.members.add('10.0.0.150');
  log.length = 0;
  const input = ips(0, 200);
  const r = await s.addMany('S', input, { messageSize: 2048 });
  assert.equal(r.done, 198);
  assert.deepEqual(r.failed.map((f) => [f.index, f.entry, (f.error as Error & { reason?: string }).reason]), [
    [5, '10.0.0.5', "Element cannot be added to the set: it's already added"],
    [150, '10.0.0.150', "Element cannot be added to the set: it's already added"],
  ]);
  assert.equal(sets.get('S')!.members.size, 200);
  // Several messages, plus one re-send for each refusal.
  const adds = log.filter((l) => l === 'ADD S').length;
  assert.ok(adds >= 4, `several ADD messages (${adds})`);
  // exist: nothing refused, nothing re-sent.
  log.length = 0;
  const r2 = await s.addMany('S', input, { exist: true, messageSize: 2048 });
  assert.deepEqual([r2.done, r2.failed.length], [200, 0]);
  assert.equal(log.filter((l) => l === 'ADD S').length, adds - 2);
  // A bad entry is refused before anything is sent, by index too.
  const r3 = await s.addMany('S', ['10.0.1.1', 'bogus', '10.0.1.2']);
  assert.deepEqual([r3.done, r3.failed.map((f) => f.index)], [2, [1]]);
  s.close();
});

test('fake kernel: addMany from an array or a generator, two refusals in one message after a bad entry', async () => {
  const { kernel, sets } = ipsetKernel();
  const s = await IPSet.open({ transport: kernel });
  // One message: a bad entry (never sent), then two refused ones; positions in the message and
  // input indexes differ, and the second refusal comes from a re-sent tail.
  const input = ['10.0.0.1', 'bogus', ...ips(2, 20)];
  for (const [set, entries] of [['A', input], ['G', (function* () { yield* input; })()]] as const) {
    await s.create(set, 'hash:ip');
    sets.get(set)!.members.add('10.0.0.7');
    sets.get(set)!.members.add('10.0.0.9');
    const r = await s.addMany(set, entries);
    assert.equal(r.done, 19, set);
    assert.deepEqual(r.failed.map((f) => [f.index, f.entry]), [[1, 'bogus'], [7, '10.0.0.7'], [9, '10.0.0.9']], set);
    assert.equal(sets.get(set)!.members.size, 21, set);
  }
  s.close();
});

test('fake kernel: addMany re-sends the rest of a message without the bad entries it skipped', async () => {
  const { kernel, sets, log } = ipsetKernel();
  const s = await IPSet.open({ transport: kernel });
  // The first entry is refused by the kernel; the tail re-sent after it must leave out 'bogus'
  // (refused before sending, reported once) and still carry the two good entries.
  const input = ['10.0.0.7', 'bogus', '10.0.0.8', 'also bad', '10.0.0.9'];
  for (const [set, entries] of [['A', input], ['G', (function* () { yield* input; })()]] as const) {
    await s.create(set, 'hash:ip');
    sets.get(set)!.members.add('10.0.0.7');
    log.length = 0;
    const r = await s.addMany(set, entries);
    assert.deepEqual([r.done, r.failed.map((f) => [f.index, f.entry])], [2, [[0, '10.0.0.7'], [1, 'bogus'], [3, 'also bad']]], set);
    assert.deepEqual([...sets.get(set)!.members].sort(), ['10.0.0.7', '10.0.0.8', '10.0.0.9'], set);
    assert.equal(log.filter((l) => l === `ADD ${set}`).length, 2, `${set}: the message, then its tail once`);
  }
  s.close();
});

test('fake kernel: restore stops at its first bad line and names it; a bad first line is answered at once', async () => {
  const { kernel, sets } = ipsetKernel();
  const s = await IPSet.open({ transport: kernel });
  await assert.rejects(s.restore('create X hash:ip\nadd X 1.1.1.1\nadd X 1.1.1.2\nadd X 1.1.1.1\nadd X 1.1.1.3\n'),
    (e: IPSetRestoreError) => e.line === 4 && e.message === "Error in line 4: Element cannot be added to the set: it's already added");
  assert.deepEqual([...sets.get('X')!.members].sort(), ['1.1.1.1', '1.1.1.2']);
  // Streamed input: the first line is bad, the rest never comes; restore answers anyway.
  let pulled = 0;
  const endless: AsyncIterable<string> = {
    async *[Symbol.asyncIterator]() {
      pulled++;
      yield 'foo bar\n';
      await new Promise(() => {});
    },
  };
  await assert.rejects(s.restore(endless), (e: IPSetRestoreError) => e.line === 1 && e.cause instanceof IPSetArgumentError
    && e.cause.message === 'No command specified: unknown argument foo');
  assert.equal(pulled, 1);
  // Lines in chunks that split a line anywhere.
  const text = 'create Y hash:ip\n' + ips(0, 50).map((ip) => `add Y ${ip}\n`).join('');
  const chunks = text.match(/[\s\S]{1,7}/g)!.map((c) => Buffer.from(c));
  async function* gen() { yield* chunks; }
  assert.deepEqual(await s.restore(gen()), { lines: 51 });
  assert.equal(sets.get('Y')!.members.size, 50);
  s.close();
});

test('fake kernel: replace fills a temporary set, swaps it in, and removes a dead process\'s leftover', async () => {
  const { kernel, sets, log } = ipsetKernel();
  const s = await IPSet.open({ transport: kernel });
  await s.create('live', 'hash:ip');
  await s.add('live', '1.1.1.1');
  // A leftover of a replace whose process is gone (pid 0x7ffffffe does not exist), and one of a live process (ours).
  const dead = tempName('live').replace(/~[0-9a-z]+~[0-9a-z]+$/, `~${(0x7ffffffe).toString(36)}~0`);
  const mine = tempName('live');
  sets.set(dead, { type: 'hash:ip', family: 2, members: new Set(['9.9.9.9']) });
  sets.set(mine, { type: 'hash:ip', family: 2, members: new Set() });
  log.length = 0;
  const r = await s.replace('live', ['2.2.2.2', '3.3.3.3']);
  assert.deepEqual([r.done, r.failed.length], [2, 0]);
  assert.deepEqual([...sets.get('live')!.members].sort(), ['2.2.2.2', '3.3.3.3']);
  assert.deepEqual([...sets.keys()].sort(), ['live', mine].sort(), 'the dead leftover and the temporary set are gone');
  assert.deepEqual(log.filter((l) => /^(CREATE|SWAP|DESTROY)/.test(l)).map((l) => l.split(' ')[0]), ['DESTROY', 'CREATE', 'SWAP', 'DESTROY']);
  s.close();
});

test('fake kernel: after entries() rejects at a malformed member, the rest of the dump is dropped and the socket serves the next request', async () => {
  // 200 replies of one member each: far more than the 64 a dump buffers before reading pauses.
  const third = [8, 0, 1, 0x40, 10, 0, 0, 3];
  const { kernel } = ipsetKernel((r) => {
    for (let i = 0; i + third.length <= r.length; i++) if (third.every((b, j) => r[i + j] === b)) r[i] = 6;
  }, 1);
  const s = await IPSet.open({ transport: kernel });
  await s.create('s', 'hash:ip');
  assert.equal((await s.addMany('s', ips(1, 200))).done, 200);
  await assert.rejects(async () => {
    for await (const e of s.entries('s')) void e;
  }, /need 4 bytes, got 2/);
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('the next request never completed: the failed dump still holds the socket')), 2000); });
  const names = await Promise.race([s.names(), stuck]).finally(() => clearTimeout(timer));
  assert.deepEqual((names as string[]), ['s']);
  s.close();
});

test('fake kernel: entries() hands out the members before a malformed one, then rejects naming its path; a missing set is IPSetError', async () => {
  // The third member's IPSET_ATTR_IPADDR_IPV4 (length 8, type 1 | NLA_F_NET_BYTEORDER, 10.0.0.3) cut to 2 bytes.
  const third = [8, 0, 1, 0x40, 10, 0, 0, 3];
  const { kernel } = ipsetKernel((r) => {
    for (let i = 0; i + third.length <= r.length; i++) if (third.every((b, j) => r[i + j] === b)) r[i] = 6;
  });
  const s = await IPSet.open({ transport: kernel });
  await s.create('s', 'hash:ip');
  assert.equal((await s.addMany('s', ips(1, 4))).done, 4);
  const got: string[] = [];
  await assert.rejects(async () => {
    for await (const e of s.entries('s')) got.push(e.elem);
  }, /IPSET_ATTR_ADT › IPSET_ATTR_DATA › IPSET_ATTR_IP › IPSET_ATTR_IPADDR_IPV4: need 4 bytes, got 2/);
  assert.deepEqual(got, ['10.0.0.1', '10.0.0.2']);
  await assert.rejects(async () => {
    for await (const e of s.entries('nope')) got.push(e.elem);
  }, (e: unknown) => e instanceof IPSetError && /The set with the given name does not exist/.test(e.message));
  s.close();
});
