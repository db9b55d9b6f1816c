// Records produced by the input layer of `nlkit decode`: raw netlink bytes with metadata.

/** One buffer of netlink bytes as it crossed a netlink socket (it may hold several messages). */
export interface CaptureRecord {
  /** The netlink bytes of one buffer (may hold several netlink messages). */
  bytes: Uint8Array;
  /** From the syscall (sendto/sendmsg/write = send; recvmsg/recvfrom/read = recv), the pcap packet type or a `# send`/`# recv` comment. */
  direction?: 'send' | 'recv';
  /** Netlink protocol number (0 route, 12 netfilter, 16 generic, ...) when known. */
  protocol?: number;
  /** strace -f process (thread) id. */
  pid?: number;
  /** File descriptor of the socket (strace). */
  fd?: number;
  /** Where the record comes from: 'line 42', 'lines 40-42', 'packet 7 (offset 1234)'. */
  source: string;
  /**
   * Some bytes are missing or were filled in: strace cut a string ("..."), the structured
   * strace form could not be turned back into bytes exactly (unknown symbol, undecodable
   * value), the buffer was longer than what the process received, or a pcap packet was
   * captured short (caplen < len) or cut by the end of the file. Lengths inside the buffer
   * are kept (bytes that could not be recovered inside it are zeros); bytes missing at its
   * end are left out. `warning` says what happened.
   */
  truncated?: boolean;
  /**
   * Set when the input looked like netlink I/O but could not be parsed; `bytes` is then
   * whatever could be recovered (often empty). The caller can print it and go on.
   */
  error?: string;
  /** Why `truncated` was set, or another remark about the record (e.g. the syscall failed). */
  warning?: string;
  /** The syscall the bytes come from ('sendmsg', 'recvmsg', ...). */
  syscall?: string;
  /** recvmsg/recvfrom with MSG_PEEK: the same bytes are read again by a later call. */
  peek?: boolean;
  /** Time stamp as given by the capture (strace -t/-tt/-ttt/-r prefix, pcap 'sec.frac'). */
  time?: string;
  /** Hex samples: the `#` comment lines just before the buffer. */
  label?: string;
  /**
   * Bytes rebuilt from strace's symbolic decoding that may not be what crossed the socket
   * (offsets in `bytes`, and why). Absent when the bytes are exact (hex dumps, pcap).
   */
  approximate?: { start: number; end: number; note: string }[];
}

export type InputFormat = 'strace' | 'hex' | 'pcap' | 'raw';

export interface ReadCaptureOptions {
  /** Input format; detected from the first bytes when absent. */
  format?: InputFormat;
  /**
   * strace: what to do with `-e write=N -e read=N` hex dumps that follow a syscall line.
   * 'prefer' (default): the dump holds the exact bytes, use it. 'ignore': always rebuild the
   * bytes from the syscall line (used to cross-check the reconstruction).
   */
  straceDumps?: 'prefer' | 'ignore';
  /**
   * pcap: how to set `direction`. 'auto' (default): packet type 4 (PACKET_OUTGOING) means
   * send, except on netlink monitor devices (ARPHRD_NETLINK), which mark every packet
   * outgoing, where a first message with NLM_F_REQUEST means send and anything else recv.
   * 'pkttype': only the packet type (4 = send, anything else recv).
   */
  pcapDirection?: 'auto' | 'pkttype';
}

/** Where in the input something went wrong. */
export interface CapturePosition {
  /** Byte offset in the input. */
  offset?: number;
  /** 1-based line number (text formats). */
  line?: number;
}

/** The only error that reading a capture throws. */
export class CaptureFormatError extends Error {
  readonly offset?: number;
  readonly line?: number;
  readonly format?: InputFormat;

  constructor(message: string, position: CapturePosition = {}, format?: InputFormat) {
    const where =
      position.line !== undefined ? ` (line ${position.line})`
      : position.offset !== undefined ? ` (offset ${position.offset})`
      : '';
    super(message + where);
    this.name = 'CaptureFormatError';
    if (position.offset !== undefined) this.offset = position.offset;
    if (position.line !== undefined) this.line = position.line;
    if (format !== undefined) this.format = format;
  }

  /** 'line 3', 'offset 24' or 'unknown position'. */
  get position(): string {
    if (this.line !== undefined) return `line ${this.line}`;
    if (this.offset !== undefined) return `offset ${this.offset}`;
    return 'unknown position';
  }
}
