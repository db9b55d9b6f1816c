// pcap / pcapng -> CaptureRecords, reading from a queue of chunks so that a stream is never
// held whole.
//
// Link types: 253 LINKTYPE_NETLINK (what nlmon captures give: a 16-byte cooked header, pkttype
// u16 BE, ARPHRD type u16 BE, address length u16 BE, 8 address bytes, protocol u16 BE = the
// netlink protocol, then the netlink bytes), 113 LINKTYPE_LINUX_SLL (same header) and 276
// LINKTYPE_LINUX_SLL2 (20-byte header). Both byte orders, micro- and nanosecond pcap.

import { NLM_F } from '../../netlink/constants.js';
import { ARPHRD_NETLINK } from './strace-names.js';
import { CaptureFormatError, type CaptureRecord, type ReadCaptureOptions } from './types.js';

const PACKET_OUTGOING = 4;
const PACKET_USER = 6;
const PACKET_KERNEL = 7;
const MAX_RECORD = 1 << 28;

/** A FIFO of byte chunks. */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // offset into chunks[0]
  length = 0;
  /** Bytes consumed so far (the file offset of the next byte). */
  consumed = 0;

  push(c: Uint8Array): void {
    if (c.length === 0) return;
    this.chunks.push(c);
    this.length += c.length;
  }

  /** `n` contiguous bytes from the front (a view when possible), without consuming them. */
  peek(n: number): Uint8Array {
    if (n > this.length) throw new RangeError('not enough bytes');
    const first = this.chunks[0];
    if (first && first.length - this.head >= n) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let got = 0;
    let i = 0;
    let off = this.head;
    while (got < n) {
      const c = this.chunks[i];
      const take = Math.min(n - got, c.length - off);
      out.set(c.subarray(off, off + take), got);
      got += take;
      i++;
      off = 0;
    }
    return out;
  }

  skip(n: number): void {
    if (n > this.length) throw new RangeError('not enough bytes');
    this.length -= n;
    this.consumed += n;
    while (n > 0) {
      const c = this.chunks[0];
      const avail = c.length - this.head;
      if (n < avail) { this.head += n; return; }
      n -= avail;
      this.chunks.shift();
      this.head = 0;
    }
  }

  read(n: number): Uint8Array {
    const b = this.peek(n);
    this.skip(n);
    return b;
  }
}

interface Iface {
  linktype: number;
  /** Time stamp units per second. */
  tsPerSec: bigint;
}

function dv(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** 'sec.frac' with `digits` fraction digits. */
function timeText(units: bigint, perSec: bigint): string {
  const sec = units / perSec;
  const frac = units % perSec;
  const digits = perSec.toString().length - 1;
  if (digits <= 0) return sec.toString();
  return `${sec}.${frac.toString().padStart(digits, '0')}`;
}

/** Parses pcap/pcapng from a ByteQueue; `next()` returns undefined when it needs more bytes. */
export class PcapParser {
  readonly queue = new ByteQueue();
  private kind: 'unknown' | 'pcap' | 'pcapng' | 'stopped' = 'unknown';
  private le = true;
  private nano = false;
  private linktype = 0;
  private ifaces: Iface[] = [];
  private packetNo = 0;
  private readonly autoDirection: boolean;

  constructor(opts: ReadCaptureOptions = {}) {
    this.autoDirection = opts.pcapDirection !== 'pkttype';
  }

  push(chunk: Uint8Array): void {
    this.queue.push(chunk);
  }

  /** The next record, or undefined if more input is needed (or parsing stopped). */
  next(): CaptureRecord | undefined {
    const q = this.queue;
    for (let guard = 0; guard < 1_000_000; guard++) {
      if (this.kind === 'stopped') return undefined;
      if (this.kind === 'unknown') {
        if (q.length < 4) return undefined;
        const m = q.peek(4);
        const be = (m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3]) >>> 0;
        const le = (m[3] << 24 | m[2] << 16 | m[1] << 8 | m[0]) >>> 0;
        if (be === 0x0a0d0d0a) { this.kind = 'pcapng'; continue; }
        if (le === 0xa1b2c3d4 || le === 0xa1b23c4d) { this.le = true; this.nano = le === 0xa1b23c4d; }
        else if (be === 0xa1b2c3d4 || be === 0xa1b23c4d) { this.le = false; this.nano = be === 0xa1b23c4d; }
        else throw new CaptureFormatError(`not a pcap file (magic ${Buffer.from(m).toString('hex')})`, { offset: 0 }, 'pcap');
        if (q.length < 24) return undefined;
        const h = dv(q.read(24));
        this.linktype = h.getUint32(20, this.le) & 0xffff;
        if (this.linktype !== 253 && this.linktype !== 113 && this.linktype !== 276) {
          this.kind = 'stopped';
          throw new CaptureFormatError(`pcap link type ${this.linktype} is not netlink (253, or 113/276 cooked captures)`, { offset: 20 }, 'pcap');
        }
        this.kind = 'pcap';
        continue;
      }
      if (this.kind === 'pcap') return this.nextPcap();
      const r = this.nextBlock();
      if (r === null) continue; // a block that holds no packet
      return r;
    }
    return undefined;
  }

  /** What is left at the end of input: a record for a cut packet, or nothing. */
  finish(): CaptureRecord[] {
    const q = this.queue;
    const state = this.kind;
    this.kind = 'stopped';
    if (state === 'stopped' || q.length === 0) return [];
    const offset = q.consumed;
    const rest = q.read(q.length);
    if (state === 'unknown') {
      return [{ bytes: new Uint8Array(0), source: 'offset 0', truncated: true, error: `file ends inside the pcap file header (${rest.length} of 24 bytes)` }];
    }
    this.packetNo++;
    const r: CaptureRecord = { bytes: new Uint8Array(0), source: `packet ${this.packetNo} (offset ${offset})`, truncated: true };
    if (state === 'pcap' && rest.length > 16) {
      const h = dv(rest);
      const incl = h.getUint32(8, this.le);
      const orig = h.getUint32(12, this.le);
      const data = rest.subarray(16);
      r.time = `${h.getUint32(0, this.le)}.${h.getUint32(4, this.le).toString().padStart(this.nano ? 9 : 6, '0')}`;
      this.fillPacket(r, data, this.linktype, undefined, undefined);
      if (!r.error) {
        r.truncated = true;
        r.warning = `file ends inside packet ${this.packetNo}: ${data.length} of ${incl} captured bytes (packet length ${orig})`;
        return [r];
      }
    }
    r.bytes = new Uint8Array(0);
    r.error = `file ends inside ${state === 'pcap' ? 'packet' : 'block'} ${this.packetNo} (${rest.length} bytes left)`;
    return [r];
  }

  private nextPcap(): CaptureRecord | undefined {
    const q = this.queue;
    if (q.length < 16) return undefined;
    const h = dv(q.peek(16));
    const sec = h.getUint32(0, this.le);
    const frac = h.getUint32(4, this.le);
    const incl = h.getUint32(8, this.le);
    const orig = h.getUint32(12, this.le);
    const offset = q.consumed;
    if (incl > MAX_RECORD) {
      this.kind = 'stopped';
      this.packetNo++;
      return { bytes: new Uint8Array(0), source: `packet ${this.packetNo} (offset ${offset})`, error: `corrupt packet header: captured length ${incl}; reading stops` };
    }
    if (q.length < 16 + incl) return undefined;
    q.skip(16);
    const data = q.read(incl);
    this.packetNo++;
    const r: CaptureRecord = {
      bytes: new Uint8Array(0),
      source: `packet ${this.packetNo} (offset ${offset})`,
      time: `${sec}.${frac.toString().padStart(this.nano ? 9 : 6, '0')}`,
    };
    this.fillPacket(r, data, this.linktype, incl, orig);
    return r;
  }

  /** Sets bytes/protocol/direction/truncated of `r` from one captured packet. */
  private fillPacket(r: CaptureRecord, data: Uint8Array, linktype: number, incl: number | undefined, orig: number | undefined): void {
    let hdr: number;
    let pkttype: number;
    let hatype: number;
    let protocol: number;
    if (linktype === 253 || linktype === 113) {
      hdr = 16;
      if (data.length < hdr) { r.error = `packet shorter (${data.length} bytes) than its ${hdr}-byte link header`; r.truncated = true; return; }
      const d = dv(data);
      pkttype = d.getUint16(0, false);
      hatype = d.getUint16(2, false);
      protocol = d.getUint16(14, false);
    } else if (linktype === 276) {
      hdr = 20;
      if (data.length < hdr) { r.error = `packet shorter (${data.length} bytes) than its ${hdr}-byte link header`; r.truncated = true; return; }
      const d = dv(data);
      protocol = d.getUint16(0, false);
      hatype = d.getUint16(8, false);
      pkttype = data[10];
    } else {
      r.error = `link type ${linktype} is not netlink`;
      return;
    }
    r.bytes = data.subarray(hdr);
    if (linktype !== 253 && hatype !== ARPHRD_NETLINK) {
      r.error = `ARPHRD type ${hatype} is not netlink (${ARPHRD_NETLINK})`;
      return;
    }
    r.protocol = protocol;
    let dir: 'send' | 'recv' = pkttype === PACKET_OUTGOING || pkttype === PACKET_KERNEL ? 'send' : 'recv';
    if (this.autoDirection && pkttype === PACKET_OUTGOING && hatype === ARPHRD_NETLINK && r.bytes.length >= 8) {
      // nlmon hands every packet to the capture as outgoing; a request flag tells the way.
      dir = (r.bytes[6] & NLM_F.REQUEST) !== 0 ? 'send' : 'recv';
    } else if (pkttype === PACKET_USER) {
      dir = 'recv';
    }
    r.direction = dir;
    if (incl !== undefined && orig !== undefined && incl < orig) {
      r.truncated = true;
      r.warning = `captured ${incl} of ${orig} bytes`;
    }
  }

  /** pcapng: one block; null when it holds no packet. */
  private nextBlock(): CaptureRecord | undefined | null {
    const q = this.queue;
    if (q.length < 12) return undefined;
    const offset = q.consumed;
    const head = q.peek(12);
    let type = dv(head).getUint32(0, this.le);
    if (type === 0x0a0d0d0a) {
      const bom = dv(head).getUint32(8, true);
      if (bom === 0x1a2b3c4d) this.le = true;
      else if (bom === 0x4d3c2b1a) this.le = false;
      else {
        this.kind = 'stopped';
        throw new CaptureFormatError('pcapng section header with a bad byte-order magic', { offset: offset + 8 }, 'pcap');
      }
      type = 0x0a0d0d0a;
    }
    const len = dv(head).getUint32(4, this.le);
    if (len < 12 || len % 4 !== 0 || len > MAX_RECORD) {
      this.kind = 'stopped';
      this.packetNo++;
      return { bytes: new Uint8Array(0), source: `packet ${this.packetNo} (offset ${offset})`, error: `corrupt pcapng block (length ${len}); reading stops` };
    }
    if (q.length < len) return undefined;
    const block = q.read(len);
    const d = dv(block);
    const body = block.subarray(8, len - 4);
    switch (type) {
      case 0x0a0d0d0a: // section header: interfaces restart
        this.ifaces = [];
        return null;
      case 1: { // interface description
        if (body.length < 8) return null;
        const iface: Iface = { linktype: d.getUint16(8, this.le), tsPerSec: 1_000_000n };
        // options: if_tsresol (9)
        let o = 16;
        while (o + 4 <= len - 4) {
          const code = d.getUint16(o, this.le);
          const olen = d.getUint16(o + 2, this.le);
          if (code === 0) break;
          if (code === 9 && olen >= 1 && o + 4 < len - 4) {
            const v = block[o + 4];
            const exp = BigInt(v & 0x7f);
            iface.tsPerSec = v & 0x80 ? 1n << exp : 10n ** exp;
          }
          o += 4 + ((olen + 3) & ~3);
        }
        this.ifaces.push(iface);
        return null;
      }
      case 6: case 2: { // enhanced / obsolete packet block
        if (body.length < 20) return null;
        const ifId = type === 6 ? d.getUint32(8, this.le) : d.getUint16(8, this.le);
        const hi = d.getUint32(12, this.le);
        const lo = d.getUint32(16, this.le);
        const cap = d.getUint32(20, this.le);
        const orig = d.getUint32(24, this.le);
        this.packetNo++;
        const r: CaptureRecord = { bytes: new Uint8Array(0), source: `packet ${this.packetNo} (offset ${offset})` };
        const iface = this.ifaces[ifId];
        if (!iface) { r.error = `packet on undescribed interface ${ifId}`; return r; }
        r.time = timeText((BigInt(hi) << 32n) | BigInt(lo), iface.tsPerSec);
        const avail = len - 4 - 28;
        const take = Math.min(cap, Math.max(0, avail));
        this.fillPacket(r, block.subarray(28, 28 + take), iface.linktype, take, orig);
        if (take < cap) { r.truncated = true; r.error = `packet block shorter than its captured length ${cap}`; }
        return r;
      }
      case 3: { // simple packet block: interface 0
        if (body.length < 4) return null;
        const orig = d.getUint32(8, this.le);
        this.packetNo++;
        const r: CaptureRecord = { bytes: new Uint8Array(0), source: `packet ${this.packetNo} (offset ${offset})` };
        const iface = this.ifaces[0];
        if (!iface) { r.error = 'simple packet block without an interface'; return r; }
        const take = Math.min(orig, len - 16);
        this.fillPacket(r, block.subarray(12, 12 + take), iface.linktype, take, orig);
        return r;
      }
      default:
        return null;
    }
  }
}
