// Plain hex text -> CaptureRecords.
//
// A line holds bytes as `\xNN` escapes (`\x1c\x00\x00\x00`), colon hex (`1c:00:00:00`),
// whitespace-separated hex (`1c 00 00 00`, `0x1c 0x00`), run-together hex (`1c000000`), a C
// string literal ("\x1c\x00...") or a strace dump line (` | 00000  1c 00 ...  |`).
// `#` starts a comment (to the end of the line).
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

const SEPARATED = /^[\s:,]*(?:[0-9a-fA-F]{2}(?:[0-9a-fA-F]{2})*(?:[\s:,]+|$))*$/;
const SEPARATORS = /[\s:,]+/g;

/** Bytes of one data line (comment already removed), or an error message. */
export function parseHexLine(line: string): Uint8Array | string {
  let t = line.trim();
  if (t.startsWith('"')) return parseQuoted(t);
  if (t.startsWith('|')) {
    const d = parseDumpLine(' ' + t);
    return d ? d.bytes : 'not a dump line';
  }
  if (t.includes('\\x')) t = t.replace(/\\x/g, '');
  if (t.includes('0x')) t = t.replace(/(^|[\s:,])0x/g, '$1');
  if (!SEPARATED.test(t)) return 'not hex data';
  return Buffer.from(t.replace(SEPARATORS, ''), 'hex');
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
  private parts: Uint8Array[] = [];
  private first = 0;
  private last = 0;
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
    const hash = text.indexOf('#');
    let comment: string | undefined;
    if (hash >= 0) {
      comment = text.slice(hash + 1);
      text = text.slice(0, hash);
    }
    const data = text.trim();
    if (!data) {
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
    const bytes = parseHexLine(data);
    if (this.parts.length === 0 && this.errors.length === 0) this.first = lineNo;
    this.last = lineNo;
    if (typeof bytes === 'string') {
      this.errors.push(`line ${lineNo}: ${bytes}: ${data.length > 40 ? data.slice(0, 40) + '...' : data}`);
    } else if (bytes.length) {
      this.parts.push(bytes);
    }
    return undefined;
  }

  end(): CaptureRecord[] | undefined {
    return this.flush();
  }

  private flush(): CaptureRecord[] | undefined {
    if (this.parts.length === 0 && this.errors.length === 0) return undefined;
    const r: CaptureRecord = {
      bytes: this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts),
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
    this.parts = [];
    this.labels = [];
    this.errors = [];
    return [r];
  }
}
