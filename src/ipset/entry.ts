// Elements and their options in ipset(8)'s text forms, both ways, per set type.
// Parsing produces the DATA attributes of an ADD/DEL/TEST (by adtDataAttrs);
// formatting turns DATA from a LIST/SAVE reply back into the text `ipset save`
// prints. Bad input throws IPSetSyntaxError naming the value, before anything is sent.
import { EncodeError } from '../netlink/errors.js';
import { IPSET_MAXNAMELEN } from './schema.js';

/** Input that cannot be turned into a request; the message is ipset's own wording where it has one. */
export class IPSetSyntaxError extends EncodeError {
  constructor(message: string) {
    super(message);
    this.name = 'IPSetSyntaxError';
  }
}

const syntax = (msg: string): never => {
  throw new IPSetSyntaxError(`Syntax error: ${msg}`);
};
export function checkSetName(name: string, what = 'setname'): void {
  if (typeof name !== 'string' || name.length === 0) throw new IPSetSyntaxError(`Syntax error: ${what} is missing`);
  if (Buffer.byteLength(name) > IPSET_MAXNAMELEN) syntax(`${what} '${name}' is longer than ${IPSET_MAXNAMELEN} characters`);
}

/** A typed element: the parts of an entry, named. Which ones apply depends on the set type. */
export interface Member {
  ip?: string;
  cidr?: number;
  ipTo?: string;
  /** Protocol name as /etc/protocols gives it ('tcp', 'udp', 'icmp', 'ipv6-icmp', ...). */
  proto?: string;
  /** Port, or for ICMP (type << 8 | code). */
  port?: number;
  portTo?: number;
  ip2?: string;
  cidr2?: number;
  ip2To?: string;
  mac?: string;
  mark?: number;
  iface?: string;
  physdev?: boolean;
  /** list:set: the member set's name. */
  name?: string;
}

/** Options an element may carry on add/del/test (and what comes back in a listing). */
export interface EntryOptions {
  timeout?: number;
  packets?: number | bigint;
  bytes?: number | bigint;
  comment?: string;
  /** skbmark as a number, or ipset's "MARK[/MASK]" text. */
  skbmark?: number | string;
  skbmask?: number;
  /** skbprio as ipset's "MAJOR:MINOR" text (hex), or { major, minor }. */
  skbprio?: string | { major: number; minor: number };
  skbqueue?: number;
  nomatch?: boolean;
  /** list:set: place the member before or after this set. */
  before?: string;
  after?: string;
}

/** An element as given by callers: ipset's text form, or a typed object. */
export type EntryInput = string | (Member & EntryOptions) | (EntryOptions & { elem: string });

/** One member of a set as listed. */
export interface Entry extends Member {
  /** The element in `ipset save` text. */
  elem: string;
  timeout?: number;
  packets?: number | bigint;
  bytes?: number | bigint;
  comment?: string;
  skbmark?: { mark: number; mask: number };
  skbprio?: { major: number; minor: number };
  skbqueue?: number;
  nomatch?: boolean;
}

/** An argument the command line does not know (ipset exits 2 for these, with a hint). */
export class IPSetArgumentError extends IPSetSyntaxError {
  constructor(message: string) {
    super(message);
    this.name = 'IPSetArgumentError';
  }
}

export { protoName, protoNumber, ICMP_NAMES, ICMPV6_NAMES } from './entry-names.js';
export { parseElement } from './entry-parse.js';
export { parseEntryWords } from './option-words.js';
export { entryToAttrs, entryOptionsToAttrs, memberToAttrs } from './entry-encode.js';
export { elemText, entryExtrasText, formatEntry, formatEntryAttrs } from './entry-format.js';
export { readEntry, forEachMember } from './entry-read.js';
