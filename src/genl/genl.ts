// GenericNetlink: family resolution and multicast groups over NETLINK_GENERIC,
// and GenlClient, a schema-typed caller for one resolved family.
import { NLM_F } from '../netlink/constants.js';
import { NetlinkError } from '../netlink/errors.js';
import type { NetlinkMessage } from '../netlink/message.js';
import type { Attrs } from '../netlink/schema.js';
import { NetlinkSocket, type RequestOptions, type SocketOptions } from '../netlink/socket.js';
import { CTRL_CMD, nlctrl } from './ctrl.js';
import { familyFromAttrs, type GenlFamily } from './family.js';
import { GENL_ID_CTRL, decodeGenl, writeGenl, type GenlMessage, type GenlProtocol } from './header.js';

export class GenericNetlink {
  readonly socket: NetlinkSocket;
  private readonly cache = new Map<string, GenlFamily>();

  constructor(socket: NetlinkSocket) {
    this.socket = socket;
  }

  /**
   * Opens a NETLINK_GENERIC socket (in `netns` when given), or wraps `socket` when one is passed. A fake kernel
   * from `nlkit/testing` goes in as `transport`.
   */
  static async open(opts: SocketOptions & { socket?: NetlinkSocket } = {}): Promise<GenericNetlink> {
    return new GenericNetlink(opts.socket ?? NetlinkSocket.open('GENERIC', opts));
  }

  /** Resolves one family by name (a CTRL_CMD_GETFAMILY for that name only). ENOENT when absent. */
  async family(name: string): Promise<GenlFamily> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    if (typeof name !== 'string' || name.length === 0 || Buffer.byteLength(name) >= 16) {
      throw new TypeError(`invalid generic netlink family name '${String(name)}' (1 to 15 bytes)`);
    }
    const replies = await this.socket.request(
      { type: GENL_ID_CTRL, body: (w) => writeGenl(w, CTRL_CMD.GETFAMILY, nlctrl.version, nlctrl.attrs, { family_name: name }) },
      { command: `nlctrl CTRL_CMD_GETFAMILY ${name}` },
    );
    const reply = replies[0];
    if (!reply) throw new NetlinkError({ errno: 2, command: `nlctrl CTRL_CMD_GETFAMILY ${name}` }, `generic netlink family '${name}' gave no reply`);
    const fam = familyFromAttrs(decodeGenl(reply, nlctrl.attrs).attrs);
    this.cache.set(name, fam);
    return fam;
  }

  /** Every family the kernel has (a CTRL_CMD_GETFAMILY dump). */
  async families(): Promise<GenlFamily[]> {
    const out: GenlFamily[] = [];
    for await (const m of this.socket.dump(
      { type: GENL_ID_CTRL, body: (w) => writeGenl(w, CTRL_CMD.GETFAMILY, nlctrl.version, nlctrl.attrs, {}) },
      { command: 'nlctrl CTRL_CMD_GETFAMILY (dump)' },
    )) {
      out.push(familyFromAttrs(decodeGenl(m, nlctrl.attrs).attrs));
    }
    return out;
  }

  /** Joins a family's multicast group by name; returns the group id. */
  async subscribe(familyName: string, group: string): Promise<number> {
    const fam = await this.family(familyName);
    const g = fam.groups.find((x) => x.name === group);
    if (!g) {
      const known = fam.groups.map((x) => x.name).join(', ') || 'none';
      throw new TypeError(`family '${familyName}' has no multicast group '${group}' (it has: ${known})`);
    }
    this.socket.addMembership(g.id);
    return g.id;
  }

  async unsubscribe(familyName: string, group: string): Promise<void> {
    const fam = await this.family(familyName);
    const g = fam.groups.find((x) => x.name === group);
    if (g) this.socket.dropMembership(g.id);
  }

  /** A typed client for one family, resolved by its schema's name. */
  async client(proto: GenlProtocol): Promise<GenlClient> {
    return new GenlClient(this.socket, await this.family(proto.name), proto);
  }

  close(): void {
    this.socket.close();
  }
}

export class GenlClient {
  constructor(
    readonly socket: NetlinkSocket,
    readonly family: GenlFamily,
    readonly proto: GenlProtocol,
  ) {}

  private label(cmd: number): string {
    return `${this.proto.name} ${this.proto.commands[cmd] ?? `command ${cmd}`}`;
  }

  private message(cmd: number, attrs: Attrs, flags = 0) {
    return {
      type: this.family.id,
      flags,
      body: (w: import('../netlink/writer.js').Writer) => writeGenl(w, cmd, this.proto.version, this.proto.attrs, attrs),
    };
  }

  /** A "do" request: resolves with the decoded replies once acknowledged. */
  async request(cmd: number, attrs: Attrs = {}, opts: RequestOptions & { flags?: number } = {}): Promise<GenlMessage[]> {
    const replies = await this.socket.request(this.message(cmd, attrs, opts.flags), { command: this.label(cmd), ...opts });
    return replies.map((m) => this.decode(m));
  }

  /** A dump request, as an async iterator of decoded messages. */
  async *dump(cmd: number, attrs: Attrs = {}, opts: RequestOptions & { flags?: number } = {}): AsyncIterableIterator<GenlMessage> {
    for await (const m of this.socket.dump(this.message(cmd, attrs, opts.flags), { command: this.label(cmd), ...opts })) {
      yield this.decode(m);
    }
  }

  /** Sends without waiting (errors arrive in socket.get()); returns the seq. */
  put(cmd: number, attrs: Attrs = {}, flags = NLM_F.REQUEST): number {
    return this.socket.put(this.message(cmd, attrs, flags));
  }

  decode(m: NetlinkMessage): GenlMessage {
    return decodeGenl(m, this.proto.attrs);
  }

  /** Whether a message belongs to this family (for event streams shared with others). */
  owns(m: NetlinkMessage): boolean {
    return m.type === this.family.id;
  }
}
