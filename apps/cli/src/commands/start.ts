import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDb, migrateToLatest } from '@sitroom/db';
import { z } from 'zod';
import { parseCommandArgs, validateOptions } from '../args.ts';
import { CliError, explainDbError, type CommandContext, type LocalServices } from '../context.ts';
import { DEMO_PASSWORD, DEMO_USERS } from '../demo/directory.ts';
import { runDemoStream } from '../demo/stream.ts';
import { DATA_DIR, LOCAL_SERVICES_FILE, REPO_ROOT } from '../paths.ts';
import { spawnApp, type AppProcess } from '../processes.ts';
import { ensurePostgres, ensureRedis, isPortFree, redactUrl, ServiceError, type PostgresHandle, type RedisHandle } from '../services/index.ts';
import type { Command } from './command.ts';
import { apiBaseUrl } from './demo-stream.ts';
import { printSeedResult, seedDemo } from './seed-demo.ts';

const API_ENTRY = 'apps/api/src/server.ts';
const WORKER_ENTRY = 'apps/worker/src/main.ts';
const READY_TIMEOUT_MS = 60_000;

async function waitForReady(baseUrl: string, apps: AppProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let crashed: string | undefined;
  for (const app of apps) void app.exited.then((code) => (crashed ??= `${app.name} exited (${code})`));
  while (Date.now() < deadline) {
    if (crashed) throw new CliError(`${crashed} before the API was ready; see its output above`);
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new CliError(`the API did not answer ${baseUrl}/readyz with 200 within ${timeoutMs / 1000} s`);
}

function banner(ctx: CommandContext, info: { baseUrl: string; pg: PostgresHandle; redis: RedisHandle; demo: boolean }) {
  const { baseUrl } = info;
  const dashboardBuilt = existsSync(path.join(REPO_ROOT, 'apps/dashboard/dist/index.html'));
  const lines = [
    '',
    '  Sitroom is running',
    '',
    `  Dashboard      ${baseUrl}/${dashboardBuilt ? '' : '   (not built: run `pnpm start`, which builds it, or `pnpm --filter @sitroom/dashboard build`)'}`,
    `  API docs       ${baseUrl}/docs`,
    `  Postgres       ${redactUrl(info.pg.url)} (${info.pg.source})`,
    `  Redis          ${info.redis.url} (${info.redis.source})`,
    '',
    `  Demo sign-ins, all with the DEMO password "${DEMO_PASSWORD}":`,
    ...DEMO_USERS.map((u) => `    ${u.email.padEnd(24)} ${u.roles.join(', ')}${u.desk ? ` (${u.desk})` : ''}`),
    '',
    '  An API key for an organisation (printed once), from another terminal:',
    `    pnpm sitroom key:create --org "Chequea Bolivia" --label my-tool`,
    '    (while this runs, sitroom commands find its database without DATABASE_URL)',
    '',
    '  File a report:',
    `    curl -i ${baseUrl}/api/v1/reports \\`,
    `      -H "Authorization: Bearer $SITROOM_KEY" -H 'content-type: application/json' \\`,
    `      -d '{"claim":"Polling stations close at noon","platform":"whatsapp","language":"en","category":"voting_process","region":"LP"}'`,
    '',
    info.demo ? '  Demo reports are streaming below (pnpm start --no-demo to turn them off). Ctrl-C stops everything.' : '  Ctrl-C stops everything.',
    '',
  ];
  if (info.pg.source === 'embedded') lines.splice(lines.length - 1, 0, '  The embedded Postgres keeps its data in .data/pg and its password in .data/pg-auth.json.', '');
  ctx.out(lines.join('\n'));
}

export const start: Command = {
  spec: {
    name: 'start',
    summary: 'run everything locally: Postgres, Redis, migrations, demo data, API, worker and a demo stream',
    usage: 'start [--no-demo] [--rate <demo reports/second, default 0.5>]',
    options: { 'no-demo': { type: 'boolean', default: false }, rate: { type: 'string', default: '0.5' } },
  },
  async run(argv, ctx) {
    const { values } = parseCommandArgs(this.spec, argv);
    const options = validateOptions(this.spec, z.object({ 'no-demo': z.boolean(), rate: z.coerce.number({ error: 'must be a number' }).positive().max(200) }), values);
    const { config } = ctx;
    const baseUrl = apiBaseUrl(config);
    const say = (line: string) => ctx.note(`[sitroom] ${line}`);

    for (const entry of [API_ENTRY, WORKER_ENTRY]) {
      if (!existsSync(path.join(REPO_ROOT, entry))) throw new CliError(`${entry} does not exist yet; cannot start the system`);
    }
    if (!(await isPortFree(config.PORT, config.HOST === 'localhost' ? '127.0.0.1' : config.HOST))) {
      throw new CliError(`port ${config.PORT} on ${config.HOST} is taken; stop what uses it or set PORT, e.g. PORT=3100 pnpm start`);
    }

    // Everything started so far, stopped in reverse order on the way out.
    const apps: AppProcess[] = [];
    let pg: PostgresHandle | undefined;
    let redis: RedisHandle | undefined;
    const demo = new AbortController();
    let shuttingDown: Promise<void> | undefined;
    const shutdown = () =>
      (shuttingDown ??= (async () => {
        demo.abort();
        if (apps.length) say('stopping the API and worker');
        await Promise.all(apps.map((a) => a.stop()));
        if (redis?.source === 'spawned') say('stopping Redis');
        await redis?.stop();
        if (pg?.source === 'embedded') say('stopping the embedded Postgres');
        await pg?.stop();
        await rm(LOCAL_SERVICES_FILE, { force: true });
      })());

    let exitStatus = 0;
    let interrupted = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (interrupted) {
        say(`${signal} again: killing everything now`);
        for (const a of apps) a.child.kill('SIGKILL');
        process.exit(130);
      }
      interrupted = true;
      say(`${signal}: shutting down (press Ctrl-C again to force)`);
      void shutdown();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    try {
      await mkdir(DATA_DIR, { recursive: true });
      say('looking for Postgres');
      pg = await ensurePostgres({ databaseUrl: config.DATABASE_URL, dataDir: DATA_DIR, log: say });
      say(`Postgres: ${redactUrl(pg.url)} (${pg.source})`);
      if (interrupted) return await shutdownAndExit(shutdown);

      say('looking for Redis');
      redis = await ensureRedis({ redisUrl: config.REDIS_URL, dataDir: path.join(DATA_DIR, 'redis'), log: say });
      say(`Redis: ${redis.url} (${redis.source})`);
      if (interrupted) return await shutdownAndExit(shutdown);

      const state: LocalServices = { pid: process.pid, databaseUrl: pg.url, redisUrl: redis.url };
      await writeFile(LOCAL_SERVICES_FILE, `${JSON.stringify(state)}\n`, { mode: 0o600 });

      for (const line of await migrateToLatest(pg.url).catch((err) => Promise.reject(explainDbError(err)))) say(line);
      const db = createDb(pg.url, { max: 2, applicationName: 'sitroom-cli' });
      try {
        const seeded = await seedDemo(db, { ensureUsableKeys: !options['no-demo'] });
        printSeedResult(seeded, say, { signIns: false });
        if (!options['no-demo'] && seeded.usableKeys.length === 0) say('no usable demo keys; the demo stream stays off');
        if (interrupted) return await shutdownAndExit(shutdown);

        const env: Record<string, string> = {
          ...config.inheritedEnv,
          DATABASE_URL: pg.url,
          REDIS_URL: redis.url,
          REDIS_PREFIX: config.REDIS_PREFIX,
          PORT: String(config.PORT),
          HOST: config.HOST,
          SESSION_SECRET: config.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
          // Quiet by default so the demo lines stay readable; LOG_LEVEL=info pnpm start shows requests.
          LOG_LEVEL: config.LOG_LEVEL ?? 'warn',
          // Plain http on this machine: a Secure cookie would not be sent back by every browser.
          COOKIE_SECURE: config.inheritedEnv.COOKIE_SECURE ?? 'false',
          // Desk webhooks link to incidents on this dashboard.
          DASHBOARD_URL: config.inheritedEnv.DASHBOARD_URL ?? baseUrl,
        };
        const write = (line: string) => process.stdout.write(`${line}\n`);
        say('starting the API and the worker');
        apps.push(spawnApp({ name: 'api', entry: API_ENTRY, cwd: REPO_ROOT, env, write }));
        apps.push(spawnApp({ name: 'worker', entry: WORKER_ENTRY, cwd: REPO_ROOT, env, write }));
        await waitForReady(baseUrl, apps, READY_TIMEOUT_MS);
        if (interrupted) return await shutdownAndExit(shutdown);

        const runDemo = !options['no-demo'] && seeded.usableKeys.length > 0;
        banner(ctx, { baseUrl, pg, redis, demo: runDemo });

        // From here on, a child that dies takes the whole system down: half a system misleads.
        const crashed = Promise.race(apps.map((a) => a.exited.then((code) => ({ app: a.name, code }))));
        void crashed.then(({ app, code }) => {
          if (shuttingDown) return;
          say(`${app} exited unexpectedly (${code}); stopping everything`);
          exitStatus = 1;
          void shutdown();
        });

        if (runDemo) {
          await runDemoStream({
            baseUrl,
            keys: seeded.usableKeys,
            rate: options.rate,
            burst: 12,
            signal: demo.signal,
            log: (line) => write(`[demo] ${line}`),
          }).catch((err: Error) => say(`demo stream stopped: ${err.message}`));
        }
      } finally {
        await db.destroy();
      }
      await new Promise<void>((resolve) => {
        if (shuttingDown) resolve();
        else void Promise.race(apps.map((a) => a.exited)).then(() => resolve());
        demo.signal.addEventListener('abort', () => resolve());
      });
      await shutdown();
      say('stopped');
      return exitStatus;
    } catch (err) {
      await shutdown();
      if (err instanceof ServiceError) throw new CliError(err.message);
      throw err;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

async function shutdownAndExit(shutdown: () => Promise<void>): Promise<number> {
  await shutdown();
  return 130;
}
