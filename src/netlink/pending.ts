// A request's life inside NetlinkSocket, from submit() to its last reply, and the
// async iterator a dump hands out over it.
import type { NetlinkMessage } from './message.js';

/** A request from submit() until its last reply (one shape, every field set up front). */
export class Pending {
  replies: NetlinkMessage[] = [];
  settled = false;
  done = false;
  /** For dumps: wakes the iterator. */
  wake: (() => void) | undefined = undefined;
  error: Error | undefined = undefined;
  timer: NodeJS.Timeout | undefined = undefined;
  /** A dump whose reader stopped early: the rest is read and dropped. */
  discard = false;
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
  ) {
    this.promise = new Promise<NetlinkMessage[]>((res, rej) => { this.resolve = res; this.reject = rej; });
  }
}

/** A request waiting for the wire: bytes [start, end) of the send writer, or its own copy. */
export interface Queued {
  p: Pending;
  start: number;
  end: number;
  own: Uint8Array | undefined;
}

/** Someone waiting in get() or recv(). */
export interface Waiter<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

/** What the iterator needs from its socket: reading pauses while a dump's buffer is full. */
export interface FlowControl {
  paused(): boolean;
  resume(): void;
}

/** Iterates over a dump's replies; the request goes out on the first next(). */
export function dumpIterator(submit: () => Pending, flow: FlowControl): AsyncIterableIterator<NetlinkMessage> {
  let started: Pending | undefined;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<NetlinkMessage>> {
      const p = (started ??= submit());
      for (;;) {
        const m = p.replies.shift();
        if (m) {
          if (flow.paused() && p.replies.length < p.highWaterMark / 2) flow.resume();
          return { value: m, done: false };
        }
        if (p.error) throw p.error;
        if (p.done) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (p.wake = resolve));
      }
    },
    async return(): Promise<IteratorResult<NetlinkMessage>> {
      // Stopping early: keep reading so the rest of the dump is drained and dropped.
      const p = started;
      if (p && !p.done) {
        p.discard = true;
        p.replies.length = 0;
        flow.resume();
        while (!p.done) await new Promise<void>((resolve) => (p.wake = resolve));
      }
      return { value: undefined, done: true };
    },
  };
}
