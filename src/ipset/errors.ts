// IPSetError: what the kernel refused, in the ipset tool's own words, chosen by
// command and by set type the same way ipset(8) does (a command-specific
// message first, then the generic one, then the core table).
import os from 'node:os';
import { errnoText } from '../netlink/errno.js';
import { NetlinkError, type NetlinkErrorInfo } from '../netlink/errors.js';
import { IPSET_CMD, IPSET_CMD_NAMES, IPSET_ERR, IPSET_ERR_BITMAP, IPSET_ERR_HASH, IPSET_ERR_LIST } from './schema.js';

const E = os.constants.errno;
const C = IPSET_CMD;

type Row = readonly [code: number, cmd: number, message: string];

const CORE: readonly Row[] = [
  [E.ENOENT, 0, 'The set with the given name does not exist'],
  [E.EMSGSIZE, 0, 'Kernel error received: message could not be created'],
  [IPSET_ERR.PROTOCOL, 0, 'Kernel error received: ipset protocol error'],
  [E.EEXIST, C.CREATE, 'Set cannot be created: set with the same name already exists'],
  [IPSET_ERR.FIND_TYPE, 0, 'Kernel error received: set type not supported'],
  [IPSET_ERR.MAX_SETS, 0, 'Kernel error received: maximal number of sets reached, cannot create more.'],
  [IPSET_ERR.INVALID_NETMASK, 0, 'The value of the netmask parameter is invalid'],
  [IPSET_ERR.INVALID_MARKMASK, 0, 'The value of the markmask parameter is invalid'],
  [IPSET_ERR.INVALID_FAMILY, 0, 'Protocol family not supported by the set type'],
  [IPSET_ERR.BUSY, C.DESTROY, 'Set cannot be destroyed: it is in use by a kernel component'],
  [IPSET_ERR.EXIST_SETNAME2, C.RENAME, 'Set cannot be renamed: a set with the new name already exists'],
  [IPSET_ERR.REFERENCED, C.RENAME, 'Set cannot be renamed: it is in use by another system'],
  [IPSET_ERR.EXIST_SETNAME2, C.SWAP, 'Sets cannot be swapped: the second set does not exist'],
  [IPSET_ERR.TYPE_MISMATCH, C.SWAP, 'The sets cannot be swapped: their type does not match'],
  [IPSET_ERR.INVALID_CIDR, 0, 'The value of the CIDR parameter of the IP address is invalid'],
  [IPSET_ERR.TIMEOUT, 0, 'Timeout cannot be used: set was created without timeout support'],
  [IPSET_ERR.IPADDR_IPV4, 0, 'An IPv4 address is expected, but not received'],
  [IPSET_ERR.IPADDR_IPV6, 0, 'An IPv6 address is expected, but not received'],
  [IPSET_ERR.COUNTER, 0, 'Packet/byte counters cannot be used: set was created without counter support'],
  [IPSET_ERR.COMMENT, 0, 'Comment cannot be used: set was created without comment support'],
  [IPSET_ERR.SKBINFO, 0, 'Skbinfo mapping cannot be used: set was created without skbinfo support'],
  [IPSET_ERR.EXIST, C.ADD, "Element cannot be added to the set: it's already added"],
  [IPSET_ERR.EXIST, C.DEL, "Element cannot be deleted from the set: it's not added"],
  [E.EEXIST, C.TYPE, 'Kernel error received: set type does not supported'],
];

const BITMAP: readonly Row[] = [
  [IPSET_ERR_BITMAP.RANGE, 0, 'Element is out of the range of the set'],
  [IPSET_ERR_BITMAP.RANGE_SIZE, C.CREATE, 'The range you specified exceeds the size limit of the set type'],
];

const HASH: readonly Row[] = [
  [IPSET_ERR_HASH.FULL, 0, 'Hash is full, cannot add more elements'],
  [IPSET_ERR_HASH.ELEM, 0, 'Null-valued element, cannot be stored in a hash type of set'],
  [IPSET_ERR_HASH.INVALID_PROTO, 0, 'Invalid protocol specified'],
  [IPSET_ERR_HASH.MISSING_PROTO, 0, 'Protocol missing, but must be specified'],
  [IPSET_ERR_HASH.RANGE_UNSUPPORTED, 0, 'Range is not supported in the "net" component of the element'],
  [IPSET_ERR_HASH.RANGE, 0, 'Invalid range, covers the whole address space'],
];

const LIST: readonly Row[] = [
  [IPSET_ERR_LIST.NAME, 0, 'Set to be added/deleted/tested as element does not exist.'],
  [IPSET_ERR_LIST.LOOP, 0, 'Sets with list:set type cannot be added to the set.'],
  [IPSET_ERR_LIST.BEFORE, 0, 'No reference set specified.'],
  [IPSET_ERR_LIST.NAMEREF, 0, "The set to which you referred with 'before' or 'after' does not exist."],
  [IPSET_ERR_LIST.LIST_FULL, 0, 'The set is full, more elements cannot be added.'],
  [IPSET_ERR_LIST.REF_EXIST, 0, "The set to which you referred with 'before' or 'after' is not added to the set."],
];

const CODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(IPSET_ERR).map(([k, v]) => [v, `IPSET_ERR_${k}`]));
const typeCodeNames = (prefix: string, o: Record<string, number>): Record<number, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [v, `IPSET_ERR_${prefix}${k}`]));
const HASH_NAMES = typeCodeNames('HASH_', IPSET_ERR_HASH);
const BITMAP_NAMES = typeCodeNames('BITMAP_', IPSET_ERR_BITMAP);
const LIST_NAMES = { ...typeCodeNames('', IPSET_ERR_LIST) };

function lookup(table: readonly Row[], code: number, cmd: number): string | undefined {
  let generic: string | undefined;
  for (const [c, k, m] of table) {
    if (c !== code) continue;
    if (k === cmd) return m;
    if (k === 0) generic ??= m;
  }
  return generic;
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
