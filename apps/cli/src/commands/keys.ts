import { createApiKey, findApiKeysByIdOrPrefix, findOrganisationByName, generateApiKey, listApiKeys, revokeApiKey } from '@sitroom/db';
import { z } from 'zod';
import { parseCommandArgs, validateOptions } from '../args.ts';
import { CliError, withDb } from '../context.ts';
import type { Command } from './command.ts';

const date = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '-');

export const keyCreate: Command = {
  spec: {
    name: 'key:create',
    summary: 'create an API key for an organisation (printed once)',
    usage: 'key:create --org <organisation> [--label <label>]',
    options: { org: { type: 'string' }, label: { type: 'string' } },
  },
  async run(argv, ctx) {
    const { values } = parseCommandArgs(this.spec, argv);
    const input = validateOptions(
      this.spec,
      z.object({
        org: z.string({ error: 'is required (the organisation name)' }).trim().min(1),
        label: z.string().trim().min(1).max(100).default('cli'),
      }),
      values,
    );
    const { key, row, orgName } = await withDb(ctx, async (db) => {
      const org = await findOrganisationByName(db, input.org);
      if (!org) throw new CliError(`no organisation named "${input.org}"`);
      const { key, prefix, hash } = generateApiKey();
      const row = await createApiKey(db, { organisationId: org.id, label: input.label, prefix, keyHash: hash });
      return { key, row, orgName: org.name };
    });
    ctx.out(`created API key ${row.prefix} "${row.label}" for ${orgName} (id ${row.id})`);
    ctx.out('');
    ctx.out(`  ${key}`);
    ctx.out('');
    ctx.out('Copy it now: it cannot be shown again (only its hash is stored). Use it as "Authorization: Bearer <key>".');
  },
};

export const keyList: Command = {
  spec: {
    name: 'key:list',
    summary: 'list API keys (never the keys themselves)',
    usage: 'key:list [--org <organisation>]',
    options: { org: { type: 'string' } },
  },
  async run(argv, ctx) {
    const { values } = parseCommandArgs(this.spec, argv);
    const input = validateOptions(this.spec, z.object({ org: z.string().trim().min(1).optional() }), values);
    const rows = await withDb(ctx, async (db) => {
      let orgId: string | undefined;
      if (input.org !== undefined) {
        const org = await findOrganisationByName(db, input.org);
        if (!org) throw new CliError(`no organisation named "${input.org}"`);
        orgId = org.id;
      }
      return listApiKeys(db, orgId);
    });
    if (rows.length === 0) {
      ctx.out('no API keys');
      return;
    }
    const header = ['id', 'prefix', 'organisation', 'label', 'created', 'last used', 'revoked'];
    const table = rows.map((r) => [r.id, r.prefix, r.organisationName, r.label, date(r.createdAt), date(r.lastUsedAt), date(r.revokedAt)]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
    ctx.out(line(header));
    for (const row of table) ctx.out(line(row));
  },
};

export const keyRevoke: Command = {
  spec: {
    name: 'key:revoke',
    summary: 'revoke an API key by id or prefix',
    usage: 'key:revoke <id-or-prefix>\n  A prefix that starts with "-": key:revoke -- -AbC1234',
    options: {},
    positionals: { names: ['id-or-prefix'], required: 1 },
  },
  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(this.spec, argv);
    // Accept a whole key too (sr_<prefix>_<secret>): operators paste what they have.
    const raw = positionals[0]!.trim();
    const idOrPrefix = /^sr_[\w-]{8}_/.test(raw) ? raw.slice(3, 11) : raw;
    const { matches, revoked } = await withDb(ctx, async (db) => {
      const matches = await findApiKeysByIdOrPrefix(db, idOrPrefix);
      const active = matches.filter((m) => m.revokedAt === null);
      if (active.length > 1) {
        throw new CliError(`${active.length} active keys share the prefix ${idOrPrefix}; revoke by id (pnpm sitroom key:list)`);
      }
      return { matches, revoked: active.length ? await revokeApiKey(db, active[0]!.id) : 0 };
    });
    if (matches.length === 0) throw new CliError(`no API key with id or prefix "${idOrPrefix}"`);
    if (revoked === 0) {
      ctx.out(`API key ${matches[0]!.prefix} of ${matches[0]!.organisationName} was already revoked`);
      return;
    }
    const m = matches.find((k) => k.revokedAt === null)!;
    ctx.out(`revoked API key ${m.prefix} "${m.label}" of ${m.organisationName} (id ${m.id})`);
  },
};
