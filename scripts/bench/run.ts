/**
 * `pnpm bench`: the real stack (API, worker, Postgres, Redis) on loopback, driven at fixed rates and
 * at saturation, next to this machine's raw ceilings and a bare pipeline measured in the same run.
 * Prints one table.
 *
 *   pnpm bench [--duration 60] [--quick] [--profile DIR] [--skip-triage] [--out FILE] [--low-rate 50]
 *
 * --quick      ~10 s per fixed-rate phase and a smaller triage run, for trying things out.
 * --profile    writes `--cpu-prof` profiles of the API and worker (the whole stack run) into DIR.
 * --out        also writes the table (Markdown) to FILE.
 * --low-rate   end to end is also measured at this rate (reports/s), one triage keeps up with, before 500/s.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { sql } from 'kysely';
import { postgresInserts, redisPings } from './ceilings.ts';
import { injectStream, injectUpdates, openDashboards, type Collected } from './fanout.ts';
import { jsonPoster, nowMs, paced, reportBody, saturate, summarize, type Summary } from './load.ts';
import { Child, REDIS_URL, ROOT, cleanupAll, createBenchDatabase, freePort, redisPrefix, sleep, startBenchStack, until, type BenchStack } from './stack.ts';
import { ms, num, perSec, ratio, renderTable, verdict, type Row } from './table.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string' },
    quick: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'skip-triage': { type: 'boolean', default: false },
    out: { type: 'string' },
    dashboards: { type: 'string', default: '1000' },
    'low-rate': { type: 'string', default: '50' },
  },
});
const QUICK = args.quick;
const DURATION_S = Number(args.duration ?? (QUICK ? 10 : 60));
const SHORT_S = Math.min(DURATION_S, QUICK ? 10 : 30);
const FANOUT_S = QUICK ? 10 : 20;
const SATURATE_S = QUICK ? 5 : 10;
const DASHBOARDS = Number(args.dashboards);
/** A rate triage keeps up with here, to show the pipeline's latency when it is not behind. */
const LOW_RATE = Number(args['low-rate']);
const log = (...a: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

interface E2E {
  rate: number;
  post: Summary;
  e2e: Summary;
  accepted: number;
  delivered: number;
  skipped: number;
  errors: number;
  statuses: Record<number, number>;
}

/** Listens for the events that carry a report id, and records when each arrived. */
function eventListener(url: string, names: string[], opts: { cookie?: string }): Promise<{ socket: Socket; arrivals: Map<string, number>; last: { event: any } }> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: opts.cookie ? { cookie: opts.cookie } : {} });
  const arrivals = new Map<string, number>();
  const last = { event: null as any };
  for (const name of names) {
    socket.on(name, (e: any) => {
      if (typeof e?.reportId === 'string' && !arrivals.has(e.reportId)) arrivals.set(e.reportId, nowMs());
      last.event = e;
    });
  }
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('event socket not ready')), 15_000);
    socket.on('ready', () => {
      clearTimeout(t);
      resolve({ socket, arrivals, last });
    });
    socket.on('connect_error', (err) => reject(err));
  });
}

/** POSTs at `rate` for `seconds`, and times each report from its POST to its live event. */
async function endToEnd(origin: string, path: string, headersFor: (i: number) => Record<string, string>, arrivals: Map<string, number>, rate: number, seconds: number): Promise<E2E> {
  const poster = jsonPoster(origin);
  const sentAt = new Map<string, number>();
  try {
    const r = await paced(rate, seconds * 1000, async (i) => {
      const t0 = nowMs();
      const res = await poster.post(path, reportBody(), headersFor(i));
      if (res.status === 202 && res.json?.id) sentAt.set(res.json.id, t0);
      return res.status;
    });
    await until(() => [...sentAt.keys()].every((id) => arrivals.has(id)), 'every accepted report to reach the dashboard', 20_000, 200).catch(() => log('  some events did not arrive within 20 s'));
    const lat: number[] = [];
    for (const [id, t0] of sentAt) {
      const t = arrivals.get(id);
      if (t !== undefined) lat.push(t - t0);
    }
    return { rate, post: summarize(r.latencies), e2e: summarize(lat), accepted: sentAt.size, delivered: lat.length, skipped: r.skipped, errors: r.errors, statuses: r.statuses };
  } finally {
    await poster.close();
  }
}

/** Accepted == stored == triaged, once the queue has drained (bounded wait). */
async function lossCheck(stack: BenchStack, accepted: number, timeoutMs = 120_000) {
  const counts = async () => {
    const row = await stack.db.selectFrom('reports').select([
      sql<string>`count(*)`.as('stored'),
      sql<string>`count(*) filter (where status = 'triaged')`.as('triaged'),
      sql<string>`count(*) filter (where status = 'failed')`.as('failed'),
    ]).executeTakeFirstOrThrow();
    return { stored: Number(row.stored), triaged: Number(row.triaged), failed: Number(row.failed) };
  };
  const start = Date.now();
  let c = await counts();
  while (c.triaged + c.failed < c.stored && Date.now() - start < timeoutMs) {
    await sleep(500);
    c = await counts();
  }
  return { accepted, ...c, drainSeconds: (Date.now() - start) / 1000, ok: accepted === c.stored && c.stored === c.triaged };
}

function machine(): string {
  const run = (cmd: string, a: string[]) => new Promise<string>((res) => {
    const p = spawn(cmd, a, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', () => res(out.trim()));
    p.on('error', () => res('n/a'));
  });
  return [
    `- CPU: ${cpus()[0]?.model ?? 'n/a'}, ${cpus().length} cores (nproc); RAM ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free at start)`,
    `- Node ${process.version}`,
  ].join('\n');
}

async function versions(stack: BenchStack): Promise<string> {
  const pg = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(stack.db);
  const { Redis } = await import('ioredis');
  const r = new Redis(REDIS_URL);
  const info = await r.info('server');
  r.disconnect();
  return `- PostgreSQL ${pg.rows[0]?.v}, Redis ${/redis_version:(\S+)/.exec(info)?.[1]}`;
}

/** An incident summary shaped like the ones the worker publishes (about 1 KB as JSON). */
function sampleIncident() {
  const now = new Date().toISOString();
  return {
    id: randomUUID(), version: 1, title: 'Denuncian traslado de la mesa 1234 del recinto Colegio Nacional en La Paz sin aviso previo',
    status: 'triaged', priority: 'P2', severity: 55, category: 'voting_process', region: 'LP', language: 'es', platform: 'facebook', tlp: 'amber',
    deskId: randomUUID(), deskName: 'General desk', assigneeId: null, reportCount: 1, organisationCount: 1,
    firstReportedAt: now, lastReportedAt: now, triagedAt: now, updatedAt: now, acknowledgedAt: null, rebuttedAt: null,
    sla: { acknowledgeBy: now, rebuttalBy: now, acknowledgeBreachedAt: null, rebuttalBreachedAt: null, escalationLevel: 0 },
  };
}

async function triageBench(extra: string[] = []): Promise<{ perSec: number | null; line: string }> {
  const reports = QUICK ? '1000' : '2000';
  return new Promise((res) => {
    const child = new Child('bench:triage', 'scripts/bench/triage.bench.ts', {}, [], ['--incidents', '100000', '--reports', reports, ...extra]);
    const timer = setTimeout(() => void child.stop('SIGTERM'), 300_000);
    void child.exited.then(() => {
      clearTimeout(timer);
      const line = /triaged .* reports\/s[^\n]*/.exec(child.logs())?.[0] ?? child.logs().slice(-500);
      const m = /: ([\d.]+) reports\/s/.exec(line);
      res({ perSec: m ? Number(m[1]) : null, line });
    });
  });
}

async function main() {
  const started = Date.now();
  const rows: Row[] = [];
  const notes: string[] = [];

  // ---- Raw ceilings -------------------------------------------------------------------------------
  log('ceilings: Postgres inserts, Redis round trips');
  const ceilingDb = await createBenchDatabase();
  const pgInserts = await postgresInserts(ceilingDb.url);
  const pings = await redisPings(REDIS_URL);

  // ---- Bare pipeline ------------------------------------------------------------------------------
  log('bare pipeline: Fastify route, queue.add route, insert-and-emit worker');
  const barePrefix = redisPrefix();
  const barePort = await freePort();
  const bareEnv = { PORT: String(barePort), DATABASE_URL: ceilingDb.url, REDIS_URL, PREFIX: barePrefix };
  const bareWorker = new Child('bare-worker', 'scripts/bench/bare.ts', { ...bareEnv, ROLE: 'worker' });
  await bareWorker.next((m) => m.ready, 30_000);
  const bareApi = new Child('bare-api', 'scripts/bench/bare.ts', { ...bareEnv, ROLE: 'api' });
  await bareApi.next((m) => m.ready, 30_000);
  const bareOrigin = `http://127.0.0.1:${barePort}`;
  // Paced runs first: saturation leaves a backlog in the bare worker that would skew them.
  const bareListener = await eventListener(bareOrigin, ['done'], {});
  const bare500 = await endToEnd(bareOrigin, '/r', () => ({}), bareListener.arrivals, 500, SHORT_S);
  const bare1000 = await endToEnd(bareOrigin, '/r', () => ({}), bareListener.arrivals, 1000, SHORT_S);
  bareListener.socket.close();
  const bareFastify = await saturate(`${bareOrigin}/echo`, { seconds: SATURATE_S, body: reportBody });
  const bareIntake = await saturate(`${bareOrigin}/r`, { seconds: SATURATE_S, body: reportBody });
  log('bare pipeline: one broadcast to', DASHBOARDS, 'sockets');
  const bareDash = await openDashboards(bareOrigin, '', DASHBOARDS, false);
  await bareDash.reset();
  await injectUpdates(barePrefix, 'all', 'done', { reportId: null }, 20);
  const bareFan = (await bareDash.collect()).probe;
  await bareDash.close();
  await Promise.all([bareApi.stop(), bareWorker.stop()]);

  // ---- The real stack -----------------------------------------------------------------------------
  const profileDir = args.profile ? resolve(ROOT, args.profile) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  log('stack: starting API and worker', profileDir ? `(profiles into ${profileDir})` : '');
  const stack = await startBenchStack({ profileDir });
  const stackStart = Date.now();
  let stackEnd = 0;
  const stackSeconds = () => ((stackEnd || Date.now()) - stackStart) / 1000;
  const keys = stack.seed.apiKeys;
  const auth = (i: number) => ({ authorization: `Bearer ${keys[i % keys.length]}` });
  const origin = stack.baseUrl;
  let accepted = 0;

  // Fan-out first, on a quiet stack: one update to many dashboards, then a stream of 500 events/s
  // published as the worker publishes them, per-event and batched.
  const template = { eventId: 0, type: 'incident.updated', incidentId: randomUUID(), version: 1, at: new Date().toISOString(), reportId: null, incident: sampleIncident() };
  const fanOne: Record<string, Collected['probe']> = {};
  const fanLoad: Record<string, Collected> = {};
  for (const batch of [false, true]) {
    const mode = batch ? 'batched' : 'per-event';
    log(`fan-out (${mode}): opening ${DASHBOARDS} dashboard sockets`);
    const dash = await openDashboards(origin, stack.cookie, DASHBOARDS, batch);
    if (dash.failed) notes.push(`fan-out ${mode}: ${dash.failed} of ${DASHBOARDS} sockets failed to connect`);
    await dash.reset();
    await injectUpdates(stack.prefix, 'incidents:all', 'incident.updated', template, 20);
    fanOne[mode] = (await dash.collect()).probe;
    log(`fan-out (${mode}): 500 events/s for ${FANOUT_S} s to ${DASHBOARDS} dashboards`);
    // Each socket parses 1 message in 10 (in both modes), so the simulated dashboards, which share
    // the two cores with the server, stay cheaper than what they measure.
    await dash.reset(10);
    const lastFrom = nowMs() + (FANOUT_S * 1000 * 2) / 3;
    await injectStream(stack.prefix, template, 500, FANOUT_S);
    await sleep(3_000);
    fanLoad[mode] = await dash.collect(lastFrom);
    await dash.close();
  }

  const listener = await eventListener(origin, ['incident.created', 'incident.updated'], { cookie: stack.cookie });
  log(`end to end: ${LOW_RATE} reports/s for ${SHORT_S} s`);
  const eLow = await endToEnd(origin, '/api/v1/reports', auth, listener.arrivals, LOW_RATE, SHORT_S);
  accepted += eLow.accepted;
  log(`end to end: 500 reports/s for ${DURATION_S} s`);
  const e500 = await endToEnd(origin, '/api/v1/reports', auth, listener.arrivals, 500, DURATION_S);
  accepted += e500.accepted;
  const loss500 = await lossCheck(stack, accepted, 15_000);
  log(`end to end: 1,000 reports/s for ${SHORT_S} s`);
  const e1000 = await endToEnd(origin, '/api/v1/reports', auth, listener.arrivals, 1000, SHORT_S);
  accepted += e1000.accepted;
  listener.socket.close();

  log(`intake: saturation for ${SATURATE_S} s (autocannon, 64 connections)`);
  const saturation = await saturate(`${origin}/api/v1/reports`, { seconds: SATURATE_S, headers: { authorization: `Bearer ${keys[0]}` }, body: reportBody });
  accepted += saturation.ok;
  log('waiting (bounded) for the worker to drain');
  const lossAll = await lossCheck(stack, accepted, QUICK ? 30_000 : 60_000);
  const versionLine = await versions(stack);
  stackEnd = Date.now();
  await stack.stop();

  // ---- Triage with 100,000 incidents (the triage owner's bench, spawned) ---------------------------
  let triage: { perSec: number | null; line: string } = { perSec: null, line: 'skipped' };
  let triagePlain: { perSec: number | null; line: string } = { perSec: null, line: 'skipped' };
  if (!args['skip-triage']) {
    log('triage: pnpm bench:triage with 100,000 incidents');
    triage = await triageBench();
    log('triage: pnpm bench:triage --plain-claims with 100,000 incidents');
    triagePlain = await triageBench(['--plain-claims']);
  }

  // ---- The table ----------------------------------------------------------------------------------
  const target = (ok: boolean | null, text: string) => ({ target: text, verdict: verdict(ok) });
  rows.push(
    { section: 'intake', measure: `accepted reports/s at saturation (64 conns, ${SATURATE_S} s)`, value: perSec(saturation.okPerSec), reference: `${perSec(bareIntake.okPerSec)} bare queue.add route`, ratio: ratio(saturation.okPerSec, bareIntake.okPerSec), ...target(saturation.okPerSec >= 4000, '>= 4,000/s') },
    { section: 'intake', measure: '  same, vs a bare Fastify JSON route', value: perSec(saturation.okPerSec), reference: `${perSec(bareFastify.okPerSec)} bare route`, ratio: ratio(saturation.okPerSec, bareFastify.okPerSec) },
    { section: 'intake', measure: 'POST p50 at 1,000/s (paced)', value: ms(e1000.post.p50), reference: ms(bare1000.post.p50), ratio: ratio(e1000.post.p50, bare1000.post.p50) },
    { section: 'intake', measure: 'POST p99 at 1,000/s (paced)', value: ms(e1000.post.p99), reference: ms(bare1000.post.p99), ratio: ratio(e1000.post.p99, bare1000.post.p99), ...target(e1000.post.p99 < 25, '< 25 ms') },
    { section: 'end to end', measure: `POST → socket event p50 / p99 at ${LOW_RATE}/s (${SHORT_S} s; POST p50 / p99)`, value: `${ms(eLow.e2e.p50)} / ${ms(eLow.e2e.p99)} (${ms(eLow.post.p50)} / ${ms(eLow.post.p99)})` },
    { section: 'end to end', measure: `POST → socket event p50 at 500/s (${DURATION_S} s)`, value: ms(e500.e2e.p50), reference: ms(bare500.e2e.p50), ratio: ratio(e500.e2e.p50, bare500.e2e.p50), ...target(e500.e2e.p50 < 10, '< 10 ms') },
    { section: 'end to end', measure: `POST → socket event p99 at 500/s (${DURATION_S} s)`, value: ms(e500.e2e.p99), reference: ms(bare500.e2e.p99), ratio: ratio(e500.e2e.p99, bare500.e2e.p99), ...target(e500.e2e.p99 < 50, '< 50 ms') },
    { section: 'end to end', measure: `POST → socket event p50 at 1,000/s (${SHORT_S} s)`, value: ms(e1000.e2e.p50), reference: ms(bare1000.e2e.p50), ratio: ratio(e1000.e2e.p50, bare1000.e2e.p50) },
    { section: 'end to end', measure: `POST → socket event p99 at 1,000/s (${SHORT_S} s)`, value: ms(e1000.e2e.p99), reference: ms(bare1000.e2e.p99), ratio: ratio(e1000.e2e.p99, bare1000.e2e.p99), ...target(e1000.e2e.p99 < 150, '< 150 ms') },
    { section: 'end to end', measure: `accepted = stored = triaged, 15 s after the 500/s run`, value: `${num(loss500.accepted)} = ${num(loss500.stored)} = ${num(loss500.triaged)}`, ...target(loss500.ok && e500.delivered === e500.accepted, 'zero loss') },
    { section: 'end to end', measure: 'events delivered / accepted at 500/s; at 1,000/s', value: `${num(e500.delivered)} / ${num(e500.accepted)}; ${num(e1000.delivered)} / ${num(e1000.accepted)}` },
  );
  for (const mode of ['per-event', 'batched'] as const) {
    const one = fanOne[mode]!;
    const load = fanLoad[mode]!;
    rows.push(
      { section: 'fan-out', measure: `one update → ${num(DASHBOARDS)} sockets p50 (${mode})`, value: ms(one.p50), reference: ms(bareFan.p50), ratio: ratio(one.p50, bareFan.p50) },
      { section: 'fan-out', measure: `one update → ${num(DASHBOARDS)} sockets p99 (${mode})`, value: ms(one.p99), reference: ms(bareFan.p99), ratio: ratio(one.p99, bareFan.p99), ...target(one.p99 !== null && one.p99 < 100, '< 100 ms') },
      { section: 'fan-out', measure: `500 events/s, ${num(DASHBOARDS)} dashboards: triage → screen p50 / p99 (${mode})`, value: `${ms(load.lag.p50)} / ${ms(load.lag.p99)}`, ...target(load.lag.p99 !== null && load.lag.p99 < 500, 'p99 < 500 ms') },
      { section: 'fan-out', measure: `  last third of the run p99 / max; messages per socket (${mode})`, value: `${ms(load.lagLast.p99)} / ${ms(load.lag.max)}; ${num(load.messagesPerSocket.min)}-${num(load.messagesPerSocket.max)}`, ...target(load.lagLast.p99 !== null && load.lagLast.p99 < 500 && load.open === load.sockets, 'not falling behind') },
    );
  }
  rows.push(
    { section: 'triage', measure: 'reports triaged/s with 100,000 incidents (bench:triage)', value: perSec(triage.perSec), reference: `${perSec(pgInserts)} pg single-row inserts`, ratio: ratio(triage.perSec, pgInserts), ...target(triage.perSec === null ? null : triage.perSec >= 1000, '>= 1,000/s') },
    { section: 'triage', measure: '  same, stored claims without numbers (--plain-claims)', value: perSec(triagePlain.perSec), reference: `${perSec(pgInserts)} pg single-row inserts`, ratio: ratio(triagePlain.perSec, pgInserts), ...target(triagePlain.perSec === null ? null : triagePlain.perSec >= 1000, '>= 1,000/s') },
    { section: 'triage', measure: 'whole run: accepted = stored = triaged (after a bounded drain)', value: `${num(lossAll.accepted)} = ${num(lossAll.stored)} = ${num(lossAll.triaged)} (${num(lossAll.failed)} failed)`, ...target(lossAll.ok, 'zero loss') },
    { section: 'triage', measure: 'sustained triage rate over the whole stack run', value: perSec(lossAll.triaged / stackSeconds()) },
    { section: 'ceilings', measure: 'Postgres single-row inserts/s (pg, one connection)', value: '', reference: perSec(pgInserts) },
    { section: 'ceilings', measure: 'Redis PING round trips/s, one by one / pipelined ×100', value: '', reference: `${perSec(pings.single)} / ${perSec(pings.pipelined)}` },
    { section: 'ceilings', measure: 'bare Fastify JSON route req/s (autocannon)', value: '', reference: perSec(bareFastify.okPerSec) },
    { section: 'ceilings', measure: 'bare pipeline: queue.add route req/s; e2e p50/p99 at 500/s; at 1,000/s', value: '', reference: `${perSec(bareIntake.okPerSec)}; ${ms(bare500.e2e.p50)}/${ms(bare500.e2e.p99)}; ${ms(bare1000.e2e.p50)}/${ms(bare1000.e2e.p99)}` },
  );

  const table = renderTable(rows);
  const detail = [
    `${LOW_RATE}/s: accepted ${num(eLow.accepted)}, delivered ${num(eLow.delivered)}, statuses ${JSON.stringify(eLow.statuses)}, skipped ${eLow.skipped}, errors ${eLow.errors}`,
    `500/s: sent ${num(e500.accepted + e500.skipped)}, accepted ${num(e500.accepted)}, delivered ${num(e500.delivered)}, statuses ${JSON.stringify(e500.statuses)}, skipped ${e500.skipped}, errors ${e500.errors}`,
    `1000/s: accepted ${num(e1000.accepted)}, delivered ${num(e1000.delivered)}, statuses ${JSON.stringify(e1000.statuses)}, skipped ${e1000.skipped}, errors ${e1000.errors}`,
    `saturation: ${num(saturation.ok)} 2xx, ${num(saturation.non2xx)} non-2xx, ${saturation.errors} errors, latency p50 ${ms(saturation.p50)} p99 ${ms(saturation.p99)}`,
    ...['per-event', 'batched'].map((m) => `fan-out ${m}: ${fanLoad[m]!.open}/${fanLoad[m]!.sockets} sockets open at the end, ${num(fanLoad[m]!.lag.n)} lag samples`),
    `triage: ${triage.line}`,
    `triage (--plain-claims): ${triagePlain.line}`,
    ...notes,
    `whole run: ${((Date.now() - started) / 1000).toFixed(0)} s`,
  ].map((l) => `- ${l}`).join('\n');
  const out = `${table}\n\n${detail}\n\nMachine:\n${machine()}\n${versionLine}\n`;
  console.log(out);
  if (args.out) writeFileSync(resolve(ROOT, args.out), out);
}

let exiting = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    log(`${signal}: cleaning up`);
    void cleanupAll().finally(() => process.exit(130));
  });
}
main().then(
  () => cleanupAll(),
  async (err: unknown) => {
    console.error(err);
    await cleanupAll();
    process.exitCode = 1;
  },
).finally(() => setTimeout(() => process.exit(), 500).unref());
