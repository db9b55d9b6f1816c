// decode() and decodeStream(): captured netlink traffic -> DecodedMessages.
//
// A Decoder holds what one capture teaches (generic netlink family ids, the protocol of each
// socket) and turns CaptureRecords from the input layer into messages. Bad bytes never throw:
// a message that cannot be read is returned with `decodeError` (its offset in the record) and
// decoding goes on with the next message, or the next record when the framing is lost.
import { NLMSG_HDRLEN, NLMSG_ERROR } from '../netlink/constants.js';
import { split, type Split } from './split.js';
import { Problems, toHex } from './attrs.js';
import { CaptureFormatError, readCapture, readCaptureStream, type CaptureRecord, type ReadCaptureOptions } from './inputs/index.js';
import { decodeControl, headerOf } from './protocols/core.js';
import { decoderFor, guessProtocol, protocolName, protocolNumber, type CaptureState, type ProtocolDecoder, type RawMessage } from './protocols/index.js';
import type { DecodeOptions, DecodedMessage } from './types.js';

/** Reads the options' families ({ nl80211: 0x1c } or '0x1c' strings) into id -> name. */
function familyMap(families: DecodeOptions['families']): Map<number, string> {
  const m = new Map<number, string>();
  for (const [name, id] of Object.entries(families ?? {})) {
    const n = typeof id === 'string' ? Number(id) : id;
    if (!Number.isInteger(n) || n < 0x10 || n > 0xffff) throw new RangeError(`generic netlink family id for '${name}' must be 16..65535, got ${String(id)}`);
    m.set(n, name);
  }
  return m;
}

/** Checks options up front so a bad --protocol is an error, not a silent guess. */
function optionProtocol(opts: DecodeOptions): number | undefined {
  const p = opts.protocol;
  if (p === undefined || p === 'auto') return undefined;
  const n = protocolNumber(p);
  if (n === undefined) throw new RangeError(`unknown netlink protocol '${String(p)}' (try route, generic, netfilter or a number 0..31)`);
  return n;
}

/** Turns the records of one capture into messages; keeps what the capture teaches. */
export class Decoder {
  readonly state: CaptureState;
  private readonly opts: DecodeOptions;
  private readonly forced: number | undefined;
  private index = 0;
  private recordIndex = 0;
  private lastGuess: number | undefined;
  private readonly bySocket = new Map<string, number>();

  constructor(opts: DecodeOptions = {}) {
    this.opts = opts;
    this.forced = optionProtocol(opts);
    this.state = { genlFamilies: familyMap(opts.families) };
  }

  /** The messages of one record. */
  *record(rec: CaptureRecord): Generator<DecodedMessage> {
    const recordIndex = this.recordIndex++;
    if (rec.peek && !this.opts.peeks) return;
    if (rec.error) {
      const m = this.base(rec, recordIndex, 0);
      m.decodeError = { message: rec.error, offset: 0 };
      yield m;
      return;
    }
    const parts = split(rec.bytes);
    const { number, from } = this.placeRecord(rec, parts);
    const proto = decoderFor(number);
    for (const part of parts.messages) {
      const m = this.base(rec, recordIndex, part.offset);
      if (this.opts.bytes) m.bytes = rec.bytes.subarray(part.offset, part.offset + NLMSG_HDRLEN + part.raw.payload.length);
      this.protocolOf(m, number, from);
      this.decodeMessage(part.raw, part.offset, part.cut, rec, proto, m);
      yield m;
    }
    if (parts.problem) {
      const m = this.base(rec, recordIndex, parts.problem.offset);
      this.protocolOf(m, number, from);
      const h = parts.problem.header;
      if (h) m.header = headerOf(h, proto, this.state);
      m.decodeError = { message: parts.problem.message, offset: parts.problem.offset };
      yield m;
    }
  }

  /** A message with what the record says of it (where, who, when); decoded fields come after. */
  private base(rec: CaptureRecord, recordIndex: number, offset: number): DecodedMessage {
    const m: DecodedMessage = { index: this.index++, record: recordIndex, offset, source: rec.source, protocol: 'unknown' };
    if (rec.direction) m.direction = rec.direction;
    if (rec.pid !== undefined) m.pid = rec.pid;
    if (rec.fd !== undefined) m.fd = rec.fd;
    if (rec.time !== undefined) m.time = rec.time;
    if (rec.truncated) m.truncated = true;
    if (rec.warning) m.warning = rec.warning;
    return m;
  }

  private protocolOf(m: DecodedMessage, number: number | undefined, from: DecodedMessage['protocolFrom']): void {
    if (number === undefined) return;
    m.protocol = protocolName(number);
    m.protocolNumber = number;
    if (from) m.protocolFrom = from;
  }

  /** Which protocol a record's messages are: stated, given, remembered for the socket, or guessed. */
  private placeRecord(rec: CaptureRecord, parts: Split): { number?: number; from?: DecodedMessage['protocolFrom'] } {
    if (rec.protocol !== undefined) return { number: rec.protocol, from: 'capture' };
    if (this.forced !== undefined) return { number: this.forced, from: 'option' };
    const key = rec.fd !== undefined ? `${rec.pid ?? ''}/${rec.fd}` : undefined;
    const known = key !== undefined ? this.bySocket.get(key) : undefined;
    if (known !== undefined) return { number: known, from: 'guess' };
    const raws = parts.messages.map((p) => p.raw);
    const requests: number[] = [];
    for (const r of raws) {
      if (r.type === NLMSG_ERROR && r.payload.length >= 4 + NLMSG_HDRLEN) requests.push(r.payload[8]! | (r.payload[9]! << 8));
    }
    const guess = guessProtocol(raws, requests, this.state);
    const number = guess?.number ?? this.lastGuess;
    if (number === undefined) return {};
    if (guess) this.lastGuess = number;
    if (key !== undefined && guess) this.bySocket.set(key, number);
    return { number, from: 'guess' };
  }

  /** The message reporting input the capture reader gave up on (numbered after the last one); other errors are rethrown. */
  failure(e: unknown): DecodedMessage {
    if (!(e instanceof CaptureFormatError)) throw e;
    return formatFailure(e, this.index);
  }

  private decodeMessage(raw: RawMessage, offset: number, cut: boolean, rec: CaptureRecord, proto: ProtocolDecoder | undefined, m: DecodedMessage): void {
    const recordLen = rec.bytes.length;
    const problems = new Problems(offset + NLMSG_HDRLEN);
    if (rec.approximate) {
      const end = offset + Math.max(NLMSG_HDRLEN, raw.len);
      const mine = rec.approximate.filter((r) => r.start < end && offset < r.end);
      if (mine.length) {
        problems.approx = mine;
        m.approximate = [...new Set(mine.map((r) => r.note))];
      }
    }
    try {
      m.header = headerOf(raw, proto, this.state);
      if (raw.type < 0x10) decodeControl(raw, m, proto, this.state, problems);
      else if (proto) proto.decode(raw, m, this.state, problems);
      else if (raw.payload.length) m.payloadHex = toHex(raw.payload);
    } catch (e) {
      // A decoder bug must not end the capture: report it like bad bytes, marked as internal.
      problems.add(`internal decoder error: ${e instanceof Error ? e.message : String(e)}`, 0);
    }
    if (cut) {
      m.decodeError = { message: `message length ${raw.len} runs past the end of the record (${recordLen - offset} bytes left)`, offset };
    } else if (problems.first) {
      m.decodeError = problems.first;
    }
  }
}

function captureOptions(opts: DecodeOptions): ReadCaptureOptions {
  const o: ReadCaptureOptions = {};
  if (opts.format && opts.format !== 'auto') o.format = opts.format;
  return o;
}

function formatFailure(e: unknown, index: number): DecodedMessage {
  const message = e instanceof Error ? e.message : String(e);
  const offset = e instanceof CaptureFormatError && e.offset !== undefined ? e.offset : 0;
  return { index, record: -1, offset, source: 'input', protocol: 'unknown', decodeError: { message, offset } };
}

/** Messages of a capture held in memory, one at a time. */
export function* decodeIter(bytes: Uint8Array, opts: DecodeOptions = {}): Generator<DecodedMessage> {
  const d = new Decoder(opts);
  // A Node Buffer's subarray() costs several times a plain Uint8Array's, and the decoder takes many views.
  const plain = Buffer.isBuffer(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
  try {
    for (const rec of readCapture(plain, captureOptions(opts))) yield* d.record(rec);
  } catch (e) {
    yield d.failure(e);
  }
}

/**
 * Decodes a capture (strace output, hex text, nlmon pcap or raw netlink bytes; detected unless
 * options.format says) into messages. Never throws for bad input: what cannot be read is a
 * message with `decodeError`.
 */
export function decode(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedMessage[] {
  return [...decodeIter(bytes, opts)];
}

/** decode() over a stream of chunks (a file, stdin): constant memory for strace, hex and pcap input. */
export async function* decodeStream(stream: AsyncIterable<Uint8Array>, opts: DecodeOptions = {}): AsyncGenerator<DecodedMessage> {
  const d = new Decoder(opts);
  try {
    for await (const rec of readCaptureStream(stream, captureOptions(opts))) yield* d.record(rec);
  } catch (e) {
    yield d.failure(e);
  }
}
