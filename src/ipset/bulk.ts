// addMany/delMany: entries packed many per message like `ipset restore`, sent in
// batches. A refused entry is found by the LINENO the kernel echoes back; it is
// reported with its input index and the rest of its message is re-sent.
import { decodeAttrsAt, encodeAttrsInto } from '../netlink/attrs.js';
import { NLA_F_NESTED, NLM_F } from '../netlink/constants.js';
import { NetlinkError } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';
import { NFGEN_HDRLEN, nfMsgType } from '../nfnetlink/header.js';
import { A, type BuiltMessage, beginBulkMessage, bulkLayout, bulkTail, finishBulkMessage, writeFastV4 } from './bulk-encode.js';
import { checkSetName, type EntryInput } from './entry.js';
import { entryToAttrs } from './entry-encode.js';
import { IPSetError, ipsetLabel } from './errors.js';
import type { IPSet } from './ipset.js';
import { FAMILY, IPSET_SUBSYS, adtDataAttrs, ipsetAdtCmdAttrs } from './schema.js';
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
  typeName: string;
  /** nlmsg type and flags of every message. */
  type: number;
  flags: number;
  result: BulkResult;
  /** restore: stop at the first refused entry. */
  stopAtFirst: boolean;
  stopped: boolean;
  /** The caller's entries when they can be looked up by index (else each message keeps its inputs). */
  byIndex: readonly EntryInput[] | undefined;
}

export async function bulk(ipset: IPSet, cmd: number, name: string, entries: Iterable<EntryInput>, opts: BulkOptions, stopAtFirst = false): Promise<BulkResult> {
  checkSetName(name);
  const meta = await ipset.meta(name);
  const t = setType(meta.type);
  const family = meta.family;
  const fam = familyNumber(family) || FAMILY.inet;
  const limit = Math.max(512, Math.min(opts.messageSize ?? ipset.maxMessage, ipset.maxMessage));
  const nameBytes = Buffer.from(name + '\0');
  const fastV4 = family === 'inet' && t.dims.length === 1 && (t.dims[0] === 'ip' || t.dims[0] === 'net');
  const w = ipset.bulkWriter;
  const run: BulkRun = {
    ipset, cmd, name, typeName: t.name, type: nfMsgType(IPSET_SUBSYS, cmd), flags: opts.exist ? 0 : NLM_F.EXCL,
    result: { done: 0, failed: [] }, stopAtFirst, stopped: false, byIndex: Array.isArray(entries) ? entries : undefined,
  };
  const keepInputs = !run.byIndex;
  const { result } = run;
  let inflight: Promise<void>[] = [];
  let batch: BuiltMessage[] = [];
  let cur: BuiltMessage | undefined;
  let index = -1;

  const sendBatch = (): void => {
    if (!batch.length) return;
    const msgs = batch;
    batch = [];
    const settled = ipset.socket.requestMany(msgs.map((m) => ({ type: run.type, flags: run.flags, body: m.body })), { command: ipsetLabel(cmd, name) });
    msgs.forEach((m, i) => inflight.push(settled[i]!.then((r) => settleBulk(run, r, m))));
  };
  const drain = async (): Promise<void> => {
    const list = inflight;
    inflight = [];
    await Promise.all(list);
    if (opts.onProgress) opts.onProgress(result.done, result.failed.length);
  };

  // An array is walked by index: for-of in this async function would allocate an iterator result per entry.
  const arr = run.byIndex;
  const iter = arr ? undefined : entries[Symbol.iterator]();
  let exhausted = false;
  try {
    for (;;) {
      let e: EntryInput;
      if (arr) {
        if (index + 1 >= arr.length) { exhausted = true; break; }
        e = arr[index + 1]!;
      } else {
        const r = iter!.next();
        if (r.done) { exhausted = true; break; }
        e = r.value;
      }
      index++;
      if (run.stopped) break;
      cur ??= beginBulkMessage(w, fam, ipset.protocol, nameBytes, keepInputs ? [] : undefined);
      const start = w.pos;
      try {
        if (!(fastV4 && typeof e === 'string' && writeFastV4(w, e, index + 1))) {
          const attrs = entryToAttrs(e, t, family);
          attrs.lineno = index + 1;
          const at = w.begin(A.data | NLA_F_NESTED);
          encodeAttrsInto(adtDataAttrs, attrs, w);
          w.end(at);
        }
      } catch (err) {
        w.pos = start;
        result.failed.push({ index, entry: e, error: err as Error });
        if (stopAtFirst) {
          // restore stops here: what is not sent yet is dropped, as ipset drops its buffer.
          run.stopped = true;
          cur = undefined;
          batch = [];
          break;
        }
        continue;
      }
      cur.count++;
      if (keepInputs) cur.inputs!.push(e);
      if (w.pos >= limit - 256) {
        finishBulkMessage(w, cur);
        batch.push(cur);
        cur = undefined;
        if (batch.length >= 32) {
          sendBatch();
          if (inflight.length >= 256) await drain();
        }
      }
    }
  } finally {
    // As for-of does: a generator left early is closed.
    if (!exhausted) iter?.return?.();
  }
  if (cur && cur.count) {
    finishBulkMessage(w, cur);
    batch.push(cur);
  }
  sendBatch();
  while (inflight.length) await drain();
  result.failed.sort((a, b) => a.index - b.index);
  return result;
}

/** The position in the message of the entry the kernel refused (by the echoed LINENO), or -1. */
function refusedAt(err: unknown, indexes: number[]): number {
  if (!(err instanceof NetlinkError && err.echoed)) return -1;
  try {
    const echoed = decodeAttrsAt(ipsetAdtCmdAttrs, err.echoed, NFGEN_HDRLEN, err.echoed.length);
    return indexes.indexOf(Number(echoed.lineno ?? 0) - 1);
  } catch {
    return -1;
  }
}

/** One bulk message settled: count it, or find the refused entry, report it, and re-send the rest. */
async function settleBulk(run: BulkRun, r: PromiseSettledResult<NetlinkMessage[]>, m: BuiltMessage): Promise<void> {
  const { result, cmd, name, typeName } = run;
  /** The input at position i of message m, whose input index is `index`. */
  const inputAt = (m: BuiltMessage, i: number, index: number): EntryInput => (run.byIndex ? run.byIndex[index]! : (m.inputs![i] as EntryInput));
  for (;;) {
    if (r.status === 'fulfilled') {
      result.done += m.count;
      return;
    }
    const err = r.reason;
    const layout = bulkLayout(m);
    const { indexes } = layout;
    const k = refusedAt(err, indexes);
    if (k < 0) {
      // No line to blame: every entry of the message shares the error.
      for (let i = 0; i < m.count; i++) {
        result.failed.push({ index: indexes[i]!, entry: inputAt(m, i, indexes[i]!), error: IPSetError.from(err, cmd, name, typeName) as Error });
      }
      if (run.stopAtFirst) run.stopped = true;
      return;
    }
    // Entries before k were applied; k was refused.
    result.done += k;
    const idx = indexes[k]!;
    const e = err as NetlinkError;
    result.failed.push({
      index: idx, entry: inputAt(m, k, idx),
      error: new IPSetError({ errno: e.errno, kernelMessage: e.kernelMessage, seq: e.seq, cmd, setName: name, typeName, lineno: idx + 1 }),
    });
    if (run.stopAtFirst) {
      run.stopped = true;
      return;
    }
    if (k + 1 >= m.count) return;
    // Re-send the rest: same header, DATA from the next entry on.
    m = bulkTail(m, layout, k + 1);
    try {
      r = { status: 'fulfilled', value: await run.ipset.socket.request({ type: run.type, flags: run.flags, body: m.body }, { command: ipsetLabel(cmd, name) }) };
    } catch (x) {
      r = { status: 'rejected', reason: x };
    }
  }
}
