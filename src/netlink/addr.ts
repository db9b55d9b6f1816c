// Address text <-> bytes, strict on input (the bad value is named in the error).
import { EncodeError } from './errors.js';

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIPv4(text: string, out?: Uint8Array, at = 0): Uint8Array {
  const m = IPV4_RE.exec(text);
  if (!m) throw new EncodeError(`'${text}' is not a valid IPv4 address`);
  const b = out ?? new Uint8Array(4);
  b[at] = +m[1]!; b[at + 1] = +m[2]!; b[at + 2] = +m[3]!; b[at + 3] = +m[4]!;
  return b;
}

/** Fast path: IPv4 text (text[0, end)) to a host-order integer, or -1 when invalid. */
export function ipv4ToInt(text: string, end = text.length): number {
  // Octet by octet, one to three digits each: fewer tests per character than a general loop (the
  // bulk encoder's hot path spends most of its time here).
  let n = 0, i = 0;
  for (let k = 0; k < 4; k++) {
    if (i >= end) return -1;
    let part = text.charCodeAt(i++) - 48;
    if (part < 0 || part > 9) return -1;
    if (i < end) {
      let d = text.charCodeAt(i) - 48;
      if (d >= 0 && d <= 9) {
        if (part === 0) return -1; // leading zero
        part = part * 10 + d;
        i++;
        if (i < end) {
          d = text.charCodeAt(i) - 48;
          if (d >= 0 && d <= 9) {
            part = part * 10 + d;
            i++;
            if (part > 255) return -1;
          }
        }
      }
    }
    n = n * 256 + part;
    if (k < 3) {
      if (i >= end || text.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === end ? n : -1;
}

export function intToIPv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** "0." .. "255.": an address is made of these and a last number (joins cost half a template). */
const OCTET_DOT = Array.from({ length: 256 }, (_, i) => `${i}.`);
const OCTET = Array.from({ length: 256 }, (_, i) => String(i));
/**
 * "a.b." per high 16 bits, made when first met ('' until then): one join and one string fewer per
 * address. Addresses met together share few high halves, so the table stays small and in cache (a
 * table of the low halves too was slower: a million members in hash order missed the cache).
 */
const HIGH_HALF: string[] = new Array<string>(65536).fill('');

export function formatIPv4(b: Uint8Array, at = 0): string {
  const hi = (b[at]! << 8) | b[at + 1]!;
  let h = HIGH_HALF[hi]!;
  if (h === '') h = HIGH_HALF[hi] = OCTET_DOT[hi >> 8]! + OCTET_DOT[hi & 255]!;
  return h + (OCTET_DOT[b[at + 2]!]! + OCTET[b[at + 3]!]!);
}

export function parseIPv6(text: string, out?: Uint8Array, at = 0): Uint8Array {
  const fail = (): never => { throw new EncodeError(`'${text}' is not a valid IPv6 address`); };
  const b = out ?? new Uint8Array(16);
  let s = text;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const v4 = ipv4ToInt(s.slice(lastColon + 1));
    if (v4 < 0) fail();
    s = s.slice(0, lastColon + 1) + ((v4 >>> 16) & 0xffff).toString(16) + ':' + (v4 & 0xffff).toString(16);
  }
  const halves = s.split('::');
  if (halves.length > 2) fail();
  const parse = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').map((g) => {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) fail();
      return parseInt(g, 16);
    });
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (halves.length === 1 && head.length !== 8) fail();
  if (halves.length === 2 && head.length + tail.length > 7) fail();
  const groups = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  for (let i = 0; i < 8; i++) {
    b[at + 2 * i] = groups[i]! >> 8;
    b[at + 2 * i + 1] = groups[i]! & 255;
  }
  return b;
}

/** RFC 5952: lower case, longest run of two or more zero groups as "::". */
export function formatIPv6(b: Uint8Array, at = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[at + 2 * i]! << 8) | b[at + 2 * i + 1]!);
  // ::ffff:a.b.c.d (IPv4-mapped) is written with the dotted tail.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${formatIPv4(b, at + 12)}`;
  }
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

export function parseMac(text: string): Uint8Array {
  const m = /^([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})[:-]([0-9a-fA-F]{2})$/.exec(text);
  if (!m) throw new EncodeError(`'${text}' is not a valid MAC address`);
  return Uint8Array.from(m.slice(1).map((h) => parseInt(h, 16)));
}

export function formatMac(b: Uint8Array, at = 0, upper = false): string {
  let s = '';
  for (let i = 0; i < 6; i++) {
    const h = b[at + i]!.toString(16).padStart(2, '0');
    s += (i ? ':' : '') + (upper ? h.toUpperCase() : h);
  }
  return s;
}

export function isIPv4(text: string): boolean {
  return ipv4ToInt(text) >= 0;
}

export function isIPv6(text: string): boolean {
  try {
    parseIPv6(text);
    return true;
  } catch {
    return false;
  }
}
