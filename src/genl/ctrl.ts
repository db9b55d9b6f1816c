// nlctrl, the generic netlink controller (<linux/genetlink.h>).
import { attrSet } from '../netlink/schema.js';
import type { GenlProtocol } from './header.js';

export const CTRL_CMD = {
  UNSPEC: 0, NEWFAMILY: 1, DELFAMILY: 2, GETFAMILY: 3, NEWOPS: 4, DELOPS: 5, GETOPS: 6,
  NEWMCAST_GRP: 7, DELMCAST_GRP: 8, GETMCAST_GRP: 9, GETPOLICY: 10,
} as const;

/** Operation flags (struct genl_ops.flags as reported in CTRL_ATTR_OP_FLAGS). */
export const GENL_OP_FLAGS = {
  ADMIN_PERM: 0x01, CMD_CAP_DO: 0x02, CMD_CAP_DUMP: 0x04, CMD_CAP_HASPOL: 0x08, UNS_ADMIN_PERM: 0x10,
} as const;

const opAttrs = attrSet('ctrl.op', 'CTRL_ATTR_OP_', {
  1: ['id', 'u32'],
  2: ['flags', 'u32', { bits: { 0x01: 'GENL_ADMIN_PERM', 0x02: 'GENL_CMD_CAP_DO', 0x04: 'GENL_CMD_CAP_DUMP', 0x08: 'GENL_CMD_CAP_HASPOL', 0x10: 'GENL_UNS_ADMIN_PERM' } }],
});

const mcastAttrs = attrSet('ctrl.mcast_grp', 'CTRL_ATTR_MCAST_GRP_', {
  1: ['name', 'string'],
  2: ['id', 'u32'],
});

const policyAttrs = attrSet('ctrl.policy', 'CTRL_ATTR_POLICY_', {
  1: ['do', 'u32'],
  2: ['dump', 'u32'],
});

export const ctrlAttrs = attrSet('nlctrl', 'CTRL_ATTR_', {
  1: ['family_id', 'u16'],
  2: ['family_name', 'string'],
  3: ['version', 'u32'],
  4: ['hdrsize', 'u32'],
  5: ['maxattr', 'u32'],
  6: ['ops', 'array', { element: ['op', 'nested', { set: opAttrs }] }],
  7: ['mcast_groups', 'array', { element: ['mcast_grp', 'nested', { set: mcastAttrs }] }],
  // Policy dumps (CTRL_CMD_GETPOLICY) are kept as bytes: nlkit does not interpret them.
  8: ['policy', 'binary'],
  9: ['op_policy', 'nested', { set: policyAttrs }],
  10: ['op', 'u32'],
});

export const nlctrl: GenlProtocol = {
  name: 'nlctrl',
  version: 2,
  commands: Object.fromEntries(Object.entries(CTRL_CMD).map(([k, v]) => [v, `CTRL_CMD_${k}`])),
  attrs: ctrlAttrs,
};
