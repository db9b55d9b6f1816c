// A parser for the values strace prints as syscall arguments: quoted strings, arrays,
// structures and everything else ("atoms": numbers, flag expressions, calls like htons(0)).

export type SVal =
  | { t: 'str'; bytes: Uint8Array; more: boolean }
  | { t: 'arr'; items: SVal[] }
  | { t: 'obj'; fields: SField[] }
  | { t: 'atom'; text: string }
  | { t: 'more' };

export interface SField {
  key?: string;
  val: SVal;
}

/** A syntax error at `pos` (character index in the parsed text). */
export class StraceSyntaxError extends Error {
  constructor(message: string, readonly pos: number) {
    super(`${message} at column ${pos + 1}`);
    this.name = 'StraceSyntaxError';
  }
}

const MAX_DEPTH = 100;
const HEX = /^(?:\\x[0-9a-fA-F]{2})*$/;
const KEY = /([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/y;

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Bytes of the C string literal body `s` (strace's escapes: \xNN, \NNN, \n, \t, ...). */
export function unescapeC(s: string): Uint8Array {
  if (s.length % 4 === 0 && HEX.test(s)) {
    // strace -xx (and netlink payloads, always hex): one regex and a native hex decode.
    return Buffer.from(s.replace(/\\x/g, ''), 'hex');
  }
  const out = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 92 || i + 1 >= s.length) {
      out[n++] = c & 0xff;
      continue;
    }
    const e = s.charCodeAt(++i);
    switch (e) {
      case 120: { // \x
        const h1 = hexVal(s.charCodeAt(i + 1));
        if (h1 < 0) { out[n++] = 120; break; }
        const h2 = hexVal(s.charCodeAt(i + 2));
        if (h2 < 0) { out[n++] = h1; i += 1; break; }
        out[n++] = h1 * 16 + h2;
        i += 2;
        break;
      }
      case 110: out[n++] = 10; break; // \n
      case 116: out[n++] = 9; break; // \t
      case 114: out[n++] = 13; break; // \r
      case 118: out[n++] = 11; break; // \v
      case 102: out[n++] = 12; break; // \f
      case 97: out[n++] = 7; break; // \a
      case 98: out[n++] = 8; break; // \b
      case 101: out[n++] = 27; break; // \e
      default:
        if (e >= 48 && e <= 55) {
          let v = e - 48;
          for (let k = 0; k < 2; k++) {
            const d = s.charCodeAt(i + 1);
            if (d >= 48 && d <= 55) { v = v * 8 + (d - 48); i++; } else break;
          }
          out[n++] = v & 0xff;
        } else {
          out[n++] = e & 0xff; // \\ \" \' and anything unknown
        }
    }
  }
  return out.subarray(0, n);
}

/** Parses strace's printed values from `text`, starting at `pos`. */
export class ValueParser {
  pos: number;
  constructor(readonly text: string, pos = 0) {
    this.pos = pos;
  }

  private fail(msg: string): never {
    throw new StraceSyntaxError(msg, this.pos);
  }

  ws(): void {
    const s = this.text;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 32 || c === 9 || c === 13 || c === 10) { p++; continue; }
      if (c === 47 && s.charCodeAt(p + 1) === 42) { // /* comment */
        const end = s.indexOf('*/', p + 2);
        p = end < 0 ? s.length : end + 2;
        continue;
      }
      break;
    }
    this.pos = p;
  }

  peek(): string {
    this.ws();
    return this.text.charAt(this.pos);
  }

  expect(ch: string): void {
    if (this.peek() !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  /** One value. */
  value(depth = 0): SVal {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.peek();
    if (c === '"') return this.string();
    if (c === '[') return this.array(depth);
    if (c === '{') return this.struct(depth);
    if (c === '.' && this.text.startsWith('...', this.pos)) {
      this.pos += 3;
      return { t: 'more' };
    }
    return this.atom();
  }

  /** A quoted string, possibly followed by `...` (cut by strace -s). */
  string(): SVal {
    const s = this.text;
    const start = this.pos + 1;
    let p = start;
    for (;;) {
      const q = s.indexOf('"', p);
      if (q < 0) { this.pos = s.length; this.fail('unterminated string'); }
      let bs = 0;
      for (let k = q - 1; k >= start && s.charCodeAt(k) === 92; k--) bs++;
      if (bs % 2 === 0) { p = q; break; }
      p = q + 1;
    }
    const bytes = unescapeC(s.slice(start, p));
    this.pos = p + 1;
    let more = false;
    if (s.startsWith('...', this.pos)) {
      more = true;
      this.pos += 3;
    }
    return { t: 'str', bytes, more };
  }

  array(depth: number): SVal {
    this.pos++; // [
    const items: SVal[] = [];
    if (this.peek() === ']') { this.pos++; return { t: 'arr', items }; }
    for (;;) {
      let item = this.value(depth + 1);
      if (this.peek() === '=') { // designated element: [[IPV4_DEVCONF_FORWARDING-1]=0, ...]
        this.pos++;
        item = this.value(depth + 1);
      }
      items.push(item);
      const c = this.peek();
      if (c === ',') { this.pos++; continue; }
      if (c === ']') { this.pos++; return { t: 'arr', items }; }
      this.fail("expected ',' or ']'");
    }
  }

  struct(depth: number): SVal {
    this.pos++; // {
    const fields: SField[] = [];
    if (this.peek() === '}') { this.pos++; return { t: 'obj', fields }; }
    for (;;) {
      this.ws();
      KEY.lastIndex = this.pos;
      const m = KEY.exec(this.text);
      let key: string | undefined;
      if (m) {
        key = m[1];
        this.pos = KEY.lastIndex;
      }
      const val = this.value(depth + 1);
      fields.push(key === undefined ? { val } : { key, val });
      const c = this.peek();
      if (c === ',') { this.pos++; continue; }
      if (c === '}') { this.pos++; return { t: 'obj', fields }; }
      this.fail("expected ',' or '}'");
    }
  }

  /** Anything up to the next ',', ']', '}' or ')' outside parentheses; comments dropped. */
  atom(): SVal {
    const s = this.text;
    let p = this.pos;
    let depth = 0;
    let out = '';
    let from = p;
    while (p < s.length) {
      const c = s.charCodeAt(p);
      if (c === 40 || c === 91) { depth++; p++; continue; } // ( [
      if (c === 41 || c === 93) { // ) ]
        if (depth === 0) break;
        depth--; p++; continue;
      }
      if ((c === 44 || c === 125) && depth === 0) break; // , }
      if (c === 34) { // quoted text inside an atom: inet_addr("1.2.3.4")
        const q = this.skipQuoted(p);
        p = q;
        continue;
      }
      if (c === 47 && s.charCodeAt(p + 1) === 42) {
        out += s.slice(from, p);
        const end = s.indexOf('*/', p + 2);
        p = end < 0 ? s.length : end + 2;
        from = p;
        continue;
      }
      p++;
    }
    out += s.slice(from, p);
    this.pos = p;
    const text = out.trim();
    if (!text) this.fail('expected a value');
    return { t: 'atom', text };
  }

  private skipQuoted(p: number): number {
    const s = this.text;
    let i = p + 1;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 92) { i += 2; continue; }
      if (c === 34) return i + 1;
      i++;
    }
    return s.length;
  }
}

/** The fields of `v` by key, when it is a structure. */
export function field(v: SVal | undefined, key: string): SVal | undefined {
  if (!v || v.t !== 'obj') return undefined;
  for (const f of v.fields) if (f.key === key) return f.val;
  return undefined;
}

export function hasKey(v: SVal | undefined, key: string): boolean {
  return field(v, key) !== undefined;
}

export interface ParsedCall {
  name: string;
  args: SVal[];
  /** Return value text: '28', '-1', '?', '0x7f..'; undefined if absent. */
  ret?: string;
  /** errno name after a failed call ('ENOBUFS'). */
  errno?: string;
  /** `3<NETLINK:[GENERIC:123]>` style annotation on the return value (strace -y). */
  retAnnotation?: string;
}

const RET = /^\s*=\s*(0x[0-9a-fA-F]+|-?\d+|\?)(<[^>]*>)?(?:\s+([A-Z][A-Z0-9_]+))?/;

/** Parses `name(args) = ret ...` from `text` at `pos` (which points at the name). */
export function parseCall(text: string, pos: number): ParsedCall {
  const open = text.indexOf('(', pos);
  if (open < 0) throw new StraceSyntaxError("expected '('", pos);
  const name = text.slice(pos, open).trim();
  const p = new ValueParser(text, open + 1);
  const args: SVal[] = [];
  if (p.peek() === ')') {
    p.pos++;
  } else {
    for (;;) {
      args.push(p.value());
      const c = p.peek();
      if (c === ',') { p.pos++; continue; }
      if (c === ')') { p.pos++; break; }
      throw new StraceSyntaxError("expected ',' or ')'", p.pos);
    }
  }
  const call: ParsedCall = { name, args };
  const m = RET.exec(text.slice(p.pos, p.pos + 200));
  if (m) {
    call.ret = m[1];
    if (m[2]) call.retAnnotation = m[2];
    if (m[3]) call.errno = m[3];
  }
  return call;
}
