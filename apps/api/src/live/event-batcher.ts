import { ROOMS, type EventName } from '@sitroom/core';
/** Sockets that asked for batches sit here instead of in `incidents:all`. */
export const BATCH_ROOM = `${ROOMS.allIncidents}~batch`;
/**
 * Batches go out at most once per window: in a stream of events a batching dashboard waits at most
 * this long. An event after a quiet window goes out at once (with whatever arrives in the same turn
 * of the event loop): a lone update is not held back.
 */
export const BATCH_WINDOW_MS = 50;

// Snapshots of an incident: a newer one makes an older one useless to a dashboard. Other events
// (an SLA breach) are alerts in their own right and all go through.
const SUPERSEDED_BY_NEWER: ReadonlySet<string> = new Set<EventName>(['incident.created', 'incident.updated']);

interface BatchableEvent {
  eventId: number;
  incidentId: string;
  version: number;
}

interface Pending {
  except: string[];
  latest: Map<string, BatchableEvent>;
  others: BatchableEvent[];
}

/**
 * Gathers the live events broadcast to `incidents:all` and sends batching sockets one `events.batch`
 * per window instead of one message per event: with a thousand dashboards, the server writes
 * (events × dashboards) frames per second without it and (windows × dashboards) with it. Within a
 * window the latest version of each incident wins.
 */
export class EventBatcher {
  private pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (except: string[], payload: { events: unknown[] }) => void,
    private readonly windowMs = BATCH_WINDOW_MS,
  ) {}

  /**
   * Takes one broadcast as the adapter saw it. Only what went to `incidents:all` is batched; batching
   * sockets that are also in one of the other rooms (a desk, the admins) already had it singly.
   */
  add(name: string, event: BatchableEvent, rooms: string[], except: string[]): void {
    if (!rooms.includes(ROOMS.allIncidents)) return;
    const skip = [...new Set([...except, ...rooms.filter((r) => r !== ROOMS.allIncidents)])].sort();
    const key = skip.join('\n');
    let group = this.pending.get(key);
    if (!group) {
      group = { except: skip, latest: new Map(), others: [] };
      this.pending.set(key, group);
    }
    if (SUPERSEDED_BY_NEWER.has(name)) {
      const held = group.latest.get(event.incidentId);
      if (!held || event.version > held.version || (event.version === held.version && event.eventId > held.eventId)) group.latest.set(event.incidentId, event);
    } else {
      group.others.push(event);
    }
    // At once after a quiet window (a zero timeout gathers the rest of this turn), else a window after the last batch.
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlushAt + this.windowMs - Date.now()));
  }

  /** Sends what is pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlushAt = Date.now();
    const groups = [...this.pending.values()];
    this.pending.clear();
    for (const g of groups) {
      const events = [...g.latest.values(), ...g.others].sort((a, b) => a.eventId - b.eventId);
      if (events.length > 0) this.send(g.except, { events });
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
