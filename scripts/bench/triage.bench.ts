/**
 * Triage throughput with a large incident table: seeds N incidents (default 100,000), files a
 * batch of reports (a mix of new rumours, URL duplicates and text duplicates of stored
 * incidents), lets the real worker (BullMQ + Postgres) triage them and prints reports/s.
 *
 *   pnpm bench:triage [--incidents 100000] [--reports 5000] [--concurrency 64] [--batch 32] [--in-flight 2] [--reuse-seed] [--plain-claims] [--trending WORD]
 *
 * By default the stored incidents' claims come from four templates, each with a number of its own
 * ("Anulan las actas de la mesa 1234 en Oruro"), so a claim's number finds its candidates. With
 * --plain-claims they are made-up rumours without numbers (six words of a 150-word vocabulary, a
 * place and a name, as `pnpm bench` files), so candidates must be found by words; the reports
 * joining by claim are forwards of stored claims ("Reenviado: ..."), and new rumours carry no
 * "Rumor nuevo:" prefix (a word every new rumour would share, which no real stream has).
 * --trending WORD (with --plain-claims) gives every new rumour that word, a name that was rare in
 * the stored incidents and turns common during the run: a trending name on election night.
 *
 * --concurrency, --batch and --in-flight set the worker's WORKER_CONCURRENCY, TRIAGE_BATCH_MAX and
 * TRIAGE_BATCHES_IN_FLIGHT (their defaults when not given). --cpu-prof FILE writes a CPU profile of
 * this process (the worker runs in it) while it triages, for scripts/bench/profile-top.ts.
 *
 * Uses its own database and Redis prefix on the local services, and drops them afterwards.
 * Seeding 100,000 incidents takes about a minute; with --reuse-seed the seeded database is kept
 * (sitroom_bench_seed_v2_[plain_]<incidents>) and each run starts from a copy of it (`create
 * database ... template`), for trying things out. Drop it when done: `drop database sitroom_bench_seed_v2_100000`.
 */
import { parseArgs } from 'node:util';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { Queue } from 'bullmq';
import pino from 'pino';
import { DEFAULT_SLA, JOB_OPTIONS, slaDeadlines, TRIAGE_QUEUE, redisConnectionOptions } from '@sitroom/core';
import { createDb, createDesk, createOrganisation, incidentClaimColumns, migrateToLatest } from '@sitroom/db';
import { reportBody, rumourClaim } from './load.ts';
import { deleteRedisPrefix } from './stack.ts';
import { startWorker } from '../../apps/worker/src/worker.ts';
import { loadWorkerConfig } from '../../apps/worker/src/config.ts';

const { values } = parseArgs({
  options: {
    incidents: { type: 'string', default: '100000' },
    reports: { type: 'string', default: '5000' },
    concurrency: { type: 'string' },
    batch: { type: 'string' },
    'in-flight': { type: 'string' },
    'reuse-seed': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'stack-claims': { type: 'boolean', default: false },
    'plain-claims': { type: 'boolean', default: false },
    trending: { type: 'string' },
  },
});
const INCIDENTS = Number(values.incidents);
const REPORTS = Number(values.reports);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The worker serves its Prometheus metrics here during the run (loopback). */
const METRICS_PORT = 19_000 + Math.floor(Math.random() * 1_000);

const PLACES = ['La Paz', 'El Alto', 'Cochabamba', 'Santa Cruz', 'Oruro', 'Potosí', 'Sucre', 'Tarija', 'Trinidad', 'Cobija'];
const TEMPLATES = [
  (p: string, n: number) => `El recinto electoral ${n} de ${p} fue trasladado a otro colegio`,
  (p: string, n: number) => `Anulan las actas de la mesa ${n} en ${p} por fraude`,
  (p: string, n: number) => `Polling station ${n} in ${p} will open only in the afternoon`,
  (p: string, n: number) => `Queman ${n} ánforas en ${p} antes del conteo`,
];

function claimFor(i: number): string {
  // The same claim for the same i in every run, so that a kept seed (--reuse-seed) can be retold.
  if (values['plain-claims']) return rumourClaim(createHash('sha256').update(`claim ${i}`).digest().subarray(0, 16), false);
  return TEMPLATES[i % TEMPLATES.length]!(PLACES[Math.floor(i / TEMPLATES.length) % PLACES.length]!, 1000 + i);
}

function databaseUrlOf(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Migrates `databaseUrl` and stores a default desk, four organisations and INCIDENTS incidents. */
async function seed(databaseUrl: string) {
  const db = createDb(databaseUrl, { max: 4 });
  try {
    await migrateToLatest(databaseUrl);
    await createDesk(db, { name: 'General desk', isDefault: true });
    await Promise.all(['Bench A', 'Bench B', 'Bench C', 'Bench D'].map((name) => createOrganisation(db, { name, kind: 'fact_checker' })));
    const t = Date.now();
    const BATCH = 2_000;
    const seededAt = new Date();
    for (let start = 0; start < INCIDENTS; start += BATCH) {
      const rows = [];
      for (let i = start; i < Math.min(INCIDENTS, start + BATCH); i++) {
        const claim = claimFor(i);
        const at = new Date(Date.now() - (i % 5000) * 60_000);
        // Their SLA clocks as triage would have left them: a clock whose deadline has passed was
        // breached then. (Seeded without, every stored incident a report joined was breached on the
        // spot, and the worker spent half its time on those SLA checks instead of on triage.)
        const due = slaDeadlines(at, 'P3', DEFAULT_SLA);
        rows.push({
          slaAckDueAt: due.acknowledgeBy, slaRebuttalDueAt: due.rebuttalBy,
          slaAckBreachedAt: due.acknowledgeBy < seededAt ? due.acknowledgeBy : null,
          slaRebuttalBreachedAt: due.rebuttalBy < seededAt ? due.rebuttalBy : null,
          ...incidentClaimColumns(claim), language: i % 4 === 2 ? 'en' : 'es', category: 'voting_process' as const,
          platform: 'facebook' as const, region: 'LP', status: 'triaged' as const, severity: 40, priority: 'P3' as const,
          scoreBreakdown: '[]', urlNorms: [`facebook.com/story/${i}`], reportCount: 1, organisationCount: 1,
          firstReportedAt: at, lastReportedAt: at, triagedAt: at,
        });
      }
      await db.insertInto('incidents').values(rows).execute();
    }
    await sql`analyze incidents`.execute(db);
    console.log(`seeded ${INCIDENTS.toLocaleString('en')} incidents in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await db.destroy();
  }
}

/**
 * CPU seconds used so far by the worker's Postgres backends (user + system, from /proc), or null
 * when Postgres is not on this machine or /proc cannot be read.
 */
async function backendCpuSeconds(db: ReturnType<typeof createDb>, dbName: string): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = ${dbName} and application_name = 'sitroom-worker'`.execute(db);
  try {
    let ticks = 0;
    for (const { pid } of rows) {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return rows.length > 0 ? ticks / 100 : null;
  } catch {
    return null;
  }
}

async function main() {
  const dbName = `sitroom_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  if (values['reuse-seed']) {
    const seedName = `sitroom_bench_seed_v2_${values['plain-claims'] ? 'plain_' : ''}${INCIDENTS}`;
    const found = await admin.query('select 1 from pg_database where datname = $1', [seedName]);
    if (found.rowCount === 0) {
      await admin.query(`create database "${seedName}"`);
      try {
        await seed(databaseUrlOf(seedName));
      } catch (err) {
        await admin.query(`drop database if exists "${seedName}" with (force)`);
        throw err;
      }
    } else {
      console.log(`reusing the seeded database ${seedName}`);
    }
    await admin.query(`create database "${dbName}" template "${seedName}"`);
  } else {
    await admin.query(`create database "${dbName}"`);
  }
  const databaseUrl = databaseUrlOf(dbName);
  const prefix = `sitroom_bench_${randomBytes(4).toString('hex')}`;
  const db = createDb(databaseUrl, { max: 4 });
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  try {
    if (values['reuse-seed']) await migrateToLatest(databaseUrl);
    else await seed(databaseUrl);
    const orgs = await db.selectFrom('organisations').select('id').where('name', 'like', 'Bench _').orderBy('name').execute();

    // A third new rumours, a third sharing a stored incident's link, a third repeating a stored claim.
    const reportRows = [];
    for (let i = 0; i < REPORTS && values['stack-claims']; i++) {
      // The claims `pnpm bench` files through the API (see load.ts `reportBody`).
      const body = JSON.parse(reportBody()) as { claim: string; urls: string[]; reach: number };
      reportRows.push({
        organisationId: orgs[i % orgs.length]!.id, claim: body.claim, urls: body.urls,
        platform: 'facebook' as const, language: 'es', region: 'LP',
        category: 'voting_process' as const, observedAt: new Date(), tlp: 'amber' as const, reach: body.reach,
      });
    }
    for (let i = 0; i < REPORTS && !values['stack-claims']; i++) {
      const target = Math.floor(Math.random() * INCIDENTS);
      const kind = i % 3;
      const claim = kind === 0 ? (values['plain-claims'] ? `${claimFor(INCIDENTS + i)}${values.trending ? ` con ${values.trending}` : ''}` : `Rumor nuevo: ${claimFor(INCIDENTS + i)}`) : values['plain-claims'] && kind === 2 ? `Reenviado: ${claimFor(target)}` : claimFor(target);
      reportRows.push({
        organisationId: orgs[i % orgs.length]!.id, claim,
        urls: kind === 1 ? [`https://m.facebook.com/groups/x/posts/${target}/?fbclid=b${i}`] : [],
        platform: 'facebook' as const, language: kind === 0 ? 'es' : target % 4 === 2 ? 'en' : 'es', region: 'LP',
        category: 'voting_process' as const, observedAt: new Date(), tlp: 'amber' as const, reach: 1000 + i,
      });
    }
    const inserted: { id: string }[] = [];
    for (let s = 0; s < reportRows.length; s += 1000) {
      inserted.push(...(await db.insertInto('reports').values(reportRows.slice(s, s + 1000)).returning('id').execute()));
    }

    const queue = new Queue(TRIAGE_QUEUE, { connection: redisConnectionOptions(REDIS_URL), prefix: `${prefix}:bull` });
    for (let s = 0; s < inserted.length; s += 1000) {
      await queue.addBulk(inserted.slice(s, s + 1000).map((r) => ({ name: 'triage-report', data: { reportId: r.id }, opts: { ...JOB_OPTIONS['triage-report'], jobId: r.id } })));
    }

    const config = loadWorkerConfig({
      DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', METRICS_PORT: String(METRICS_PORT),
      ...(values.concurrency ? { WORKER_CONCURRENCY: values.concurrency } : {}),
      RECONCILE_AFTER_MS: '3600000', RECONCILE_EVERY_MS: '3600000',
      ...(values.batch ? { TRIAGE_BATCH_MAX: values.batch } : {}),
      ...(values['in-flight'] ? { TRIAGE_BATCHES_IN_FLIGHT: values['in-flight'] } : {}),
    });
    const t = Date.now();
    const runStart = new Date();
    const profiler = values['cpu-prof'] ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const cpuStart = process.cpuUsage();
    worker = await startWorker(config, pino({ level: 'warn' }));
    for (;;) {
      const row = await db.selectFrom('reports').select(db.fn.countAll<string>().as('n')).where('status', '=', 'queued').executeTakeFirstOrThrow();
      if (Number(row.n) === 0) break;
      if (Date.now() - t > 600_000) throw new Error('triage did not finish within 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (Date.now() - t) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(values['cpu-prof']!, JSON.stringify(profile));
      profiler.disconnect();
    }
    // The worker runs in this process; its backends were opened during the run, so all their CPU is the run's.
    const pgCpu = await backendCpuSeconds(db, dbName);
    // Seeded incidents have no report rows, so "joined" is read from when the incident was made:
    // before the run (a stored incident) or during it. A joining report that carries links joined
    // by URL (the URL match is tried first); one without joined by claim.
    const breakdown = await db.selectFrom('reports').innerJoin('incidents', 'incidents.id', 'reports.incidentId')
      .select([
        sql<string>`count(*) filter (where incidents.created_at >= ${runStart})`.as('newRumour'),
        sql<string>`count(distinct incidents.id) filter (where incidents.created_at >= ${runStart})`.as('incidentsMade'),
        sql<string>`count(*) filter (where incidents.created_at < ${runStart} and cardinality(reports.urls) > 0)`.as('byUrl'),
        sql<string>`count(*) filter (where incidents.created_at < ${runStart} and cardinality(reports.urls) = 0)`.as('byClaim'),
      ])
      .executeTakeFirstOrThrow();
    const expected = { newRumour: Math.ceil(REPORTS / 3), byUrl: Math.ceil((REPORTS - 1) / 3), byClaim: Math.floor(REPORTS / 3) };
    console.log(`triaged ${REPORTS.toLocaleString('en')} reports with ${INCIDENTS.toLocaleString('en')} incidents stored in ${seconds.toFixed(2)} s: ${(REPORTS / seconds).toFixed(0)} reports/s (concurrency ${config.WORKER_CONCURRENCY}, batches of up to ${config.TRIAGE_BATCH_MAX}, ${config.TRIAGE_BATCHES_IN_FLIGHT} in flight)`);
    const perReport = (s: number) => `${((s * 1000) / REPORTS).toFixed(2)} ms`;
    console.log(`  CPU per report: worker process ${perReport((cpu.user + cpu.system) / 1e6)}, its Postgres backends ${pgCpu === null ? 'n/a' : perReport(pgCpu)}`);
    // The worker's own counters: how many reports were put off for another batch's locks, and batch sizes.
    const metrics = await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`).then((r) => r.text()).catch(() => '');
    const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    const batches = metric('sitroom_triage_batch_size_count');
    console.log(`  batches ${batches} (mean size ${(metric('sitroom_triage_batch_size_sum') / batches).toFixed(1)}); reports put off for another batch's locks ${metric('sitroom_triage_deferred_total')}`);
    console.log(`  new rumours ${breakdown.newRumour} (expected ${expected.newRumour}) in ${breakdown.incidentsMade} new incidents; joined a stored incident by URL ${breakdown.byUrl} (expected ${expected.byUrl}), by claim ${breakdown.byClaim} (expected ${expected.byClaim})`);
    await queue.close();
  } finally {
    await worker?.close();
    await deleteRedisPrefix(prefix);
    await db.destroy();
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
