import type { IncidentSummary, LiveEvent } from '@sitroom/core';

let sequence = 0;

/** An open, triaged P3 incident; each call gets a new id. For unit tests. */
export function newIncident(overrides: Partial<IncidentSummary> = {}): IncidentSummary {
  sequence += 1;
  const id = `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  return {
    id,
    version: 1,
    title: `Claim ${sequence}`,
    status: 'triaged',
    priority: 'P3',
    severity: 40,
    category: 'voting_process',
    region: 'LPZ',
    language: 'es',
    platform: 'whatsapp',
    tlp: 'amber',
    deskId: null,
    deskName: null,
    assigneeId: null,
    reportCount: 1,
    organisationCount: 1,
    firstReportedAt: '2026-05-01T10:00:00.000Z',
    lastReportedAt: '2026-05-01T10:00:00.000Z',
    triagedAt: '2026-05-01T10:00:05.000Z',
    updatedAt: '2026-05-01T10:00:05.000Z',
    acknowledgedAt: null,
    rebuttedAt: null,
    sla: {
      acknowledgeBy: '2026-05-01T10:15:05.000Z',
      rebuttalBy: '2026-05-01T12:00:05.000Z',
      acknowledgeBreachedAt: null,
      rebuttalBreachedAt: null,
      escalationLevel: 0,
    },
    ...overrides,
  };
}

let eventSequence = 1000;

/** A live event carrying `incident`; each call gets the next event id. */
export function newLiveEvent(incident: IncidentSummary, overrides: Partial<LiveEvent> = {}): LiveEvent {
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
