// addMany/delMany: entries packed many per message like `ipset restore`, sent in
// batches. A refused entry is found by the LINENO the kernel echoes back; it is
// reported with its input index and the rest of its message is re-sent.
import { decodeAttrsAt, encodeAttrsInto } from '../netlink/attrs.js';
import { NLA_F_NESTED, NLM_F } from '../netlink/constants.js';
import { NetlinkError } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';
import type { OutMessage, RequestOptions } from '../netlink/socket-options.js';
import { Writer } from '../netlink/writer.js';
import { NFGEN_HDRLEN, nfMsgType } from '../nfnetlink/header.js';
import { A, beginBulkMessage, writeFastV4, writeFastV4Run } from './bulk-encode.js';
import { checkSetName, type EntryInput } from './entry.js';
import { entryToAttrs } from './entry-encode.js';
import { IPSetError, ipsetLabel } from './errors.js';
import type { IPSet } from './ipset.js';
import { FAMILY, type FamilyName, IPSET_SUBSYS, type SetTypeInfo, adtDataAttrs, ipsetAdtCmdAttrs } from './schema.js';
import { familyNumber, setType } from './set-type.js';

export interface BulkOptions {
  /** Ignore "already added" / "not added" (ipset -exist). */
  exist?: boolean;
  /** Called as messages are acknowledged: (entries done, entries refused). */
  onProgress?: (done: number, failed: number) => void;
  /** Largest message in bytes (default 32 KiB). */
  messageSize?: number;
}

export interface BulkFailure {
  /** Position of the entry in the input (0-based). */
  index: number;
  entry: EntryInput;
  error: Error;
}

export interface BulkResult {
  /** Entries the kernel accepted. */
  done: number;
  failed: BulkFailure[];
}

/** What every message of one bulk call shares, and its running state. */
interface BulkRun {
  ipset: IPSet;
  cmd: number;
  name: string;
  t: SetTypeInfo;
  family: FamilyName | undefined;
  fam: number;
  nameBytes: Uint8Array;
  /** Plain IPv4 addresses and nets have the hand-written encoder. */
  fastV4: boolean;
  /** nlmsg type and flags of every message. */
  type: number;
  flags: number;
  opts: RequestOptions;
  result: BulkResult;
  /** restore: stop at the first refused entry. */
  stopAtFirst: boolean;
  stopped: boolean;
  /** The caller's entries when they can be looked up by index (else each message keeps its inputs). */
  byIndex: readonly EntryInput[] | undefined;
}

/**
 * One bulk message, by the inputs it covers. Its bytes are not kept: they are lent to the socket, which
 * copies them as it queues the request; a refusal re-encodes the rest from the inputs.
 */
interface BulkMessage {
  /** Input index of its first entry, and one past its last. */
  first: number;
  end: number;
  /** Entries written. */
  count: number;
  /** Input indexes in [first, end) that could not be encoded (reported already, never sent). */
  skipped: number[] | undefined;
  /** The inputs [first, end), when the caller's entries are not an array. */
  inputs: EntryInput[] | undefined;
}

/** Where a bulk call is in its input. An array is walked by index (no iterator result per entry). */
interface Input {
  arr: readonly EntryInput[] | undefined;
  iter: Iterator<EntryInput> | undefined;
  /** Index of the next entry. */
  next: number;
  done: boolean;
}

/**
 * Writes entries from the input into w until the body reaches `full` bytes or the input ends. A bad
 * entry is reported and skipped (restore: stops the run).
 */
function fill(run: BulkRun, w: Writer, input: Input, full: number): BulkMessage {
  const { arr, iter } = input;
  const keep = arr === undefined;
  const m: BulkMessage = { first: input.next, end: input.next, count: 0, skipped: undefined, inputs: keep ? [] : undefined };
  const fastV4 = run.fastV4;
  let index = input.next;
  while (w.pos < full) {
    let e: EntryInput;
    if (arr !== undefined) {
      if (fastV4) {
        // The plain addresses in a row, in one tight loop; the entry it stops at goes the general way.
        const next = writeFastV4Run(w, arr, index, arr.length, full);
        m.count += next - index;
        index = next;
        if (w.pos >= full) break;
      }
      if (index >= arr.length) { input.done = true; break; }
      e = arr[index]!;
    } else {
      const r = iter!.next();
      if (r.done === true) { input.done = true; break; }
      e = r.value;
      m.inputs!.push(e);
    }
    const start = w.pos;
    try {
      writeEntry(run, w, e, index);
      m.count++;
    } catch (err) {
      w.pos = start;
      run.result.failed.push({ index, entry: e, error: err as Error });
      if (run.stopAtFirst) {
        run.stopped = true;
        index++;
        break;
      }
      (m.skipped ??= []).push(index);
    }
    index++;
  }
  input.next = m.end = index;
  return m;
}

/** Writes one entry as a DATA attribute with LINENO index + 1; throws on a bad entry. */
function writeEntry(run: BulkRun, w: Writer, e: EntryInput, index: number): void {
  if (run.fastV4 && typeof e === 'string' && writeFastV4(w, e, index + 1)) return;
  const attrs = entryToAttrs(e, run.t, run.family);
  attrs.lineno = index + 1;
  const at = w.begin(A.data | NLA_F_NESTED);
  encodeAttrsInto(adtDataAttrs, attrs, w);
  w.end(at);
}

export async function bulk(ipset: IPSet, cmd: number, name: string, entries: Iterable<EntryInput>, opts: BulkOptions, stopAtFirst = false): Promise<BulkResult> {
  checkSetName(name);
  const meta = await ipset.meta(name);
  const t = setType(meta.type);
  const family = meta.family;
  const limit = Math.max(512, Math.min(opts.messageSize ?? ipset.maxMessage, ipset.maxMessage));
  const run: BulkRun = {
    ipset, cmd, name, t, family, fam: familyNumber(family) || FAMILY.inet, nameBytes: Buffer.from(name + '\0'),
    fastV4: family === 'inet' && t.dims.length === 1 && (t.dims[0] === 'ip' || t.dims[0] === 'net'),
    type: nfMsgType(IPSET_SUBSYS, cmd), flags: opts.exist ? 0 : NLM_F.EXCL, opts: { command: ipsetLabel(cmd, name) },
    result: { done: 0, failed: [] }, stopAtFirst, stopped: false, byIndex: Array.isArray(entries) ? entries : undefined,
  };
  const { result } = run;
  const w = ipset.bulkWriter;
  const input: Input = { arr: run.byIndex, iter: run.byIndex ? undefined : entries[Symbol.iterator](), next: 0, done: false };
  let inflight: Promise<void>[] = [];
  const drain = async (): Promise<void> => {
    const list = inflight;
    inflight = [];
    await Promise.all(list);
    if (opts.onProgress) opts.onProgress(result.done, result.failed.length);
  };
  try {
    // Messages are filled by a plain function (optimised as such, not as a loop inside this async
    // one) and sent a few at a time, so the writer is free again for the next few.
    const msgs: BulkMessage[] = [];
    const ends: number[] = [];
    while (!input.done && !run.stopped) {
      w.reset();
      while (msgs.length < PER_SEND && !input.done) {
        const from = w.pos;
        const adtAt = beginBulkMessage(w, run.fam, ipset.protocol, run.nameBytes);
        const m = fill(run, w, input, from + limit - 256);
        if (run.stopped) break;
        w.end(adtAt);
        if (m.count > 0) { msgs.push(m); ends.push(w.pos); } else w.pos = from;
      }
      if (run.stopped) break; // restore: what is not sent yet is dropped, as ipset drops its buffer
      if (msgs.length > 0) sendAll(run, w, msgs, ends, inflight);
      msgs.length = ends.length = 0;
      if (inflight.length >= 256) await drain();
    }
  } finally {
    // As for-of does: a generator left early is closed.
    if (!input.done) input.iter?.return?.();
  }
  while (inflight.length) await drain();
  result.failed.sort((a, b) => a.index - b.index);
  return result;
}

/** Messages per sendmsg(): 4 of 32 KiB, as the ceiling loop sends them. */
const PER_SEND = 4;

/**
 * Sends the messages whose bodies are w's bytes (message i ends at ends[i]) in one requestMany(): the
 * socket copies the bytes as it queues them, so w is reused at once. (A module function: a closure
 * made per bulk() call would deoptimise the loop that calls it on the next call.)
 */
function sendAll(run: BulkRun, w: Writer, msgs: BulkMessage[], ends: number[], inflight: Promise<void>[]): void {
  const out: OutMessage[] = [];
  let from = 0;
  for (let i = 0; i < msgs.length; i++) {
    out.push({ type: run.type, flags: run.flags, body: w.buf.subarray(from, ends[i]) });
    from = ends[i]!;
  }
  const settled = run.ipset.socket.requestMany(out, run.opts);
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i]!;
    inflight.push(settled[i]!.then((r) => settleBulk(run, r, m)));
  }
}

/** The input index of the entry the kernel refused (by the LINENO it echoes), or -1. */
function refusedIndex(err: unknown): number {
  if (!(err instanceof NetlinkError && err.echoed)) return -1;
  try {
    const echoed = decodeAttrsAt(ipsetAdtCmdAttrs, err.echoed, NFGEN_HDRLEN, err.echoed.length);
    return Number(echoed.lineno ?? 0) - 1;
  } catch {
    return -1;
  }
}

/** The input at index i of message m. */
function inputAt(run: BulkRun, m: BulkMessage, i: number): EntryInput {
  return run.byIndex ? run.byIndex[i]! : m.inputs![i - m.first]!;
}

/** The input indexes of m's written entries, from `from` on. */
function writtenFrom(m: BulkMessage, from: number): number[] {
  const out: number[] = [];
  for (let i = from; i < m.end; i++) if (!m.skipped?.includes(i)) out.push(i);
  return out;
}

/** One bulk message settled: count it, or find the refused entry, report it, and re-send the rest. */
async function settleBulk(run: BulkRun, r: PromiseSettledResult<NetlinkMessage[]>, m: BulkMessage): Promise<void> {
  const { result, cmd, name } = run;
  for (;;) {
    if (r.status === 'fulfilled') {
      result.done += m.count;
      return;
    }
    const err = r.reason;
    const idx = refusedIndex(err);
    if (idx < m.first || idx >= m.end || m.skipped?.includes(idx)) {
      // No line to blame: every entry of the message shares the error.
      for (const i of writtenFrom(m, m.first)) {
        result.failed.push({ index: i, entry: inputAt(run, m, i), error: IPSetError.from(err, cmd, name, run.t.name) as Error });
      }
      if (run.stopAtFirst) run.stopped = true;
      return;
    }
    // The entries before it were applied; it was refused.
    const rest = writtenFrom(m, idx + 1);
    result.done += m.count - rest.length - 1;
    const e = err as NetlinkError;
    result.failed.push({
      index: idx, entry: inputAt(run, m, idx),
      error: new IPSetError({ errno: e.errno, kernelMessage: e.kernelMessage, seq: e.seq, cmd, setName: name, typeName: run.t.name, lineno: idx + 1 }),
    });
    if (run.stopAtFirst) {
      run.stopped = true;
      return;
    }
    if (rest.length === 0) return;
    // Re-send the rest, encoded again from the inputs (the same bytes: encoding is deterministic).
    const tail: BulkMessage = { first: idx + 1, end: m.end, count: rest.length, skipped: m.skipped, inputs: m.inputs?.slice(idx + 1 - m.first) };
    const w = new Writer(4096);
    const adtAt = beginBulkMessage(w, run.fam, run.ipset.protocol, run.nameBytes);
    for (const i of rest) writeEntry(run, w, inputAt(run, tail, i), i);
    w.end(adtAt);
    m = tail;
    try {
      r = { status: 'fulfilled', value: await run.ipset.socket.request({ type: run.type, flags: run.flags, body: w.buf.subarray(0, w.pos) }, run.opts) };
    } catch (x) {
      r = { status: 'rejected', reason: x };
    }
  }
}
