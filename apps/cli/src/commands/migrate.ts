import { migrateDown, migrateToLatest } from '@sitroom/db';
import { parseCommandArgs } from '../args.ts';
import { CliError, explainDbError, resolveDatabaseUrl } from '../context.ts';

/** Migration failures carry a readable message already (which migration, what went wrong). */
const asCliError = (err: unknown) => {
  const explained = explainDbError(err);
  return Promise.reject(explained instanceof Error && !(explained instanceof CliError) ? new CliError(explained.message) : explained);
};
import type { Command } from './command.ts';

export const migrate: Command = {
  spec: { name: 'migrate', summary: 'apply every pending database migration', usage: 'migrate', options: {} },
  async run(argv, ctx) {
    parseCommandArgs(this.spec, argv);
    const lines = await migrateToLatest(resolveDatabaseUrl(ctx)).catch(asCliError);
    for (const line of lines) ctx.out(line);
    ctx.out(lines.length ? `${lines.length} migration(s) applied` : 'database is up to date');
  },
};

export const migrateDownCommand: Command = {
  spec: { name: 'migrate:down', summary: 'revert the newest migration', usage: 'migrate:down', options: {} },
  async run(argv, ctx) {
    parseCommandArgs(this.spec, argv);
    const lines = await migrateDown(resolveDatabaseUrl(ctx)).catch(asCliError);
    for (const line of lines) ctx.out(line);
    if (lines.length === 0) ctx.out('nothing to revert');
  },
};
