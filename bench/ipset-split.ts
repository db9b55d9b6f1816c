// Where entries() spends its time: each piece measured alone, in turns, in one run (as root):
//   node dist/bench/ipset-split.js [--n 200000] [--rounds 7]
//  - kernel: the LIST dump read by the minimal raw loop (recvmmsg, headers walked, nothing decoded);
//  - decode: the same dump's messages, captured once, read into Entries by nlkit's member reader
//    (no socket, no await);
//  - await: for-await over the N decoded entries through an iterator shaped like entries()' (one
//    resolved promise per entry): what the async-iterator API costs by itself;
//  - entries(): the real thing.
// kernel + decode + await is about the least entries() can cost with its API. Prints JSON: each
// piece's wall and CPU milliseconds (median, min, max) and entries() as a fraction of the sum and
// of the kernel alone.
import { parseArgs } from 'node:util';
import { AttrIter } from '../src/netlink/attr-iter.js';
import { NFGEN_HDRLEN } from '../src/nfnetlink/header.js';
import { MemberReader, nextMember } from '../src/ipset/entry-read.js';
import type { Entry } from '../src/ipset/entry.js';
import { IPSet } from '../src/ipset/ipset.js';
import { IPSET_CMD, adtAttrs, ipsetCreateCmdAttrs } from '../src/ipset/schema.js';
import { setType } from '../src/ipset/set-type.js';
import { createNetns } from '../test/helpers/netns.js';
import { NLKIT_SLOT, type Timed, ipOf, listRequest, rawListLoop, summary, timed } from './ipset-refs.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '7' } } });
const N = Number(values.n);
const ROUNDS = Number(values.rounds);
const ADT = ipsetCreateCmdAttrs.byName.get('adt')!.type;

/** Every member of the captured LIST payloads, read into Entries; each is handed to fn and dropped. */
function decodeAll(payloads: Uint8Array[], reader: MemberReader, fn: (e: Entry) => void): void {
  for (const p of payloads) {
    const it = new AttrIter(p, NFGEN_HDRLEN, p.length, ipsetCreateCmdAttrs);
    while (it.next()) {
      if (it.type !== ADT) continue;
      const members = it.nested(adtAttrs);
      while (nextMember(members)) fn(reader.read(members));
      members.check();
    }
  }
}

/** Ready items handed out as entries() hands out members: one resolved promise per next(). */
function readyIterator<T>(items: T[]): AsyncIterableIterator<T> {
  let i = 0;
  const it: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => it,
    next: () => Promise.resolve(i < items.length ? { value: items[i++]!, done: false } : { value: undefined, done: true }),
  };
  return it;
}

async function main(): Promise<void> {
  const ns = createNetns('nlkit-split');
  try {
    const ipset = await IPSet.open({ netns: ns.name });
    await ipset.create('s', 'hash:ip', { hashsize: 1 << Math.max(10, Math.ceil(Math.log2(N / 4))), maxelem: N * 2 });
    const add = await ipset.addMany('s', Array.from({ length: N }, (_, i) => ipOf(i)));
    if (add.done !== N) throw new Error(`addMany: ${add.done} of ${N}`);
    const payloads: Uint8Array[] = [];
    for await (const m of ipset.socket.dump(ipset.message(IPSET_CMD.LIST, { setname: 's' }))) payloads.push(m.payload.slice());
    const reader = new MemberReader(setType('hash:ip'), 'inet');
    const decoded: Entry[] = [];
    const req = listRequest('s', ipset.protocol);

    const pieces: Record<string, () => Promise<unknown> | unknown> = {
      kernel: () => rawListLoop(ns.name, req, NLKIT_SLOT),
      decode: () => {
        let k = 0;
        decodeAll(payloads, reader, (e) => { if (e) k++; });
        if (k !== N) throw new Error(`decode: ${k} of ${N}`);
      },
      await: async () => {
        let k = 0;
        for await (const e of readyIterator(decoded)) if (e) k++;
        if (k !== N) throw new Error(`await: ${k} of ${N}`);
      },
      entries: async () => {
        let k = 0;
        for await (const e of ipset.entries('s')) if (e) k++;
        if (k !== N) throw new Error(`entries(): ${k} of ${N}`);
      },
    };
    // The await piece's items, made once (the decode piece drops what it reads, as entries() lets go of each member).
    decodeAll(payloads, reader, (e) => decoded.push(e));
    const got: Record<string, Timed[]> = Object.fromEntries(Object.keys(pieces).map((k) => [k, []]));
    for (let r = 0; r < ROUNDS; r++) {
      // In turns: each round starts with a different piece.
      const names = Object.keys(pieces);
      for (let j = 0; j < names.length; j++) {
        const k = names[(r + j) % names.length]!;
        got[k]!.push(await timed(pieces[k]!));
      }
    }
    ipset.close();
    const med = (k: string, f: 'ms' | 'cpuMs'): number => summary(got[k]!.map((t) => t[f]), 1).median;
    const out: Record<string, unknown> = { benchmark: 'where entries() spends its time, hash:ip', n: N, rounds: ROUNDS, datagrams: payloads.length };
    for (const [k, ts] of Object.entries(got)) out[k] = { ms: summary(ts.map((t) => t.ms), 1), cpuMs: summary(ts.map((t) => t.cpuMs), 1) };
    for (const f of ['ms', 'cpuMs'] as const) {
      const floor = med('kernel', f) + med('decode', f) + med('await', f);
      out[`floor_${f}`] = +floor.toFixed(1);
      out[`ratio_entries_vs_floor_${f}`] = +(floor / med('entries', f)).toFixed(2);
      out[`ratio_entries_vs_kernel_${f}`] = +(med('kernel', f) / med('entries', f)).toFixed(2);
    }
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } finally {
    ns.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exitCode = 1;
});
