// nlkit's public API.
export { NetlinkSocket, type SocketOptions, type OutMessage, type RequestOptions } from './netlink/socket.js';
export { NetlinkError, DecodeError, EncodeError, SocketClosedError } from './netlink/errors.js';
export * as constants from './netlink/constants.js';
export { Protocol, NLM_F, NLMSG_ERROR, NLMSG_DONE } from './netlink/constants.js';
export { attrSet, AttrSet, type AttrSpec, type Attrs, type AttrValue, type Kind, type UnknownAttr } from './netlink/schema.js';
export { encodeAttrs, decodeAttrs, decodeAttrsAt, encodeAttrsInto, forEachAttr } from './netlink/attrs.js';
export { parseMessages, encodeMessage, writeMessage, parseError, parseDone, type NetlinkMessage, type Header } from './netlink/message.js';
export { Writer } from './netlink/writer.js';
export { GenericNetlink, GenlClient } from './genl/genl.js';
export type { GenlFamily, GenlOperation, GenlMulticastGroup } from './genl/family.js';
export type { GenlMessage, GenlProtocol } from './genl/header.js';
export { nlctrl, CTRL_CMD } from './genl/ctrl.js';
export { formatFamily, formatFamilies } from './genl/format.js';
