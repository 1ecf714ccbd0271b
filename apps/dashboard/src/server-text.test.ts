import { describe, expect, it } from 'vitest';
import { notificationMessage, routeReason, ruleWhy, scoreFactorDetail, scoreFactorLabel, timelineDetail } from './server-text.ts';
import { translate, type MessageKey, type Vars } from './i18n/translate.ts';

const en = (key: MessageKey, vars?: Vars) => translate('en', key, vars);
const es = (key: MessageKey, vars?: Vars) => translate('es', key, vars);
const iso = (value: string) => value;

describe('server wording in the reader\'s language', () => {
  it('keeps English as the server wrote it', () => {
    expect(scoreFactorLabel(en, { factor: 'proximity', label: 'Proximity to polling day' })).toBe('Proximity to polling day');
    expect(scoreFactorDetail(en, 'en', { factor: 'reach', detail: 'about 1,200 views or shares' })).toBe('about 1,200 views or shares');
    expect(scoreFactorDetail(en, 'en', { factor: 'corroboration', detail: '1 organisation, 2 reports' })).toBe('1 organisation, 2 reports');
    expect(routeReason(en, 'no rule matched: default desk')).toBe('no rule matched: default desk');
    expect(routeReason(en, 'rule "Results": matches category results')).toBe('rule "Results": matches category results');
  });

  it('says the score breakdown, routing and timeline in Spanish', () => {
    expect(scoreFactorLabel(es, { factor: 'velocity', label: 'Velocity' })).toBe('Velocidad');
    expect(scoreFactorDetail(es, 'es', { factor: 'reach', detail: 'about 1,200 views or shares' })).toBe('unas 1200 visualizaciones o veces compartido');
    expect(scoreFactorDetail(es, 'es', { factor: 'velocity', detail: '2 reports in the last hour' })).toBe('2 reportes en la última hora');
    expect(scoreFactorDetail(es, 'es', { factor: 'category', detail: 'voting process' })).toBe('Proceso de votación (dónde, cuándo, cómo)');
    expect(scoreFactorDetail(es, 'es', { factor: 'harm_language', detail: 'matched: "matar" (violence)' })).toBe('coincidencias: "matar" (violencia)');
    expect(scoreFactorDetail(es, 'es', { factor: 'future_factor', detail: 'something new' })).toBe('something new');
    expect(routeReason(es, 'no rule matched: default desk')).toBe('ninguna regla coincidió: equipo por defecto');
    expect(ruleWhy(es, 'category voting_process is not one of results')).toBe('categoría voting_process no es ninguno de estos: results');
    expect(timelineDetail(es, 'Created from a report, P2 (severity 52)', iso)).toBe('Creado a partir de un reporte, P2 (gravedad 52)');
    expect(timelineDetail(es, 'Routed to General desk: no rule matched: default desk', iso)).toBe(
      'Asignado a General desk: ninguna regla coincidió: equipo por defecto',
    );
    expect(timelineDetail(es, 'DISARM tags removed', iso)).toBe('Etiquetas DISARM quitadas');
    expect(timelineDetail(es, 'DISARM: T0023.001, TA06', iso)).toBe('DISARM: T0023.001, TA06');
  });

  it('says notification messages in Spanish', () => {
    expect(notificationMessage(es, 'SLA missed: acknowledge deadline for "Mesa 14"')).toBe('SLA incumplido: plazo de acuse de recibo de «Mesa 14»');
    expect(notificationMessage(es, 'The electoral body answered a claim you reported: missing context')).toBe(
      'El órgano electoral respondió a una afirmación que usted reportó: Falta contexto',
    );
  });
});
