// The decode module: captured netlink traffic (strace, hex, nlmon pcap, raw) -> named, typed messages.
export { decode, decodeIter, decodeStream, Decoder } from './decode.js';
export { formatMessage, formatAttrs, formatValue } from './format-text.js';
export { formatMessageJson, toJsonText } from './format-json.js';
export { protocolNumber, protocolName, PROTOCOLS } from './protocols/index.js';
export { genlSchemas } from './protocols/generic.js';
export type { DecodeOptions, DecodedMessage, DecodedAttr, DecodedHeader, DecodedError, FamilyHeader, ProtocolSpec } from './types.js';
export { readCapture, readCaptureStream, detectFormat, readPeerSample, CaptureFormatError } from './inputs/index.js';
export type { CaptureRecord, InputFormat, ReadCaptureOptions } from './inputs/index.js';
