import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { BATCH_EVENT, EVENT_NAMES, RESYNC_EVENT, type LiveEvent } from '@sitroom/core';

/** What the header shows: `live` only once the server has replayed what we missed and said `ready`. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onEvent(event: LiveEvent): void;
  onReady(latestEventId: number): void;
  onState(state: ConnectionState): void;
  /** The session has ended (the socket was refused and the API confirms it): the user has to sign in again. */
  onUnauthorized(): void;
  /**
   * Asked when the socket is refused as unauthorized: true while the API still knows the session
   * (the handshake raced the cookie, or the session lookup hiccuped), false once it is gone, null if unknown.
   */
  checkSession(): Promise<boolean | null>;
  /**
   * The server closed the socket itself: a restart, the session signed out elsewhere, or an admin
   * changed the user (roles, desk, password). It connects again either way; this is the moment to
   * read the user afresh.
   */
  onServerClosed?(): void;
}

/** Options, most for tests and drills; the defaults suit a situation room. */
export interface LiveOptions {
  /** Connected but no `ready` after this long: the replay got lost, so connect again. */
  readyTimeoutMs?: number;
  /** First wait before retrying a refused handshake; doubles up to `retryMaxMs`. */
  retryMs?: number;
  retryMaxMs?: number;
  /** On `resync`, connect again after a random wait up to this long, so a thousand dashboards do not replay at once. */
  resyncSpreadMs?: number;
  /** `organisation`: only the events of the user's organisation's reports, not the queue's (see SocketHandshakeAuth). */
  scope?: 'organisation';
  /** How to open the socket: socket.io-client's `io`, or a stand-in for unit tests of this module's logic. */
  connect?: (options: Partial<ManagerOptions & SocketOptions>) => Socket;
}

export interface LiveConnection {
  close(): void;
}

/**
 * Connects to the API's socket.io endpoint on this origin. The handshake sends the highest event id
 * seen so far, read afresh on every reconnect, so the server replays exactly what was missed. It
 * asks for the queue's events in batches (`events.batch`), which reach `onEvent` one by one in order.
 */
export function connectLive(handlers: LiveHandlers, options: LiveOptions = {}): LiveConnection {
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  const retryMs = options.retryMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 15_000;
  const resyncSpreadMs = options.resyncSpreadMs ?? 2_000;
  let latestSeen = 0;
  // Whether latestSeen is a real position: once the server has said where the log stands (even at 0),
  // a reconnect must ask for everything after it; before that, there is nothing to catch up on.
  let positioned = false;
  let closed = false;
  let state: ConnectionState | null = null;
  let retryDelay = retryMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let resyncTimer: ReturnType<typeof setTimeout> | undefined;
  const setState = (next: ConnectionState) => {
    if (closed || next === state) return;
    state = next;
    handlers.onState(next);
  };
  const offlineOr = (next: ConnectionState): ConnectionState => (navigator.onLine ? next : 'offline');

  // Listeners go on before the first connect (autoConnect off), so no `ready` can come in unheard.
  const open = options.connect ?? ((opts: Partial<ManagerOptions & SocketOptions>) => io(opts));
  const socket: Socket = open({
    autoConnect: false,
    withCredentials: true,
    // A situation room wants to be back quickly; the jitter spreads many dashboards' retries.
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    auth: (cb) => cb({
      ...(positioned || latestSeen > 0 ? { lastEventId: latestSeen } : {}),
      batch: true,
      ...(options.scope ? { scope: options.scope } : {}),
    }),
  });

  /** Connects again later, backing off, when socket.io itself will not (a refused handshake). */
  const retryLater = () => {
    if (closed || retryTimer !== undefined) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, retryMaxMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed && !socket.connected && !socket.active) socket.connect();
    }, delay);
  };
  const clearReadyTimer = () => {
    if (readyTimer !== undefined) clearTimeout(readyTimer);
    readyTimer = undefined;
  };
  const clearResyncTimer = () => {
    if (resyncTimer !== undefined) clearTimeout(resyncTimer);
    resyncTimer = undefined;
  };

  const receive = (event: LiveEvent | undefined) => {
    if (closed || typeof event?.eventId !== 'number' || !event.incident) return;
    latestSeen = Math.max(latestSeen, event.eventId);
    handlers.onEvent(event);
  };
  // Replays, and events for a desk or the admins, still come one message each.
  for (const name of EVENT_NAMES) socket.on(name, receive);
  socket.on(BATCH_EVENT, (batch: { events?: unknown } | undefined) => {
    if (!Array.isArray(batch?.events)) return;
    for (const event of batch.events as LiveEvent[]) receive(event);
  });
  socket.on(RESYNC_EVENT, () => {
    if (closed || resyncTimer !== undefined) return;
    // Still connected, but behind until the replay: say so now rather than after the wait.
    setState(offlineOr('reconnecting'));
    resyncTimer = setTimeout(() => {
      resyncTimer = undefined;
      // Disconnected meanwhile: socket.io's own reconnect replays just the same.
      if (closed || !socket.connected) return;
      socket.disconnect().connect();
    }, Math.random() * resyncSpreadMs);
  });
  socket.on('connect', () => {
    clearReadyTimer();
    readyTimer = setTimeout(() => {
      readyTimer = undefined;
      if (closed || !socket.connected || state === 'live') return;
      // The server never said `ready` on this connection: start over rather than wait forever.
      socket.disconnect();
      setState(offlineOr('reconnecting'));
      retryLater();
    }, readyTimeoutMs);
  });
  socket.on('ready', (payload: { latestEventId?: number | null } | undefined) => {
    clearReadyTimer();
    retryDelay = retryMs;
    if (typeof payload?.latestEventId === 'number') {
      positioned = true;
      latestSeen = Math.max(latestSeen, payload.latestEventId);
    }
    handlers.onReady(latestSeen);
    setState('live');
  });
  socket.on('disconnect', (reason) => {
    clearReadyTimer();
    clearResyncTimer();
    if (closed) return;
    setState(offlineOr('reconnecting'));
    // The server closed the connection itself (for example a signed-out session): socket.io does not
    // retry on its own then, so try once; an expired session answers with `unauthorized`.
    if (reason === 'io server disconnect') {
      handlers.onServerClosed?.();
      socket.connect();
    }
  });
  socket.on('connect_error', (error) => {
    clearReadyTimer();
    if (closed) return;
    if (error.message === 'unauthorized') {
      // Only a session the API also refuses ends the dashboard; otherwise this handshake was early
      // or unlucky, and the next one will carry the cookie.
      setState(offlineOr('reconnecting'));
      handlers.checkSession().then(
        (signedIn) => {
          if (closed) return;
          if (signedIn === false) {
            setState('offline');
            handlers.onUnauthorized();
          } else retryLater();
        },
        () => retryLater(),
      );
      return;
    }
    setState(offlineOr('reconnecting'));
    // A middleware refusal leaves the socket inactive; a transport failure keeps the manager retrying.
    if (!socket.active) retryLater();
  });
  socket.io.on('reconnect_attempt', () => setState(offlineOr('reconnecting')));

  const onOffline = () => setState('offline');
  const onOnline = () => {
    if (socket.connected) return;
    setState('reconnecting');
    if (!socket.active) socket.connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  setState(offlineOr('connecting'));
  socket.connect();

  return {
    close() {
      closed = true;
      clearReadyTimer();
      clearResyncTimer();
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    },
  };
}
