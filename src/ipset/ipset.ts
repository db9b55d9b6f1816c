// IPSet: every ipset command over NETLINK_NETFILTER (subsystem IPSET), on one
// socket opened in a chosen network namespace (or given: a socket or a transport
// such as the fake kernel). The protocol version and each type's revision are
// negotiated with the kernel (negotiate.ts) and cached. Listing, bulk, restore and
// replace live in their own files; this class is their entry point.
import { decodeAttrsAt, encodeAttrsInto } from '../netlink/attrs.js';
import { NLM_F, SOL_SOCKET } from '../netlink/constants.js';
import { NetlinkError } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';
import type { Attrs } from '../netlink/schema.js';
import { NetlinkSocket, type OutMessage, type SocketOptions } from '../netlink/socket.js';
import { Writer } from '../netlink/writer.js';
import type { NativeAddon } from '../native.js';
import { NFGEN_HDRLEN, nfMsgType, writeNfgen } from '../nfnetlink/header.js';
import { type BulkOptions, type BulkResult, bulk } from './bulk.js';
import { type Entry, type EntryInput, type EntryOptions, checkSetName } from './entry.js';
import { entryToAttrs } from './entry-encode.js';
import { IPSetError, ipsetLabel } from './errors.js';
import { type CreateOptions, type IPSetInfo, createOptionsToAttrs } from './format.js';
import { listSets, saveChunks, setNames, streamEntries, streamEntryBatches } from './listing.js';
import { type TypeRevision, pickProtocol, pickRevision } from './negotiate.js';
import { type ReplaceOptions, replace } from './replace.js';
import { type RestoreInput, type RestoreOptions, restore } from './restore.js';
import { FAMILY, IPSET_CMD, IPSET_ERR, IPSET_PROTOCOL, IPSET_PROTOCOL_MIN, IPSET_SUBSYS, ipsetAttrsFor, type FamilyName } from './schema.js';
import { familyName, familyNumber, setType } from './set-type.js';

export { setType } from './set-type.js';
export { IPSetRestoreError, type RestoreInput, type RestoreOptions } from './restore.js';
export type { TypeRevision } from './negotiate.js';
export type { BulkFailure, BulkOptions, BulkResult } from './bulk.js';

const SO_SNDBUF = 7;
const SO_SNDBUFFORCE = 32;

export interface IPSetOpenOptions {
  /** Network namespace (name under /run/netns or a path). */
  netns?: string;
  /** Pin the protocol version (6 or 7); default: the highest both sides speak. */
  protocol?: number;
  /** Pin type revisions, e.g. { 'hash:ip': 5 }; default: the kernel's highest. */
  revisions?: Readonly<Record<string, number>>;
  /**
   * A NETLINK_NETFILTER socket already open (IPSet.close() leaves it open), or extra options for
   * the socket IPSet opens.
   */
  socket?: NetlinkSocket | SocketOptions;
  /** The transport under the socket IPSet opens, e.g. the fake kernel of `nlkit/testing`. */
  transport?: NativeAddon;
}

/** What HEADER says about a set. */
export interface SetMeta {
  name: string;
  type: string;
  revision: number;
  family?: FamilyName;
}

export interface RequestCallOptions {
  dump?: boolean;
  flags?: number;
  /** nfgen_family of the request (default AF_INET). */
  family?: number;
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
  /** @internal The bulk encoder's reused buffer. */
  readonly bulkWriter = new Writer(1 << 16);
  /** @internal Largest bulk message. */
  maxMessage = 32 * 1024;
  private readonly ownsSocket: boolean;

  private constructor(socket: NetlinkSocket, protocol: number, revisions: Readonly<Record<string, number>>, ownsSocket: boolean) {
    this.socket = socket;
    this.protocol = protocol;
    this.pinned = revisions;
    this.ownsSocket = ownsSocket;
  }

  /** Opens a socket (or takes the one given) and negotiates the protocol version with the kernel. */
  static async open(opts: IPSetOpenOptions = {}): Promise<IPSet> {
    if (opts.protocol !== undefined && (opts.protocol < IPSET_PROTOCOL_MIN || opts.protocol > IPSET_PROTOCOL)) {
      throw new RangeError(`ipset protocol ${opts.protocol} is not supported (nlkit speaks ${IPSET_PROTOCOL_MIN}-${IPSET_PROTOCOL})`);
    }
    const given = opts.socket instanceof NetlinkSocket ? opts.socket : undefined;
    const sockOpts = given ? {} : (opts.socket as SocketOptions | undefined) ?? {};
    const socket = given ?? NetlinkSocket.open('NETFILTER', { ...sockOpts, netns: opts.netns ?? sockOpts.netns, transport: opts.transport ?? sockOpts.transport });
    if (!given) {
      // Bulk sends put many messages in one datagram: make room for them.
      try {
        socket.setOption(SOL_SOCKET, SO_SNDBUFFORCE, 8 << 20);
      } catch {
        try { socket.setOption(SOL_SOCKET, SO_SNDBUF, 8 << 20); } catch { /* keep the default */ }
      }
    }
    const ipset = new IPSet(socket, opts.protocol ?? IPSET_PROTOCOL, opts.revisions ?? {}, !given);
    try {
      const sndbuf = socket.getOption(SOL_SOCKET, SO_SNDBUF);
      // The socket packs up to 64 messages per sendmsg; each datagram must fit the send buffer.
      ipset.maxMessage = Math.max(2048, Math.min(ipset.maxMessage, Math.floor(sndbuf / 2 / 64) & ~3));
      const [reply] = await ipset.call(IPSET_CMD.PROTOCOL, {});
      const p = pickProtocol(reply, opts.protocol);
      ipset.protocol = p.protocol;
      ipset.kernelProtocol = p.kernel;
    } catch (e) {
      if (!given) socket.close();
      throw e;
    }
    return ipset;
  }

  /** Closes the socket, unless it was given to open(). */
  close(): void {
    if (this.ownsSocket) this.socket.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  // ---- raw calls ----

  /** @internal A request message; the protocol attribute is added. */
  message(cmd: number, attrs: Attrs, family: number = FAMILY.inet, flags = 0): OutMessage {
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

  /** @internal One request, its replies decoded; errors become IPSetError. */
  async call(cmd: number, attrs: Attrs, o: { family?: number; flags?: number; setName?: string; typeName?: string } = {}): Promise<Attrs[]> {
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
    const info = pickRevision(t.name, fam, r, this.pinned[t.name]);
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

  /** @internal A set's type and family: cached, or asked with HEADER. */
  async meta(name: string): Promise<SetMeta> {
    return this.metas.get(name) ?? this.header(name);
  }

  /** @internal Caches what a listing said about a set. */
  remember(meta: SetMeta): void {
    this.metas.set(meta.name, meta);
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
    await this.twoSets(IPSET_CMD.RENAME, from, to);
  }

  async swap(a: string, b: string): Promise<void> {
    await this.twoSets(IPSET_CMD.SWAP, a, b);
  }

  /** RENAME and SWAP: both names checked first; the headers cached for both are stale afterwards. */
  private async twoSets(cmd: number, a: string, b: string): Promise<void> {
    checkSetName(a);
    checkSetName(b);
    await this.call(cmd, { setname: a, setname2: b }, { setName: a });
    this.metas.delete(a);
    this.metas.delete(b);
  }

  // ---- listing (listing.ts) ----

  /** Sets as listed, parts merged per set. `terse` lists headers only (ipset list -terse). */
  lists(opts: { terse?: boolean; name?: string } = {}): Promise<IPSetInfo[]> {
    return listSets(this, opts);
  }

  /** One set with its entries (ipset list NAME). */
  async list(name: string): Promise<IPSetInfo> {
    const [s] = await this.lists({ name });
    if (!s) throw new IPSetError({ errno: 2, cmd: IPSET_CMD.LIST, setName: name });
    return s;
  }

  /** Names of all sets (ipset list -name). */
  names(): Promise<string[]> {
    return setNames(this);
  }

  /** The members of a set, streamed: memory does not grow with the set. */
  entries(name: string): AsyncIterableIterator<Entry> {
    return streamEntries(this, name);
  }

  /**
   * The members of a set, an array per kernel message: entries() without a promise per member, for
   * loops over large sets (`for await (const batch of ...) for (const e of batch)`).
   */
  entryBatches(name: string): AsyncGenerator<Entry[]> {
    return streamEntryBatches(this, name);
  }

  /** `ipset save` text, streamed in chunks (one per kernel message). */
  saveChunks(name?: string): AsyncGenerator<string> {
    return saveChunks(this, name);
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
    const data = entryToAttrs(entry, t, meta.family, eopts);
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

  // ---- bulk (bulk.ts), restore (restore.ts), replace (replace.ts) ----

  /** Adds many entries, packed many per message like `ipset restore`; every refused entry is reported, the rest still added. */
  addMany(name: string, entries: Iterable<EntryInput>, opts: BulkOptions = {}): Promise<BulkResult> {
    return bulk(this, IPSET_CMD.ADD, name, entries, opts);
  }

  delMany(name: string, entries: Iterable<EntryInput>, opts: BulkOptions = {}): Promise<BulkResult> {
    return bulk(this, IPSET_CMD.DEL, name, entries, opts);
  }

  /**
   * Reads `ipset save` / restore text (a string, lines, or a stream of chunks, read line by line): every command
   * ipset takes in a restore file. Stops at the first error, as ipset does, with "Error in line N: ...".
   */
  restore(input: RestoreInput, opts: RestoreOptions = {}): Promise<{ lines: number }> {
    return restore(this, input, opts);
  }

  /**
   * Replaces a set's contents without ever leaving it empty: a temporary set of the same type and
   * options is filled, swapped in, and destroyed. The set is created when it does not exist (then `type` is needed).
   */
  replace(name: string, entries: Iterable<EntryInput>, opts: ReplaceOptions = {}): Promise<BulkResult> {
    return replace(this, name, entries, opts);
  }
}
