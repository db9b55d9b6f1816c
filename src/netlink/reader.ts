// The receive side of NetlinkSocket: datagrams land in a slab (replies are
// views of it, never copies), many per native call when the transport has
// recvMany (one recvmmsg), else one per recv (fake kernels, and peek mode).
//
// A slab is written once, and a fresh one taken when it is full, because the
// messages handed out may be kept. Messages that are only lent (a transient
// dump's, valid until its reader's next step) let a slab be written again:
// once none of its messages is kept and every lent one is given back, reading
// starts over at its beginning, or the slab becomes the spare the next full
// slab is swapped for. A million-member listing then cycles through a few
// warm slabs instead of faulting in 16 MB of fresh pages.
import type { NativeAddon } from '../native.js';
import { MSG_PEEK } from './constants.js';

/** Datagrams per read at most (the addon's own bound too). */
const MAX_BATCH = 64;
/**
 * A read needs a whole slot (bufferSize) free per datagram it may take, though replies are
 * mostly far smaller and are packed after the read. So a slab holds 64 slots (4 MiB at the
 * default 64 KiB), and is replaced once fewer than 16 are free: every read can take at least
 * 16 datagrams, and most take the 64 a read allows (64 requests in flight are answered by 65
 * datagrams: two reads, where 32 slots took three or four). (A slab that ran down to one slot made
 * 64 requests in flight cost up to 128 reads.) The unused tail is never touched, so it never
 * becomes resident.
 */
const SLAB_SLOTS = 64;
const MIN_SLOTS = 16;
const MIN_SLAB = 1 << 20;
const MAX_SLAB = 8 << 20;

const align8 = (n: number): number => (n + 7) & ~7;

/** Who still looks into a slab: messages lent until their reader's next step, and whether any was kept. */
export class SlabUse {
  lent = 0;
  kept = false;
  constructor(readonly slab: Uint8Array) {}
}

export class DatagramReader {
  slab: Uint8Array;
  /** One DataView per slab, shared by everything that reads headers. */
  view: DataView;
  /** The slab's ArrayBuffer and offset in it: slab.buffer is a call into C++ every time it is read. */
  ab: ArrayBuffer;
  base: number;
  /** The current slab's users. */
  private use: SlabUse;
  /** A slab no message looks into any more, taken before allocating a new one. */
  private spare: Uint8Array | undefined;
  /** Largest datagram a read takes whole (the slot size). */
  bufferSize: number;
  /** The slot size of the last read: a datagram longer than this was truncated. */
  slot = 0;
  /** Per datagram of the last read: offset in slab, real length, sender pid, sender groups. */
  readonly out = new Int32Array(4 * MAX_BATCH);
  private pos = 0;
  private readonly one = new Int32Array(3);

  /** sendAndRead() works: the transport has exchangeBound, and reads are not peeks. */
  readonly canExchange: boolean;

  constructor(
    private readonly addon: NativeAddon,
    private readonly fd: number,
    bufferSize: number,
    private readonly peek: boolean,
  ) {
    this.canExchange = !peek && addon.exchangeBound !== undefined;
    this.bufferSize = bufferSize;
    this.slab = newSlabBytes(bufferSize);
    this.ab = this.slab.buffer as ArrayBuffer;
    this.base = this.slab.byteOffset;
    this.view = new DataView(this.ab, this.base);
    this.use = new SlabUse(this.slab);
    addon.useBuffers?.(fd, null, this.slab, this.out);
  }

  /**
   * Reads what is waiting: the count of datagrams described in `out` (0: nothing yet, read again), or
   * -errno. `max` (> 0): at most that many, for a caller that knows how many to expect.
   */
  read(max = 0): number {
    this.prepare();
    const a = this.addon;
    const n = this.peek ? this.readOne()
      : a.recvBound ? a.recvBound(this.fd, this.pos, this.bufferSize, max)
      : a.recvMany ? a.recvMany(this.fd, this.slab, this.pos, this.bufferSize, this.out, max)
      : this.readOne();
    this.advance(n);
    return n;
  }

  /**
   * read(), with the bound send buffer's [start, end) sent first in the same native call (only where
   * canExchange): as read(), or -4096 - errno when the send failed.
   */
  sendAndRead(start: number, end: number, max: number): number {
    this.prepare();
    const n = this.addon.exchangeBound!(this.fd, start, end, this.pos, this.bufferSize, max);
    this.advance(n);
    return n;
  }

  /** Where the next read goes: warm memory again when nothing handed out looks into it, else a fresh slab when this one runs low. */
  private prepare(): void {
    const u = this.use;
    if (u.lent === 0 && !u.kept && this.slab.length >= slabSize(this.bufferSize)) this.pos = 0;
    else if (this.slab.length - this.pos < Math.min(MIN_SLOTS * this.bufferSize, this.slab.length >>> 1)) this.newSlab();
    this.slot = this.bufferSize;
  }

  private advance(n: number): void {
    if (n > 0) {
      const last = 4 * (n - 1);
      this.pos = this.out[last]! + align8(Math.min(this.out[last + 1]!, this.bufferSize));
    }
  }

  /** A bigger buffer from the next read on (after a truncated datagram). */
  grow(size: number): void {
    this.bufferSize = Math.max(this.bufferSize, size);
  }

  /** The messages routed from the last read may be kept: their slab is never written again. */
  keep(): void {
    this.use.kept = true;
  }

  /** A message routed from the last read is lent out: give the result back when it is done with. */
  lend(): SlabUse {
    this.use.lent++;
    return this.use;
  }

  /** A lent message is done with. */
  giveBack(u: SlabUse): void {
    if (--u.lent === 0 && u !== this.use && !u.kept) this.spare = u.slab;
  }

  private newSlab(): void {
    const spare = this.spare;
    this.spare = undefined;
    this.slab = spare !== undefined && spare.length >= slabSize(this.bufferSize) ? spare : newSlabBytes(this.bufferSize);
    this.ab = this.slab.buffer as ArrayBuffer;
    this.base = this.slab.byteOffset;
    this.view = new DataView(this.ab, this.base);
    this.use = new SlabUse(this.slab);
    this.pos = 0;
    this.addon.useBuffers?.(this.fd, null, this.slab, this.out);
  }

  private readOne(): number {
    const view = this.slab.subarray(this.pos, this.pos + this.bufferSize);
    if (this.peek) {
      const size = this.addon.recv(this.fd, view, MSG_PEEK, this.one);
      // An error (EAGAIN, ENOBUFS) came from the peek itself: don't read again.
      if (size < 0) return size;
      if (size > view.length) {
        // Grow first, then take it whole on the next read.
        this.bufferSize = size;
        this.newSlab();
        return 0;
      }
    }
    const n = this.addon.recv(this.fd, view, 0, this.one);
    if (n < 0) return n;
    this.out[0] = this.pos;
    this.out[1] = n;
    this.out[2] = this.one[0]!;
    this.out[3] = this.one[1]!;
    return 1;
  }
}

/** The bytes of a slab for datagrams of up to `bufferSize`. */
function slabSize(bufferSize: number): number {
  return Math.max(MIN_SLAB, Math.min(SLAB_SLOTS * bufferSize, MAX_SLAB), 2 * bufferSize);
}

/**
 * Room for SLAB_SLOTS datagrams of `bufferSize`, and never less than two. Not zeroed: every byte
 * a message can show was written by the kernel first, and zeroing would touch the whole slab.
 */
function newSlabBytes(bufferSize: number): Uint8Array {
  const size = slabSize(bufferSize);
  const b = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(b.buffer, b.byteOffset, size); // a plain Uint8Array: payloads are views of it
}
