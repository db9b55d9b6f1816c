// IPSetError: what the kernel refused, in the ipset tool's own words, chosen by
// command and by set type the same way ipset(8) does (a command-specific
// message first, then the generic one, then the core table).
import os from 'node:os';
import { errnoText } from '../netlink/errno.js';
import { NetlinkError, type NetlinkErrorInfo } from '../netlink/errors.js';
import { IPSET_CMD, IPSET_CMD_NAMES, IPSET_ERR, IPSET_ERR_BITMAP, IPSET_ERR_HASH, IPSET_ERR_LIST } from './schema.js';

const E = os.constants.errno;
const C = IPSET_CMD;

/** A message for any command, or messages for some commands only (by IPSET_CMD number). */
type Text = string | Readonly<Record<number, string>>;

// ipset(8)'s messages, keyed by the names the schema (and the errno table) give the codes.
const ERRNO_TEXT: Readonly<Partial<Record<keyof typeof E, Text>>> = {
  ENOENT: 'The set with the given name does not exist',
  EMSGSIZE: 'Kernel error received: message could not be created',
  EEXIST: {
    [C.CREATE]: 'Set cannot be created: set with the same name already exists',
    [C.TYPE]: 'Kernel error received: set type does not supported',
  },
};

const CORE_TEXT: Readonly<Partial<Record<keyof typeof IPSET_ERR, Text>>> = {
  PROTOCOL: 'Kernel error received: ipset protocol error',
  FIND_TYPE: 'Kernel error received: set type not supported',
  MAX_SETS: 'Kernel error received: maximal number of sets reached, cannot create more.',
  INVALID_NETMASK: 'The value of the netmask parameter is invalid',
  INVALID_MARKMASK: 'The value of the markmask parameter is invalid',
  INVALID_FAMILY: 'Protocol family not supported by the set type',
  BUSY: { [C.DESTROY]: 'Set cannot be destroyed: it is in use by a kernel component' },
  EXIST_SETNAME2: {
    [C.RENAME]: 'Set cannot be renamed: a set with the new name already exists',
    [C.SWAP]: 'Sets cannot be swapped: the second set does not exist',
  },
  REFERENCED: { [C.RENAME]: 'Set cannot be renamed: it is in use by another system' },
  TYPE_MISMATCH: { [C.SWAP]: 'The sets cannot be swapped: their type does not match' },
  INVALID_CIDR: 'The value of the CIDR parameter of the IP address is invalid',
  TIMEOUT: 'Timeout cannot be used: set was created without timeout support',
  IPADDR_IPV4: 'An IPv4 address is expected, but not received',
  IPADDR_IPV6: 'An IPv6 address is expected, but not received',
  COUNTER: 'Packet/byte counters cannot be used: set was created without counter support',
  COMMENT: 'Comment cannot be used: set was created without comment support',
  SKBINFO: 'Skbinfo mapping cannot be used: set was created without skbinfo support',
  EXIST: {
    [C.ADD]: "Element cannot be added to the set: it's already added",
    [C.DEL]: "Element cannot be deleted from the set: it's not added",
  },
};

// The type-specific codes share numbers: every one of them has its message.
const BITMAP_TEXT: Readonly<Record<keyof typeof IPSET_ERR_BITMAP, Text>> = {
  RANGE: 'Element is out of the range of the set',
  RANGE_SIZE: { [C.CREATE]: 'The range you specified exceeds the size limit of the set type' },
};

const HASH_TEXT: Readonly<Record<keyof typeof IPSET_ERR_HASH, Text>> = {
  FULL: 'Hash is full, cannot add more elements',
  ELEM: 'Null-valued element, cannot be stored in a hash type of set',
  INVALID_PROTO: 'Invalid protocol specified',
  MISSING_PROTO: 'Protocol missing, but must be specified',
  RANGE_UNSUPPORTED: 'Range is not supported in the "net" component of the element',
  RANGE: 'Invalid range, covers the whole address space',
};

const LIST_TEXT: Readonly<Record<keyof typeof IPSET_ERR_LIST, Text>> = {
  NAME: 'Set to be added/deleted/tested as element does not exist.',
  LOOP: 'Sets with list:set type cannot be added to the set.',
  BEFORE: 'No reference set specified.',
  NAMEREF: "The set to which you referred with 'before' or 'after' does not exist.",
  LIST_FULL: 'The set is full, more elements cannot be added.',
  REF_EXIST: "The set to which you referred with 'before' or 'after' is not added to the set.",
};

/** A table of messages by code number, from one keyed by the codes' names. */
const byCode = (codes: Readonly<Record<string, number>>, texts: Readonly<Record<string, Text | undefined>>): ReadonlyMap<number, Text> =>
  new Map(Object.entries(texts).map(([name, text]) => [codes[name]!, text!]));

const CORE = new Map([...byCode(E, ERRNO_TEXT), ...byCode(IPSET_ERR, CORE_TEXT)]);
const BITMAP = byCode(IPSET_ERR_BITMAP, BITMAP_TEXT);
const HASH = byCode(IPSET_ERR_HASH, HASH_TEXT);
const LIST = byCode(IPSET_ERR_LIST, LIST_TEXT);

const CODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(IPSET_ERR).map(([k, v]) => [v, `IPSET_ERR_${k}`]));
const typeCodeNames = (prefix: string, o: Record<string, number>): Record<number, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [v, `IPSET_ERR_${prefix}${k}`]));
const HASH_NAMES = typeCodeNames('HASH_', IPSET_ERR_HASH);
const BITMAP_NAMES = typeCodeNames('BITMAP_', IPSET_ERR_BITMAP);
const LIST_NAMES = { ...typeCodeNames('', IPSET_ERR_LIST) };

function lookup(table: ReadonlyMap<number, Text>, code: number, cmd: number): string | undefined {
  const text = table.get(code);
  return typeof text === 'string' ? text : text?.[cmd];
}

/** ipset(8)'s message for a kernel error code (positive) answering `cmd`, for a set of type `typeName`. */
export function ipsetErrorMessage(code: number, cmd: number, typeName?: string): string {
  if (code >= IPSET_ERR.TYPE_SPECIFIC && typeName) {
    const table = typeName.startsWith('bitmap:') ? BITMAP : typeName.startsWith('hash:') ? HASH : typeName.startsWith('list:') ? LIST : undefined;
    const m = table && lookup(table, code, cmd);
    if (m) return m;
  }
  const m = lookup(CORE, code, cmd);
  if (m) return m;
  if (code < IPSET_ERR.PRIVATE) return `Kernel error received: ${errnoText(code)}`;
  return `Undecoded error ${code} received from kernel`;
}

/** The symbolic name of an ipset error code: 'IPSET_ERR_EXIST', 'IPSET_ERR_HASH_FULL', or the errno name. */
export function ipsetErrorName(code: number, typeName?: string): string | undefined {
  if (code >= IPSET_ERR.TYPE_SPECIFIC) {
    const t = typeName?.startsWith('bitmap:') ? BITMAP_NAMES : typeName?.startsWith('list:') ? LIST_NAMES : typeName?.startsWith('hash:') ? HASH_NAMES : undefined;
    return t?.[code] ?? `IPSET_ERR_TYPE_SPECIFIC+${code - IPSET_ERR.TYPE_SPECIFIC}`;
  }
  return CODE_NAMES[code];
}

export interface IPSetErrorInfo extends NetlinkErrorInfo {
  /** The ipset command number (IPSET_CMD_*). */
  cmd: number;
  setName?: string;
  typeName?: string;
  /** For bulk operations: the failing line (IPSET_ATTR_LINENO) the kernel reported. */
  lineno?: number;
}

export class IPSetError extends NetlinkError {
  /** ipset command number (IPSET_CMD_*). */
  readonly cmd: number;
  /** 'IPSET_CMD_ADD' etc. */
  readonly commandName: string;
  readonly setName?: string;
  readonly typeName?: string;
  readonly lineno?: number;
  /** The ipset tool's message, without any prefix. */
  readonly reason: string;

  constructor(info: IPSetErrorInfo, reason?: string) {
    const why = reason ?? ipsetErrorMessage(info.errno, info.cmd, info.typeName);
    super({ ...info, command: info.command ?? IPSET_CMD_NAMES[info.cmd] }, why);
    this.name = 'IPSetError';
    this.cmd = info.cmd;
    this.commandName = IPSET_CMD_NAMES[info.cmd] ?? `IPSET_CMD_${info.cmd}`;
    this.setName = info.setName;
    this.typeName = info.typeName;
    this.lineno = info.lineno;
    this.reason = why;
    const sym = ipsetErrorName(info.errno, info.typeName);
    if (sym) Object.defineProperty(this, 'code', { value: sym, enumerable: true });
  }

  /** Converts a NetlinkError from the socket into an IPSetError with ipset's wording. */
  static from(e: unknown, cmd: number, setName?: string, typeName?: string): unknown {
    if (!(e instanceof NetlinkError) || e instanceof IPSetError) return e;
    return new IPSetError({
      errno: e.errno, kernelMessage: e.kernelMessage, offset: e.offset, seq: e.seq, missingType: e.missingType,
      echoed: e.echoed, cmd, setName, typeName,
    });
  }
}

/** How a request is named in socket errors: "ipset IPSET_CMD_ADD myset". */
export function ipsetLabel(cmd: number, name?: string): string {
  return `ipset ${IPSET_CMD_NAMES[cmd] ?? cmd}${name ? ' ' + name : ''}`;
}
