import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { decode } from 'notepack.io';
import { BATCH_EVENT, EVENT_NAMES, RESYNC_EVENT, ROOMS, SocketHandshakeAuth, accessChanged, can, eventAudiences, redactIncident, type LiveEvent, type SessionUser } from '@sitroom/core';
import { findLiveSessions, listIncidentEventsAfter, latestIncidentEventId } from '@sitroom/db';
import { SESSION_COOKIE, userForSessionToken } from '../plugins/auth.plugin.ts';
import { BATCH_ROOM, EventBatcher } from './event-batcher.ts';
import { watchSubscription } from './resync.ts';

const REPLAY_LIMIT = 2_000;

// Rooms of this process's own, for closing sockets: every socket of a user, or of one session.
const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionHash: string) => `session:${sessionHash}`;

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The socket.io key prefix shared by the API's adapter and the worker's emitter. */
export function socketKey(prefix: string): string {
  return `${prefix}:socket.io`;
}

/**
 * socket.io on the API's HTTP server. Only signed-in users connect; events raised by any worker
 * reach sockets on any API process through the Redis adapter. On (re)connect a socket first gets
 * every event after the `lastEventId` it sends, then `ready`. A socket whose handshake `auth` has
 * `batch: true` gets the events for `incidents:all` as one `events.batch` at most every 50 ms (at
 * once after a quiet spell) instead of one message each (see EventBatcher); replays and events to
 * its other rooms still come singly.
 * When this process's Redis subscription comes back after a loss, every socket here gets `resync`
 * and is expected to connect again, so the replay brings what was broadcast while it was down.
 */
export function attachSocketServer(app: FastifyInstance): Server {
  const { config } = app;
  const pub = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err) => app.log.debug({ err: err.message }, 'socket redis error'));

  const io = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    adapter: createAdapter(pub, sub, { key: socketKey(config.REDIS_PREFIX) }),
    cors: { origin: false },
  });

  // Events reach this process through the adapter's subscription whichever process raised them;
  // the batcher listens to the same messages and re-broadcasts them locally, in batches.
  const batcher = new EventBatcher((except, payload) => io.local.to(BATCH_ROOM).except(except).emit(BATCH_EVENT, payload));
  const channelPrefix = `${socketKey(config.REDIS_PREFIX)}#/#`;
  const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);
  sub.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => {
    if (!io.of('/').adapter.rooms.has(BATCH_ROOM) || !channel.toString().startsWith(channelPrefix)) return;
    try {
      const [, packet, opts] = decode(message) as [string, { type?: number; data?: unknown[] }, { rooms?: string[]; except?: string[] }];
      const [name, event] = packet?.data ?? [];
      if (packet?.type !== 2 || typeof name !== 'string' || !eventNames.has(name) || !event) return;
      batcher.add(name, event as LiveEvent, opts?.rooms ?? [], opts?.except ?? []);
    } catch (err) {
      app.log.debug({ err: (err as Error).message }, 'could not read a broadcast for batching');
    }
  });

  watchSubscription(
    sub,
    () => {
      app.log.info({ sockets: io.of('/').sockets.size }, 'socket redis subscription restored: asking sockets to resync');
      io.local.emit(RESYNC_EVENT);
    },
    (err) => app.log.warn({ err: err.message }, 'socket redis subscription check failed'),
  );

  io.use(async (socket, next) => {
    try {
      const session = await userForSessionToken(app.db, readCookie(socket.handshake.headers.cookie, SESSION_COOKIE));
      if (!session) return next(new Error('unauthorized'));
      socket.data.user = session.user;
      socket.data.sessionHash = session.sessionHash;
      next();
    } catch (err) {
      app.log.warn({ err }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  io.on('connection', async (socket) => {
    const user = socket.data.user as SessionUser;
    const auth = SocketHandshakeAuth.safeParse(socket.handshake.auth ?? {});
    // Read on its own, like `batch`: another field out of shape must not widen the socket to the queue.
    const organisationOnly = (socket.handshake.auth as { scope?: unknown } | undefined)?.scope === 'organisation';
    const seesQueue = can(user.roles, 'incident.read') && !organisationOnly;
    socket.join([ROOMS.organisation(user.organisationId), userRoom(user.id), sessionRoom(socket.data.sessionHash as string)]);
    if (!seesQueue) {
      socket.emit('ready', { latestEventId: 0 });
      return;
    }
    // Join before reading the backlog, so nothing falls between the two; clients drop duplicates by version.
    const batched = (socket.handshake.auth as { batch?: unknown } | undefined)?.batch === true;
    socket.join([batched ? BATCH_ROOM : ROOMS.allIncidents, ...(user.deskId ? [ROOMS.desk(user.deskId)] : []), ...(user.roles.includes('admin') ? [ROOMS.admins] : [])]);
    try {
      const lastEventId = auth.success ? auth.data.lastEventId : undefined;
      if (lastEventId !== undefined) {
        const missed = await listIncidentEventsAfter(app.db, lastEventId, REPLAY_LIMIT);
        const viewer = { organisationId: user.organisationId, roles: user.roles, deskId: user.deskId };
        for (const { titleOrganisationId, ...event } of missed) {
          socket.emit(event.type, { ...event, incident: redactIncident(event.incident, viewer, titleOrganisationId ?? null) });
        }
      }
      socket.emit('ready', { latestEventId: await latestIncidentEventId(app.db) });
    } catch (err) {
      app.log.warn({ err }, 'could not replay missed events');
      socket.emit('ready', { latestEventId: null, replayFailed: true });
    }
  });

  app.publish = (events: LiveEvent[]) => {
    for (const { titleOrganisationId, ...event } of events) {
      for (const a of eventAudiences(event, titleOrganisationId ?? null)) io.to(a.rooms).except(a.except).emit(event.type, a.event);
    }
  };
  app.publishToOrganisations = (organisationIds: string[], events: LiveEvent[]) => {
    if (organisationIds.length === 0) return;
    for (const { titleOrganisationId, ...event } of events) {
      // Reporters hear that their report's incident changed; a TLP:RED title of another organisation stays hidden.
      for (const org of organisationIds) {
        const incident = redactIncident(event.incident, { organisationId: org, roles: ['reporter'], deskId: null }, titleOrganisationId ?? null);
        io.to(ROOMS.organisation(org)).except([ROOMS.allIncidents, BATCH_ROOM]).emit(event.type, { ...event, incident });
      }
    }
  };

  app.endLiveSessions = (target) => {
    io.in('userId' in target ? userRoom(target.userId) : sessionRoom(target.sessionHash)).disconnectSockets(true);
  };

  // Signing out, a new password and an admin's change of roles or desk close the sockets at once,
  // through the adapter (`endLiveSessions`). Each process also checks its own sockets every
  // LIVE_SESSION_CHECK_SECONDS: a session that expired, or a close request lost while Redis was
  // down. A socket whose session ended is refused when it connects again; one whose user's access
  // changed connects again as what it may now see.
  const sessionCheck = setInterval(() => {
    void (async () => {
      const sockets = [...io.of('/').sockets.values()];
      const hashes = [...new Set(sockets.map((s) => s.data.sessionHash as string))];
      const live = await findLiveSessions(app.db, hashes);
      for (const socket of sockets) {
        const now = live.get(socket.data.sessionHash as string);
        if (!now || accessChanged(socket.data.user as SessionUser, now)) socket.disconnect(true);
      }
    })().catch((err: unknown) => app.log.warn({ err: (err as Error).message }, 'could not check the sockets\' sessions'));
  }, config.LIVE_SESSION_CHECK_SECONDS * 1000);
  sessionCheck.unref();

  app.addHook('preClose', async () => {
    clearInterval(sessionCheck);
    io.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    batcher.close();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    pub.disconnect();
    sub.disconnect();
  });
  return io;
}
