import { describe, expect, it } from 'vitest';
import type { IncidentList, IncidentSummary, LiveEvent } from '@sitroom/core';
import { newIncident } from './test-factories.ts';
import {
  DEFAULT_FILTERS,
  compareIncidents,
  defaultFiltersFor,
  sameFilters,
  filtersToQuery,
  initialQueueState,
  queueReducer,
  selectVisible,
  type QueueState,
} from './queue-state.ts';

let eventSequence = 100;

function newEvent(incident: IncidentSummary, overrides: Partial<LiveEvent> = {}): LiveEvent {
  eventSequence += 1;
  return {
    eventId: eventSequence,
    type: 'incident.updated',
    incidentId: incident.id,
    version: incident.version,
    at: incident.updatedAt,
    incident,
    reportId: null,
    ...overrides,
  };
}

function loaded(items: IncidentSummary[], nextCursor: string | null = null, state = initialQueueState()): QueueState {
  const list: IncidentList = { items, nextCursor };
  return queueReducer(state, { type: 'pageLoaded', list, append: false });
}

const ids = (state: QueueState) => selectVisible(state).map((incident) => incident.id);

describe('compareIncidents', () => {
  it('orders by priority, then severity descending, then most recent report first', () => {
    const p2 = newIncident({ priority: 'P2', severity: 60 });
    const p1Low = newIncident({ priority: 'P1', severity: 71 });
    const p1High = newIncident({ priority: 'P1', severity: 90 });
    const p1HighNewer = newIncident({ priority: 'P1', severity: 90, lastReportedAt: '2026-05-01T11:00:00.000Z' });
    const p4 = newIncident({ priority: 'P4', severity: 99 });
    const sorted = [p4, p2, p1Low, p1High, p1HighNewer].sort(compareIncidents);
    expect(sorted.map((incident) => incident.id)).toEqual([p1HighNewer.id, p1High.id, p1Low.id, p2.id, p4.id]);
  });
});

describe('queueReducer', () => {
  it('inserts a new incident from a live event in queue order and highlights it', () => {
    const existing = newIncident({ priority: 'P2', severity: 55 });
    const urgent = newIncident({ priority: 'P1', severity: 80 });
    const state = queueReducer(loaded([existing]), { type: 'event', event: newEvent(urgent, { type: 'incident.created' }) });
    expect(ids(state)).toEqual([urgent.id, existing.id]);
    expect(state.flashes[urgent.id]).toBe(1);
    expect(state.lastEventId).toBe(eventSequence);
  });

  it('applies an update only when its version is newer than the one held', () => {
    const incident = newIncident({ version: 3, reportCount: 1 });
    let state = loaded([incident]);
    const stale = newEvent({ ...incident, version: 2, reportCount: 9 });
    state = queueReducer(state, { type: 'event', event: stale });
    expect(state.known[incident.id]?.reportCount).toBe(1);
    expect(state.lastEventId).toBe(stale.eventId);

    const fresh = newEvent({ ...incident, version: 4, reportCount: 2, organisationCount: 2 });
    state = queueReducer(state, { type: 'event', event: fresh });
    expect(state.known[incident.id]).toMatchObject({ version: 4, reportCount: 2, organisationCount: 2 });

    // The same event again (a replay after reconnecting) changes nothing.
    const again = queueReducer(state, { type: 'event', event: fresh });
    expect(again).toBe(state);
  });

  it('re-sorts when an update changes priority', () => {
    const first = newIncident({ priority: 'P2', severity: 60 });
    const second = newIncident({ priority: 'P3', severity: 45 });
    let state = loaded([first, second]);
    expect(ids(state)).toEqual([first.id, second.id]);
    state = queueReducer(state, {
      type: 'event',
      event: newEvent({ ...second, version: 2, priority: 'P1', severity: 75 }),
    });
    expect(ids(state)).toEqual([second.id, first.id]);
  });

  it('drops an incident that no longer matches the filters, and ignores closed arrivals in the open view', () => {
    const incident = newIncident();
    let state = loaded([incident]);
    state = queueReducer(state, { type: 'event', event: newEvent({ ...incident, version: 2, status: 'closed' }) });
    expect(ids(state)).toEqual([]);

    const dismissed = newIncident({ status: 'dismissed' });
    state = queueReducer(state, { type: 'event', event: newEvent(dismissed, { type: 'incident.created' }) });
    expect(ids(state)).toEqual([]);
  });

  it('keeps the newer copy when a page arrives after a live event', () => {
    const incident = newIncident({ version: 1 });
    let state = loaded([]);
    state = queueReducer(state, { type: 'event', event: newEvent({ ...incident, version: 2, reportCount: 2 }) });
    state = loaded([incident], null, state);
    expect(selectVisible(state)).toEqual([expect.objectContaining({ id: incident.id, version: 2, reportCount: 2 })]);
  });

  it('leaves arrivals that sort after the loaded page for "Load more"', () => {
    const top = newIncident({ priority: 'P1', severity: 90 });
    const boundary = newIncident({ priority: 'P2', severity: 50 });
    let state = loaded([top, boundary], 'cursor-1');
    const low = newIncident({ priority: 'P4', severity: 5 });
    state = queueReducer(state, { type: 'event', event: newEvent(low, { type: 'incident.created' }) });
    expect(ids(state)).toEqual([top.id, boundary.id]);

    state = queueReducer(state, { type: 'pageLoaded', list: { items: [low], nextCursor: null }, append: true });
    expect(ids(state)).toEqual([top.id, boundary.id, low.id]);
  });

  it('does not add live arrivals to a view whose first page has not loaded yet', () => {
    const incident = newIncident();
    const state = queueReducer(initialQueueState(), { type: 'event', event: newEvent(incident) });
    expect(ids(state)).toEqual([]);
    expect(state.known[incident.id]).toBeDefined();
  });

  it('marks a breached SLA even when the event carries no newer version', () => {
    const incident = newIncident({ version: 2 });
    const state = queueReducer(loaded([incident]), {
      type: 'event',
      event: newEvent(incident, { type: 'sla.breached' }),
    });
    expect(state.breached[incident.id]).toBe(true);
  });

  it('clears the view, but not what it knows, when the filters change', () => {
    const incident = newIncident();
    const state = queueReducer(loaded([incident]), {
      type: 'filtersChanged',
      filters: { ...DEFAULT_FILTERS, priority: 'P1' },
    });
    expect(state.loaded).toBe(false);
    expect(ids(state)).toEqual([]);
    expect(state.known[incident.id]).toBeDefined();
  });

  it('tracks the highest event id from ready', () => {
    const state = queueReducer(initialQueueState(), { type: 'ready', latestEventId: 42 });
    expect(state.lastEventId).toBe(42);
    expect(queueReducer(state, { type: 'ready', latestEventId: 7 }).lastEventId).toBe(42);
  });
});

describe('filtersToQuery', () => {
  it('asks for open incidents by default, sorted by priority', () => {
    expect(filtersToQuery(DEFAULT_FILTERS).toString()).toBe('limit=50&sort=priority&open=true');
  });

  it('sends the chosen filters and the cursor', () => {
    const query = filtersToQuery({ status: 'acknowledged', priority: 'P1', category: 'results', desk: '', q: ' ballot ' }, 'abc');
    expect(Object.fromEntries(query)).toEqual({
      limit: '50',
      sort: 'priority',
      status: 'acknowledged',
      priority: 'P1',
      category: 'results',
      q: 'ballot',
      cursor: 'abc',
    });
  });
});

describe('desk filter', () => {
  const deskA = '11111111-1111-4111-8111-111111111111';
  const deskB = '22222222-2222-4222-8222-222222222222';

  it('starts responders and approvers on their desk, everyone else on every desk', () => {
    expect(defaultFiltersFor({ roles: ['responder'], deskId: deskA }).desk).toBe(deskA);
    expect(defaultFiltersFor({ roles: ['approver', 'lead'], deskId: deskA }).desk).toBe(deskA);
    expect(defaultFiltersFor({ roles: ['responder'], deskId: null }).desk).toBe('');
    expect(defaultFiltersFor({ roles: ['admin'], deskId: deskA }).desk).toBe('');
    expect(defaultFiltersFor({ roles: ['lead'], deskId: null })).toEqual(DEFAULT_FILTERS);
  });

  it('asks the API for one desk', () => {
    expect(filtersToQuery({ ...DEFAULT_FILTERS, desk: deskA }).get('desk')).toBe(deskA);
    expect(filtersToQuery(DEFAULT_FILTERS).has('desk')).toBe(false);
  });

  it('keeps live arrivals of other desks, and unrouted ones, out of a desk view', () => {
    const filters = { ...DEFAULT_FILTERS, desk: deskA };
    let state = loaded([], null, initialQueueState(filters));
    const mine = newIncident({ deskId: deskA, deskName: 'A' });
    const theirs = newIncident({ deskId: deskB, deskName: 'B' });
    const unrouted = newIncident({ deskId: null });
    for (const incident of [mine, theirs, unrouted]) state = queueReducer(state, { type: 'event', event: newEvent(incident, { type: 'incident.created' }) });
    expect(selectVisible(state).map((row) => row.id)).toEqual([mine.id]);
  });

  it('drops an incident re-routed to another desk', () => {
    const filters = { ...DEFAULT_FILTERS, desk: deskA };
    const incident = newIncident({ deskId: deskA });
    let state = loaded([incident], null, initialQueueState(filters));
    state = queueReducer(state, { type: 'event', event: newEvent({ ...incident, version: 2, deskId: deskB }) });
    expect(selectVisible(state)).toEqual([]);
  });

  it('applies every filter to arrivals together: status, priority, category and desk', () => {
    const filters = { ...DEFAULT_FILTERS, desk: deskA, priority: 'P1' as const, category: 'results' as const };
    let state = loaded([], null, initialQueueState(filters));
    const fits = newIncident({ deskId: deskA, priority: 'P1', category: 'results' });
    const misfits = [
      newIncident({ deskId: deskA, priority: 'P2', category: 'results' }),
      newIncident({ deskId: deskA, priority: 'P1', category: 'voting_process' }),
      newIncident({ deskId: deskA, priority: 'P1', category: 'results', status: 'closed' }),
      newIncident({ deskId: deskB, priority: 'P1', category: 'results' }),
    ];
    for (const incident of [fits, ...misfits]) state = queueReducer(state, { type: 'event', event: newEvent(incident, { type: 'incident.created' }) });
    expect(selectVisible(state).map((row) => row.id)).toEqual([fits.id]);
  });

  it('compares filters as the user sees them', () => {
    expect(sameFilters(DEFAULT_FILTERS, { ...DEFAULT_FILTERS, q: '  ' })).toBe(true);
    expect(sameFilters(DEFAULT_FILTERS, { ...DEFAULT_FILTERS, desk: deskA })).toBe(false);
  });
});

describe('incidentChanged', () => {
  it('takes the API answer to our own change when it is newer, and keeps the row', () => {
    const incident = newIncident();
    let state = loaded([incident]);
    state = queueReducer(state, { type: 'incidentChanged', incident: { ...incident, version: 2, status: 'acknowledged' } });
    expect(state.known[incident.id]?.status).toBe('acknowledged');
    const after = queueReducer(state, { type: 'incidentChanged', incident: { ...incident, version: 1, status: 'triaged' } });
    expect(after).toBe(state);
  });
});
