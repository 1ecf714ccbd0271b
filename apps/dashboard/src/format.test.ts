import { describe, expect, it } from 'vitest';
import { categoryLabel, currentSlaClock, formatAge, formatDuration, humanize, platformLabel, priorityDescription, safeHref, statusLabel } from './format.ts';
import { newIncident } from './test-factories.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);
const es = (key: MessageKey, vars?: Vars) => translate('es', key, vars);

describe('formatAge', () => {
  const now = Date.parse('2026-05-01T12:00:00.000Z');

  it.each([
    ['2026-05-01T11:59:30.000Z', 'just now'],
    ['2026-05-01T11:57:00.000Z', '3 min ago'],
    ['2026-05-01T10:00:00.000Z', '2 h ago'],
    ['2026-04-27T12:00:00.000Z', '4 d ago'],
    ['2026-05-01T12:00:30.000Z', 'just now'],
  ])('%s is %s', (iso, expected) => {
    expect(formatAge(en, iso, now)).toBe(expected);
  });

  it('shows a dash for an unreadable date', () => {
    expect(formatAge(en, 'not a date', now)).toBe('—');
  });

  it('speaks Spanish when given the Spanish translator', () => {
    expect(formatAge(es, '2026-05-01T11:57:00.000Z', now)).toBe('hace 3 min');
    expect(formatAge(es, '2026-05-01T11:59:30.000Z', now)).toBe('ahora mismo');
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
    expect(formatDuration(en, ms)).toBe(expected);
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
    const clock = currentSlaClock(en, newIncident({ sla }), Date.parse('2026-05-01T10:03:00.000Z'));
    expect(clock).toMatchObject({ clock: 'acknowledge', breached: false, tone: 'ok', text: 'Ack due in 12 min' });
    const soon = currentSlaClock(en, newIncident({ sla }), Date.parse('2026-05-01T10:12:00.000Z'));
    expect(soon?.tone).toBe('soon');
  });

  it('says a missed deadline is overdue, in words and tone', () => {
    const clock = currentSlaClock(en, newIncident({ sla }), Date.parse('2026-05-01T10:20:00.000Z'));
    expect(clock).toMatchObject({ breached: true, tone: 'breached', text: 'Ack overdue 5 min' });
  });

  it('moves on to the rebuttal clock once acknowledged, and stops for closed incidents', () => {
    const acknowledged = newIncident({ sla, status: 'acknowledged', acknowledgedAt: '2026-05-01T10:05:00.000Z' });
    expect(currentSlaClock(en, acknowledged, Date.parse('2026-05-01T10:30:00.000Z'))).toMatchObject({
      clock: 'rebuttal',
      text: 'Rebuttal due in 1 h 30 min',
    });
    expect(currentSlaClock(en, newIncident({ sla, status: 'closed' }), Date.parse('2026-05-01T10:30:00.000Z'))).toBeNull();
  });

  it('says the clocks in Spanish', () => {
    expect(currentSlaClock(es, newIncident({ sla }), Date.parse('2026-05-01T10:03:00.000Z'))?.text).toBe('Acuse de recibo vence en 12 min');
    expect(currentSlaClock(es, newIncident({ sla }), Date.parse('2026-05-01T10:20:00.000Z'))?.text).toBe('Acuse de recibo vencido hace 5 min');
    expect(formatDuration(es, 20_000)).toBe('menos de 1 min');
  });
});

describe('labels', () => {
  it('humanizes vocabulary values', () => {
    expect(humanize('voter_registration')).toBe('Voter registration');
    expect(categoryLabel(en, 'emb_integrity')).toBe('Integrity of the electoral body');
    expect(platformLabel(en, 'tiktok')).toBe('TikTok');
  });

  it('labels statuses, priorities and categories in the chosen language', () => {
    expect(statusLabel(en, 'rebutted')).toBe('Rebutted');
    expect(statusLabel(es, 'rebutted')).toBe('Desmentido');
    expect(statusLabel(es, 'acknowledged')).toBe('Recibo acusado');
    expect(priorityDescription(en, 'P1')).toBe('Priority 1, critical');
    expect(priorityDescription(es, 'P1')).toBe('Prioridad 1, crítica');
    expect(categoryLabel(es, 'results')).toBe('Resultados');
    expect(platformLabel(es, 'print')).toBe('Prensa escrita');
  });
});

describe('safeHref', () => {
  it('links only absolute http and https URLs', () => {
    expect(safeHref('https://www.facebook.com/groups/x/posts/1')).toBe('https://www.facebook.com/groups/x/posts/1');
    expect(safeHref('facebook.com/story/123')).toBeNull();
    expect(safeHref('javascript:alert(1)')).toBeNull();
  });
});
