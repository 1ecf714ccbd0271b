import { existsSync, readFileSync } from 'node:fs';
import { createDb, type Db } from '@sitroom/db';
import type { CliConfig } from './config.ts';
import { LOCAL_SERVICES_FILE } from './paths.ts';

/** A failure the operator can act on: printed without a stack trace, exit status 1. */
export class CliError extends Error {}

export interface CommandContext {
  config: CliConfig;
  /** Normal output (stdout). */
  out: (line: string) => void;
  /** Notes and warnings (stderr). */
  note: (line: string) => void;
}

export interface LocalServices {
  pid: number;
  databaseUrl: string;
  redisUrl: string;
}

/** What a running `sitroom start` is using, if one is running (it writes the file and removes it on exit). */
export function readLocalServices(): LocalServices | undefined {
  if (!existsSync(LOCAL_SERVICES_FILE)) return undefined;
  try {
    const state = JSON.parse(readFileSync(LOCAL_SERVICES_FILE, 'utf8')) as LocalServices;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}

/** DATABASE_URL, or else the database of a running `sitroom start`. */
export function resolveDatabaseUrl(ctx: CommandContext): string {
  if (ctx.config.DATABASE_URL) return ctx.config.DATABASE_URL;
  const local = readLocalServices();
  if (local) {
    ctx.note(`DATABASE_URL is not set; using the database of the running \`sitroom start\` (pid ${local.pid}).`);
    return local.databaseUrl;
  }
  throw new CliError(
    'DATABASE_URL is not set and no `pnpm start` is running.\n' +
      '  Set it, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/sitroom pnpm sitroom <command>,\n' +
      '  or run `pnpm start` in another terminal first.',
  );
}

/** Opens the database for one command and closes it afterwards. */
export async function withDb<T>(ctx: CommandContext, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(resolveDatabaseUrl(ctx), { max: 2, applicationName: 'sitroom-cli' });
  try {
    return await fn(db);
  } catch (err) {
    throw explainDbError(err);
  } finally {
    await db.destroy();
  }
}

/** Turns the usual connection failures into something an operator can fix. */
export function explainDbError(err: unknown): unknown {
  const e = err as { code?: string; message?: string };
  const network = e?.code ?? /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH)\b/.exec(e?.message ?? '')?.[1];
  if (network && /^E[A-Z]+$/.test(network)) {
    return new CliError(`cannot reach Postgres (${network}); check DATABASE_URL and that the server is running`);
  }
  if (typeof e?.message === 'string' && e.message.startsWith('connection timeout')) return new CliError('cannot reach Postgres (timeout); check DATABASE_URL');
  if (e?.code === '3D000') return new CliError(`the database does not exist: ${e.message}`);
  if (e?.code === '28P01' || e?.code === '28000') return new CliError(`Postgres refused the credentials: ${e.message}`);
  if (e?.code === '42P01') return new CliError(`a table is missing (${e.message}); run \`pnpm sitroom migrate\` first`);
  return err;
}
