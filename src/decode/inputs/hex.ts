// Plain hex text -> CaptureRecords.
//
// A line holds bytes as `\xNN` escapes (`\x1c\x00\x00\x00`), colon hex (`1c:00:00:00`),
// whitespace-separated hex (`1c 00 00 00`, `0x1c 0x00`), run-together hex (`1c000000`), a C
// string literal ("\x1c\x00...") or a strace dump line (` | 00000  1c 00 ...  |`).
// `#`, `//` or `;` starts a comment (to the end of the line).
//
// What one buffer (record) is, as pyroute2's sample files use it: the data lines between two
// comment lines. Blank lines do not end a buffer (pyroute2 splits one message over several
// lines and blank-separated groups: ipset_03.data, ipset_04.data), a comment line does
// (`# sample 1`, `# send`, `# recv`). The comment lines before a buffer become its `label`;
// a last comment line reading send/sent/tx or recv/received/rx sets its `direction`.
// A `#:` line ends the data: what follows it is a sample's expected decode (.dump files),
// kept as `expected` by readPeerSample and never read as data.

import { unescapeC } from './strace-value.js';
import { parseDumpLine } from './strace.js';
import type { CaptureRecord } from './types.js';

/** Where a comment starts on a hex line (`#`, `//` or `;`), and the marker's length. */
export function commentAt(line: string): { at: number; len: number } | undefined {
  let best: { at: number; len: number } | undefined;
  for (const m of ['#', '//', ';']) {
    const at = line.indexOf(m);
    if (at >= 0 && (!best || at < best.at)) best = { at, len: m.length };
  }
  return best;
}

/** A growable byte buffer. */
class Bytes {
  buf = new Uint8Array(4096);
  length = 0;

  push(b: number): void {
    if (this.length === this.buf.length) {
      const nb = new Uint8Array(this.buf.length * 2);
      nb.set(this.buf);
      this.buf = nb;
    }
    this.buf[this.length++] = b;
  }

  append(b: Uint8Array): void {
    while (this.length + b.length > this.buf.length) {
      const nb = new Uint8Array(this.buf.length * 2);
      nb.set(this.buf.subarray(0, this.length));
      this.buf = nb;
    }
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** A copy of the bytes; empties the buffer. */
  take(): Uint8Array {
    const out = Buffer.from(this.buf.subarray(0, this.length));
    this.length = 0;
    if (this.buf.length > 1 << 20) this.buf = new Uint8Array(4096);
    return out;
  }
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Decodes the hex bytes of `s` (\xNN, 0xNN, NN separated by blanks, ':' or ',', or run
 * together) into `out`; on an error nothing is added and the error is returned.
 */
function decodeHex(s: string, out: Bytes): string | undefined {
  const start = out.length;
  let digits = 0; // hex digits in the current token
  let hi = 0;
  const n = s.length;
  for (let i = 0; i < n;) {
    const c = s.charCodeAt(i);
    const v = hexVal(c);
    if (v >= 0) {
      if (c === 48 && digits === 0 && (s.charCodeAt(i + 1) | 32) === 120) { i += 2; continue; } // 0x
      if (digits & 1) out.push(hi * 16 + v);
      else hi = v;
      digits++;
      i++;
      continue;
    }
    if (c === 92 && s.charCodeAt(i + 1) === 120) i += 2; // \x
    else if (c === 32 || c === 9 || c === 58 || c === 44 || c === 13) i++;
    else { out.length = start; return 'not hex data'; }
    if (digits & 1) { out.length = start; return 'odd number of hex digits'; }
    digits = 0;
  }
  if (digits & 1) { out.length = start; return 'odd number of hex digits'; }
  return undefined;
}

/** Decodes one data line (comment already removed) into `out`; returns an error message or undefined. */
function decodeLine(line: string, out: Bytes): string | undefined {
  const t = line.trim();
  if (t.startsWith('"')) {
    const b = parseQuoted(t);
    if (typeof b === 'string') return b;
    out.append(b);
    return undefined;
  }
  if (t.startsWith('|')) {
    const d = parseDumpLine(' ' + t);
    if (!d) return 'not a dump line';
    out.append(d.bytes);
    return undefined;
  }
  return decodeHex(t, out);
}

/** Bytes of one data line (comment already removed), or an error message. */
export function parseHexLine(line: string): Uint8Array | string {
  const out = new Bytes();
  const err = decodeLine(line, out);
  return err ?? out.take();
}

function parseQuoted(t: string): Uint8Array | string {
  const parts: Uint8Array[] = [];
  let i = 0;
  while (i < t.length) {
    while (i < t.length && /[\s,]/.test(t[i])) i++;
    if (i >= t.length) break;
    if (t[i] !== '"') return 'not a string literal';
    let j = i + 1;
    while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
    if (j >= t.length) return 'unterminated string literal';
    parts.push(unescapeC(t.slice(i + 1, j)));
    i = j + 1;
  }
  return Buffer.concat(parts);
}

function directionOf(label: string): 'send' | 'recv' | undefined {
  const w = label.trim().toLowerCase();
  if (/^(send|sent|tx|out|outgoing)$/.test(w)) return 'send';
  if (/^(recv|received|receive|rx|in|incoming)$/.test(w)) return 'recv';
  return undefined;
}

export class HexReader {
  private readonly data = new Bytes();
  private first = 0;
  private last = 0;
  private lines = 0;
  private labels: string[] = [];
  private errors: string[] = [];
  /** After a `#:` line: the rest is a sample's expected decode. */
  done = false;
  expectedType: string | undefined;
  readonly expectedLines: string[] = [];

  constructor(private readonly keepExpected = false) {}

  line(raw: string, lineNo: number): CaptureRecord[] | undefined {
    if (this.done) {
      if (this.keepExpected) this.expectedLines.push(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
      return undefined;
    }
    let text = raw;
    const c = commentAt(text);
    let comment: string | undefined;
    if (c) {
      comment = text.slice(c.at + c.len);
      text = text.slice(0, c.at);
    }
    if (!/\S/.test(text)) {
      if (comment === undefined) return undefined; // blank line: same buffer
      const out = this.flush();
      if (comment.startsWith(':')) {
        this.done = true;
        this.expectedType = comment.slice(1).trim();
      } else {
        this.labels.push(comment.trim());
      }
      return out;
    }
    if (this.lines === 0) this.first = lineNo;
    this.last = lineNo;
    this.lines++;
    const err = decodeLine(text, this.data);
    if (err !== undefined) {
      const data = text.trim();
      this.errors.push(`line ${lineNo}: ${err}: ${data.length > 40 ? data.slice(0, 40) + '...' : data}`);
    }
    return undefined;
  }

  end(): CaptureRecord[] | undefined {
    return this.flush();
  }

  private flush(): CaptureRecord[] | undefined {
    if (this.lines === 0) return undefined;
    const r: CaptureRecord = {
      bytes: this.data.take(),
      source: this.first === this.last ? `line ${this.first}` : `lines ${this.first}-${this.last}`,
    };
    const nonEmpty = this.labels.filter((l) => l.length > 0);
    if (nonEmpty.length) {
      r.label = nonEmpty.join('\n');
      const d = directionOf(nonEmpty[nonEmpty.length - 1]);
      if (d) r.direction = d;
    }
    if (this.errors.length) {
      r.error = this.errors.slice(0, 5).join('; ') + (this.errors.length > 5 ? `; and ${this.errors.length - 5} more` : '');
      r.truncated = true;
    }
    this.lines = 0;
    this.labels = [];
    this.errors = [];
    return [r];
  }
}
