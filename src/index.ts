// nlkit's public API.
export { NetlinkSocket, type SocketOptions, type OutMessage, type RequestOptions } from './netlink/socket.js';
export { NetlinkError, DecodeError, EncodeError, SocketClosedError } from './netlink/errors.js';
export * as constants from './netlink/constants.js';
export { Protocol, NLM_F, NLMSG_ERROR, NLMSG_DONE } from './netlink/constants.js';
export { attrSet, AttrSet, type AttrSpec, type Attrs, type AttrValue, type Kind, type UnknownAttr } from './netlink/schema.js';
export { encodeAttrs, decodeAttrs, decodeAttrsAt, encodeAttrsInto, forEachAttr } from './netlink/attrs.js';
export { AttrIter, type AttrNamer } from './netlink/attr-iter.js';
export { parseMessages, encodeMessage, writeMessage, parseError, parseDone, type NetlinkMessage, type Header } from './netlink/message.js';
export { Writer } from './netlink/writer.js';
export { GenericNetlink, GenlClient } from './genl/genl.js';
export type { GenlFamily, GenlOperation, GenlMulticastGroup } from './genl/family.js';
export type { GenlMessage, GenlProtocol } from './genl/header.js';
export { nlctrl, CTRL_CMD } from './genl/ctrl.js';
export { formatFamily, formatFamilies } from './genl/format.js';

// ipset (nfnetlink subsystem IPSET)
export { IPSet, IPSetRestoreError, setType, type IPSetOpenOptions, type TypeRevision, type SetMeta, type BulkOptions, type BulkResult, type BulkFailure, type RequestCallOptions, type RestoreInput, type RestoreOptions } from './ipset/ipset.js';
export { entryFromText } from './ipset/option-words.js';
export { parseCommandLine, matchCommand, type CommandLine, type EnvOptions } from './ipset/command-line.js';
export { IPSetError, ipsetErrorMessage, ipsetErrorName } from './ipset/errors.js';
export { IPSetSyntaxError, IPSetArgumentError, parseElement, entryToAttrs, formatEntryAttrs, elemText, type Entry, type EntryInput, type EntryOptions, type Member } from './ipset/entry.js';
export { formatHeader, formatPlain, type CreateOptions, type SetHeader, type IPSetInfo } from './ipset/format.js';
export { ipsetAttrsFor, ipsetProtocol, IPSET_CMD, IPSET_CMD_NAMES, IPSET_FLAG, IPSET_CADT_FLAG, IPSET_ERR, SET_TYPES, type SetTypeName } from './ipset/schema.js';
export { NFNL_SUBSYS, NFNETLINK_V0, writeNfgen, readNfgen, decodeNfgen, nfMsgType } from './nfnetlink/header.js';

// nl80211 schema and information elements
export { nl80211, NL80211_CMD, NL80211_ATTR, nl80211Attrs } from './nl80211/schema/index.js';
export { parseIEs, findIE, ssidText } from './nl80211/ie/index.js';

// decode: captured netlink traffic
export { decode, decodeIter, decodeStream, Decoder, formatMessage, formatMessageJson, readCapture, readCaptureStream, detectFormat, CaptureFormatError } from './decode/index.js';
export type { DecodeOptions, DecodedMessage, DecodedAttr, DecodedHeader, DecodedError, FamilyHeader, CaptureRecord, InputFormat } from './decode/index.js';

// nl80211: the IW module
export { IW, type IwEventStream, type ScanOptions, type LinkInfo } from './nl80211/iw.js';
export type {
  Band, BandIftypeData, Bitrate, Bss, BssParams, BssStatus, ChannelInfo, ChannelWidth, Frequency, IfaceCombination, IfaceLimit,
  InterfaceType, RateInfo, RegDomain, RegRule, Station, StationFlags, Survey, Wiphy, WirelessInterface,
} from './nl80211/types.js';
export type { IwEvent, IwEventGroup, IwEventKind } from './nl80211/events.js';
