// The ipset protocol as data (<linux/netfilter/ipset/ip_set*.h>): commands,
// attribute spaces, flags, error codes and the set types. One schema serves the
// encoder, the decoder and the decode tool: ipsetAttrsFor(cmd) gives the
// top-level attribute set of a command's messages.
import { attrSet, type AttrDef, type AttrSet } from '../netlink/schema.js';
import { NFNL_SUBSYS } from '../nfnetlink/header.js';

export const IPSET_SUBSYS = NFNL_SUBSYS.IPSET;
export const IPSET_PROTOCOL = 7;
export const IPSET_PROTOCOL_MIN = 6;
/** Longest set or type name in bytes, without the terminating NUL (IPSET_MAXNAMELEN - 1). */
export const IPSET_MAXNAMELEN = 31;
export const IPSET_MAX_COMMENT_SIZE = 255;
export const IPSET_INVALID_ID = 65535;

export const IPSET_CMD = {
  NONE: 0, PROTOCOL: 1, CREATE: 2, DESTROY: 3, FLUSH: 4, RENAME: 5, SWAP: 6, LIST: 7, SAVE: 8,
  ADD: 9, DEL: 10, TEST: 11, HEADER: 12, TYPE: 13, GET_BYNAME: 14, GET_BYINDEX: 15,
} as const;
export type IPSetCommandName = keyof typeof IPSET_CMD;

/** Kernel command names by number, e.g. 9 -> 'IPSET_CMD_ADD'. */
export const IPSET_CMD_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(IPSET_CMD).map(([k, v]) => [v, `IPSET_CMD_${k}`]),
);

/** Command-level flags (IPSET_ATTR_FLAGS). */
export const IPSET_FLAG = {
  EXIST: 1 << 0, LIST_SETNAME: 1 << 1, LIST_HEADER: 1 << 2, SKIP_COUNTER_UPDATE: 1 << 3,
  SKIP_SUBCOUNTER_UPDATE: 1 << 4, MATCH_COUNTERS: 1 << 5, RETURN_NOMATCH: 1 << 7,
  MAP_SKBMARK: 1 << 8, MAP_SKBPRIO: 1 << 9, MAP_SKBQUEUE: 1 << 10,
} as const;

/** Flags inside DATA (IPSET_ATTR_CADT_FLAGS). */
export const IPSET_CADT_FLAG = {
  BEFORE: 1 << 0, PHYSDEV: 1 << 1, NOMATCH: 1 << 2, WITH_COUNTERS: 1 << 3, WITH_COMMENT: 1 << 4,
  WITH_FORCEADD: 1 << 5, WITH_SKBINFO: 1 << 6, IFACE_WILDCARD: 1 << 7,
} as const;

const bitNames = (prefix: string, o: Record<string, number>): Record<number, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [v, prefix + k]));

export const FAMILY = { unspec: 0, inet: 2, inet6: 10 } as const;
export type FamilyName = 'inet' | 'inet6';
const familyEnum = { 0: 'unspec', 2: 'inet', 10: 'inet6' };

/** IPSET_ATTR_IPADDR_*: an address is a nested attribute holding one of these. */
export const ipaddrAttrs = attrSet('ipset.ipaddr', 'IPSET_ATTR_IPADDR_', {
  1: ['ipv4', 'ipv4', { netorder: true }],
  2: ['ipv6', 'ipv6', { netorder: true }],
});

const ip = (doc: string) => ['nested', { set: ipaddrAttrs, doc }] as const;
const be32 = { netorder: true } as const;
const cadtFlagNames = bitNames('IPSET_FLAG_', IPSET_CADT_FLAG);

/**
 * The attributes the kernel's header numbers below IPSET_ATTR_CADT_MAX (1-11), shared by CREATE and ADT
 * data: what the address and the port stand for differs between the two, so those docs are given.
 */
function cadtAttrs(ipDoc: string, portDoc?: string): Record<number, AttrDef> {
  return {
    1: ['ip', ...ip(ipDoc)],
    2: ['ip_to', ...ip('range end')],
    3: ['cidr', 'u8'],
    4: ['port', 'be16', portDoc ? { netorder: true, doc: portDoc } : { netorder: true }],
    5: ['port_to', 'be16', { netorder: true }],
    6: ['timeout', 'be32', be32],
    7: ['proto', 'u8'],
    8: ['cadt_flags', 'be32', { netorder: true, bits: cadtFlagNames }],
    9: ['lineno', 'be32', be32],
    10: ['mark', 'be32', be32],
    11: ['markmask', 'be32', be32],
  };
}

/** DATA of CREATE, and of the LIST/SAVE/HEADER replies (the set's header). */
export const createDataAttrs = attrSet('ipset.create', 'IPSET_ATTR_', {
  ...cadtAttrs('range start (bitmap:ip, bitmap:ip,mac)', 'range start (bitmap:port)'),
  12: ['bitmask', ...ip('bitmask (hash:ip, hash:net,net)')],
  17: ['initval', 'be32', be32],
  18: ['hashsize', 'be32', be32],
  19: ['maxelem', 'be32', be32],
  20: ['netmask', 'u8'],
  21: ['bucketsize', 'u8'],
  22: ['resize', 'u8'],
  23: ['size', 'be32', { netorder: true, doc: 'list:set size' }],
  24: ['elements', 'be32', be32],
  25: ['references', 'be32', be32],
  26: ['memsize', 'be32', be32],
});

/** DATA of ADD/DEL/TEST, and each member in a LIST/SAVE reply. */
export const adtDataAttrs = attrSet('ipset.adt', 'IPSET_ATTR_', {
  ...cadtAttrs('address, or range start'),
  17: ['ether', 'mac'],
  18: ['name', 'string', { doc: 'member set (list:set)' }],
  19: ['nameref', 'string', { doc: 'before/after reference (list:set)' }],
  20: ['ip2', ...ip('second address')],
  21: ['cidr2', 'u8'],
  22: ['ip2_to', ...ip('second range end')],
  23: ['iface', 'string'],
  24: ['bytes', 'be64', { netorder: true }],
  25: ['packets', 'be64', { netorder: true }],
  26: ['comment', 'string'],
  27: ['skbmark', 'be64', { netorder: true, doc: 'mark << 32 | mask' }],
  28: ['skbprio', 'be32', { netorder: true, doc: 'major << 16 | minor' }],
  29: ['skbqueue', 'be16', { netorder: true }],
  30: ['pad', 'binary'],
});

/** IPSET_ATTR_ADT: many DATA containers in one message (bulk add/del, list replies). */
export const adtAttrs = attrSet('ipset.adt_list', 'IPSET_ATTR_', {
  7: ['data', 'nested', { set: adtDataAttrs, multi: true }],
});

function cmdAttrs(name: string, third: 'typename' | 'setname2', data: AttrSet | undefined): AttrSet {
  const defs: Record<number, AttrDef> = {
    1: ['protocol', 'u8'],
    2: ['setname', 'string'],
    3: [third, 'string'],
    4: ['revision', 'u8'],
    5: ['family', 'u8', { enum: familyEnum }],
    6: ['flags', 'be32', { netorder: true, bits: bitNames('IPSET_FLAG_', IPSET_FLAG) }],
    8: ['adt', 'nested', { set: adtAttrs }],
    9: ['lineno', 'be32', be32],
    10: [third === 'typename' ? 'revision_min' : 'protocol_min', 'u8'],
    11: ['index', 'be16', { netorder: true }],
  };
  if (data) defs[7] = ['data', 'nested', { set: data }];
  return attrSet(name, 'IPSET_ATTR_', defs);
}

/** Top level of CREATE, LIST, SAVE, HEADER, TYPE, PROTOCOL, DESTROY, FLUSH, GET_*: DATA is the set's header. */
export const ipsetCreateCmdAttrs = cmdAttrs('ipset', 'typename', createDataAttrs);
/** Top level of ADD, DEL, TEST: DATA is one element. */
export const ipsetAdtCmdAttrs = cmdAttrs('ipset.adt_cmd', 'typename', adtDataAttrs);
/** Top level of RENAME and SWAP: attribute 3 is the second set name. */
export const ipsetRenameCmdAttrs = cmdAttrs('ipset.rename', 'setname2', undefined);
/** PROTOCOL replies: attribute 10 is the lowest protocol the kernel speaks. */
export const ipsetProtocolCmdAttrs = attrSet('ipset.protocol', 'IPSET_ATTR_', {
  1: ['protocol', 'u8'],
  10: ['protocol_min', 'u8'],
});

/** The top-level attribute set of an ipset command's messages (requests and replies). */
export function ipsetAttrsFor(cmd: number): AttrSet {
  switch (cmd) {
    case IPSET_CMD.ADD: case IPSET_CMD.DEL: case IPSET_CMD.TEST: return ipsetAdtCmdAttrs;
    case IPSET_CMD.RENAME: case IPSET_CMD.SWAP: return ipsetRenameCmdAttrs;
    case IPSET_CMD.PROTOCOL: return ipsetProtocolCmdAttrs;
    default: return ipsetCreateCmdAttrs;
  }
}

/** The decode tool's view: subsystem, command names, attributes by command. */
export const ipsetProtocol = {
  name: 'ipset',
  subsystem: IPSET_SUBSYS,
  commands: IPSET_CMD_NAMES,
  attrsFor: ipsetAttrsFor,
} as const;

// ---- error codes ----

export const IPSET_ERR = {
  PRIVATE: 4096, PROTOCOL: 4097, FIND_TYPE: 4098, MAX_SETS: 4099, BUSY: 4100, EXIST_SETNAME2: 4101,
  TYPE_MISMATCH: 4102, EXIST: 4103, INVALID_CIDR: 4104, INVALID_NETMASK: 4105, INVALID_FAMILY: 4106,
  TIMEOUT: 4107, REFERENCED: 4108, IPADDR_IPV4: 4109, IPADDR_IPV6: 4110, COUNTER: 4111, COMMENT: 4112,
  INVALID_MARKMASK: 4113, SKBINFO: 4114, BITMASK_NETMASK_EXCL: 4115,
  TYPE_SPECIFIC: 4352,
} as const;
/** Type-specific codes (they share numbers from 4352 on, told apart by the set's type). */
export const IPSET_ERR_HASH = { FULL: 4352, ELEM: 4353, INVALID_PROTO: 4354, MISSING_PROTO: 4355, RANGE_UNSUPPORTED: 4356, RANGE: 4357 } as const;
export const IPSET_ERR_BITMAP = { RANGE: 4352, RANGE_SIZE: 4353 } as const;
export const IPSET_ERR_LIST = { NAME: 4352, LOOP: 4353, BEFORE: 4354, NAMEREF: 4355, LIST_FULL: 4356, REF_EXIST: 4357 } as const;

// ---- set types ----

/** One component of an element, in order ("hash:ip,port,net" = ip, port, net). */
export type Dim = 'ip' | 'net' | 'port' | 'mac' | 'mark' | 'iface' | 'setname';

export interface SetTypeInfo {
  name: string;
  dims: readonly Dim[];
  kind: 'hash' | 'bitmap' | 'list';
  /** Families the type takes; bitmap:port and list:set have none (unspec). */
  families: readonly FamilyName[];
  /** Create options beyond the common extensions (timeout, counters, comment, skbinfo). */
  createOptions: readonly string[];
  /** Options an element may carry besides the extensions. */
  entryOptions: readonly string[];
  /** The second dimension may be left out (bitmap:ip,mac). */
  optionalLast?: boolean;
}

const HASH_OPTS = ['family', 'hashsize', 'maxelem', 'bucketsize', 'initval', 'forceadd'] as const;
const inetBoth: readonly FamilyName[] = ['inet', 'inet6'];

function t(name: string, dims: Dim[], extraCreate: string[] = [], entryOptions: string[] = [], families: readonly FamilyName[] = inetBoth, optionalLast = false): SetTypeInfo {
  const kind = name.startsWith('hash:') ? 'hash' : name.startsWith('bitmap:') ? 'bitmap' : 'list';
  const createOptions = kind === 'hash' ? [...HASH_OPTS, ...extraCreate] : extraCreate;
  return { name, dims, kind, families, createOptions, entryOptions, ...(optionalLast ? { optionalLast } : {}) };
}

export const SET_TYPES: Readonly<Record<string, SetTypeInfo>> = Object.fromEntries([
  t('hash:ip', ['ip'], ['netmask', 'bitmask']),
  t('hash:mac', ['mac'], [], [], []),
  t('hash:ip,mac', ['ip', 'mac']),
  t('hash:net', ['net'], [], ['nomatch']),
  t('hash:net,net', ['net', 'net'], ['netmask', 'bitmask'], ['nomatch']),
  t('hash:ip,port', ['ip', 'port'], ['netmask', 'bitmask']),
  t('hash:net,port', ['net', 'port'], [], ['nomatch']),
  t('hash:ip,port,ip', ['ip', 'port', 'ip']),
  t('hash:ip,port,net', ['ip', 'port', 'net'], [], ['nomatch']),
  t('hash:ip,mark', ['ip', 'mark'], ['markmask']),
  t('hash:net,port,net', ['net', 'port', 'net'], [], ['nomatch']),
  t('hash:net,iface', ['net', 'iface'], [], ['nomatch']),
  t('bitmap:ip', ['ip'], ['range', 'netmask'], [], ['inet']),
  t('bitmap:ip,mac', ['ip', 'mac'], ['range'], [], ['inet'], true),
  t('bitmap:port', ['port'], ['range'], [], []),
  t('list:set', ['setname'], ['size'], ['before', 'after'], []),
].map((x) => [x.name, x]));

export const SET_TYPE_NAMES = Object.keys(SET_TYPES);
export type SetTypeName =
  | 'hash:ip' | 'hash:mac' | 'hash:ip,mac' | 'hash:net' | 'hash:net,net' | 'hash:ip,port' | 'hash:net,port'
  | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'hash:ip,mark' | 'hash:net,port,net' | 'hash:net,iface'
  | 'bitmap:ip' | 'bitmap:ip,mac' | 'bitmap:port' | 'list:set';

/** Type aliases ipset(8) accepts ("iphash" etc.) mapped to their names. */
export const SET_TYPE_ALIASES: Readonly<Record<string, string>> = {
  iphash: 'hash:ip', machash: 'hash:mac', nethash: 'hash:net', ipporthash: 'hash:ip,port', ipportiphash: 'hash:ip,port,ip',
  ipportnethash: 'hash:ip,port,net', netporthash: 'hash:net,port', netiface: 'hash:net,iface', ipmap: 'bitmap:ip',
  macipmap: 'bitmap:ip,mac', portmap: 'bitmap:port', setlist: 'list:set',
};

/** Attribute numbers by name from a set, for the hand-written hot paths: numbers come from the schema, never literals. */
export function attrTypes<K extends string>(set: AttrSet, names: readonly K[]): Record<K, number> {
  return Object.fromEntries(names.map((n) => [n, set.byName.get(n)!.type])) as Record<K, number>;
}
