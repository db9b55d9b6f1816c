// The input layer of `nlkit decode`: captured netlink traffic (strace output, hex text, pcap,
// raw bytes) -> a stream of CaptureRecords (raw netlink bytes with metadata). It frames and
// attributes bytes; decoding the netlink messages is the next layer's job.

import { HexReader, commentAt, parseHexLine } from './hex.js';
import { PcapParser } from './pcap.js';
import { StraceReader } from './strace.js';
import { CaptureFormatError, type CaptureRecord, type InputFormat, type ReadCaptureOptions } from './types.js';

export { CaptureFormatError } from './types.js';
export type { CaptureRecord, CapturePosition, InputFormat, ReadCaptureOptions } from './types.js';

const DETECT_BYTES = 64 * 1024;

interface LineReader {
  line(text: string, lineNo: number): CaptureRecord[] | undefined;
  end(): CaptureRecord[] | undefined;
}

const STRACE_CALL = /^(?:\[pid\s+\d+\]\s+|\d+\s+)?\s*(?:(?:\d{1,2}:\d{2}:\d{2}(?:\.\d+)?|\d+\.\d+)\s+)?(?:[a-z_][a-z0-9_]*\(.*(?:\)\s+=\s+(?:-?\d|\?|0x)|<unfinished \.\.\.>)|<\.\.\. [a-z_0-9]+ resumed>)/;
const STRACE_DUMP = /^ \| [0-9a-f]{5}  [0-9a-f]{2} /;
/** A call that starts a (possibly cut) line: enough when the first line is longer than the head. */
const STRACE_START = /^(?:\[pid\s+\d+\]\s+|\d+\s+)?\s*(?:(?:\d{1,2}:\d{2}:\d{2}(?:\.\d+)?|\d+\.\d+)\s+)?(?:socket|bind|setsockopt|getsockname|sendto|sendmsg|recvmsg|recvfrom|sendmmsg|recvmmsg)\((?:\d|AF_|PF_)/;

/**
 * Guesses the format from the first bytes of a capture (64 KiB are plenty).
 * pcap and pcapng (magic numbers) -> 'pcap'; text with syscall lines -> 'strace'; text whose
 * lines are hex bytes -> 'hex'; anything else -> 'raw'.
 */
export function detectFormat(head: Uint8Array): InputFormat {
  if (head.length >= 4) {
    const be = (head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3]) >>> 0;
    const le = (head[3] << 24 | head[2] << 16 | head[1] << 8 | head[0]) >>> 0;
    for (const m of [0xa1b2c3d4, 0xa1b23c4d]) if (be === m || le === m) return 'pcap';
    if (be === 0x0a0d0d0a) return 'pcap'; // pcapng
  }
  const n = Math.min(head.length, DETECT_BYTES);
  if (n === 0) return 'raw';
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i];
    if (c === 0) return 'raw';
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) odd++;
  }
  if (odd > n / 100) return 'raw';
  const text = Buffer.from(head.buffer, head.byteOffset, n).toString('latin1');
  const lines = text.split('\n');
  if (head.length > n && lines.length > 0) {
    const cut = lines.pop() ?? ''; // cut line
    if (STRACE_START.test(cut)) return 'strace';
    // keep its whole tokens, for hex text on one long line
    const end = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('\\x'), cut.lastIndexOf(':'));
    if (end > 0) lines.push(cut.slice(0, end));
  }
  let data = 0;
  let hex = 0;
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (STRACE_CALL.test(line) || STRACE_DUMP.test(line)) return 'strace';
    if (line.startsWith('#:')) break; // a sample's expected decode follows: not data
    const c = commentAt(line);
    const body = (c ? line.slice(0, c.at) : line).trim();
    if (!body) continue;
    data++;
    if (typeof parseHexLine(body) !== 'string') hex++;
  }
  if (data > 0 && hex >= data * 0.9) return 'hex';
  return 'raw';
}

/**
 * Why input detected as 'raw' cannot be netlink messages (undefined when it can): text that is
 * neither strace output nor hex, or a first header whose length is below the header's own.
 */
export function notNetlink(head: Uint8Array): string | undefined {
  const n = Math.min(head.length, DETECT_BYTES);
  if (n === 0) return undefined;
  let text = true;
  for (let i = 0; i < n && text; i++) {
    const c = head[i]!;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) text = false;
  }
  if (text) return 'the input is text, but neither strace output (no syscall lines like sendmsg(3, ...) = 20) nor hex bytes: not netlink traffic';
  if (head.length < 16) return `the input is ${head.length} bytes, shorter than a netlink header (16): not netlink traffic`;
  const len = (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0;
  if (len < 16) return `the input starts with a message length of ${len}, shorter than the netlink header (16): not netlink traffic (give --format if it is strace, hex or pcap)`;
  return undefined;
}

function* linesOf(text: string): Generator<string> {
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    if (nl < 0) {
      if (from < text.length) yield text.slice(from);
      return;
    }
    yield text.slice(from, nl);
    from = nl + 1;
  }
}

function lineReader(format: 'strace' | 'hex', opts: ReadCaptureOptions): LineReader {
  return format === 'strace' ? new StraceReader(opts) : new HexReader(false);
}

/** Runs one line through `reader`; a failure becomes an error record, never an exception. */
function feed(reader: LineReader, line: string, lineNo: number): CaptureRecord[] | undefined {
  try {
    return reader.line(line, lineNo);
  } catch (e) {
    return [{ bytes: new Uint8Array(0), source: `line ${lineNo}`, error: `cannot read line: ${e instanceof Error ? e.message : String(e)}` }];
  }
}

function finishReader(reader: LineReader, lineNo: number): CaptureRecord[] | undefined {
  try {
    return reader.end();
  } catch (e) {
    return [{ bytes: new Uint8Array(0), source: `line ${lineNo}`, error: `cannot finish: ${e instanceof Error ? e.message : String(e)}` }];
  }
}

function internal(e: unknown, position: { offset?: number; line?: number }, format: InputFormat): CaptureFormatError {
  if (e instanceof CaptureFormatError) return e;
  return new CaptureFormatError(`cannot read ${format} input: ${e instanceof Error ? e.message : String(e)}`, position, format);
}

/** The records a pcap parser can give from what it has been fed so far. */
function* pcapRecords(p: PcapParser, format: InputFormat): Generator<CaptureRecord> {
  for (;;) {
    let r: CaptureRecord | undefined;
    try {
      r = p.next();
    } catch (e) {
      throw internal(e, { offset: p.queue.consumed }, format);
    }
    if (!r) return;
    yield r;
  }
}

/**
 * Records of a capture held in memory. Throws (while iterating) only CaptureFormatError:
 * when `bytes` is not of the given format at all (pcap magic, link type); everything else
 * that cannot be read becomes a record with `error` set.
 */
export function* readCapture(bytes: Uint8Array, opts: ReadCaptureOptions = {}): Generator<CaptureRecord> {
  const format = opts.format ?? detectFormat(bytes.subarray(0, DETECT_BYTES + 1));
  if (format === 'raw' && opts.format === undefined) {
    const why = notNetlink(bytes.subarray(0, DETECT_BYTES));
    if (why) throw new CaptureFormatError(why, { offset: 0 }, 'raw');
  }
  if (format === 'raw') {
    if (bytes.length) yield { bytes, source: 'input' };
    return;
  }
  if (format === 'pcap') {
    const p = new PcapParser(opts);
    try {
      p.push(bytes);
    } catch (e) {
      throw internal(e, { offset: 0 }, format);
    }
    yield* pcapRecords(p, format);
    yield* p.finish();
    return;
  }
  const reader = lineReader(format, opts);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let lineNo = 0;
  for (const line of linesOf(text)) {
    const out = feed(reader, line, ++lineNo);
    if (out) yield* out;
  }
  const out = finishReader(reader, lineNo);
  if (out) yield* out;
}

/**
 * Records of a capture read from a stream of chunks (a file read stream, stdin). pcap is
 * read packet by packet and text line by line: the input is never held whole (except for
 * 'raw', which is one buffer by definition).
 */
export async function* readCaptureStream(stream: AsyncIterable<Uint8Array>, opts: ReadCaptureOptions = {}): AsyncGenerator<CaptureRecord> {
  const it = stream[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLen = 0;
  let ended = false;
  let format = opts.format;
  if (format === undefined) {
    while (headLen < DETECT_BYTES) {
      const r = await it.next();
      if (r.done) { ended = true; break; }
      const c = typeof r.value === 'string' ? Buffer.from(r.value as string, 'latin1') : r.value;
      head.push(c);
      headLen += c.length;
    }
    format = detectFormat(head.length === 1 ? head[0] : Buffer.concat(head));
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    yield* head;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield typeof r.value === 'string' ? Buffer.from(r.value as string, 'latin1') : r.value;
    }
  }

  if (format === 'raw') {
    const all: Uint8Array[] = [];
    for await (const c of chunks()) all.push(c);
    const bytes = Buffer.concat(all);
    if (opts.format === undefined) {
      const why = notNetlink(bytes.subarray(0, DETECT_BYTES));
      if (why) throw new CaptureFormatError(why, { offset: 0 }, 'raw');
    }
    if (bytes.length) yield { bytes, source: 'input' };
    return;
  }
  if (format === 'pcap') {
    const p = new PcapParser(opts);
    for await (const c of chunks()) {
      p.push(c);
      yield* pcapRecords(p, format);
    }
    yield* p.finish();
    return;
  }
  const reader = lineReader(format, opts);
  let lineNo = 0;
  let carry: string[] = [];
  for await (const c of chunks()) {
    const s = Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('latin1');
    let from = 0;
    for (;;) {
      const nl = s.indexOf('\n', from);
      if (nl < 0) break;
      let line = s.slice(from, nl);
      if (carry.length) {
        carry.push(line);
        line = carry.join('');
        carry = [];
      }
      const out = feed(reader, line, ++lineNo);
      if (out) yield* out;
      from = nl + 1;
    }
    if (from < s.length) carry.push(s.slice(from));
  }
  if (carry.length) {
    const out = feed(reader, carry.join(''), ++lineNo);
    if (out) yield* out;
  }
  const out = finishReader(reader, lineNo);
  if (out) yield* out;
}

export interface PeerSample {
  /** The data buffers (see hex.ts for what one buffer is). */
  records: CaptureRecord[];
  /** .dump files: the text after the `#:` line, pyroute2's expected decode (a Python or JSON literal). */
  expected?: string;
  /** What the `#:` line says the literal is ('application/json', 'application/x-python-code'). */
  expectedType?: string;
}

/** Reads one of pyroute2's sample files (.data or .dump). */
export function readPeerSample(text: string): PeerSample {
  const reader = new HexReader(true);
  const records: CaptureRecord[] = [];
  let lineNo = 0;
  for (const line of linesOf(text)) {
    const out = feed(reader, line, ++lineNo);
    if (out) records.push(...out);
  }
  const out = finishReader(reader, lineNo);
  if (out) records.push(...out);
  const sample: PeerSample = { records };
  if (reader.done) {
    sample.expected = reader.expectedLines.join('\n').trim() + '\n';
    if (reader.expectedType) sample.expectedType = reader.expectedType;
  }
  return sample;
}
