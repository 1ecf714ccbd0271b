import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROOMS } from '@sitroom/core';
import { EventBatcher } from './event-batcher.ts';

const event = (eventId: number, incidentId: string, version: number) => ({ eventId, incidentId, version });

describe('EventBatcher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends one batch per window with the latest version of each incident, oldest event first', () => {
    vi.useFakeTimers();
    const sent: { except: string[]; events: unknown[] }[] = [];
    const batcher = new EventBatcher((except, payload) => sent.push({ except, events: payload.events }), 50);
    batcher.add('incident.created', event(1, 'a', 1), [ROOMS.allIncidents], []);
    batcher.add('incident.created', event(2, 'b', 1), [ROOMS.allIncidents], []);
    batcher.add('incident.updated', event(3, 'a', 2), [ROOMS.allIncidents], []);
    batcher.add('sla.breached', event(4, 'b', 1), [ROOMS.allIncidents], []);
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(50);
    expect(sent).toEqual([{ except: [], events: [event(2, 'b', 1), event(3, 'a', 2), event(4, 'b', 1)] }]);
  });

  it('keeps audiences apart, skips sockets that had the event singly, and ignores other rooms', () => {
    vi.useFakeTimers();
    const sent: { except: string[]; events: unknown[] }[] = [];
    const batcher = new EventBatcher((except, payload) => sent.push({ except, events: payload.events }), 50);
    batcher.add('incident.updated', event(1, 'a', 2), [ROOMS.allIncidents], [ROOMS.admins, 'org:x']);
    batcher.add('incident.updated', event(2, 'b', 2), [ROOMS.allIncidents, 'desk:d'], []);
    batcher.add('incident.updated', event(3, 'c', 2), [ROOMS.admins], []);
    batcher.flush();
    expect(sent).toEqual([
      { except: ['org:x', ROOMS.admins], events: [event(1, 'a', 2)] },
      { except: ['desk:d'], events: [event(2, 'b', 2)] },
    ]);
  });
});
