// One error tree: NetlinkError for what the kernel said, DecodeError for bytes
// that do not parse, and module errors (IPSetError, ...) extending NetlinkError.
import { errnoName, errnoText } from './errno.js';

export interface NetlinkErrorInfo {
  /** Positive errno, e.g. 2 for ENOENT. */
  errno: number;
  /** The extended-ack message (NLMSGERR_ATTR_MSG), when the kernel gave one. */
  kernelMessage?: string;
  /** Byte offset of the offending attribute in the request (NLMSGERR_ATTR_OFFS). */
  offset?: number;
  /** What was asked, e.g. "nlctrl CTRL_CMD_GETFAMILY". */
  command?: string;
  seq?: number;
  /** Type of the missing attribute (NLMSGERR_ATTR_MISS_TYPE). */
  missingType?: number;
  /** The request as the kernel echoed it back (without its header), when it did. */
  echoed?: Uint8Array;
}

export class NetlinkError extends Error {
  readonly errno: number;
  readonly code: string;
  readonly kernelMessage?: string;
  readonly offset?: number;
  readonly command?: string;
  readonly seq?: number;
  readonly missingType?: number;
  readonly echoed?: Uint8Array;

  constructor(info: NetlinkErrorInfo, message?: string) {
    const name = errnoName(info.errno);
    super(
      message ??
        `${info.command ? info.command + ': ' : ''}${errnoText(info.errno)} (${name})` +
          (info.kernelMessage ? `: ${info.kernelMessage}` : ''),
    );
    this.name = 'NetlinkError';
    this.errno = info.errno;
    this.code = name;
    this.kernelMessage = info.kernelMessage;
    this.offset = info.offset;
    this.command = info.command;
    this.seq = info.seq;
    this.missingType = info.missingType;
    this.echoed = info.echoed;
  }
}

/**
 * Bytes that are not a valid netlink message or attribute. Never thrown for a read past the end: that is what
 * it reports. `path` names the attributes from the outermost down to the bad one, e.g.
 * ["IPSET_ATTR_ADT", "IPSET_ATTR_DATA", "IPSET_ATTR_IP"], and leads the message.
 */
export class DecodeError extends Error {
  readonly offset: number;
  readonly path: readonly string[];
  readonly reason: string;
  constructor(message: string, offset: number, path: readonly string[] = []) {
    super(`${path.length ? path.join(' › ') + ': ' : ''}${message} (at byte ${offset})`);
    this.name = 'DecodeError';
    this.offset = offset;
    this.path = path;
    this.reason = message;
  }
}

/** A value given by the caller that cannot be encoded; nothing was sent. */
export class EncodeError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'EncodeError';
  }
}

/** The socket was closed while a request waited, or is used after close. */
export class SocketClosedError extends Error {
  constructor(message = 'netlink socket closed') {
    super(message);
    this.name = 'SocketClosedError';
  }
}
