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
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ except: [], events: [event(2, 'b', 1), event(3, 'a', 2), event(4, 'b', 1)] }]);
  });

  it('sends an event after a quiet window at once, and at most one batch per window in a stream', () => {
    vi.useFakeTimers();
    const sent: number[][] = [];
    const batcher = new EventBatcher((_, payload) => sent.push(payload.events.map((e) => (e as { eventId: number }).eventId)), 50);
    batcher.add('incident.updated', event(1, 'a', 2), [ROOMS.allIncidents], []);
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([[1]]);
    // 10 ms later: waits for the window that began with the last batch.
    vi.advanceTimersByTime(10);
    batcher.add('incident.updated', event(2, 'b', 2), [ROOMS.allIncidents], []);
    vi.advanceTimersByTime(30);
    batcher.add('incident.updated', event(3, 'c', 2), [ROOMS.allIncidents], []);
    vi.advanceTimersByTime(9);
    expect(sent).toEqual([[1]]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[1], [2, 3]]);
    // Quiet for a window: the next one goes at once again.
    vi.advanceTimersByTime(60);
    batcher.add('incident.updated', event(4, 'a', 3), [ROOMS.allIncidents], []);
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([[1], [2, 3], [4]]);
    batcher.close();
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
