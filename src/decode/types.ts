// What the decoder produces: one DecodedMessage per netlink message found in a capture.
// Field names are stable: the JSON output (`nlkit decode --json`) is these objects.
import type { InputFormat } from './inputs/index.js';

/** A netlink protocol by name or number (`--protocol generic`, `--protocol 16`). */
export type ProtocolSpec = 'route' | 'netfilter' | 'generic' | (string & {}) | number;

export interface DecodeOptions {
  /** Input format; detected from the first bytes when absent or 'auto'. */
  format?: InputFormat | 'auto';
  /**
   * Netlink protocol of records the capture does not place (hex dumps, raw files, strace
   * without the socket() line). When absent or 'auto', it is guessed from the messages.
   * A protocol the capture states (strace socket(), pcap) always wins.
   */
  protocol?: ProtocolSpec | 'auto';
  /** Generic netlink family ids by name ({ nl80211: 0x1c }), for captures that lack the CTRL_CMD_GETFAMILY reply. */
  families?: Readonly<Record<string, number>>;
  /** Decode MSG_PEEK reads too (by default they are skipped: the same bytes are read again). */
  peeks?: boolean;
  /** Keep each message's bytes in `bytes` (header and payload, a view into the capture). */
  bytes?: boolean;
}

/** The 16-byte netlink header, with names. */
export interface DecodedHeader {
  len: number;
  type: number;
  /** 'NLMSG_ERROR', 'RTM_NEWLINK', 'nl80211', 'NFNL_SUBSYS_IPSET|IPSET_CMD_ADD', or the number in hex. */
  typeName: string;
  flags: number;
  /** NLM_F_* names without the prefix ('REQUEST', 'ACK', 'DUMP'); bits without a name as hex. */
  flagNames: string[];
  seq: number;
  pid: number;
}

/**
 * The header after nlmsghdr: genlmsghdr, nfgenmsg, or an rtnetlink struct. A field's names go
 * beside it as in DecodedHeader: `xName` for a value name, `xNames` (an array) for bits, and
 * `flagNames` for `flags`.
 */
export type FamilyHeader =
  | { kind: 'genl'; cmd: number; version: number; reserved?: number }
  | { kind: 'nfgen'; family: number; familyName?: string; version: number; resId: number }
  | { kind: string; [field: string]: string | number | readonly string[] | undefined };

/** One attribute. */
export interface DecodedAttr {
  type: number;
  /** Kernel name (CTRL_ATTR_FAMILY_NAME); absent when the schema does not know the attribute. */
  name?: string;
  /** Typed value (number, bigint, string, boolean, bytes, or an object from a struct codec). */
  value?: unknown;
  /** Name of the value from the schema's enum. */
  enum?: string;
  /** Names of the set bits from the schema's bits table (unnamed bits as hex). */
  bits?: string[];
  /** Children of a nested attribute or the elements of an array. */
  attrs?: DecodedAttr[];
  /** Payload as hex: unknown attributes, and known ones whose value could not be read. */
  hex?: string;
  /** NLA_F_NESTED was set (shown for unknown attributes). */
  nested?: boolean;
  /** Why the value could not be read (the attribute is then shown as hex). */
  error?: string;
  /** An element of an array attribute: `type` is its index. */
  item?: boolean;
  /** Information elements parsed from the payload (nl80211 IE attributes). */
  ies?: unknown;
  /** The value was rebuilt from strace's symbolic decoding and may differ from the real bytes. */
  approximate?: true;
}

export interface DecodedError {
  /** The kernel's code: 0 for an ACK, else a negative errno (ipset: below -4096). */
  code: number;
  /** Positive errno (0 for an ACK). */
  errno: number;
  /** 'ENOENT', 'IPSET_ERR_EXIST', 'ACK'. */
  name: string;
  /** The C library's text for the errno, or the module's. */
  text: string;
  /** The extended-ack message from the kernel. */
  message?: string;
  /** The extended-ack offset of the offending attribute, from the start of the request. */
  offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE. */
  missingType?: number;
  /** The request this answers (its header; family and command when the kernel echoed enough). */
  request?: { header: DecodedHeader; family?: string; command?: string };
}

export interface DecodedMessage {
  /** Position among the messages of the capture, from 0. */
  index: number;
  /** Position of the record (buffer) it came in, from 0. */
  record: number;
  /** Byte offset of the message in its record. */
  offset: number;
  /** Where in the input ('line 42', 'packet 7 (offset 1234)'). */
  source: string;
  direction?: 'send' | 'recv';
  /** 'route', 'generic', 'netfilter', ... or 'unknown'. */
  protocol: string;
  /** Netlink protocol number, when known. */
  protocolNumber?: number;
  /** How the protocol was found: stated by the capture, given as an option, or guessed. */
  protocolFrom?: 'capture' | 'option' | 'guess';
  /** Process id (strace -f) and socket descriptor, when the capture has them. */
  pid?: number;
  fd?: number;
  time?: string;
  /** Absent only when the bytes did not hold a header (a record error, trailing garbage). */
  header?: DecodedHeader;
  /** 'nlctrl', 'nl80211', 'ipset', 'route', 'netlink' (control messages), or the genl family's id as hex when unknown. */
  family?: string;
  /** Command (message) name: 'CTRL_CMD_GETFAMILY', 'IPSET_CMD_ADD', 'RTM_NEWLINK', 'NLMSG_DONE'. */
  command?: string;
  familyHeader?: FamilyHeader;
  attrs?: DecodedAttr[];
  /** NLMSG_ERROR (and a failed NLMSG_DONE). */
  error?: DecodedError;
  /** Payload left after the family header that is not attributes (hex), for payloads the decoder does not know. */
  payloadHex?: string;
  /** The first thing that could not be decoded; the rest of the message is still shown where possible. */
  decodeError?: { message: string; offset: number };
  /** The capture says bytes are missing (strace cut the buffer, pcap snap length). */
  truncated?: boolean;
  /** The message's bytes (header and payload) when options.bytes asked for them. */
  bytes?: Uint8Array;
  /** A remark from the capture reader. */
  warning?: string;
  /**
   * Why some values of this message may not be the real bytes: they were rebuilt from what
   * strace printed symbolically (the attributes concerned carry `approximate`). Capture with
   * strace's hex dumps (-e read=all -e write=all) or `nlkit decode --exec` for exact bytes.
   */
  approximate?: string[];
}
