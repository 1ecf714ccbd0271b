import {
  DEFAULT_DEDUP_THRESHOLDS, claimKeys, combinationScans, NUMBERLESS_KEY, storedClaimKeys, claimLockKeys, claimNumbers, probeKeys, isSameClaim, mayBeSameClaim, normalizeClaim, OPEN_INCIDENT_STATUSES, type ClaimProbe, type DedupThresholds, type KeyScan, type IncidentDetail, type KeyRows, type IncidentStatus, type IncidentListQuery, type IncidentSummary, type LiveEvent,
} from '@sitroom/core';
import { sql } from 'kysely';
import type { DbOrTrx } from './connection.ts';
import type { IncidentRow, NewIncidentRow, IncidentRowUpdate } from './schema.ts';
import { appendAudits, auditRow, listAuditForEntity, type AuditInput } from './audit.queries.ts';
import { selectReportView, toReportView, triagedReportChanges } from './report.queries.ts';
import { listDisarmTags } from './disarm.queries.ts';

/** Statuses whose incident a new report reopens, when it was closed within the dedup window. */
export const REOPENABLE_INCIDENT_STATUSES = ['closed', 'dismissed', 'rebutted'] as const satisfies readonly IncidentStatus[];

export interface IncidentMatchKey {
  urlNorms: string[];
  /**
   * How common each search word is (see `ClaimKeyStats`), to pick the claim's rarest: without it
   * every word of the claim is looked up, which costs nothing on a small table.
   */
  keyRows?: KeyRows;
  /** The claim as filed: `isSameClaim` reads names and case from it. */
  claim: string;
  claimNorm: string;
  language: string;
  /** Start of the dedup window: claims match incidents reported since then; closed incidents reopen if closed since then. */
  since: Date;
  thresholds?: DedupThresholds;
}

export interface IncidentMatch {
  incidentId: string;
  by: 'url' | 'claim';
  score: number;
  reason: string;
}

/**
 * Open, or closed within the window (then a new report reopens it). A CASE rather than an OR: the
 * planner looked for index paths for each arm of the OR, which cost more than running the query.
 */
function joinable(since: Date) {
  return sql<boolean>`(case when status in (${sql.join(OPEN_INCIDENT_STATUSES)}) then true when status in (${sql.join(REOPENABLE_INCIDENT_STATUSES)}) then updated_at >= ${since} else false end)`;
}

// The statements triage runs for every report are written as SQL: building and compiling them with
// the query builder cost more than running them once they are prepared (see `createDb`).

/** The first `perIncident` distinct claims of `claims` (an incident's latest first). */
function distinctClaims(claims: string[], perIncident: number): string[] {
  return [...new Set(claims)].slice(0, perIncident);
}

export interface ClaimCandidatesKey {
  claimNorm: string;
  numbers: string[];
  /** The claim's search words to look candidates up by (`probeKeys` of its `claimKeys`). */
  probe: ClaimProbe;
  language: string;
  since: Date;
  threshold: number;
  limit: number;
  claimsPerCandidate: number;
  /**
   * Similarity at or above which an incident found by the claim's rare words (`probe.keys`) is
   * taken to be its rumour, so that its commoner words (`probe.combinations`) are not looked up
   * (see `claimCandidatesQuery`). Without it they always are.
   */
  closeEnough?: number;
}

/**
 * The statement `findClaimCandidates` runs (exported so that its plan can be checked).
 *
 * Looking up a combination of common words costs far more than the rows it finds: the index reads
 * every incident listed under each of its words (a scan took about 0.6 ms for three words of 5,000
 * incidents each, against 0.02 ms for a rare word), and a claim needs two or three such scans (see
 * `combinationScans`). They are there
 * for retellings that drop the rare words, so they are read only when the rare words found no
 * incident worded within `closeEnough` of the claim: a one-time filter over the rare words'
 * results, which Postgres checks before it starts the combinations' scan. A forward or retelling
 * that keeps its name then costs one rare lookup.
 */
export function claimCandidatesQuery(key: ClaimCandidatesKey) {
  const where = sql`language = ${key.language} and last_reported_at >= ${key.since} and ${joinable(key.since)}`;
  const distance = sql`claim_norm <-> ${key.claimNorm}`;
  const gate = key.closeEnough === undefined ? null : 1 - key.closeEnough;
  // `closes_gate`: a row of the rare words close enough that the combinations are not looked up.
  const select = (condition: ReturnType<typeof sql>, rareSide = false) => sql`
    select id, title, claim_norm, ${distance} as distance, ${rareSide && gate !== null ? sql`${distance} <= ${gate}::float8` : sql`false`} as closes_gate
    from incidents
    where ${condition} and ${where}
    order by ${distance}
    limit ${key.limit}`;
  // Incidents sharing one of the claim's rare words, or all words of one of its combinations; with
  // numbers in the claim, only those stating none (the ones sharing a number are the other side),
  // which carry NUMBERLESS_KEY: the index hands over only those, rather than every incident sharing
  // a word, to be filtered after.
  const numberless = (condition: ReturnType<typeof sql>) => (key.numbers.length > 0 ? sql`${condition} and claim_keys @> ${[NUMBERLESS_KEY]}::text[]` : condition);
  const rare = key.probe.keys.length > 0 ? numberless(sql`claim_keys && ${key.probe.keys}::text[]`) : null;
  // Each scan's conditions on claim_keys go to the index together, as one scan (see `combinationScans`).
  const scan = (s: KeyScan) => sql.join([
    ...(s.all.length > 0 ? [sql`claim_keys @> ${s.all}::text[]`] : []),
    ...s.anyOf.map((group) => sql`claim_keys && ${group}::text[]`),
  ], sql` and `);
  const scans = combinationScans(key.probe.combinations);
  const combined = scans.length > 0 ? numberless(sql`(${sql.join(scans.map((s) => sql`(${scan(s)})`), sql` or `)})`) : null;
  const sides = [];
  if (rare) sides.push(sql`select * from rare`);
  if (combined) {
    // Rows the rare words found are not read twice.
    const gated = rare
      ? sql`${combined} and not (claim_keys && ${key.probe.keys}::text[])${gate === null ? sql`` : sql` and not exists (select 1 from rare where closes_gate)`}`
      : combined;
    sides.push(sql`(${select(gated)})`);
  }
  if (key.numbers.length > 0) sides.push(sql`(${select(sql`claim_numbers <> '{}' and claim_numbers && ${key.numbers}::text[]`)})`);
  // Latest claims are read for every neighbour that may pass the threshold (a hair below it, so that
  // float rounding on either side cannot drop one); the exact cut is made below, as before.
  return sql<{ id: string; title: string | null; claimNorm: string | null; distance: number | null; closesGate: boolean | null; claim: string | null }>`
    with ${rare ? sql`rare as materialized (${select(rare, true)}), ` : sql``}nearest as (${sides.length > 0 ? sql.join(sides, sql` union all `) : sql`select null::uuid as id, null::text as title, null::text as claim_norm, null::float8 as distance, false as closes_gate where false`})
    select id, title, claim_norm, distance, closes_gate, null as claim from nearest
    union all
    select nearest.id, null, null, null, null, latest.claim
    from nearest cross join lateral (
      select claim from reports where reports.incident_id = nearest.id order by received_at desc limit ${key.claimsPerCandidate * 3}
    ) as latest
    where nearest.distance < ${1 - key.threshold + 1e-6}::float8`;
}

/**
 * Up to `limit` incidents in `language` reported since `since`, open or recently closed, whose
 * normalised claim is trigram-similar to `claimNorm` (similarity above `threshold`), most similar
 * first, each with the latest `claimsPerCandidate` distinct claims filed on it: one statement.
 *
 * Candidates are incidents sharing one of the claim's rarest search words, or several of its
 * commoner ones together (`probe`: GIN on claim_keys; see `probeKeys`), ranked by trigram
 * distance. A claim that states numbers (`numbers`, from `claimNumbers`) can only join an incident sharing one of them or stating none: the first are
 * nearest neighbours on the numbered GiST index among incidents sharing a number (which repeats
 * `claim_numbers <> '{}'`, implied by sharing one, so that the planner can prove the index's
 * predicate); the second, incidents sharing a rare word. Either way this reads a bounded number of
 * rows however large the table grows. The latest claims are one probe per candidate of
 * reports_incident_received, reading a bounded number of rows however many reports it has
 * (forwards repeat one wording, so a few times `claimsPerCandidate` rows are read and repeats
 * dropped).
 */
export async function findClaimCandidates(db: DbOrTrx, key: ClaimCandidatesKey) {
  // A claim of digits or emoji only has no word and no number to look anything up by.
  if (key.probe.keys.length === 0 && key.probe.combinations.length === 0 && key.numbers.length === 0) return { candidates: [], combinationsSkipped: false };
  const { rows } = await claimCandidatesQuery(key).execute(db);
  const claimsOf = new Map<string, string[]>();
  for (const row of rows) {
    if (row.claim !== null) claimsOf.set(row.id, [...(claimsOf.get(row.id) ?? []), row.claim]);
  }
  // The limit applies after the threshold, as `%` would: a KNN scan with the threshold in its own
  // WHERE would read on through every row once fewer than `limit` pass it.
  const candidates = rows
    .filter((row) => row.claim === null)
    .map((row) => ({ id: row.id, title: row.title!, claimNorm: row.claimNorm!, similarity: 1 - Number(row.distance) }))
    .filter((row) => row.similarity > key.threshold)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, key.limit)
    .map((row) => ({ ...row, latestClaims: distinctClaims(claimsOf.get(row.id) ?? [], key.claimsPerCandidate) }));
  // Whether the combinations of common words were left unread (see `closeEnough`).
  const combinationsSkipped = key.probe.combinations.length > 0 && rows.some((row) => row.closesGate === true);
  return { candidates, combinationsSkipped };
}

/**
 * The best claim match of a report among the candidates the database finds. The commoner words'
 * combinations are first left unread when the rare words find an incident worded alike
 * (`rareWordMatch`, see `claimCandidatesQuery`); when none of what was read then matches, they are
 * read after all.
 */
async function bestClaimMatch(db: DbOrTrx, key: IncidentMatchKey, thresholds: DedupThresholds) {
  const search = (closeEnough: number | undefined) => findClaimCandidates(db, {
    claimNorm: key.claimNorm, numbers: claimNumbers(key.claim), probe: probeKeys(claimKeys(key.claim), key.keyRows),
    language: key.language, since: key.since, ...(closeEnough === undefined ? {} : { closeEnough }),
    threshold: thresholds.candidate, limit: thresholds.maxCandidates, claimsPerCandidate: thresholds.reportsPerCandidate,
  });
  const first = await search(thresholds.rareWordMatch);
  const best = bestOf(key, first.candidates, thresholds);
  return best || !first.combinationsSkipped ? best : bestOf(key, (await search(undefined)).candidates, thresholds);
}

/** The candidate claim `isSameClaim` finds the report's, with the highest score. */
function bestOf(key: IncidentMatchKey, candidates: Awaited<ReturnType<typeof findClaimCandidates>>['candidates'], thresholds: DedupThresholds) {
  if (candidates.length === 0) return undefined;
  // A rumour is retold many ways: compare with the incident's first claim and its latest reports.
  // (The title is usually the first report's claim, which is often among the latest too: compared once.)
  const claims = [
    ...candidates.map((c) => ({ incidentId: c.id, claim: c.title })),
    ...candidates.flatMap((c) => c.latestClaims.filter((claim) => claim !== c.title).map((claim) => ({ incidentId: c.id, claim }))),
  ];
  const report = { text: key.claim, norm: key.claimNorm };
  let best: { id: string; score: number; reason: string } | undefined;
  for (const c of claims) {
    const other = { text: c.claim, norm: normalizeClaim(c.claim) };
    if (!mayBeSameClaim(report, other, thresholds)) continue;
    const decision = isSameClaim(report, other, thresholds);
    if (decision.same && (!best || decision.score > best.score)) best = { id: c.incidentId, ...decision };
  }
  return best;
}

/**
 * The incident a report joins (not locked: the caller locks it as it files the report, see
 * `markReportTriaged`, and reads it as it is then): one sharing a normalised URL (GIN on url_norms),
 * else the best claim match (nearest trigram candidates, see `findClaimCandidates`, decided by
 * `isSameClaim`). Either way the incident is open, or was closed within the window. Call it inside
 * the triage transaction, holding advisory locks on the claim's `claimLockKeys` (see
 * `takeAdvisoryLocksReadingConfigVersion`) taken in a statement before this one: then two reports
 * of one new rumour filed at once cannot both create an incident, as the second waits for the
 * first to commit, then finds it. The locks are held until commit, i.e. across the caller's insert.
 *
 * The keys are the claim's numbers and its rare search words; unlike one lock per language they
 * let unrelated rumours create incidents in parallel. Accepted gap: two retellings that share no
 * number and no word rare enough to lock on (or that two workers' word statistics rank apart) can
 * still race and make two incidents if both are triaged at the same moment; the next report of
 * the rumour joins one of them, and responders dismiss the other as a duplicate (there is no merge).
 */
export async function findIncidentMatch(db: DbOrTrx, key: IncidentMatchKey): Promise<IncidentMatch | undefined> {
  const thresholds = key.thresholds ?? DEFAULT_DEDUP_THRESHOLDS;
  if (key.urlNorms.length > 0) {
    const { rows: [byUrl] } = await sql<{ id: string }>`
      select id from incidents
      where url_norms && ${key.urlNorms}::text[] and ${joinable(key.since)}
      order by status in (${sql.join(OPEN_INCIDENT_STATUSES)}) desc, last_reported_at desc
      limit 1`.execute(db);
    if (byUrl) return { incidentId: byUrl.id, by: 'url', score: 1, reason: 'shares a link' };
  }
  const best = await bestClaimMatch(db, key, thresholds);
  return best ? { incidentId: best.id, by: 'claim', score: best.score, reason: best.reason } : undefined;
}

/**
 * Transaction-level advisory locks on `keys`, and the version of the triage configuration (see
 * `triageConfigVersion`), in one round trip. Keys are taken sorted (unnest yields them in array
 * order), so two transactions never wait for each other in a cycle.
 */
export async function takeAdvisoryLocksReadingConfigVersion(db: DbOrTrx, keys: string[]): Promise<string> {
  if (keys.length === 0) throw new RangeError('no keys to lock');
  const { rows: [row] } = await sql<{ version: string }>`
    select pg_advisory_xact_lock(hashtextextended(k, 0)), (select version from triage_config_version where id = 1) as version
    from unnest(${[...new Set(keys)].sort()}::text[]) as k`.execute(db);
  return row!.version;
}

/**
 * Tries transaction-level advisory locks on `keys` without waiting; answers the keys another
 * transaction holds (empty when every lock was taken). Locks this transaction already holds are
 * taken again at once. Never waiting, it cannot close a cycle with anyone.
 */
export async function tryAdvisoryLocks(db: DbOrTrx, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await sql<{ k: string }>`
    select k from unnest(${[...new Set(keys)].sort()}::text[]) as k
    where not pg_try_advisory_xact_lock(hashtextextended(k, 0))`.execute(db);
  return new Set(rows.map((r) => r.k));
}

/** The id of the incident a report joins (see `findIncidentMatch`), or undefined when it starts a new one. */
export async function findIncidentForReport(db: DbOrTrx, key: IncidentMatchKey): Promise<string | undefined> {
  return (await findIncidentMatch(db, key))?.incidentId;
}

/** An incident row with the name of its desk and whether the desk has a webhook, as the triage writes return it. */
export type IncidentRowWithDesk = IncidentRow & { deskName: string | null; deskHasWebhook: boolean };

/** What a triage write reads of the incident's desk, joined as `desks`. */
const deskColumns = sql`desks.name as desk_name, coalesce(desks.webhook_url is not null and desks.webhook_secret is not null, false) as desk_has_webhook`;

/**
 * The columns of a new incident that come from its first claim: its title and what dedup looks it
 * up by (normalised claim, numbers, search words). Every writer of incidents uses this, so none can
 * store an incident that the claim search cannot find.
 */
export function incidentClaimColumns(claim: string): Pick<NewIncidentRow, 'title' | 'claimNorm' | 'claimNumbers' | 'claimKeys'> {
  return { title: claim.slice(0, 500), claimNorm: normalizeClaim(claim), claimNumbers: claimNumbers(claim), claimKeys: storedClaimKeys(claim) };
}

/**
 * Creates the incident a report starts and files the report into it (see `triagedReportChanges`),
 * in one statement; returns the incident with its desk (see `IncidentRowWithDesk`).
 */
export async function insertIncidentForReport(db: DbOrTrx, row: NewIncidentRow & { id: string }, report: { id: string; at: Date }): Promise<IncidentRowWithDesk> {
  const create = db.insertInto('incidents').values(row).returningAll();
  const file = db.updateTable('reports').set(triagedReportChanges(row.id, report.at)).where('id', '=', report.id);
  const { rows: [created] } = await sql<IncidentRowWithDesk>`
    with created as (${create}), filed as (${file})
    select created.*, ${deskColumns} from created left join desks on desks.id = created.desk_id`.execute(db);
  return created!;
}

function updateIncidentQuery(db: DbOrTrx, id: string, changes: IncidentRowUpdate) {
  return db
    .updateTable('incidents')
    .set({ ...changes, updatedAt: new Date(), version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returningAll();
}

/** Updates an incident and bumps its version. */
export async function updateIncident(db: DbOrTrx, id: string, changes: IncidentRowUpdate): Promise<IncidentRow> {
  return updateIncidentQuery(db, id, changes).executeTakeFirstOrThrow();
}

/** `updateIncident`, returning the incident with its desk (see `IncidentRowWithDesk`). */
export async function updateIncidentWithDesk(db: DbOrTrx, id: string, changes: IncidentRowUpdate): Promise<IncidentRowWithDesk> {
  const { rows: [updated] } = await sql<IncidentRowWithDesk>`
    with updated as (${updateIncidentQuery(db, id, changes)})
    select updated.*, ${deskColumns} from updated left join desks on desks.id = updated.desk_id`.execute(db);
  if (!updated) throw new Error(`incident ${id} does not exist`);
  return updated;
}

function selectIncidentSummary(db: DbOrTrx) {
  return db
    .selectFrom('incidents')
    .leftJoin('desks', 'desks.id', 'incidents.deskId')
    .select([
      'incidents.id', 'incidents.version', 'incidents.title', 'incidents.status', 'incidents.priority',
      'incidents.severity', 'incidents.category', 'incidents.region', 'incidents.language', 'incidents.platform',
      'incidents.deskId', 'desks.name as deskName', 'incidents.assigneeId', 'incidents.reportCount',
      'incidents.organisationCount', 'incidents.firstReportedAt', 'incidents.lastReportedAt', 'incidents.triagedAt',
      'incidents.updatedAt', 'incidents.acknowledgedAt', 'incidents.rebuttedAt', 'incidents.slaAckDueAt',
      'incidents.slaRebuttalDueAt', 'incidents.slaAckBreachedAt', 'incidents.slaRebuttalBreachedAt', 'incidents.escalationLevel',
      'incidents.tlp', 'incidents.titleOrganisationId',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof selectIncidentSummary>['executeTakeFirstOrThrow']>>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A summary row keeps who filed its title's report: the API decides from it who may read a TLP:RED title. */
export type IncidentSummaryWithOwner = IncidentSummary & { titleOrganisationId: string | null };

function toSummary(row: SummaryRow): IncidentSummaryWithOwner {
  const { slaAckDueAt, slaRebuttalDueAt, slaAckBreachedAt, slaRebuttalBreachedAt, escalationLevel, ...rest } = row;
  return {
    ...rest,
    firstReportedAt: row.firstReportedAt.toISOString(),
    lastReportedAt: row.lastReportedAt.toISOString(),
    triagedAt: iso(row.triagedAt),
    updatedAt: row.updatedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    rebuttedAt: iso(row.rebuttedAt),
    sla: {
      acknowledgeBy: iso(slaAckDueAt),
      rebuttalBy: iso(slaRebuttalDueAt),
      acknowledgeBreachedAt: iso(slaAckBreachedAt),
      rebuttalBreachedAt: iso(slaRebuttalBreachedAt),
      escalationLevel,
    },
  };
}

export async function findIncidentSummary(db: DbOrTrx, id: string): Promise<IncidentSummaryWithOwner | undefined> {
  const row = await selectIncidentSummary(db).where('incidents.id', '=', id).executeTakeFirst();
  return row && toSummary(row);
}

/** The summary of an incident a write returned: what `findIncidentSummary` would read after it. */
export function incidentSummaryOf(row: IncidentRowWithDesk): IncidentSummaryWithOwner {
  return toSummary({
    id: row.id, version: row.version, title: row.title, status: row.status, priority: row.priority,
    severity: row.severity, category: row.category, region: row.region, language: row.language, platform: row.platform,
    deskId: row.deskId, deskName: row.deskName, assigneeId: row.assigneeId, reportCount: row.reportCount,
    organisationCount: row.organisationCount, firstReportedAt: row.firstReportedAt, lastReportedAt: row.lastReportedAt, triagedAt: row.triagedAt,
    updatedAt: row.updatedAt, acknowledgedAt: row.acknowledgedAt, rebuttedAt: row.rebuttedAt, slaAckDueAt: row.slaAckDueAt,
    slaRebuttalDueAt: row.slaRebuttalDueAt, slaAckBreachedAt: row.slaAckBreachedAt, slaRebuttalBreachedAt: row.slaRebuttalBreachedAt, escalationLevel: row.escalationLevel,
    tlp: row.tlp, titleOrganisationId: row.titleOrganisationId,
  });
}

interface Cursor {
  p: number;
  s: number;
  t: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.p === 'number' && typeof c.s === 'number' && typeof c.t === 'string' && typeof c.id === 'string') return c;
  } catch {
    /* fall through */
  }
  return null;
}

/**
 * The queue: by priority, then severity, then most recent report (sort=priority), or newest first
 * (sort=newest). Keyset pagination on the same order.
 */
export async function listIncidents(db: DbOrTrx, query: IncidentListQuery, cursor: Cursor | null) {
  const pRank = sql<number>`substr(incidents.priority, 2)::int`;
  let q = selectIncidentSummary(db).select(pRank.as('pRank'));
  if (query.status) q = q.where('incidents.status', '=', query.status);
  if (query.open === 'true') q = q.where('incidents.status', 'in', OPEN_INCIDENT_STATUSES);
  if (query.open === 'false') q = q.where('incidents.status', 'not in', OPEN_INCIDENT_STATUSES);
  if (query.priority) q = q.where('incidents.priority', '=', query.priority);
  if (query.desk) q = q.where('incidents.deskId', '=', query.desk);
  if (query.category) q = q.where('incidents.category', '=', query.category);
  if (query.region) q = q.where('incidents.region', '=', query.region);
  if (query.language) q = q.where('incidents.language', '=', query.language);
  if (query.q) q = q.where('incidents.title', 'ilike', `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);

  if (query.sort === 'newest') {
    if (cursor) q = q.where(sql<boolean>`(incidents.last_reported_at, incidents.id) < (${new Date(cursor.t)}, ${cursor.id})`);
    q = q.orderBy('incidents.lastReportedAt', 'desc').orderBy('incidents.id', 'desc');
  } else {
    if (cursor) {
      q = q.where(
        sql<boolean>`(${pRank}, -incidents.severity, -extract(epoch from incidents.last_reported_at), incidents.id) > (${cursor.p}, ${-cursor.s}, ${-Date.parse(cursor.t) / 1000}, ${cursor.id})`,
      );
    }
    q = q.orderBy(pRank).orderBy('incidents.severity', 'desc').orderBy('incidents.lastReportedAt', 'desc').orderBy('incidents.id');
  }
  const rows = await q.limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ pRank: _p, ...row }) => toSummary(row)),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ p: last.pRank, s: last.severity, t: last.lastReportedAt.toISOString(), id: last.id })
        : null,
  };
}

export async function findIncidentDetail(db: DbOrTrx, id: string): Promise<(IncidentDetail & { titleOrganisationId: string | null }) | undefined> {
  // One read of the incident row: the summary columns and the detail-only ones together.
  const row = await selectIncidentSummary(db)
    .select(['incidents.scoreBreakdown', 'incidents.urlNorms', 'incidents.matchedTerms', 'incidents.routeReason'])
    .where('incidents.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { scoreBreakdown, urlNorms, matchedTerms, routeReason, ...summaryRow } = row;
  const extra = { scoreBreakdown, urlNorms, matchedTerms, routeReason };
  const reports = await selectReportView(db).where('reports.incidentId', '=', id).orderBy('reports.receivedAt').execute();
  const audit = await listAuditForEntity(db, 'incident', id);
  const disarmTags = await listDisarmTags(db, id);
  return {
    ...toSummary(summaryRow),
    scoreBreakdown: extra.scoreBreakdown,
    matchedTerms: extra.matchedTerms,
    routeReason: extra.routeReason,
    urls: extra.urlNorms,
    reports: reports.map(toReportView),
    timeline: audit.map((a) => ({
      at: a.at.toISOString(),
      action: a.action,
      actor: a.actorType === 'system' ? 'Sitroom triage' : `${a.actorType}:${a.actorId ?? ''}`,
      detail: describeAudit(a.action, a.after),
    })),
    disarmTags,
  };
}

function describeAudit(action: string, after: unknown): string | null {
  const a = (after ?? {}) as Record<string, unknown>;
  switch (action) {
    case 'incident.created':
      return `Created from a report, ${String(a.priority)} (severity ${String(a.severity)})`;
    case 'incident.reopened':
      return `Reopened by a new report (it was ${String(a.reopenedFrom ?? 'closed')}); back to ${String(a.status ?? 'triaged')}`;
    case 'incident.report_added':
      return `Report added: ${String(a.reportCount)} reports from ${String(a.organisationCount)} organisations, ${String(a.priority)} (severity ${String(a.severity)})`;
    case 'incident.routed':
      return `Routed to ${String(a.deskName ?? 'a desk')}: ${String(a.reason ?? '')}`;
    case 'incident.acknowledged':
      return 'Acknowledged';
    case 'sla.breached':
      return `Missed the ${String(a.clock)} deadline (${String(a.dueAt)}); escalated to the desk's approvers`;
    case 'sla.escalated':
      return `Still unmet: escalated to the coalition lead`;
    case 'incident.reprioritised':
      return `Priority changed to ${String(a.priority)}; SLA clocks recomputed`;
    case 'incident.tagged': {
      const tags = Array.isArray(a.disarmTags) ? a.disarmTags.map(String) : [];
      return tags.length > 0 ? `DISARM: ${tags.join(', ')}` : 'DISARM tags removed';
    }
    default:
      return null;
  }
}

type NewLiveEvent = Omit<LiveEvent, 'eventId' | 'at'>;

/** What the event log stores of an event: the incident without its title's owner, who is kept beside it. */
function eventPayload(event: NewLiveEvent, at: Date) {
  const { titleOrganisationId: owner, ...incident } = event.incident as IncidentSummaryWithOwner;
  return {
    type: event.type, incidentId: event.incidentId, version: event.version, incident, reportId: event.reportId,
    ...(event.requestId ? { requestId: event.requestId } : {}),
    at: at.toISOString(), titleOrganisationId: owner ?? event.titleOrganisationId ?? null,
  };
}

function eventRow(payload: ReturnType<typeof eventPayload>, at: Date) {
  return { incidentId: payload.incidentId, type: payload.type, version: payload.version, reportId: payload.reportId, payload: JSON.stringify(payload), createdAt: at };
}

/** Records a live event in the event log (for catch-up after reconnects) and returns it with its id. */
export async function recordIncidentEvent(db: DbOrTrx, event: NewLiveEvent): Promise<LiveEvent> {
  const at = new Date();
  const payload = eventPayload(event, at);
  const row = await db.insertInto('incidentEvents').values(eventRow(payload, at)).returning('id').executeTakeFirstOrThrow();
  return { ...payload, eventId: Number(row.id) };
}

/**
 * Appends `audits` (in order, as `appendAudits`) and records `events` in the event log, in one
 * statement; returns the events with their ids, in order.
 */
export async function recordIncidentEvents(db: DbOrTrx, events: NewLiveEvent[], audits: AuditInput[]): Promise<LiveEvent[]> {
  if (events.length === 0) {
    await appendAudits(db, audits);
    return [];
  }
  const at = new Date();
  const payloads = events.map((e) => eventPayload(e, at));
  const rows = payloads.map((p) => eventRow(p, at));
  const insertEvents = db.insertInto('incidentEvents').values(rows).returning('id');
  const { rows: inserted } = audits.length > 0
    ? await sql<{ id: string }>`with audited as (${db.insertInto('auditEvents').values(audits.map(auditRow))}) ${insertEvents}`.execute(db)
    : await insertEvents.execute().then((r) => ({ rows: r }));
  // One sequence numbers the rows as VALUES lists them, so the ids in ascending order are the events in order.
  const ids = inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
  return payloads.map((p, i) => ({ ...p, eventId: ids[i]! }));
}

/** Events after `afterId`, oldest first: what a reconnecting dashboard missed. */
export async function listIncidentEventsAfter(db: DbOrTrx, afterId: number, limit: number): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom('incidentEvents')
    .select(['id', 'payload'])
    .where('id', '>', String(afterId))
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...(r.payload as Omit<LiveEvent, 'eventId'>), eventId: Number(r.id) }));
}

export async function latestIncidentEventId(db: DbOrTrx): Promise<number> {
  const row = await db.selectFrom('incidentEvents').select(sql<string | null>`max(id)`.as('id')).executeTakeFirstOrThrow();
  return row.id === null ? 0 : Number(row.id);
}

/**
 * Computes the search words (`storedClaimKeys`) of incidents that have none yet (stored before the
 * column existed), `batch` at a time, from their title (the first claim, as triage stores it).
 * Run by the worker before it triages: an incident without them is never a claim candidate.
 * Answers how many incidents it filled in.
 */
export async function backfillClaimKeys(db: DbOrTrx, batch = 1_000, onProgress?: (done: number) => void): Promise<number> {
  let done = 0;
  // In id order from where the last batch ended: one pass over the table, however large.
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ id: string; title: string }>`
      select id, title from incidents where id > ${after}::uuid and claim_keys is null order by id limit ${batch}`.execute(db);
    if (rows.length === 0) return done;
    after = rows[rows.length - 1]!.id;
    // Each row's words travel as a JSON array: Postgres has no array of arrays of different lengths.
    await sql`
      update incidents set claim_keys = array(select jsonb_array_elements_text(f.keys))
      from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => JSON.stringify(storedClaimKeys(r.title)))}::jsonb[]) as f(id, keys)
      where incidents.id = f.id`.execute(db);
    done += rows.length;
    onProgress?.(done);
  }
}
