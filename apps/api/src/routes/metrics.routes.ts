import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MetricsQuery, RESTRICTED_TEXT, ResponseTimes, ValidationError, localDate, reportAccess, toCsv } from '@sitroom/core';
import { backlog, electionTimeline, memberScorecards, metricsTimezone, responseTimes } from '@sitroom/db';
import { requirePermission } from '../plugins/auth.plugin.ts';
import { viewerOf } from '../services/actor.ts';

const wantsCsv = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/csv');

function sendCsv(reply: FastifyReply, name: string, header: string[], rows: unknown[][]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(header, rows));
}

function window(from?: string, to?: string) {
  const f = from ? new Date(from) : null;
  const t = to ? new Date(to) : null;
  if (f && t && f >= t) throw new ValidationError('The window is empty.', [{ path: 'to', message: 'must be after from' }]);
  return { from: f, to: t };
}

/** Coalition leads' analytics: response times, member scorecards, backlog and the election-day timeline. */
export const metricsRoutes: FastifyPluginAsyncZod = async (app) => {
  const guard = { onRequest: requirePermission('metrics.read') };

  app.get('/metrics/response-times', {
    ...guard,
    schema: {
      tags: ['metrics'],
      summary: 'Time to triage, acknowledge and rebuttal (count, median, p90 in seconds) and SLA compliance, per group. JSON, or CSV with Accept: text/csv',
      querystring: MetricsQuery,
      response: { 200: ResponseTimes },
    },
  }, async (request, reply) => {
    const q = request.query;
    const { from, to } = window(q.from, q.to);
    const timezone = await metricsTimezone(app.db, q.election);
    const rows = await responseTimes(app.db, { groupBy: q.groupBy, timezone, from, to, electionId: q.election, deskId: q.desk, category: q.category });
    if (wantsCsv(request)) {
      return sendCsv(reply, `response-times-by-${q.groupBy}`, [
        q.groupBy, 'label', 'incidents', 'reports',
        'triage_median_s', 'triage_p90_s',
        'acknowledged', 'acknowledge_pending', 'acknowledge_median_s', 'acknowledge_p90_s',
        'rebutted', 'rebuttal_pending', 'rebuttal_median_s', 'rebuttal_p90_s',
        'sla_acknowledge_compliance', 'sla_rebuttal_compliance', 'referrals',
      ], rows.map((r) => [
        r.group, r.label, r.incidents, r.reports,
        r.timeToTriage.median, r.timeToTriage.p90,
        r.timeToAcknowledge.met, r.timeToAcknowledge.pending, r.timeToAcknowledge.median, r.timeToAcknowledge.p90,
        r.timeToRebuttal.met, r.timeToRebuttal.pending, r.timeToRebuttal.median, r.timeToRebuttal.p90,
        r.slaAcknowledgeCompliance, r.slaRebuttalCompliance, r.referrals,
      ]));
    }
    return { groupBy: q.groupBy, timezone, from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, rows };
  });

  app.get('/metrics/scorecards', {
    ...guard,
    schema: {
      tags: ['metrics'],
      summary: 'Member organisation scorecards. JSON, or CSV with Accept: text/csv',
      querystring: z.strictObject({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }),
      response: {
        200: z.object({
          items: z.array(z.object({
            organisationId: z.string(), organisation: z.string(), kind: z.string(), reportsFiled: z.number(),
            shareBecameIncidents: z.number().nullable(), shareFirstToReport: z.number().nullable(), shareLedToRebuttal: z.number().nullable(),
            shareDismissed: z.number().nullable(), medianLeadSeconds: z.number().nullable(),
          })),
        }),
      },
    },
  }, async (request, reply) => {
    const items = await memberScorecards(app.db, window(request.query.from, request.query.to));
    if (wantsCsv(request)) {
      return sendCsv(reply, 'member-scorecards',
        ['organisation', 'kind', 'reports_filed', 'share_became_incidents', 'share_first_to_report', 'share_led_to_rebuttal', 'share_dismissed', 'median_lead_s'],
        items.map((s) => [s.organisation, s.kind, s.reportsFiled, s.shareBecameIncidents, s.shareFirstToReport, s.shareLedToRebuttal, s.shareDismissed, s.medianLeadSeconds]));
    }
    return { items };
  });

  app.get('/metrics/backlog', {
    ...guard,
    schema: {
      tags: ['metrics'],
      summary: 'Open incidents by age bucket and desk; the oldest unacknowledged P1s',
      response: {
        200: z.object({
          buckets: z.array(z.object({ desk: z.string(), bucket: z.string(), count: z.number() })),
          oldestP1: z.array(z.object({ id: z.string(), title: z.string(), deskName: z.string().nullable(), triagedAt: z.string().nullable(), acknowledgeBy: z.string().nullable() })),
        }),
      },
    },
  }, async (request) => {
    const viewer = viewerOf(request);
    const b = await backlog(app.db);
    return {
      buckets: b.buckets,
      oldestP1: b.oldestP1.map((i) => ({
        id: i.id,
        title: i.tlp === 'red' && i.titleOrganisationId && reportAccess(viewer, { organisationId: i.titleOrganisationId, tlp: 'red' }, null) !== 'full' ? RESTRICTED_TEXT : i.title,
        deskName: i.deskName, triagedAt: i.triagedAt?.toISOString() ?? null, acknowledgeBy: i.slaAckDueAt?.toISOString() ?? null,
      })),
    };
  });

  app.get('/metrics/timeline', {
    ...guard,
    schema: {
      tags: ['metrics'],
      summary: 'Reports, incidents and rebuttals per 15 minutes over one day in the election’s time zone',
      querystring: z.strictObject({ day: z.iso.date().optional(), election: z.uuid().optional() }),
      response: { 200: z.object({ day: z.string(), timezone: z.string(), slots: z.array(z.object({ at: z.string(), reports: z.number(), incidents: z.number(), rebuttals: z.number() })) }) },
    },
  }, async (request) => {
    const timezone = await metricsTimezone(app.db, request.query.election);
    const day = request.query.day ?? localDate(new Date(), timezone);
    const { from, to } = dayBounds(day, timezone);
    return { day, timezone, slots: await electionTimeline(app.db, { from, to, timezone }) };
  });
};

/** The instants a calendar day starts and ends in a time zone (DST-safe: found by probing offsets). */
export function dayBounds(day: string, timeZone: string): { from: Date; to: Date } {
  const startOf = (d: string) => {
    const utcMidnight = Date.parse(`${d}T00:00:00Z`);
    // Offset of the zone at that moment: local wall time minus UTC.
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(utcMidnight));
    const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return new Date(utcMidnight - (wall - utcMidnight));
  };
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: startOf(day), to: startOf(next) };
}
