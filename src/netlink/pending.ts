// A request's life inside NetlinkSocket, from submit() to its last reply, and the
// async iterator a dump hands out over it.
import type { NetlinkMessage } from './message.js';
import type { AckGroup } from './ack-group.js';
import type { SlabUse } from './reader.js';

const ignore = (): void => {};
const NEVER = new Promise<never>(ignore);
/** A request's replies until its first: shared, never written (an array per request only once a reply comes). */
export const NO_REPLIES = Object.freeze([]) as unknown as NetlinkMessage[];

/** Replies as the caller gets them: an array of its own, also when there were none. */
export function handOut(replies: NetlinkMessage[]): NetlinkMessage[] {
  return replies === NO_REPLIES ? [] : replies;
}

/** A request from submit() until its last reply (one shape, every field set up front). */
export class Pending {
  /** Data replies so far: a dump's own array, or NO_REPLIES until a request's first. */
  replies: NetlinkMessage[];
  /** For transient dumps: the slab use of each reply, given back once its reader moves on. */
  readonly leases: SlabUse[] | undefined;
  /** Answered, failed or timed out (for a dump: its iterator has nothing more to wait for). */
  settled = false;
  /** For dumps: wakes the iterator. */
  wake: (() => void) | undefined = undefined;
  error: Error | undefined = undefined;
  timer: NodeJS.Timeout | undefined = undefined;
  /** A dump whose reader stopped early: the rest is read and dropped. */
  discard = false;
  /** While queued: its bytes, [start, end) of the send writer, or its own copy. */
  start = 0;
  end = 0;
  own: Uint8Array | undefined = undefined;
  /** Sent in a group whose last member alone asked for an ACK (ack-group.ts), at this index. */
  ackGroup: AckGroup | undefined = undefined;
  ackIndex = 0;
  resolve!: (replies: NetlinkMessage[]) => void;
  reject!: (err: Error) => void;
  readonly promise: Promise<NetlinkMessage[]>;

  constructor(
    readonly seq: number,
    readonly command: string | undefined,
    readonly dump: boolean,
    readonly wantAck: boolean,
    /** dumpAll: resolve with the replies instead of handing them to an iterator. */
    readonly collect: boolean,
    readonly highWaterMark: number,
    /** A dump whose replies are only lent: each is valid until the iterator's next step. */
    readonly transient = false,
    /** requestSync()/dumpSync(): read where it stands (replies, error), no promise made. */
    sync = false,
  ) {
    this.replies = dump ? [] : NO_REPLIES;
    this.leases = transient ? [] : undefined; // an array per request only where it is used
    if (sync) {
      this.resolve = this.reject = ignore;
      this.promise = NEVER;
    } else {
      this.promise = new Promise<NetlinkMessage[]>((res, rej) => { this.resolve = res; this.reject = rej; });
    }
  }
}

/** Someone waiting in get() or recv(). */
export interface Waiter<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

/** Waits in `queue` (get(), recv()); with `ms`, leaves it after that long and rejects with timedOut(). */
export function waitIn<T>(queue: Waiter<T>[], changed: () => void, ms?: number, timedOut?: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w: Waiter<T> = { resolve, reject };
    if (ms !== undefined && timedOut) {
      const t = setTimeout(() => {
        const i = queue.indexOf(w);
        if (i >= 0) queue.splice(i, 1);
        changed();
        reject(timedOut());
      }, ms);
      w.resolve = (v) => { clearTimeout(t); resolve(v); };
      w.reject = (e) => { clearTimeout(t); reject(e); };
    }
    queue.push(w);
    changed();
  });
}

/** What the iterator needs from its socket: reading pauses while a dump's buffer is full. */
export interface FlowControl {
  paused(): boolean;
  resume(): void;
  /** A transient dump's reply is done with: its slab may be written again. */
  giveBack(u: SlabUse): void;
}

/**
 * Iterates over a dump's replies; the request goes out on the first next(). A transient dump's
 * reply is given back on the next step (next() or return()): its payload is not to be read after.
 */
export function dumpIterator(submit: () => Pending, flow: FlowControl): AsyncIterableIterator<NetlinkMessage> {
  let started: Pending | undefined;
  /** The slab use of the transient reply handed out last. */
  let held: SlabUse | undefined;
  const giveBack = (): void => {
    if (held !== undefined) flow.giveBack(held);
    held = undefined;
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<NetlinkMessage>> {
      giveBack();
      const p = (started ??= submit());
      for (;;) {
        const m = p.replies.shift();
        if (m) {
          if (p.leases) held = p.leases.shift();
          if (flow.paused() && p.replies.length < p.highWaterMark / 2) flow.resume();
          return { value: m, done: false };
        }
        if (p.error) throw p.error;
        if (p.settled) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (p.wake = resolve));
      }
    },
    async return(): Promise<IteratorResult<NetlinkMessage>> {
      giveBack();
      const p = started;
      if (p?.leases) {
        // Their memory may be written again: none may be handed out after this.
        p.replies.length = 0;
        for (const u of p.leases) flow.giveBack(u);
        p.leases.length = 0;
      }
      // Stopping early: keep reading so the rest of the dump is drained and dropped.
      if (p && !p.settled) {
        p.discard = true;
        p.replies.length = 0;
        flow.resume();
        while (!p.settled) await new Promise<void>((resolve) => (p.wake = resolve));
      }
      return { value: undefined, done: true };
    },
  };
}

/**
 * The requests on the wire, by sequence number. Sequence numbers are handed out in order, so a
 * slot per `seq % size` almost never collides; a collision (or a caller's own seq) goes to a Map.
 * A Map alone costs more: V8 rehashes it as it grows to one entry and shrinks back, per request.
 */
export class PendingTable {
  private slots: (Pending | undefined)[] = new Array<Pending | undefined>(64).fill(undefined);
  private mask = 63;
  private readonly overflow = new Map<number, Pending>();
  size = 0;

  get(seq: number): Pending | undefined {
    const s = this.slots[seq & this.mask];
    if (s !== undefined && s.seq === seq) return s;
    return this.overflow.size ? this.overflow.get(seq) : undefined;
  }

  /** Adds p; one already there with the same seq is replaced (as Map.set would). */
  set(p: Pending): void {
    const i = p.seq & this.mask;
    const s = this.slots[i];
    if (s === undefined) this.slots[i] = p;
    else if (s.seq === p.seq) { this.slots[i] = p; return; }
    else {
      if (this.overflow.has(p.seq)) { this.overflow.set(p.seq, p); return; }
      this.overflow.set(p.seq, p);
      if (this.overflow.size > this.slots.length / 4) this.grow();
    }
    this.size++;
  }

  /** Removes p if it is the one registered under its seq; whether it was. */
  delete(p: Pending): boolean {
    const i = p.seq & this.mask;
    if (this.slots[i] === p) this.slots[i] = undefined;
    else if (this.overflow.get(p.seq) === p) this.overflow.delete(p.seq);
    else return false;
    this.size--;
    return true;
  }

  values(): Pending[] {
    const out = this.slots.filter((p): p is Pending => p !== undefined);
    for (const p of this.overflow.values()) out.push(p);
    return out;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.overflow.clear();
    this.size = 0;
  }

  /** Many requests in flight with scattered seqs: a bigger table. */
  private grow(): void {
    const all = this.values();
    this.slots = new Array<Pending | undefined>(this.slots.length * 4).fill(undefined);
    this.mask = this.slots.length - 1;
    this.overflow.clear();
    this.size = 0;
    for (const p of all) this.set(p);
  }
}
