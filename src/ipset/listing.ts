// LIST and SAVE: dumps split into the set's identity, header and members (left
// as bytes, read by the fast member reader), merged into IPSetInfo, streamed as
// entries, or written as `ipset save` text.
import { AttrIter } from '../netlink/attr-iter.js';
import { decodeAttrsAt } from '../netlink/attrs.js';
import type { Attrs } from '../netlink/schema.js';
import { NFGEN_HDRLEN } from '../nfnetlink/header.js';
import { checkSetName, type Entry } from './entry.js';
import { formatEntry } from './entry-format.js';
import { MemberReader, forEachMember, nextMember } from './entry-read.js';
import { IPSetError, ipsetLabel } from './errors.js';
import { type IPSetInfo, formatHeader, formatSaveCreate, headerFromAttrs } from './format.js';
import type { IPSet } from './ipset.js';
import { FAMILY, IPSET_CMD, IPSET_FLAG, adtAttrs, attrTypes, createDataAttrs, ipsetCreateCmdAttrs, type FamilyName, type SetTypeInfo } from './schema.js';
import { familyName, setType } from './set-type.js';

/** One LIST/SAVE reply: the set's identity and header decoded, members left in place (`adt` walks them). */
interface ListPart {
  setname: string;
  typename?: string;
  revision?: number;
  family?: number;
  data?: Attrs;
  adt?: AttrIter;
}

const L = attrTypes(ipsetCreateCmdAttrs, ['setname', 'typename', 'revision', 'family', 'data', 'adt']);

function splitListMessage(p: Uint8Array): ListPart {
  const out: ListPart = { setname: '' };
  const it = new AttrIter(p, NFGEN_HDRLEN, p.length, ipsetCreateCmdAttrs);
  while (it.next()) {
    switch (it.type) {
      case L.setname: out.setname = it.string(); break;
      case L.typename: out.typename = it.string(); break;
      case L.revision: out.revision = it.u8(); break;
      case L.family: out.family = it.u8(); break;
      case L.data: out.data = decodeAttrsAt(createDataAttrs, p, it.start, it.stop); break;
      case L.adt: out.adt = it.nested(adtAttrs); break;
    }
  }
  it.check();
  return out;
}

/** Reads every member of a part; a malformed member throws with its attribute path. */
function readMembers(a: ListPart, r: MemberReader, fn: (e: Entry) => void): void {
  if (!a.adt) return;
  forEachMember(a.adt, (d) => fn(r.read(d)));
  a.adt.check();
}

/**
 * The dump of LIST (or SAVE) replies, each split into its parts. Errors become IPSetError.
 * `transient`: a part is done with before the next is asked for (nothing keeps its attributes),
 * so the socket may write the next datagrams where this one was.
 */
async function* dumpParts(ipset: IPSet, name: string | undefined, flags = 0, cmd: number = IPSET_CMD.LIST, transient = false): AsyncGenerator<ListPart> {
  if (name !== undefined) checkSetName(name);
  const attrs: Attrs = {};
  if (name !== undefined) attrs.setname = name;
  if (flags) attrs.flags = flags;
  try {
    for await (const m of ipset.socket.dump(ipset.message(cmd, attrs, FAMILY.inet), { command: ipsetLabel(cmd, name), transient })) yield splitListMessage(m.payload);
  } catch (e) {
    throw IPSetError.from(e, cmd, name);
  }
}

/** Sets as listed, parts merged per set. `terse` lists headers only (ipset list -terse). */
export async function listSets(ipset: IPSet, opts: { terse?: boolean; name?: string } = {}): Promise<IPSetInfo[]> {
  const out: IPSetInfo[] = [];
  let cur: IPSetInfo | undefined;
  let t: SetTypeInfo | undefined;
  let reader: MemberReader | undefined;
  for await (const a of dumpParts(ipset, opts.name, opts.terse ? IPSET_FLAG.LIST_HEADER : 0)) {
    if (!cur || cur.name !== a.setname) {
      if (cur) out.push(cur);
      t = setType(a.typename ?? '');
      const family = familyName(a.family);
      const header = headerFromAttrs(t, a.data ?? {}, family);
      reader = undefined;
      cur = { name: a.setname, type: t.name, revision: a.revision ?? 0, family, header, headerText: formatHeader(t, header), entries: [] };
      ipset.remember({ name: a.setname, type: t.name, revision: cur.revision, family });
    }
    const c = cur;
    readMembers(a, (reader ??= new MemberReader(t!, c.family)), (e) => c.entries.push(e));
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
 * The members of a set, streamed: memory does not grow with the set. A hand-rolled iterator: each
 * next() reads one member straight from the kernel message (no await, no batch array), and awaits
 * the dump only when a message is used up. A malformed member throws with its attribute path.
 */
export function streamEntries(ipset: IPSet, name: string): AsyncIterableIterator<Entry> {
  checkSetName(name);
  const parts = dumpParts(ipset, name, 0, IPSET_CMD.LIST, true);
  let reader: MemberReader | undefined;
  /** The members of the current message not read yet. */
  let adt: AttrIter | undefined;
  /**
   * A malformed member ends the listing. for-await does not call return() when next() rejects,
   * so the rest of the dump is read and dropped here: left running, it would pause the socket
   * once its buffer filled, and every later request on it would wait.
   */
  const fail = (err: Error): Promise<never> => {
    adt = undefined;
    parts.return(undefined).catch(() => {});
    return Promise.reject(err);
  };
  /** The next member of the current message, undefined once it is used up; a bad member rejects. No try, no await. */
  const step = (it: AttrIter): Promise<IteratorResult<Entry>> | undefined => {
    if (nextMember(it)) {
      const e = reader!.read(it);
      if (it.err === undefined) return Promise.resolve({ value: e, done: false });
    } else if (it.err === undefined) {
      adt = undefined;
      return undefined;
    }
    return fail(it.err);
  };
  const fill = async (): Promise<IteratorResult<Entry>> => {
    for (;;) {
      const r = await parts.next();
      if (r.done) return { value: undefined, done: true };
      const a = r.value;
      reader ??= new MemberReader(setType(a.typename ?? ''), familyName(a.family));
      if (!a.adt) continue;
      adt = a.adt;
      const next = step(adt);
      if (next) return next;
    }
  };
  const it: AsyncIterableIterator<Entry> = {
    [Symbol.asyncIterator]: () => it,
    next: () => (adt !== undefined ? step(adt) : undefined) ?? fill(),
    return: async () => {
      adt = undefined;
      await parts.return(undefined);
      return { value: undefined, done: true };
    },
  };
  return it;
}

/**
 * The members of a set, one array per kernel message (about 2,000 hash:ip members each): the same
 * entries as streamEntries, without a promise per member. Memory holds one message's members.
 */
export async function* streamEntryBatches(ipset: IPSet, name: string): AsyncGenerator<Entry[]> {
  checkSetName(name);
  let reader: MemberReader | undefined;
  for await (const a of dumpParts(ipset, name, 0, IPSET_CMD.LIST, true)) {
    reader ??= new MemberReader(setType(a.typename ?? ''), familyName(a.family));
    const batch: Entry[] = [];
    readMembers(a, reader, (e) => batch.push(e));
    if (batch.length) yield batch;
  }
}

/** `ipset save` text, streamed in chunks (one per kernel message). */
export async function* saveChunks(ipset: IPSet, name?: string): AsyncGenerator<string> {
  let curName = '';
  let t: SetTypeInfo | undefined;
  let family: FamilyName | undefined;
  let reader: MemberReader | undefined;
  for await (const a of dumpParts(ipset, name, 0, IPSET_CMD.SAVE, true)) {
    let s = '';
    if (a.typename !== undefined) {
      t = setType(a.typename);
      family = familyName(a.family);
      reader = new MemberReader(t, family);
      if (a.setname !== curName) s += formatSaveCreate({ name: a.setname, type: t.name, headerText: formatHeader(t, headerFromAttrs(t, a.data ?? {}, family)) });
    }
    curName = a.setname;
    if (reader) {
      const prefix = `add ${a.setname} `;
      readMembers(a, reader, (e) => (s += prefix + formatEntry(e) + '\n'));
    }
    if (s) yield s;
  }
}
