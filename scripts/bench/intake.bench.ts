/**
 * `pnpm bench:intake`: the intake path alone, for working on it. Starts the real stack (API and
 * worker as child processes, Postgres, Redis) like `pnpm bench`, then measures accepted reports per
 * second at saturation (autocannon, 64 connections) and POST latency at a fixed, evenly paced rate.
 *
 *   pnpm bench:intake [--seconds 10] [--rate 1000] [--no-worker] [--profile DIR]
 *
 * --no-worker  intake alone, with nothing triaging (the queue only grows).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { jsonPoster, paced, reportBody, saturate, summarize } from './load.ts';
import { ROOT, cleanupAll, startBenchStack } from './stack.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '1000' },
    'no-worker': { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const log = (...a: unknown[]) => console.error(`[bench:intake ${new Date().toISOString().slice(11, 19)}]`, ...a);

async function main() {
  const profileDir = args.profile ? resolve(ROOT, args.profile) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const stack = await startBenchStack({ profileDir });
  if (args['no-worker']) await stack.worker.stop('SIGINT');
  const keys = stack.seed.apiKeys;
  try {
    log(`paced: ${rate}/s for ${seconds} s`);
    const poster = jsonPoster(stack.baseUrl);
    const run = await paced(rate, seconds * 1000, async (i) => {
      const res = await poster.post('/api/v1/reports', reportBody(), { authorization: `Bearer ${keys[i % keys.length]}` });
      return res.status;
    });
    await poster.close();
    const lat = summarize(run.latencies);
    // The API's own view of the same requests: its request-duration histogram (cumulative buckets).
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    const buckets = metrics.split('\n')
      .filter((l) => l.startsWith('sitroom_http_request_duration_seconds_bucket{') && l.includes('route="/api/v1/reports"') && l.includes('status="202"'))
      .map((l) => `≤${/le="([^"]+)"/.exec(l)?.[1]}s:${l.split(' ').pop()}`);
    log(`paced: server-side durations (cumulative) ${buckets.join(' ')}`);
    log(`saturation: ${seconds} s, 64 connections`);
    const sat = await saturate(`${stack.baseUrl}/api/v1/reports`, { seconds, headers: { authorization: `Bearer ${keys[0]}` }, body: reportBody });
    const stored = Number((await stack.db.selectFrom('reports').select(stack.db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    console.log(`paced ${rate}/s: sent ${run.sent}, statuses ${JSON.stringify(run.statuses)}, skipped ${run.skipped}, errors ${run.errors}, p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms`);
    console.log(`saturation: ${Math.round(sat.okPerSec)} accepted/s (${sat.ok} 2xx, ${sat.non2xx} non-2xx, ${sat.errors} errors), p50 ${sat.p50} ms, p99 ${sat.p99} ms`);
    console.log(`accepted ${(run.statuses[202] ?? 0) + sat.ok}, stored ${stored}`);
  } finally {
    if (process.env.BENCH_API_LOGS) console.error(stack.api.logs());
    await stack.stop();
    await cleanupAll();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  void cleanupAll().finally(() => process.exit(1));
});
