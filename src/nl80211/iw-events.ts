// IW.events(): nl80211's multicast events as an async iterator, on a socket of
// their own, with interface names resolved from the ifindex.
import { toEvent, type IwEvent, type IwEventGroup } from './events.js';
import type { IW } from './iw.js';
import { resolveClient } from './iw-util.js';

/** IW.events(): an async iterator of events, with the moment its subscriptions are in place. */
export interface IwEventStream extends AsyncIterableIterator<IwEvent> {
  /** Resolves once the multicast memberships are in place (rejects if nl80211 or a group is missing). */
  readonly ready: Promise<void>;
}

/**
 * Multicast events as typed objects: `for await (const e of iw.events()) ...`.
 * The subscription starts at once; `await stream.ready` before causing the
 * events you want to see (the group memberships are then in place). Ends when
 * the caller breaks out (the socket is closed) or on opts.signal.
 */
export function eventStream(iw: IW, opts: { groups?: IwEventGroup[]; signal?: AbortSignal } = {}): IwEventStream {
  const groups = opts.groups ?? ['config', 'scan', 'regulatory', 'mlme'];
  const names = new Map<number, string>();
  const refreshNames = async (): Promise<void> => {
    for (const i of await iw.interfaces().catch(() => [])) if (i.ifindex !== undefined && i.name) names.set(i.ifindex, i.name);
  };
  let closed = false;
  const setup = (async () => {
    const ev = await iw.openEventSocket();
    try {
      for (const g of groups) await ev.subscribe(iw.client.proto.name, g);
      const evClient = await resolveClient(ev);
      await refreshNames();
      if (closed) ev.close();
      return { ev, evClient };
    } catch (e) {
      ev.close();
      throw e;
    }
  })();
  const close = async (): Promise<void> => {
    closed = true;
    opts.signal?.removeEventListener('abort', onAbort);
    const s = await setup.catch(() => undefined);
    s?.ev.close();
  };
  const onAbort = (): void => void close();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const it: IwEventStream = {
    ready: setup.then(() => undefined),
    [Symbol.asyncIterator]() {
      return it;
    },
    async next(): Promise<IteratorResult<IwEvent>> {
      const { ev, evClient } = await setup;
      for (;;) {
        if (closed || ev.socket.isClosed) return { value: undefined, done: true };
        let m;
        try {
          m = await ev.socket.get();
        } catch (e) {
          if (ev.socket.isClosed) return { value: undefined, done: true };
          throw e;
        }
        if (!evClient.owns(m)) continue;
        const e = toEvent(evClient.decode(m));
        if (e.ifindex !== undefined) {
          if (e.ifname) names.set(e.ifindex, e.ifname);
          else if (!names.has(e.ifindex)) await refreshNames();
          e.dev = e.ifname ?? names.get(e.ifindex);
        }
        return { value: e, done: false };
      }
    },
    async return(): Promise<IteratorResult<IwEvent>> {
      await close();
      return { value: undefined, done: true };
    },
  };
  it.ready.catch(() => undefined); // reported by next() too
  return it;
}
