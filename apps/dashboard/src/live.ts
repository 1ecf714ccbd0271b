import { io, type Socket } from 'socket.io-client';
import { EVENT_NAMES, type LiveEvent } from '@sitroom/core';

/** What the header shows: `live` only once the server has replayed what we missed and said `ready`. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onEvent(event: LiveEvent): void;
  onReady(latestEventId: number): void;
  onState(state: ConnectionState): void;
  /** The server refused the session cookie: the user has to sign in again. */
  onUnauthorized(): void;
}

export interface LiveConnection {
  close(): void;
}

/**
 * Connects to the API's socket.io endpoint on this origin. The handshake sends the highest event id
 * seen so far, read afresh on every reconnect, so the server replays exactly what was missed.
 */
export function connectLive(handlers: LiveHandlers): LiveConnection {
  let latestSeen = 0;
  let closed = false;
  let state: ConnectionState | null = null;
  const setState = (next: ConnectionState) => {
    if (closed || next === state) return;
    state = next;
    handlers.onState(next);
  };

  const socket: Socket = io({
    withCredentials: true,
    // A situation room wants to be back quickly; the jitter spreads many dashboards' retries.
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    auth: (cb) => cb(latestSeen > 0 ? { lastEventId: latestSeen } : {}),
  });
  setState(navigator.onLine ? 'connecting' : 'offline');

  for (const name of EVENT_NAMES) {
    socket.on(name, (event: LiveEvent) => {
      if (closed || typeof event?.eventId !== 'number' || !event.incident) return;
      latestSeen = Math.max(latestSeen, event.eventId);
      handlers.onEvent(event);
    });
  }
  socket.on('ready', (payload: { latestEventId?: number } | undefined) => {
    const latest = typeof payload?.latestEventId === 'number' ? payload.latestEventId : latestSeen;
    latestSeen = Math.max(latestSeen, latest);
    handlers.onReady(latestSeen);
    setState('live');
  });
  socket.on('disconnect', (reason) => {
    if (closed) return;
    setState(navigator.onLine ? 'reconnecting' : 'offline');
    // The server closed the connection itself (for example a signed-out session): socket.io does not
    // retry on its own then, so try once; an expired session answers with `unauthorized`.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (error) => {
    if (closed) return;
    if (error.message === 'unauthorized') {
      setState('offline');
      handlers.onUnauthorized();
      return;
    }
    setState(navigator.onLine ? 'reconnecting' : 'offline');
    // A middleware refusal leaves the socket inactive; a transport failure keeps the manager retrying.
    if (!socket.active) setTimeout(() => !closed && socket.connect(), 3000);
  });
  socket.io.on('reconnect_attempt', () => setState(navigator.onLine ? 'reconnecting' : 'offline'));

  const onOffline = () => setState('offline');
  const onOnline = () => {
    if (socket.connected) return;
    setState('reconnecting');
    if (!socket.active) socket.connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  return {
    close() {
      closed = true;
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
    },
  };
}
