import {
  OPEN_INCIDENT_STATUSES,
  PRIORITIES,
  type Category,
  type IncidentList,
  type IncidentStatus,
  type IncidentSummary,
  type LiveEvent,
  type Priority,
  type SessionUser,
} from '@sitroom/core';

/** What the responder filters the queue by; `status: 'open'` is the API's `open=true`. */
export interface QueueFilters {
  status: 'open' | 'all' | IncidentStatus;
  priority: Priority | '';
  category: Category | '';
  /** A desk id, or '' for every desk. */
  desk: string;
  q: string;
}

export const DEFAULT_FILTERS: QueueFilters = { status: 'open', priority: '', category: '', desk: '', q: '' };

/** Roles that work one desk's queue: they start on their own desk; everyone else sees every desk. */
const DESK_ROLES: ReadonlySet<string> = new Set(['responder', 'approver']);

/** The filters a user's queue opens with: open incidents of their desk when they work one. */
export function defaultFiltersFor(user: Pick<SessionUser, 'roles' | 'deskId'>): QueueFilters {
  const worksDesk = user.deskId !== null && user.roles.some((role) => DESK_ROLES.has(role));
  return worksDesk ? { ...DEFAULT_FILTERS, desk: user.deskId! } : DEFAULT_FILTERS;
}

export function sameFilters(a: QueueFilters, b: QueueFilters): boolean {
  return a.status === b.status && a.priority === b.priority && a.category === b.category && a.desk === b.desk && a.q.trim() === b.q.trim();
}

export interface QueueState {
  filters: QueueFilters;
  /** Latest known summary of every incident seen, in or out of the current view. */
  known: Record<string, IncidentSummary>;
  /** Ids of the incidents the current view holds (loaded pages plus live arrivals). */
  viewIds: Record<string, true>;
  nextCursor: string | null;
  /** Last item of the last loaded page while more pages exist: live arrivals sorting after it wait for "Load more". */
  boundary: IncidentSummary | null;
  loaded: boolean;
  /** Highest event id seen, sent on reconnect so the server replays what was missed. */
  lastEventId: number;
  /** Rows to highlight: incident id to a counter that changes on every change, so the animation restarts. */
  flashes: Record<string, number>;
  /** Incidents with a breached SLA seen in this session. */
  breached: Record<string, true>;
}

export type QueueAction =
  | { type: 'filtersChanged'; filters: QueueFilters }
  | { type: 'pageLoaded'; list: IncidentList; append: boolean }
  | { type: 'event'; event: LiveEvent }
  | { type: 'ready'; latestEventId: number }
  /** This dashboard changed an incident itself (e.g. acknowledged it): the API's answer, before the event arrives. */
  | { type: 'incidentChanged'; incident: IncidentSummary }
  | { type: 'flashDone'; incidentId: string };

export function initialQueueState(filters: QueueFilters = DEFAULT_FILTERS): QueueState {
  return {
    filters,
    known: {},
    viewIds: {},
    nextCursor: null,
    boundary: null,
    loaded: false,
    lastEventId: 0,
    flashes: {},
    breached: {},
  };
}

const PRIORITY_RANK: Record<Priority, number> = Object.fromEntries(
  PRIORITIES.map((priority, index) => [priority, index]),
) as Record<Priority, number>;

/** The API's queue order: P1 first, then severity descending, then most recently reported first. */
export function compareIncidents(a: IncidentSummary, b: IncidentSummary): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    b.severity - a.severity ||
    Date.parse(b.lastReportedAt) - Date.parse(a.lastReportedAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const OPEN_STATUSES: ReadonlySet<string> = new Set(OPEN_INCIDENT_STATUSES);

/**
 * Whether an incident belongs in a view with these filters. The text search runs on the server;
 * locally it is approximated by the title, and only to decide whether a live arrival joins the view.
 */
export function matchesFilters(incident: IncidentSummary, filters: QueueFilters, arriving = false): boolean {
  if (filters.status === 'open' && !OPEN_STATUSES.has(incident.status)) return false;
  if (filters.status !== 'open' && filters.status !== 'all' && incident.status !== filters.status) return false;
  if (filters.priority && incident.priority !== filters.priority) return false;
  if (filters.category && incident.category !== filters.category) return false;
  if (filters.desk && incident.deskId !== filters.desk) return false;
  const q = filters.q.trim().toLowerCase();
  if (arriving && q && !incident.title.toLowerCase().includes(q)) return false;
  return true;
}

/** The query string of `GET /api/v1/incidents` for these filters. */
export function filtersToQuery(filters: QueueFilters, cursor?: string | null, limit = 50): URLSearchParams {
  const params = new URLSearchParams({ limit: String(limit), sort: 'priority' });
  if (filters.status === 'open') params.set('open', 'true');
  else if (filters.status !== 'all') params.set('status', filters.status);
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.category) params.set('category', filters.category);
  if (filters.desk) params.set('desk', filters.desk);
  const q = filters.q.trim();
  if (q) params.set('q', q);
  if (cursor) params.set('cursor', cursor);
  return params;
}

function newer(held: IncidentSummary | undefined, incoming: IncidentSummary): IncidentSummary {
  return held && held.version >= incoming.version ? held : incoming;
}

export function queueReducer(state: QueueState, action: QueueAction): QueueState {
  switch (action.type) {
    case 'filtersChanged':
      return { ...state, filters: action.filters, viewIds: {}, nextCursor: null, boundary: null, loaded: false, flashes: {} };

    case 'pageLoaded': {
      const known = { ...state.known };
      const viewIds: Record<string, true> = action.append ? { ...state.viewIds } : {};
      for (const item of action.list.items) {
        known[item.id] = newer(known[item.id], item);
        viewIds[item.id] = true;
      }
      const last = action.list.items.at(-1);
      const boundary = action.list.nextCursor && last ? last : null;
      return { ...state, known, viewIds, nextCursor: action.list.nextCursor, boundary, loaded: true };
    }

    case 'event': {
      const { event } = action;
      const lastEventId = Math.max(state.lastEventId, event.eventId);
      const breached = event.type === 'sla.breached' && !state.breached[event.incidentId]
        ? { ...state.breached, [event.incidentId]: true as const }
        : state.breached;
      const held = state.known[event.incidentId];
      const incident = event.incident;
      if (held && incident.version <= held.version) {
        // A duplicate or a replay of something already applied.
        return lastEventId === state.lastEventId && breached === state.breached
          ? state
          : { ...state, lastEventId, breached };
      }
      const known = { ...state.known, [incident.id]: incident };
      let viewIds = state.viewIds;
      const inView = Boolean(state.viewIds[incident.id]);
      const joins =
        !inView &&
        state.loaded &&
        matchesFilters(incident, state.filters, true) &&
        (state.boundary === null || compareIncidents(incident, state.boundary) < 0);
      if (joins) viewIds = { ...state.viewIds, [incident.id]: true };
      const flashes = inView || joins
        ? { ...state.flashes, [incident.id]: (state.flashes[incident.id] ?? 0) + 1 }
        : state.flashes;
      return { ...state, known, viewIds, lastEventId, breached, flashes };
    }

    case 'incidentChanged': {
      const held = state.known[action.incident.id];
      if (held && held.version >= action.incident.version) return state;
      return { ...state, known: { ...state.known, [action.incident.id]: action.incident } };
    }

    case 'ready':
      return action.latestEventId > state.lastEventId ? { ...state, lastEventId: action.latestEventId } : state;

    case 'flashDone': {
      if (!(action.incidentId in state.flashes)) return state;
      const { [action.incidentId]: _done, ...flashes } = state.flashes;
      return { ...state, flashes };
    }
  }
}

/** The rows to show, in queue order. Incidents that changed so they no longer match the filters drop out. */
export function selectVisible(state: QueueState): IncidentSummary[] {
  const rows: IncidentSummary[] = [];
  for (const id of Object.keys(state.viewIds)) {
    const incident = state.known[id];
    if (incident && matchesFilters(incident, state.filters)) rows.push(incident);
  }
  return rows.sort(compareIncidents);
}
