// LIST and SAVE: dumps split into the set's identity, header and members (left
// as bytes, read by the fast member reader), merged into IPSetInfo, streamed as
// entries, or written as `ipset save` text.
import { decodeAttrsAt } from '../netlink/attrs.js';
import type { Attrs } from '../netlink/schema.js';
import { NFGEN_HDRLEN } from '../nfnetlink/header.js';
import { checkSetName, type Entry } from './entry.js';
import { formatEntry } from './entry-format.js';
import { forEachMember, readEntry } from './entry-read.js';
import { IPSetError, ipsetLabel } from './errors.js';
import { type IPSetInfo, formatHeader, formatSaveCreate, headerFromAttrs } from './format.js';
import type { IPSet } from './ipset.js';
import { FAMILY, IPSET_CMD, IPSET_FLAG, createDataAttrs, ipsetCreateCmdAttrs, type FamilyName, type SetTypeInfo } from './schema.js';
import { familyName, setType } from './set-type.js';

/** One LIST/SAVE reply: the set's identity and header decoded, members left in place. */
interface ListPart {
  setname: string;
  typename?: string;
  revision?: number;
  family?: number;
  data?: Attrs;
  buf: Uint8Array;
  view: DataView;
  adtAt: number;
  adtEnd: number;
}

const L = {
  setname: ipsetCreateCmdAttrs.byName.get('setname')!.type,
  typename: ipsetCreateCmdAttrs.byName.get('typename')!.type,
  revision: ipsetCreateCmdAttrs.byName.get('revision')!.type,
  family: ipsetCreateCmdAttrs.byName.get('family')!.type,
  data: ipsetCreateCmdAttrs.byName.get('data')!.type,
  adt: ipsetCreateCmdAttrs.byName.get('adt')!.type,
};
const td = new TextDecoder();

function splitListMessage(p: Uint8Array): ListPart {
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const out: ListPart = { setname: '', buf: p, view, adtAt: -1, adtEnd: -1 };
  let at = NFGEN_HDRLEN;
  while (at + 4 <= p.length) {
    const len = view.getUint16(at, true);
    if (len < 4 || at + len > p.length) break;
    const t = view.getUint16(at + 2, true) & 0x3fff;
    const s = at + 4, e = at + len;
    if (t === L.setname || t === L.typename) {
      let z = s;
      while (z < e && p[z] !== 0) z++;
      const str = td.decode(p.subarray(s, z));
      if (t === L.setname) out.setname = str;
      else out.typename = str;
    } else if (t === L.revision) out.revision = p[s];
    else if (t === L.family) out.family = p[s];
    else if (t === L.data) out.data = decodeAttrsAt(createDataAttrs, p, s, e);
    else if (t === L.adt) {
      out.adtAt = s;
      out.adtEnd = e;
    }
    at += (len + 3) & ~3;
  }
  return out;
}

/** The dump of LIST (or SAVE) replies, each split into its parts. Errors become IPSetError. */
async function* dumpParts(ipset: IPSet, name: string | undefined, flags = 0, cmd: number = IPSET_CMD.LIST): AsyncGenerator<ListPart> {
  if (name !== undefined) checkSetName(name);
  const attrs: Attrs = {};
  if (name !== undefined) attrs.setname = name;
  if (flags) attrs.flags = flags;
  try {
    for await (const m of ipset.socket.dump(ipset.message(cmd, attrs, FAMILY.inet), { command: ipsetLabel(cmd, name) })) yield splitListMessage(m.payload);
  } catch (e) {
    throw IPSetError.from(e, cmd, name);
  }
}

/** Sets as listed, parts merged per set. `terse` lists headers only (ipset list -terse). */
export async function listSets(ipset: IPSet, opts: { terse?: boolean; name?: string } = {}): Promise<IPSetInfo[]> {
  const out: IPSetInfo[] = [];
  let cur: IPSetInfo | undefined;
  let t: SetTypeInfo | undefined;
  for await (const a of dumpParts(ipset, opts.name, opts.terse ? IPSET_FLAG.LIST_HEADER : 0)) {
    if (!cur || cur.name !== a.setname) {
      if (cur) out.push(cur);
      t = setType(a.typename ?? '');
      const family = familyName(a.family);
      const header = headerFromAttrs(t, a.data ?? {}, family);
      cur = { name: a.setname, type: t.name, revision: a.revision ?? 0, family, header, headerText: formatHeader(t, header), entries: [] };
      ipset.remember({ name: a.setname, type: t.name, revision: cur.revision, family });
    }
    const c = cur, ct = t!;
    if (a.adtAt >= 0) forEachMember(a.buf, a.view, a.adtAt, a.adtEnd, (at, end) => c.entries.push(readEntry(a.buf, a.view, at, end, ct, c.family)));
  }
  if (cur) out.push(cur);
  return out;
}

/** Names of all sets (ipset list -name). */
export async function setNames(ipset: IPSet): Promise<string[]> {
  const out: string[] = [];
  let last = '';
  for await (const a of dumpParts(ipset, undefined, IPSET_FLAG.LIST_SETNAME)) {
    if (a.setname !== last) out.push(a.setname);
    last = a.setname;
  }
  return out;
}

/**
 * The members of a set, streamed: memory does not grow with the set. A hand-rolled iterator:
 * members of one kernel message are handed out without an await each.
 */
export function streamEntries(ipset: IPSet, name: string): AsyncIterableIterator<Entry> {
  checkSetName(name);
  const parts = dumpParts(ipset, name);
  let t: SetTypeInfo | undefined;
  let family: FamilyName | undefined;
  let batch: Entry[] = [];
  let i = 0;
  const fill = async (): Promise<IteratorResult<Entry>> => {
    for (;;) {
      const r = await parts.next();
      if (r.done) return { value: undefined, done: true };
      const a = r.value;
      if (!t) {
        t = setType(a.typename ?? '');
        family = familyName(a.family);
      }
      if (a.adtAt < 0) continue;
      const tt = t;
      batch = [];
      i = 0;
      forEachMember(a.buf, a.view, a.adtAt, a.adtEnd, (at, end) => batch.push(readEntry(a.buf, a.view, at, end, tt, family)));
      if (batch.length) return { value: batch[i++]!, done: false };
    }
  };
  const it: AsyncIterableIterator<Entry> = {
    [Symbol.asyncIterator]: () => it,
    next: () => (i < batch.length ? Promise.resolve({ value: batch[i++]!, done: false }) : fill()),
    return: async () => {
      await parts.return(undefined);
      return { value: undefined, done: true };
    },
  };
  return it;
}

/** `ipset save` text, streamed in chunks (one per kernel message). */
export async function* saveChunks(ipset: IPSet, name?: string): AsyncGenerator<string> {
  let curName = '';
  let t: SetTypeInfo | undefined;
  let family: FamilyName | undefined;
  for await (const a of dumpParts(ipset, name, 0, IPSET_CMD.SAVE)) {
    let s = '';
    if (a.typename !== undefined) {
      t = setType(a.typename);
      family = familyName(a.family);
      if (a.setname !== curName) s += formatSaveCreate({ name: a.setname, type: t.name, headerText: formatHeader(t, headerFromAttrs(t, a.data ?? {}, family)) });
    }
    curName = a.setname;
    const tt = t;
    if (tt && a.adtAt >= 0) {
      const prefix = `add ${a.setname} `;
      forEachMember(a.buf, a.view, a.adtAt, a.adtEnd, (at, end) => {
        s += prefix + formatEntry(readEntry(a.buf, a.view, at, end, tt, family)) + '\n';
      });
    }
    if (s) yield s;
  }
}
