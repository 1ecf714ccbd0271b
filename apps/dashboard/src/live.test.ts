import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connectLive as realConnectLive, type ConnectionState, type LiveHandlers, type LiveOptions } from './live.ts';

/** Just enough of a socket.io client socket to drive `connectLive` by hand. */
class FakeSocket {
  listeners = new Map<string, ((...args: any[]) => void)[]>();
  connected = false;
  active = false;
  connects = 0;
  /** What the "server" does when the client connects. */
  onConnect: (socket: FakeSocket) => void = () => {};
  io = { on: () => {}, removeAllListeners: () => {} };

  on(name: string, listener: (...args: any[]) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  fire(name: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(name) ?? []) listener(...args);
  }
  connect() {
    this.connects += 1;
    this.active = true;
    this.onConnect(this);
    return this;
  }
  accept() {
    this.connected = true;
    this.fire('connect');
  }
  refuse(message: string) {
    this.active = false;
    this.fire('connect_error', new Error(message));
  }
  disconnect() {
    const was = this.connected;
    this.connected = false;
    this.active = false;
    if (was) this.fire('disconnect', 'io client disconnect');
    return this;
  }
  removeAllListeners() {
    this.listeners.clear();
  }
}

let socket: FakeSocket;
const ioOptions: unknown[] = [];
// A stand-in for the socket: this unit test covers the reconnect logic of live.ts only; the real
// socket.io client and server are exercised by the integration and e2e tests.
const fakeConnect = (options: unknown) => {
  ioOptions.push(options);
  return socket as unknown as Socket;
};
function connectLive(h: LiveHandlers, options: Omit<LiveOptions, 'connect'> = {}) {
  return realConnectLive(h, { ...options, connect: fakeConnect });
}

function handlers(checkSession: () => Promise<boolean | null> = async () => true) {
  const states: ConnectionState[] = [];
  const calls = { unauthorized: 0, ready: [] as number[], events: [] as number[] };
  const h: LiveHandlers = {
    onEvent: (event) => calls.events.push(event.eventId),
    onReady: (id) => calls.ready.push(id),
    onState: (state) => states.push(state),
    onUnauthorized: () => (calls.unauthorized += 1),
    checkSession,
  };
  return { h, states, calls };
}

/** What the handshake would send now: `auth` is read afresh on every connect. */
function handshakeAuth(): Record<string, unknown> {
  let sent: Record<string, unknown> = {};
  (ioOptions[0] as { auth: (cb: (data: Record<string, unknown>) => void) => void }).auth((data) => (sent = data));
  return sent;
}

/** An event as far as live.ts looks at it. */
const liveEvent = (eventId: number) => ({ eventId, type: 'incident.updated', incident: { id: `i${eventId}` } });

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('navigator', { onLine: true });
  vi.stubGlobal('window', new EventTarget());
  socket = new FakeSocket();
  ioOptions.length = 0;
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('connectLive', () => {
  it('hears a `ready` that arrives as soon as it connects: listeners go on before the first connect', () => {
    socket.onConnect = (s) => {
      s.accept();
      s.fire('ready', { latestEventId: 7 });
    };
    const { h, states, calls } = handlers();
    const live = connectLive(h);
    expect(ioOptions[0]).toMatchObject({ autoConnect: false });
    expect(calls.ready).toEqual([7]);
    expect(states.at(-1)).toBe('live');
    live.close();
  });

  it('retries a handshake refused as unauthorized while the API still knows the session', async () => {
    let attempt = 0;
    socket.onConnect = (s) => {
      attempt += 1;
      // The first handshake went out before the session cookie was in place.
      if (attempt === 1) return s.refuse('unauthorized');
      s.accept();
      s.fire('ready', { latestEventId: 0 });
    };
    const { h, states, calls } = handlers(async () => true);
    const live = connectLive(h, { retryMs: 500 });
    await vi.advanceTimersByTimeAsync(600);
    expect(socket.connects).toBe(2);
    expect(calls.unauthorized).toBe(0);
    expect(states.at(-1)).toBe('live');
    live.close();
  });

  it('ends the session only when the API confirms it is gone', async () => {
    socket.onConnect = (s) => s.refuse('unauthorized');
    const { h, states, calls } = handlers(async () => false);
    const live = connectLive(h);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.unauthorized).toBe(1);
    expect(states.at(-1)).toBe('offline');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.connects).toBe(1);
    live.close();
  });

  it('tells when the server closed the socket itself, and connects again', () => {
    socket.onConnect = (s) => {
      s.accept();
      s.fire('ready', { latestEventId: 3 });
    };
    let closedByServer = 0;
    const { h, calls } = handlers();
    const live = connectLive({ ...h, onServerClosed: () => (closedByServer += 1) });
    socket.connected = false;
    socket.fire('disconnect', 'transport close');
    expect(closedByServer).toBe(0);
    socket.fire('disconnect', 'io server disconnect');
    expect(closedByServer).toBe(1);
    expect(socket.connects).toBe(2);
    expect(calls.ready).toEqual([3, 3]);
    live.close();
  });

  it('connects again when the server never says `ready`', async () => {
    let attempt = 0;
    socket.onConnect = (s) => {
      attempt += 1;
      s.accept();
      if (attempt > 1) s.fire('ready', { latestEventId: 3 });
    };
    const { h, states, calls } = handlers();
    const live = connectLive(h, { readyTimeoutMs: 5_000, retryMs: 100 });
    expect(states.at(-1)).toBe('connecting');
    await vi.advanceTimersByTimeAsync(5_200);
    expect(socket.connects).toBe(2);
    expect(calls.ready).toEqual([3]);
    expect(states.at(-1)).toBe('live');
    live.close();
  });

  it('backs off between refused handshakes and stops after close', async () => {
    socket.onConnect = (s) => s.refuse('unavailable');
    const { h } = handlers();
    const live = connectLive(h, { retryMs: 1_000, retryMaxMs: 4_000 });
    await vi.advanceTimersByTimeAsync(1_000); // retry 1 after 1 s
    await vi.advanceTimersByTimeAsync(2_000); // retry 2 after 2 s more
    expect(socket.connects).toBe(3);
    live.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.connects).toBe(3);
  });

  it('asks for batches and hands each batched event to onEvent in order, after singles and replays alike', () => {
    socket.onConnect = (s) => {
      s.accept();
      s.fire('incident.created', liveEvent(4)); // a replayed event comes singly
      s.fire('ready', { latestEventId: 4 });
    };
    const { h, calls } = handlers();
    const live = connectLive(h);
    expect(handshakeAuth()).toEqual({ batch: true, lastEventId: 4 });
    socket.fire('events.batch', { events: [liveEvent(5), liveEvent(7), { eventId: 8 }, liveEvent(9)] });
    socket.fire('events.batch', { nothing: 'here' });
    socket.fire('sla.breached', liveEvent(10));
    expect(calls.events).toEqual([4, 5, 7, 9, 10]);
    expect(handshakeAuth()).toEqual({ batch: true, lastEventId: 10 });
    live.close();
  });

  it('answers `resync` by connecting again with the last event id seen, going through reconnecting to live', async () => {
    let attempt = 0;
    socket.onConnect = (s) => {
      attempt += 1;
      s.accept();
      s.fire('ready', { latestEventId: attempt === 1 ? 3 : 12 });
    };
    const { h, states, calls } = handlers();
    const live = connectLive(h, { resyncSpreadMs: 1_000 });
    socket.fire('events.batch', { events: [liveEvent(11)] });
    socket.fire('resync');
    socket.fire('resync'); // a second one while the first waits changes nothing
    expect(states.at(-1)).toBe('reconnecting');
    expect(socket.connects).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.connects).toBe(2);
    expect(handshakeAuth()).toEqual({ batch: true, lastEventId: 12 });
    expect(calls.ready).toEqual([3, 12]);
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    live.close();
  });

  it('leaves a pending resync to socket.io when the connection drops anyway, and forgets it on close', async () => {
    socket.onConnect = (s) => {
      s.accept();
      s.fire('ready', { latestEventId: 1 });
    };
    const { h } = handlers();
    const live = connectLive(h, { resyncSpreadMs: 1_000 });
    socket.fire('resync');
    socket.connected = false;
    socket.fire('disconnect', 'transport close');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.connects).toBe(1);

    socket.connect();
    socket.fire('resync');
    live.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(socket.connects).toBe(2);
  });

  it('asks for everything after 0 on a reconnect once the server said the log was empty', async () => {
    socket.onConnect = (s) => {
      s.accept();
      s.fire('ready', { latestEventId: 0 });
    };
    const { h } = handlers();
    const live = connectLive(h, { resyncSpreadMs: 0 });
    expect(handshakeAuth()).toEqual({ batch: true, lastEventId: 0 });
    live.close();
  });

  it('sends no position before the server gave one', () => {
    const { h } = handlers();
    const live = connectLive(h);
    expect(handshakeAuth()).toEqual({ batch: true });
    live.close();
  });

  it('asks for its organisation\'s events only when told to (My reports)', () => {
    const { h } = handlers();
    const live = connectLive(h, { scope: 'organisation' });
    expect(handshakeAuth()).toEqual({ batch: true, scope: 'organisation' });
    live.close();
  });
});
