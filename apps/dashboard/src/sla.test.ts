import { describe, expect, it } from 'vitest';
import { newIncident, newLiveEvent } from './test-factories.ts';
import { addSlaAlert, escalationLabel, formatClockTime, missedDeadline, slaAlertFromEvent, slaAlertMessage, slaMissedMark } from './sla.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);
const es = (key: MessageKey, vars?: Vars) => translate('es', key, vars);

const breachedAck = (level = 1) =>
  newIncident({
    title: 'Mesa 14 trasladada',
    sla: {
      acknowledgeBy: '2026-05-01T14:05:00.000Z',
      rebuttalBy: '2026-05-01T16:00:00.000Z',
      acknowledgeBreachedAt: '2026-05-01T14:05:01.000Z',
      rebuttalBreachedAt: null,
      escalationLevel: level,
    },
  });

describe('missedDeadline', () => {
  it('names the acknowledgement, or the rebuttal once that was missed too', () => {
    expect(missedDeadline(breachedAck())).toEqual({ clock: 'acknowledgement', dueAt: '2026-05-01T14:05:00.000Z' });
    const both = breachedAck();
    both.sla.rebuttalBreachedAt = '2026-05-01T16:00:02.000Z';
    expect(missedDeadline(both)).toEqual({ clock: 'rebuttal', dueAt: '2026-05-01T16:00:00.000Z' });
    expect(missedDeadline(newIncident())).toBeNull();
  });
});

describe('slaMissedMark', () => {
  it('marks a row the API marked, or one a breach event named, with its escalation in words', () => {
    expect(slaMissedMark(en, newIncident(), false)).toBeNull();
    expect(slaMissedMark(en, newIncident(), true)).toEqual({ text: 'SLA missed', escalation: null });
    expect(slaMissedMark(en, breachedAck(1), false)).toEqual({ text: 'SLA missed', escalation: 'escalated to desk approvers' });
    expect(slaMissedMark(en, breachedAck(2), false)).toEqual({ text: 'SLA missed', escalation: 'escalated to lead' });
    expect(slaMissedMark(es, breachedAck(2), false)).toEqual({ text: 'SLA incumplido', escalation: 'escalado a la coordinación' });
  });

  it('says nothing of escalation before there is one', () => {
    expect(escalationLabel(en, 0)).toBeNull();
  });
});

describe('slaAlertFromEvent', () => {
  it('says which deadline of which incident was missed, and when it was due', () => {
    const alert = slaAlertFromEvent(newLiveEvent(breachedAck(2), { type: 'sla.breached' }))!;
    expect(slaAlertMessage(en, alert, 'UTC')).toBe("SLA missed: acknowledgement of 'Mesa 14 trasladada' was due at 14:05");
    expect(escalationLabel(en, alert.escalationLevel)).toBe('escalated to lead');
    expect(slaAlertMessage(es, alert, 'UTC')).toBe('SLA incumplido: el acuse de recibo de «Mesa 14 trasladada» vencía a las 14:05');
    expect(escalationLabel(es, alert.escalationLevel)).toBe('escalado a la coordinación');
  });

  it('shows due times in the given time zone, 24-hour', () => {
    expect(formatClockTime('2026-05-01T14:05:00.000Z', 'America/La_Paz')).toBe('10:05');
  });

  it('raises nothing for other events', () => {
    expect(slaAlertFromEvent(newLiveEvent(breachedAck(), { type: 'incident.updated' }))).toBeNull();
  });

  it('falls back to the running clock when the payload marks no breach', () => {
    const alert = slaAlertFromEvent(newLiveEvent(newIncident({ title: 'X' }), { type: 'sla.breached' }))!;
    expect(slaAlertMessage(en, alert, 'UTC')).toBe("SLA missed: acknowledgement of 'X' was due at 10:15");
  });
});

describe('addSlaAlert', () => {
  const first = slaAlertFromEvent(newLiveEvent(breachedAck(1), { type: 'sla.breached' }))!;

  it('does not repeat an alert shown or dismissed, e.g. after a replay', () => {
    const shown = addSlaAlert([], first, new Set());
    expect(addSlaAlert(shown, first, new Set())).toBe(shown);
    expect(addSlaAlert([], first, new Set([first.key]))).toEqual([]);
  });

  it('replaces an incident alert when it escalates further, even after dismissal', () => {
    const escalated = { ...first, key: first.key.replace(/:1$/, ':2'), escalationLevel: 2 };
    expect(addSlaAlert([first], escalated, new Set())).toEqual([escalated]);
    expect(addSlaAlert([], escalated, new Set([first.key]))).toEqual([escalated]);
  });
});
