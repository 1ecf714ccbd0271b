import { sql, type RawBuilder } from 'kysely';
import type { DurationStats, GroupBy, ResponseTimeRow } from '@sitroom/core';
import type { DbOrTrx } from './connection.ts';

export interface MetricsFilter {
  groupBy: GroupBy;
  timezone: string;
  from: Date | null;
  to: Date | null;
  electionId?: string;
  deskId?: string;
  category?: string;
}

/** A group's key and label over incidents `i`, and a join the key needs (none but for DISARM tags). */
function groupExpr(groupBy: GroupBy, timezone: string): { key: RawBuilder<string>; label: RawBuilder<string>; join?: RawBuilder<unknown> } {
  switch (groupBy) {
    case 'category':
      return { key: sql`i.category`, label: sql`i.category` };
    case 'priority':
      return { key: sql`i.priority`, label: sql`i.priority` };
    case 'region':
      return { key: sql`coalesce(i.region, '(none)')`, label: sql`coalesce(rg.name, i.region, '(no region)')` };
    case 'desk':
      return { key: sql`coalesce(i.desk_id::text, '(none)')`, label: sql`coalesce(d.name, '(no desk)')` };
    case 'organisation':
      return { key: sql`coalesce(i.title_organisation_id::text, '(unknown)')`, label: sql`coalesce(o.name, '(unknown)')` };
    case 'day':
      // The calendar day in the election's time zone, not the server's.
      return { key: sql`to_char(i.triaged_at at time zone ${timezone}, 'YYYY-MM-DD')`, label: sql`to_char(i.triaged_at at time zone ${timezone}, 'YYYY-MM-DD')` };
    case 'disarm':
      // An incident counts once in the group of each of its DISARM tags; one without tags in "(untagged)".
      return {
        key: sql`coalesce(dt.disarm_id, '(untagged)')`,
        label: sql`coalesce(dt.disarm_id, '(no DISARM tag)')`,
        join: sql`left join incident_disarm_tags dt on dt.incident_id = i.id`,
      };
  }
}

const OPEN = sql`i.status not in ('dismissed', 'closed')`;
// An unmet clock on an open incident is +Infinity: it sorts after every met time, so a median
// that falls on it is "not yet met" (null), never zero. Stopped clocks (dismissed, closed) are left out.
const ACK_SECONDS = sql`case when i.acknowledged_at is not null then extract(epoch from i.acknowledged_at - i.triaged_at)::float8 when ${OPEN} then 'Infinity'::float8 end`;
const REB_SECONDS = sql`case when i.rebutted_at is not null then extract(epoch from i.rebutted_at - i.triaged_at)::float8 when ${OPEN} then 'Infinity'::float8 end`;

const finite = (v: unknown): number | null => {
  const n = v === null || v === undefined ? null : Number(v);
  return n === null || !Number.isFinite(n) ? null : Math.round(n * 1000) / 1000;
};

/**
 * Response times per group, computed in Postgres with percentile_cont: time to triage (report
 * accepted → triaged), to acknowledge and to rebuttal (incident triaged → acknowledged / first
 * rebuttal published), SLA compliance shares, and referral outcomes. Incidents count in the window
 * by the time they were triaged.
 */
export async function responseTimes(db: DbOrTrx, f: MetricsFilter): Promise<ResponseTimeRow[]> {
  const g = groupExpr(f.groupBy, f.timezone);
  const conditions = [sql`i.triaged_at is not null`];
  if (f.from) conditions.push(sql`i.triaged_at >= ${f.from}`);
  if (f.to) conditions.push(sql`i.triaged_at < ${f.to}`);
  if (f.electionId) conditions.push(sql`i.election_id = ${f.electionId}`);
  if (f.deskId) conditions.push(sql`i.desk_id = ${f.deskId}`);
  if (f.category) conditions.push(sql`i.category = ${f.category}`);
  const where = sql.join(conditions, sql` and `);

  const result = await sql<Record<string, unknown>>`
    with inc as (
      select i.*, ${g.key} as grp, ${g.label} as label
      from incidents i
      left join desks d on d.id = i.desk_id
      left join organisations o on o.id = i.title_organisation_id
      left join regions rg on rg.election_id = i.election_id and rg.code = i.region
      ${g.join ?? sql``}
      where ${where}
    ),
    tri as (
      select inc.grp, count(*) as reports,
        percentile_cont(0.5) within group (order by extract(epoch from r.triaged_at - r.received_at)) as median,
        percentile_cont(0.9) within group (order by extract(epoch from r.triaged_at - r.received_at)) as p90
      from reports r join inc on inc.id = r.incident_id
      where r.triaged_at is not null
      group by inc.grp
    ),
    ref as (
      select inc.grp, count(*) as referrals, jsonb_object_agg(x.outcome, x.n) as outcomes
      from (select incident_id, outcome, count(*) as n from referrals group by incident_id, outcome) x
      join inc on inc.id = x.incident_id
      group by inc.grp
    )
    select i.grp, min(i.label) as label, count(*) as incidents,
      coalesce(max(tri.reports), 0) as reports, max(tri.median) as tri_median, max(tri.p90) as tri_p90,
      count(*) filter (where i.acknowledged_at is not null) as ack_met,
      count(*) filter (where i.acknowledged_at is null and ${OPEN}) as ack_pending,
      percentile_cont(0.5) within group (order by ${ACK_SECONDS}) as ack_median,
      percentile_cont(0.9) within group (order by ${ACK_SECONDS}) as ack_p90,
      count(*) filter (where i.rebutted_at is not null) as reb_met,
      count(*) filter (where i.rebutted_at is null and ${OPEN}) as reb_pending,
      percentile_cont(0.5) within group (order by ${REB_SECONDS}) as reb_median,
      percentile_cont(0.9) within group (order by ${REB_SECONDS}) as reb_p90,
      count(*) filter (where i.sla_ack_due_at is not null and (i.acknowledged_at is not null or (i.sla_ack_due_at < now() and ${OPEN}))) as ack_due,
      count(*) filter (where i.acknowledged_at is not null and i.acknowledged_at <= i.sla_ack_due_at) as ack_in_time,
      count(*) filter (where i.sla_rebuttal_due_at is not null and (i.rebutted_at is not null or (i.sla_rebuttal_due_at < now() and ${OPEN}))) as reb_due,
      count(*) filter (where i.rebutted_at is not null and i.rebutted_at <= i.sla_rebuttal_due_at) as reb_in_time,
      coalesce(max(ref.referrals), 0) as referrals, (array_agg(ref.outcomes))[1] as outcomes
    from inc i
    left join tri on tri.grp = i.grp
    left join ref on ref.grp = i.grp
    group by i.grp
    order by i.grp
  `.execute(db);

  const stats = (met: unknown, pending: unknown, median: unknown, p90: unknown): DurationStats => ({
    met: Number(met), pending: Number(pending), median: finite(median), p90: finite(p90),
  });
  const share = (num: unknown, den: unknown) => (Number(den) === 0 ? null : Math.round((Number(num) / Number(den)) * 10_000) / 10_000);
  return result.rows.map((r) => ({
    group: String(r.grp),
    label: String(r.label),
    incidents: Number(r.incidents),
    reports: Number(r.reports),
    timeToTriage: stats(r.reports, 0, r.triMedian, r.triP90),
    timeToAcknowledge: stats(r.ackMet, r.ackPending, r.ackMedian, r.ackP90),
    timeToRebuttal: stats(r.rebMet, r.rebPending, r.rebMedian, r.rebP90),
    slaAcknowledgeCompliance: share(r.ackInTime, r.ackDue),
    slaRebuttalCompliance: share(r.rebInTime, r.rebDue),
    referrals: Number(r.referrals),
    referralOutcomes: (r.outcomes as Record<string, number> | null) ?? {},
  }));
}

/** The time zone "day" is counted in: the given election's, else the active one's, else UTC. */
export async function metricsTimezone(db: DbOrTrx, electionId?: string): Promise<string> {
  let q = db.selectFrom('elections').select('timezone');
  q = electionId ? q.where('id', '=', electionId) : q.where('isActive', '=', true);
  return (await q.executeTakeFirst())?.timezone ?? 'UTC';
}

/** Per member organisation: how much it filed, how much became incidents, how often it was first, and what came of it. */
export async function memberScorecards(db: DbOrTrx, f: { from: Date | null; to: Date | null }) {
  const conditions = [sql`true`];
  if (f.from) conditions.push(sql`r.received_at >= ${f.from}`);
  if (f.to) conditions.push(sql`r.received_at < ${f.to}`);
  const result = await sql<Record<string, unknown>>`
    with r as (
      select r.*, row_number() over (partition by r.incident_id order by r.received_at, r.id) as rank_in_incident
      from reports r
    ),
    firsts as (
      -- For each incident: its first report, and the first report by another organisation after it.
      select f.incident_id, f.organisation_id,
        (select min(n.received_at) from reports n where n.incident_id = f.incident_id and n.organisation_id <> f.organisation_id) - f.received_at as lead
      from r f where f.rank_in_incident = 1 and f.incident_id is not null
    )
    select o.id, o.name, o.kind,
      count(r.id) as filed,
      count(r.id) filter (where r.status = 'triaged') as triaged,
      count(r.id) filter (where r.rank_in_incident = 1 and r.incident_id is not null) as first_reports,
      count(r.id) filter (where i.rebutted_at is not null) as rebutted,
      count(r.id) filter (where i.status = 'dismissed') as dismissed,
      (select percentile_cont(0.5) within group (order by extract(epoch from fi.lead)) from firsts fi where fi.organisation_id = o.id and fi.lead is not null) as median_lead
    from organisations o
    left join r on r.organisation_id = o.id and ${sql.join(conditions, sql` and `)}
    left join incidents i on i.id = r.incident_id
    where o.kind <> 'emb'
    group by o.id, o.name, o.kind
    order by o.name
  `.execute(db);
  const share = (n: unknown, d: unknown) => (Number(d) === 0 ? null : Math.round((Number(n) / Number(d)) * 10_000) / 10_000);
  return result.rows.map((r) => ({
    organisationId: String(r.id),
    organisation: String(r.name),
    kind: String(r.kind),
    reportsFiled: Number(r.filed),
    shareBecameIncidents: share(r.triaged, r.filed),
    shareFirstToReport: share(r.firstReports, r.triaged),
    shareLedToRebuttal: share(r.rebutted, r.triaged),
    shareDismissed: share(r.dismissed, r.triaged),
    medianLeadSeconds: finite(r.medianLead),
  }));
}

/** Open incidents by age bucket and desk, and the oldest P1s nobody has acknowledged. */
export async function backlog(db: DbOrTrx) {
  const buckets = await sql<{ desk: string; bucket: string; n: string }>`
    select coalesce(d.name, '(no desk)') as desk,
      case when now() - i.triaged_at < interval '15 minutes' then '0-15m'
           when now() - i.triaged_at < interval '1 hour' then '15-60m'
           when now() - i.triaged_at < interval '4 hours' then '1-4h'
           when now() - i.triaged_at < interval '24 hours' then '4-24h'
           else '24h+' end as bucket,
      count(*) as n
    from incidents i left join desks d on d.id = i.desk_id
    where i.status in ('new', 'triaged', 'acknowledged', 'in_progress')
    group by 1, 2 order by 1, 2
  `.execute(db);
  const oldestP1 = await db
    .selectFrom('incidents')
    .leftJoin('desks', 'desks.id', 'incidents.deskId')
    .select(['incidents.id', 'incidents.title', 'incidents.tlp', 'incidents.titleOrganisationId', 'incidents.triagedAt', 'desks.name as deskName', 'incidents.slaAckDueAt'])
    .where('incidents.priority', '=', 'P1')
    .where('incidents.acknowledgedAt', 'is', null)
    .where('incidents.status', 'in', ['new', 'triaged'])
    .orderBy('incidents.triagedAt')
    .limit(10)
    .execute();
  return { buckets: buckets.rows.map((b) => ({ desk: b.desk, bucket: b.bucket, count: Number(b.n) })), oldestP1 };
}

/** Reports, incidents and published rebuttals per 15 minutes over [from, to), bucketed in the election's zone. */
export async function electionTimeline(db: DbOrTrx, f: { from: Date; to: Date; timezone: string }) {
  const result = await sql<{ slot: Date; reports: string; incidents: string; rebuttals: string }>`
    with slots as (select generate_series(${f.from}::timestamptz, ${f.to}::timestamptz - interval '15 minutes', interval '15 minutes') as slot)
    select s.slot,
      (select count(*) from reports r where r.received_at >= s.slot and r.received_at < s.slot + interval '15 minutes') as reports,
      (select count(*) from incidents i where i.triaged_at >= s.slot and i.triaged_at < s.slot + interval '15 minutes') as incidents,
      (select count(*) from rebuttals b where b.status = 'published' and b.published_at >= s.slot and b.published_at < s.slot + interval '15 minutes') as rebuttals
    from slots s order by s.slot
  `.execute(db);
  return result.rows.map((r) => ({ at: new Date(r.slot).toISOString(), reports: Number(r.reports), incidents: Number(r.incidents), rebuttals: Number(r.rebuttals) }));
}
