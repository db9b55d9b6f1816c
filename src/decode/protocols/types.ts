// What a protocol decoder is: the piece of the registry that knows one netlink protocol
// (route, generic, netfilter...) and turns its messages (types >= NLMSG_MIN_TYPE) into
// DecodedMessage fields. Protocol decoders hold no state; what a capture teaches (generic
// netlink family ids) lives in the CaptureState they are given.
import type { Problems } from '../attrs.js';
import type { DecodedMessage } from '../types.js';

/** One message: its header fields and its payload (a view: everything after the 16-byte header, cut at the record's end). */
export interface RawMessage {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  len: number;
  payload: Uint8Array;
}

/** What a capture teaches while it is decoded. One per capture (per decode()/decodeStream() call). */
export interface CaptureState {
  /** Generic netlink family name by id: options.families, then CTRL_CMD_NEWFAMILY replies seen so far. */
  genlFamilies: Map<number, string>;
}

/** GET / NEW / DEL requests give the NLM_F bits from 0x100 up different names. */
export type RequestKind = 'get' | 'new' | 'del';

export interface ProtocolDecoder {
  /** 'route', 'generic', 'netfilter'. */
  readonly name: string;
  /** NETLINK_ROUTE = 0, ... */
  readonly number: number;
  /** Name of a message type (>= 0x10) for the header: 'RTM_NEWLINK', 'nl80211', 'NFNL_SUBSYS_IPSET<<8|IPSET_CMD_ADD'. */
  typeName(type: number, state: CaptureState): string | undefined;
  /**
   * Fills family, command, familyHeader and attrs of `out`. Never throws for bad bytes:
   * problems go to `problems` (offsets relative to the payload start) and decoding goes on.
   */
  decode(msg: RawMessage, out: DecodedMessage, state: CaptureState, problems: Problems): void;
  /** Family and command of a request echoed in an NLMSG_ERROR (payload may be empty when the kernel capped it). */
  describe(type: number, payload: Uint8Array, state: CaptureState): { family?: string; command?: string; kind?: RequestKind };
  /**
   * How well the message fits this protocol, for guessing the protocol of a capture that does
   * not say: 0 = not at all, 1 = it could be, 2 = it parses cleanly, 3 = it names something this
   * protocol knows (a known command or family).
   */
  score(msg: RawMessage, state: CaptureState): number;
}

/** The request kind implied by a command's name (…GET…, …NEW…/ADD/CREATE, …DEL…/DESTROY/FLUSH). */
export function kindOfCommand(name: string | undefined): RequestKind | undefined {
  if (!name) return undefined;
  // Three regular expressions per request add up over a capture: each name is looked at once.
  let kind = kinds.get(name);
  if (kind === undefined) {
    kind = /_(GET|LIST|SAVE|HEADER|TYPE|PROTOCOL|TEST|DUMP)/.test(name) ? 'get'
      : /_(DEL|DESTROY|FLUSH|REMOVE)/.test(name) ? 'del'
      : /_(NEW|ADD|CREATE|SET|RENAME|SWAP|TRIGGER|START|JOIN|CONNECT|REGISTER)/.test(name) ? 'new'
      : null;
    if (kinds.size < 4096) kinds.set(name, kind);
  }
  return kind ?? undefined;
}

const kinds = new Map<string, RequestKind | null>();
