import { describe, expect, it } from 'vitest';
import { categoryLabel, currentSlaClock, formatAge, formatDuration, humanize, platformLabel, safeHref } from './format.ts';
import { newIncident } from './test-factories.ts';

describe('formatAge', () => {
  const now = Date.parse('2026-05-01T12:00:00.000Z');

  it.each([
    ['2026-05-01T11:59:30.000Z', 'just now'],
    ['2026-05-01T11:57:00.000Z', '3 min ago'],
    ['2026-05-01T10:00:00.000Z', '2 h ago'],
    ['2026-04-27T12:00:00.000Z', '4 d ago'],
    ['2026-05-01T12:00:30.000Z', 'just now'],
  ])('%s is %s', (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected);
  });

  it('shows a dash for an unreadable date', () => {
    expect(formatAge('not a date', now)).toBe('—');
  });
});

describe('formatDuration', () => {
  it.each([
    [20_000, 'under 1 min'],
    [12 * 60_000, '12 min'],
    [125 * 60_000, '2 h 5 min'],
    [-3 * 60 * 60_000, '3 h'],
    [(26 * 60 + 10) * 60_000, '1 d 2 h'],
  ])('%d ms is %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('currentSlaClock', () => {
  const sla = {
    acknowledgeBy: '2026-05-01T10:15:00.000Z',
    rebuttalBy: '2026-05-01T12:00:00.000Z',
    acknowledgeBreachedAt: null,
    rebuttalBreachedAt: null,
    escalationLevel: 0,
  };

  it('runs the acknowledgement clock until someone acknowledges', () => {
    const clock = currentSlaClock(newIncident({ sla }), Date.parse('2026-05-01T10:03:00.000Z'));
    expect(clock).toMatchObject({ clock: 'acknowledge', breached: false, tone: 'ok', text: 'Ack due in 12 min' });
    const soon = currentSlaClock(newIncident({ sla }), Date.parse('2026-05-01T10:12:00.000Z'));
    expect(soon?.tone).toBe('soon');
  });

  it('says a missed deadline is overdue, in words and tone', () => {
    const clock = currentSlaClock(newIncident({ sla }), Date.parse('2026-05-01T10:20:00.000Z'));
    expect(clock).toMatchObject({ breached: true, tone: 'breached', text: 'Ack overdue 5 min' });
  });

  it('moves on to the rebuttal clock once acknowledged, and stops for closed incidents', () => {
    const acknowledged = newIncident({ sla, status: 'acknowledged', acknowledgedAt: '2026-05-01T10:05:00.000Z' });
    expect(currentSlaClock(acknowledged, Date.parse('2026-05-01T10:30:00.000Z'))).toMatchObject({
      clock: 'rebuttal',
      text: 'Rebuttal due in 1 h 30 min',
    });
    expect(currentSlaClock(newIncident({ sla, status: 'closed' }), Date.parse('2026-05-01T10:30:00.000Z'))).toBeNull();
  });
});

describe('labels', () => {
  it('humanizes vocabulary values', () => {
    expect(humanize('voter_registration')).toBe('Voter registration');
    expect(categoryLabel('emb_integrity')).toBe('EMB integrity');
    expect(platformLabel('tiktok')).toBe('TikTok');
  });
});

describe('safeHref', () => {
  it('links only absolute http and https URLs', () => {
    expect(safeHref('https://www.facebook.com/groups/x/posts/1')).toBe('https://www.facebook.com/groups/x/posts/1');
    expect(safeHref('facebook.com/story/123')).toBeNull();
    expect(safeHref('javascript:alert(1)')).toBeNull();
  });
});
