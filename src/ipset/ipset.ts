// IPSet: every ipset command over NETLINK_NETFILTER (subsystem IPSET), on one
// socket opened in a chosen network namespace. The protocol version and each
// type's revision are negotiated with the kernel (PROTOCOL, TYPE) and cached.
import { decodeAttrsAt, encodeAttrsInto } from '../netlink/attrs.js';
import { ipv4ToInt } from '../netlink/addr.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLM_F, SOL_SOCKET } from '../netlink/constants.js';
import { NetlinkError } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';
import type { Attrs } from '../netlink/schema.js';
import { NetlinkSocket, type OutMessage, type SocketOptions } from '../netlink/socket.js';
import { Writer } from '../netlink/writer.js';
import { NFGEN_HDRLEN, nfMsgType, writeNfgen } from '../nfnetlink/header.js';
import {
  type Entry, type EntryInput, type EntryOptions, IPSetSyntaxError, checkSetName, entryToAttrs, forEachMember, parseEntryWords, readEntry,
} from './entry.js';
import { IPSetError } from './errors.js';
import {
  type CreateOptions, type IPSetInfo, type SetHeader, createOptionsToAttrs, entryExtrasText, formatHeader, formatSaveCreate, headerFromAttrs,
} from './format.js';
import {
  FAMILY, IPSET_CMD, IPSET_ERR, IPSET_FLAG, IPSET_PROTOCOL, IPSET_PROTOCOL_MIN, IPSET_SUBSYS, SET_TYPES, SET_TYPE_ALIASES,
  adtAttrs, adtDataAttrs, createDataAttrs, ipaddrAttrs, ipsetAttrsFor, ipsetAdtCmdAttrs, ipsetCreateCmdAttrs, type FamilyName, type SetTypeInfo,
} from './schema.js';

const SO_SNDBUF = 7;
const SO_SNDBUFFORCE = 32;

export interface IPSetOpenOptions {
  /** Network namespace (name under /run/netns or a path). */
  netns?: string;
  /** Pin the protocol version (6 or 7); default: the highest both sides speak. */
  protocol?: number;
  /** Pin type revisions, e.g. { 'hash:ip': 5 }; default: the kernel's highest. */
  revisions?: Readonly<Record<string, number>>;
  /** Extra socket options. */
  socket?: SocketOptions;
}

export interface TypeRevision {
  type: string;
  family: number;
  /** The revision nlkit uses (pinned, or the kernel's highest). */
  revision: number;
  revisionMax: number;
  revisionMin: number;
}

/** What HEADER says about a set. */
export interface SetMeta {
  name: string;
  type: string;
  revision: number;
  family?: FamilyName;
}

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

export interface RequestCallOptions {
  dump?: boolean;
  flags?: number;
  /** nfgen_family of the request (default AF_INET). */
  family?: number;
}

/** A restore error: ipset's "Error in line N: ..." */
export class IPSetRestoreError extends Error {
  readonly line: number;
  override readonly cause: Error;
  constructor(line: number, cause: Error) {
    const reason = cause instanceof IPSetError ? cause.reason : cause.message;
    super(`Error in line ${line}: ${reason}`);
    this.name = 'IPSetRestoreError';
    this.line = line;
    this.cause = cause;
  }
}

function familyNumber(f: FamilyName | undefined): number {
  return f === 'inet6' ? FAMILY.inet6 : f === 'inet' ? FAMILY.inet : 0;
}
function familyName(n: unknown): FamilyName | undefined {
  return n === FAMILY.inet ? 'inet' : n === FAMILY.inet6 ? 'inet6' : undefined;
}

/** The set type's description; aliases ("iphash") accepted. Throws for unknown names. */
export function setType(name: string): SetTypeInfo {
  const t = SET_TYPES[name] ?? SET_TYPES[SET_TYPE_ALIASES[name] ?? ''];
  if (!t) {
    if (Buffer.byteLength(String(name)) > 31) throw new IPSetSyntaxError(`Syntax error: typename '${name}' is longer than 31 characters`);
    throw new IPSetSyntaxError(`Syntax error: typename '${name}' is unknown`);
  }
  return t;
}

// Attribute numbers for the hand-rolled hot paths come from the schema, never from literals.
const A = {
  setname: ipsetAdtCmdAttrs.byName.get('setname')!.type,
  protocol: ipsetAdtCmdAttrs.byName.get('protocol')!.type,
  lineno: ipsetAdtCmdAttrs.byName.get('lineno')!.type,
  adt: ipsetAdtCmdAttrs.byName.get('adt')!.type,
  data: adtAttrs.byName.get('data')!.type,
  ip: adtDataAttrs.byName.get('ip')!.type,
  cidr: adtDataAttrs.byName.get('cidr')!.type,
  dataLineno: adtDataAttrs.byName.get('lineno')!.type,
  ipv4: ipaddrAttrs.byName.get('ipv4')!.type,
};

interface BuiltMessage {
  body: Uint8Array;
  /** Offsets in body of each DATA attribute, plus the end of the last. */
  starts: number[];
  /** Input index of the first entry. */
  first: number;
  /** Input index of each DATA. */
  indexes: number[];
  /** Where the ADT attribute starts (its header). */
  adtAt: number;
}

export class IPSet {
  readonly socket: NetlinkSocket;
  /** The protocol version in use. */
  protocol: number;
  /** What the kernel speaks: [min, max]. */
  kernelProtocol: { min: number; max: number } = { min: IPSET_PROTOCOL_MIN, max: IPSET_PROTOCOL };
  private readonly pinned: Readonly<Record<string, number>>;
  private readonly types = new Map<string, TypeRevision>();
  private readonly metas = new Map<string, SetMeta>();
  private readonly bulkWriter = new Writer(1 << 16);
  private maxMessage = 32 * 1024;

  private constructor(socket: NetlinkSocket, protocol: number, revisions: Readonly<Record<string, number>>) {
    this.socket = socket;
    this.protocol = protocol;
    this.pinned = revisions;
  }

  /** Opens a socket and negotiates the protocol version with the kernel. */
  static async open(opts: IPSetOpenOptions = {}): Promise<IPSet> {
    if (opts.protocol !== undefined && (opts.protocol < IPSET_PROTOCOL_MIN || opts.protocol > IPSET_PROTOCOL)) {
      throw new RangeError(`ipset protocol ${opts.protocol} is not supported (nlkit speaks ${IPSET_PROTOCOL_MIN}-${IPSET_PROTOCOL})`);
    }
    const socket = NetlinkSocket.open('NETFILTER', { ...opts.socket, netns: opts.netns ?? opts.socket?.netns });
    // Bulk sends put many messages in one datagram: make room for them.
    try {
      socket.setOption(SOL_SOCKET, SO_SNDBUFFORCE, 8 << 20);
    } catch {
      try { socket.setOption(SOL_SOCKET, SO_SNDBUF, 8 << 20); } catch { /* keep the default */ }
    }
    const ipset = new IPSet(socket, opts.protocol ?? IPSET_PROTOCOL, opts.revisions ?? {});
    try {
      const sndbuf = socket.getOption(SOL_SOCKET, SO_SNDBUF);
      // The socket packs up to 64 messages per sendmsg; each datagram must fit the send buffer.
      ipset.maxMessage = Math.max(2048, Math.min(ipset.maxMessage, Math.floor(sndbuf / 2 / 64) & ~3));
      await ipset.negotiate(opts.protocol);
    } catch (e) {
      socket.close();
      throw e;
    }
    return ipset;
  }

  private async negotiate(pin: number | undefined): Promise<void> {
    const [reply] = await this.call(IPSET_CMD.PROTOCOL, {});
    const max = Number(reply?.protocol ?? IPSET_PROTOCOL_MIN);
    const min = Number(reply?.protocol_min ?? max);
    this.kernelProtocol = { min, max };
    if (pin !== undefined) {
      if (pin < min || pin > max) {
        throw new IPSetError({ errno: IPSET_ERR.PROTOCOL, cmd: IPSET_CMD.PROTOCOL },
          `Cannot communicate with kernel: Kernel support protocol versions ${min}-${max} while userspace supports protocol versions ${pin}-${pin}`);
      }
      this.protocol = pin;
    } else {
      if (max < IPSET_PROTOCOL_MIN || min > IPSET_PROTOCOL) {
        throw new IPSetError({ errno: IPSET_ERR.PROTOCOL, cmd: IPSET_CMD.PROTOCOL },
          `Cannot communicate with kernel: Kernel support protocol versions ${min}-${max} while userspace supports protocol versions ${IPSET_PROTOCOL_MIN}-${IPSET_PROTOCOL}`);
      }
      this.protocol = Math.min(max, IPSET_PROTOCOL);
    }
  }

  close(): void {
    this.socket.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // ---- raw calls ----

  private message(cmd: number, attrs: Attrs, family: number = FAMILY.inet, flags = 0): OutMessage {
    const set = ipsetAttrsFor(cmd);
    const all: Attrs = { protocol: this.protocol, ...attrs };
    return {
      type: nfMsgType(IPSET_SUBSYS, cmd),
      flags,
      body: (w: Writer) => {
        writeNfgen(w, family);
        encodeAttrsInto(set, all, w);
      },
    };
  }

  /** Decodes a reply's attributes by the command's schema. */
  decode(m: NetlinkMessage): Attrs {
    return decodeAttrsAt(ipsetAttrsFor(m.type & 0xff), m.payload, NFGEN_HDRLEN, m.payload.length);
  }

  private async call(cmd: number, attrs: Attrs, o: { family?: number; flags?: number; setName?: string; typeName?: string } = {}): Promise<Attrs[]> {
    try {
      const replies = await this.socket.request(this.message(cmd, attrs, o.family, o.flags), { command: ipsetLabel(cmd, o.setName) });
      return replies.map((m) => this.decode(m));
    } catch (e) {
      throw IPSetError.from(e, cmd, o.setName, o.typeName);
    }
  }

  /**
   * The escape hatch: any command with any attributes (typed by ipsetAttrsFor(cmd); unknown ones as
   * `$unknown: [{ type, flags, data }]`). The protocol attribute is added. Returns the decoded replies.
   */
  async request(command: number | keyof typeof IPSET_CMD, attrs: Attrs = {}, opts: RequestCallOptions = {}): Promise<Attrs[]> {
    const cmd = typeof command === 'number' ? command : IPSET_CMD[command];
    if (cmd === undefined) throw new TypeError(`unknown ipset command '${String(command)}'`);
    const name = typeof attrs.setname === 'string' ? attrs.setname : undefined;
    if (opts.dump) {
      const out: Attrs[] = [];
      try {
        for await (const m of this.socket.dump(this.message(cmd, attrs, opts.family, opts.flags), { command: ipsetLabel(cmd, name) })) out.push(this.decode(m));
      } catch (e) {
        throw IPSetError.from(e, cmd, name);
      }
      return out;
    }
    return this.call(cmd, attrs, { family: opts.family, flags: opts.flags, setName: name });
  }

  // ---- types and headers ----

  /** IPSET_CMD_TYPE: the kernel's revisions of a set type (cached). */
  async type(typeName: string, family?: FamilyName): Promise<TypeRevision> {
    const t = setType(typeName);
    const fam = familyNumber(family ?? (t.families.length ? t.families[0] : undefined));
    const key = `${t.name}/${fam}`;
    const cached = this.types.get(key);
    if (cached) return cached;
    const [r] = await this.call(IPSET_CMD.TYPE, { typename: t.name, family: fam }, { family: fam, typeName: t.name });
    const max = Number(r?.revision ?? 0);
    const min = Number(r?.revision_min ?? 0);
    let revision = max;
    const pin = this.pinned[t.name];
    if (pin !== undefined) {
      if (pin < min || pin > max) {
        throw new IPSetError({ errno: IPSET_ERR.FIND_TYPE, cmd: IPSET_CMD.TYPE, typeName: t.name },
          `Kernel error received: set type ${t.name} revision ${pin} is not supported (the kernel has ${min}-${max})`);
      }
      revision = pin;
    }
    const info: TypeRevision = { type: t.name, family: fam, revision, revisionMax: max, revisionMin: min };
    this.types.set(key, info);
    return info;
  }

  /** IPSET_CMD_HEADER: a set's type, revision and family. */
  async header(name: string): Promise<SetMeta> {
    checkSetName(name);
    const [r] = await this.call(IPSET_CMD.HEADER, { setname: name }, { setName: name });
    const meta: SetMeta = { name, type: String(r?.typename ?? ''), revision: Number(r?.revision ?? 0), family: familyName(r?.family) };
    this.metas.set(name, meta);
    return meta;
  }

  private async meta(name: string): Promise<SetMeta> {
    return this.metas.get(name) ?? this.header(name);
  }

  /** IPSET_CMD_GET_BYNAME (protocol 7): the set's kernel index and family. */
  async getByName(name: string): Promise<{ index: number; family?: FamilyName }> {
    this.need7('GET_BYNAME');
    checkSetName(name);
    const [r] = await this.call(IPSET_CMD.GET_BYNAME, { setname: name }, { setName: name });
    return { index: Number(r?.index), family: familyName(r?.family) };
  }

  /** IPSET_CMD_GET_BYINDEX (protocol 7): the name of the set with this kernel index. */
  async getByIndex(index: number): Promise<string> {
    this.need7('GET_BYINDEX');
    const [r] = await this.call(IPSET_CMD.GET_BYINDEX, { index });
    return String(r?.setname ?? '');
  }

  private need7(what: string): void {
    if (this.protocol < 7) throw new IPSetError({ errno: IPSET_ERR.PROTOCOL, cmd: IPSET_CMD.PROTOCOL }, `IPSET_CMD_${what} needs protocol 7 (in use: ${this.protocol})`);
  }

  // ---- set commands ----

  async create(name: string, typeName: string, opts: CreateOptions & { exist?: boolean } = {}): Promise<void> {
    checkSetName(name);
    const t = setType(typeName);
    const data = createOptionsToAttrs(t, opts);
    const family: FamilyName | undefined = t.families.length ? (opts.family ?? t.families[0]) : undefined;
    const rev = await this.type(t.name, family);
    const fam = familyNumber(family);
    await this.call(IPSET_CMD.CREATE, { setname: name, typename: t.name, revision: rev.revision, family: fam, data },
      { family: fam, flags: opts.exist ? NLM_F.CREATE : NLM_F.CREATE | NLM_F.EXCL, setName: name, typeName: t.name });
    this.metas.set(name, { name, type: t.name, revision: rev.revision, family });
  }

  /** Destroys one set, or every set (not referenced) when no name is given. */
  async destroy(name?: string, opts: { exist?: boolean } = {}): Promise<void> {
    if (name !== undefined) checkSetName(name);
    // Without NLM_F_EXCL the kernel ignores a missing set (ipset -exist).
    await this.call(IPSET_CMD.DESTROY, name === undefined ? {} : { setname: name }, { setName: name, flags: opts.exist ? 0 : NLM_F.EXCL });
    if (name === undefined) this.metas.clear();
    else this.metas.delete(name);
  }

  async flush(name?: string): Promise<void> {
    if (name !== undefined) checkSetName(name);
    await this.call(IPSET_CMD.FLUSH, name === undefined ? {} : { setname: name }, { setName: name });
  }

  async rename(from: string, to: string): Promise<void> {
    checkSetName(from);
    checkSetName(to);
    await this.call(IPSET_CMD.RENAME, { setname: from, setname2: to }, { setName: from });
    this.metas.delete(from);
    this.metas.delete(to);
  }

  async swap(a: string, b: string): Promise<void> {
    checkSetName(a);
    checkSetName(b);
    await this.call(IPSET_CMD.SWAP, { setname: a, setname2: b }, { setName: a });
    this.metas.delete(a);
    this.metas.delete(b);
  }

  // ---- listing ----

  private listMessage(name: string | undefined, flags = 0, cmd: number = IPSET_CMD.LIST): OutMessage {
    const attrs: Attrs = {};
    if (name !== undefined) attrs.setname = name;
    if (flags) attrs.flags = flags;
    return this.message(cmd, attrs, FAMILY.inet);
  }

  /** The dump of LIST (or SAVE) replies, each split into its parts (members left as bytes). Errors become IPSetError. */
  private async *dumpParts(name: string | undefined, flags = 0, cmd: number = IPSET_CMD.LIST): AsyncGenerator<ListPart> {
    if (name !== undefined) checkSetName(name);
    try {
      for await (const m of this.socket.dump(this.listMessage(name, flags, cmd), { command: ipsetLabel(cmd, name) })) yield splitListMessage(m.payload);
    } catch (e) {
      throw IPSetError.from(e, cmd, name);
    }
  }

  /** Sets as listed, parts merged per set. `terse` lists headers only (ipset list -terse). */
  async lists(opts: { terse?: boolean; name?: string } = {}): Promise<IPSetInfo[]> {
    const out: IPSetInfo[] = [];
    let cur: (IPSetInfo & { t: SetTypeInfo }) | undefined;
    for await (const a of this.dumpParts(opts.name, opts.terse ? IPSET_FLAG.LIST_HEADER : 0)) {
      if (!cur || cur.name !== a.setname) {
        if (cur) out.push(strip(cur));
        const t = setType(a.typename ?? '');
        const family = familyName(a.family);
        const header = headerFromAttrs(t, a.data ?? {}, family);
        cur = { name: a.setname, type: t.name, revision: a.revision ?? 0, family, header, headerText: formatHeader(t, header), entries: [], t };
        this.metas.set(a.setname, { name: a.setname, type: t.name, revision: cur.revision, family });
      }
      const c = cur;
      if (a.adtAt >= 0) forEachMember(a.buf, a.view, a.adtAt, a.adtEnd, (at, end) => c.entries.push(readEntry(a.buf, a.view, at, end, c.t, c.family)));
    }
    if (cur) out.push(strip(cur));
    return out;
  }

  /** One set with its entries (ipset list NAME). */
  async list(name: string): Promise<IPSetInfo> {
    const [s] = await this.lists({ name });
    if (!s) throw new IPSetError({ errno: 2, cmd: IPSET_CMD.LIST, setName: name });
    return s;
  }

  /** Names of all sets (ipset list -name). */
  async names(): Promise<string[]> {
    const out: string[] = [];
    let last = '';
    for await (const a of this.dumpParts(undefined, IPSET_FLAG.LIST_SETNAME)) {
      if (a.setname !== last) out.push(a.setname);
      last = a.setname;
    }
    return out;
  }

  /**
   * The members of a set, streamed: memory does not grow with the set. A hand-rolled iterator:
   * members of one kernel message are handed out without an await each.
   */
  entries(name: string): AsyncIterableIterator<Entry> {
    checkSetName(name);
    const parts = this.dumpParts(name);
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
  async *saveChunks(name?: string): AsyncGenerator<string> {
    let curName = '';
    let t: SetTypeInfo | undefined;
    let family: FamilyName | undefined;
    for await (const a of this.dumpParts(name, 0, IPSET_CMD.SAVE)) {
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
          const e = readEntry(a.buf, a.view, at, end, tt, family);
          s += prefix + e.elem + entryExtrasText(e) + '\n';
        });
      }
      if (s) yield s;
    }
  }

  /** The whole `ipset save` text of one set or of all sets. */
  async save(name?: string): Promise<string> {
    let s = '';
    for await (const c of this.saveChunks(name)) s += c;
    return s;
  }

  // ---- elements ----

  private async adt(cmd: number, name: string, entry: EntryInput, opts: EntryOptions & { exist?: boolean }): Promise<void> {
    checkSetName(name);
    const meta = await this.meta(name);
    const t = setType(meta.type);
    const { exist, ...eopts } = opts;
    const data = typeof entry === 'string' && entry.includes(' ') ? textEntryAttrs(entry, t, meta.family) : entryToAttrs(entry, t, meta.family, eopts);
    await this.call(cmd, { setname: name, data }, {
      family: familyNumber(meta.family) || FAMILY.inet, flags: exist || cmd === IPSET_CMD.TEST ? 0 : NLM_F.EXCL, setName: name, typeName: t.name,
    });
  }

  async add(name: string, entry: EntryInput, opts: EntryOptions & { exist?: boolean } = {}): Promise<void> {
    await this.adt(IPSET_CMD.ADD, name, entry, opts);
  }

  async del(name: string, entry: EntryInput, opts: EntryOptions & { exist?: boolean } = {}): Promise<void> {
    await this.adt(IPSET_CMD.DEL, name, entry, opts);
  }

  /** Whether the element is in the set. */
  async test(name: string, entry: EntryInput, opts: EntryOptions = {}): Promise<boolean> {
    try {
      await this.adt(IPSET_CMD.TEST, name, entry, opts);
      return true;
    } catch (e) {
      if (e instanceof NetlinkError && e.errno === IPSET_ERR.EXIST) return false;
      throw e;
    }
  }

  // ---- bulk ----

  /** Adds many entries, packed many per message like `ipset restore`; every refused entry is reported, the rest still added. */
  addMany(name: string, entries: Iterable<EntryInput>, opts: BulkOptions = {}): Promise<BulkResult> {
    return this.bulk(IPSET_CMD.ADD, name, entries, opts);
  }

  delMany(name: string, entries: Iterable<EntryInput>, opts: BulkOptions = {}): Promise<BulkResult> {
    return this.bulk(IPSET_CMD.DEL, name, entries, opts);
  }

  private async bulk(cmd: number, name: string, entries: Iterable<EntryInput>, opts: BulkOptions, stopAtFirst = false): Promise<BulkResult> {
    checkSetName(name);
    const meta = await this.meta(name);
    const t = setType(meta.type);
    const family = meta.family;
    const fam = familyNumber(family) || FAMILY.inet;
    const limit = Math.max(512, Math.min(opts.messageSize ?? this.maxMessage, this.maxMessage));
    const flags = opts.exist ? 0 : NLM_F.EXCL;
    const type = nfMsgType(IPSET_SUBSYS, cmd);
    const nameBytes = Buffer.from(name + '\0');
    const fastV4 = family === 'inet' && t.dims.length === 1 && (t.dims[0] === 'ip' || t.dims[0] === 'net');
    const w = this.bulkWriter;
    const result: BulkResult = { done: 0, failed: [] };
    const keep = new Map<number, EntryInput>(); // inputs of messages in flight, for error reports (by index)
    const failedAt = new Set<number>();
    let inflight: Promise<void>[] = [];
    let batch: BuiltMessage[] = [];
    let cur: BuiltMessage | undefined;
    let index = -1;
    let stopped = false;

    const begin = (): BuiltMessage => {
      w.reset();
      writeNfgen(w, fam);
      let at = w.begin(A.protocol); w.u8(this.protocol); w.end(at);
      at = w.begin(A.setname); w.bytes(nameBytes); w.end(at);
      at = w.begin(A.lineno | NLA_F_NET_BYTEORDER); w.u32(0, true); w.end(at);
      const adtAt = w.begin(A.adt | NLA_F_NESTED);
      return { body: w.buf, starts: [], first: index, indexes: [], adtAt };
    };
    const finish = (): void => {
      if (!cur) return;
      cur.starts.push(w.pos);
      w.end(cur.adtAt);
      cur.body = w.buf.slice(0, w.pos);
      batch.push(cur);
      cur = undefined;
    };
    const settle = (m: BuiltMessage, from: number, err?: unknown): void => {
      // Entries from..end of m were accepted, except the failure handled by the caller.
      const n = m.indexes.length - from;
      result.done += n;
      void err;
    };

    const sendBatch = (): void => {
      if (!batch.length) return;
      const msgs = batch;
      batch = [];
      const settled = this.socket.requestMany(msgs.map((m) => ({ type, flags, body: m.body })), { command: ipsetLabel(cmd, name) });
      msgs.forEach((m, i) => inflight.push(settled[i]!.then((r) => this.settleBulk(r, m, cmd, name, t.name, type, flags, keep, result, failedAt, stopAtFirst, () => { stopped = true; }, settle))));
    };
    const drain = async (): Promise<void> => {
      const list = inflight;
      inflight = [];
      await Promise.all(list);
      if (opts.onProgress) opts.onProgress(result.done, result.failed.length);
    };

    for (const e of entries) {
      index++;
      if (stopped) break;
      const dataAt = w.pos;
      if (!cur) {
        cur = begin();
      }
      const start = w.pos;
      try {
        let wrote = false;
        if (fastV4 && typeof e === 'string') wrote = writeFastV4(w, e, index + 1);
        if (!wrote) {
          const attrs = typeof e === 'string' && e.includes(' ') ? textEntryAttrs(e, t, family) : entryToAttrs(e, t, family);
          attrs.lineno = index + 1;
          const at = w.begin(A.data | NLA_F_NESTED);
          encodeAttrsInto(adtDataAttrs, attrs, w);
          w.end(at);
        }
      } catch (err) {
        w.pos = start;
        if (cur.starts.length === 0 && start === dataAt && cur.indexes.length === 0) { /* message stays open */ }
        result.failed.push({ index, entry: e, error: err as Error });
        if (stopAtFirst) { stopped = true; break; }
        continue;
      }
      cur.starts.push(start);
      cur.indexes.push(index);
      keep.set(index, e);
      if (w.pos >= limit - 256) {
        finish();
        if (batch.length >= 32) {
          sendBatch();
          if (inflight.length >= 256) await drain();
        }
      }
    }
    if (cur && cur.indexes.length) finish();
    cur = undefined;
    sendBatch();
    await drain();
    while (inflight.length) await drain();
    result.failed.sort((a, b) => a.index - b.index);
    return result;
  }

  /** One bulk message settled: count it, or find the refused entry, report it, and re-send the rest. */
  private async settleBulk(
    r: PromiseSettledResult<NetlinkMessage[]>, m: BuiltMessage, cmd: number, name: string, typeName: string, type: number, flags: number,
    keep: Map<number, EntryInput>, result: BulkResult, failedAt: Set<number>, stopAtFirst: boolean, stop: () => void,
    settle: (m: BuiltMessage, from: number) => void,
  ): Promise<void> {
    let from = 0;
    for (;;) {
      if (r.status === 'fulfilled') {
        settle(m, from);
        for (let i = from; i < m.indexes.length; i++) keep.delete(m.indexes[i]!);
        return;
      }
      const err = r.reason;
      let k = -1;
      if (err instanceof NetlinkError && err.echoed) {
        try {
          const echoed = decodeAttrsAt(ipsetAdtCmdAttrs, err.echoed, NFGEN_HDRLEN, err.echoed.length);
          const line = Number(echoed.lineno ?? 0);
          k = m.indexes.indexOf(line - 1, from);
        } catch {
          k = -1;
        }
      }
      if (k < 0) {
        // No line to blame: every entry of the message shares the error.
        for (let i = from; i < m.indexes.length; i++) {
          const idx = m.indexes[i]!;
          result.failed.push({ index: idx, entry: keep.get(idx)!, error: IPSetError.from(err, cmd, name, typeName) as Error });
          keep.delete(idx);
        }
        if (stopAtFirst) stop();
        return;
      }
      // Entries before k were applied; k was refused.
      result.done += k - from;
      const idx = m.indexes[k]!;
      const e = err as NetlinkError;
      result.failed.push({
        index: idx, entry: keep.get(idx)!,
        error: new IPSetError({ errno: e.errno, kernelMessage: e.kernelMessage, seq: e.seq, cmd, setName: name, typeName, lineno: idx + 1 }),
      });
      failedAt.add(idx);
      for (let i = from; i <= k; i++) keep.delete(m.indexes[i]!);
      from = k + 1;
      if (stopAtFirst) {
        stop();
        for (let i = from; i < m.indexes.length; i++) keep.delete(m.indexes[i]!);
        return;
      }
      if (from >= m.indexes.length) return;
      // Re-send the rest: same header, DATA from the next entry on.
      const head = m.body.subarray(0, m.adtAt + 4);
      const rest = m.body.subarray(m.starts[from]!, m.starts[m.indexes.length]!);
      const body = new Uint8Array(head.length + rest.length);
      body.set(head, 0);
      body.set(rest, head.length);
      new DataView(body.buffer).setUint16(m.adtAt, 4 + rest.length, true);
      const shift = m.starts[from]! - (m.adtAt + 4);
      m = { ...m, body, starts: m.starts.map((s) => s - shift), adtAt: m.adtAt };
      try {
        const v = await this.socket.request({ type, flags, body }, { command: ipsetLabel(cmd, name) });
        r = { status: 'fulfilled', value: v };
      } catch (x) {
        r = { status: 'rejected', reason: x };
      }
    }
  }

  // ---- text ----

  /**
   * Reads `ipset save` / restore text: create, add, del, flush, destroy, swap, rename, test lines, -exist, COMMIT.
   * Stops at the first error, as ipset does, with "Error in line N: ...".
   */
  async restore(text: string, opts: { exist?: boolean; onProgress?: (linesDone: number, lines: number) => void } = {}): Promise<{ lines: number }> {
    const lines = text.split('\n');
    let pending: { cmd: number; set: string; items: string[]; linenos: number[]; exist: boolean } | undefined;
    const flushPending = async (): Promise<void> => {
      if (!pending) return;
      const p = pending;
      pending = undefined;
      const r = await this.bulk(p.cmd, p.set, p.items, { exist: p.exist }, true);
      if (r.failed.length) {
        const f = r.failed[0]!;
        throw new IPSetRestoreError(p.linenos[f.index]!, f.error);
      }
      opts.onProgress?.(p.linenos[p.linenos.length - 1]!, lines.length);
    };
    for (let i = 0; i < lines.length; i++) {
      const lineNo = i + 1;
      const raw = lines[i]!.trim();
      if (raw === '' || raw.startsWith('#')) continue;
      let words: string[];
      try {
        words = splitWords(raw);
      } catch (e) {
        await flushPending();
        throw new IPSetRestoreError(lineNo, e as Error);
      }
      let exist = !!opts.exist;
      words = words.filter((w) => (w === '-exist' || w === '-!' ? ((exist = true), false) : true));
      let cmdWord = words[0]!;
      if (cmdWord.startsWith('-')) cmdWord = cmdWord.replace(/^-+/, '');
      const cmdName = ({ A: 'add', D: 'del', N: 'create', X: 'destroy', F: 'flush', E: 'rename', W: 'swap', T: 'test', n: 'create' } as Record<string, string>)[cmdWord] ?? cmdWord;
      if (cmdName === 'COMMIT') {
        await flushPending();
        continue;
      }
      if ((cmdName === 'add' || cmdName === 'del') && words.length >= 3) {
        const cmd = cmdName === 'add' ? IPSET_CMD.ADD : IPSET_CMD.DEL;
        const set = words[1]!;
        if (!pending || pending.cmd !== cmd || pending.set !== set || pending.exist !== exist) {
          await flushPending();
          pending = { cmd, set, items: [], linenos: [], exist };
        }
        pending.items.push(words.slice(2).map(quoteWord).join(' '));
        pending.linenos.push(lineNo);
        continue;
      }
      await flushPending();
      try {
        await this.runWords(cmdName, words.slice(1), exist);
      } catch (e) {
        throw new IPSetRestoreError(lineNo, e as Error);
      }
    }
    await flushPending();
    return { lines: lines.length };
  }

  /** One non-bulk restore command. */
  private async runWords(cmd: string, args: string[], exist: boolean): Promise<void> {
    switch (cmd) {
      case 'create': {
        if (args.length < 2) throw new IPSetSyntaxError('Invalid create command: missing settype');
        await this.create(args[0]!, args[1]!, { ...parseCreateWordsLazy(args.slice(2)), exist });
        return;
      }
      case 'add': case 'del': case 'test': {
        if (args.length < 2) throw new IPSetSyntaxError(`Invalid ${cmd} command: missing setname`);
        const data = args.slice(1).map(quoteWord).join(' ');
        if (cmd === 'add') await this.add(args[0]!, data, { exist });
        else if (cmd === 'del') await this.del(args[0]!, data, { exist });
        else if (!(await this.test(args[0]!, data))) throw new IPSetError({ errno: IPSET_ERR.EXIST, cmd: IPSET_CMD.TEST, setName: args[0] }, `${args[1]} is NOT in set ${args[0]}.`);
        return;
      }
      case 'flush': await this.flush(args[0]); return;
      case 'destroy': await this.destroy(args[0], { exist }); return;
      case 'rename': await this.rename(args[0]!, args[1]!); return;
      case 'swap': await this.swap(args[0]!, args[1]!); return;
      default: throw new IPSetSyntaxError(`Unknown command ${cmd}`);
    }
  }

  /**
   * Replaces a set's contents without ever leaving it empty: a temporary set of the same type and
   * options is filled, swapped in, and destroyed. The set is created when it does not exist (then `type` is needed).
   */
  async replace(name: string, entries: Iterable<EntryInput>, opts: { type?: string; options?: CreateOptions } = {}): Promise<BulkResult> {
    checkSetName(name);
    let typeName = opts.type;
    let createOpts: CreateOptions | undefined = opts.options;
    let exists = true;
    try {
      const [info] = await this.lists({ name, terse: true });
      if (info) {
        typeName = info.type;
        const { memsize: _m, references: _r, elements: _e, initval: _i, ...h } = info.header as SetHeader;
        createOpts = { ...h, ...opts.options };
      }
    } catch (e) {
      if (!(e instanceof NetlinkError && e.errno === 2)) throw e;
      exists = false;
    }
    if (!typeName) throw new IPSetError({ errno: 2, cmd: IPSET_CMD.LIST, setName: name });
    if (!exists) {
      await this.create(name, typeName, createOpts ?? {});
      return this.addMany(name, entries, { exist: true });
    }
    const tmp = tempName(name);
    await this.create(tmp, typeName, createOpts ?? {});
    try {
      const r = await this.addMany(tmp, entries, { exist: true });
      await this.swap(tmp, name);
      return r;
    } finally {
      await this.destroy(tmp).catch(() => {});
    }
  }
}

function tempName(name: string): string {
  const suffix = '-' + Math.random().toString(36).slice(2, 8);
  let base = name;
  while (Buffer.byteLength(base + suffix) > 31) base = base.slice(0, -1);
  return base + suffix;
}

function strip(s: IPSetInfo & { t?: SetTypeInfo }): IPSetInfo {
  const { t: _t, ...rest } = s;
  return rest;
}

function ipsetLabel(cmd: number, name?: string): string {
  const names: Record<number, string> = Object.fromEntries(Object.entries(IPSET_CMD).map(([k, v]) => [v, `IPSET_CMD_${k}`]));
  return `ipset ${names[cmd] ?? cmd}${name ? ' ' + name : ''}`;
}

/** "elem opt val ..." text into DATA attributes. */
function textEntryAttrs(text: string, t: SetTypeInfo, family: FamilyName | undefined): Attrs {
  const words = splitWords(text);
  const elem = words[0]!;
  return entryToAttrs(elem, t, family, parseEntryWords(words.slice(1)));
}

/** Writes DATA { IP { IPV4 }, LINENO } for a plain dotted quad or quad/cidr; false when the text is anything else. */
function writeFastV4(w: Writer, text: string, lineno: number): boolean {
  let ipText = text;
  let cidr = -1;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const c = text.slice(slash + 1);
    if (!/^\d{1,2}$/.test(c) || Number(c) > 32) return false;
    cidr = Number(c);
    ipText = text.slice(0, slash);
  }
  const n = ipv4ToInt(ipText);
  if (n < 0) return false;
  w.ensure(40);
  const d = w.begin(A.data | NLA_F_NESTED);
  const ip = w.begin(A.ip | NLA_F_NESTED);
  const v = w.begin(A.ipv4 | NLA_F_NET_BYTEORDER);
  w.u32(n, true);
  w.end(v);
  w.end(ip);
  if (cidr >= 0) {
    const c = w.begin(A.cidr);
    w.u8(cidr);
    w.end(c);
  }
  const l = w.begin(A.dataLineno | NLA_F_NET_BYTEORDER);
  w.u32(lineno, true);
  w.end(l);
  w.end(d);
  return true;
}

/** Splits a line into words; "double quoted" words keep their spaces (the quotes are dropped). */
export function splitWords(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) throw new IPSetSyntaxError(`Syntax error: cannot find closing escape character '"' in ${line.slice(i)}`);
      out.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && !/\s/.test(line[j]!)) j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

function quoteWord(w: string): string {
  return /\s/.test(w) || w === '' ? `"${w}"` : w;
}

import { parseCreateWords } from './format.js';
function parseCreateWordsLazy(words: string[]): CreateOptions {
  return parseCreateWords(words);
}

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
