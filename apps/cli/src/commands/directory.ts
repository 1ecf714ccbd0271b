import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { ORGANISATION_KINDS, ROLES } from '@sitroom/core';
import {
  clearDefaultDesk, createDesk, createOrganisation, createUser, findDeskByName, findOrganisationByName,
  findUserIdByEmail, hashPassword,
} from '@sitroom/db';
import { z } from 'zod';
import { parseCommandArgs, splitList, validateOptions } from '../args.ts';
import { CliError, withDb } from '../context.ts';
import type { Command } from './command.ts';

const MIN_PASSWORD_LENGTH = 10;

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

export const orgCreate: Command = {
  spec: {
    name: 'org:create',
    summary: 'create an organisation',
    usage: `org:create --name <name> --kind <${ORGANISATION_KINDS.join('|')}>`,
    options: { name: { type: 'string' }, kind: { type: 'string' } },
  },
  async run(argv, ctx) {
    const { values } = parseCommandArgs(this.spec, argv);
    const input = validateOptions(
      this.spec,
      z.object({ name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200), kind: z.enum(ORGANISATION_KINDS, { error: `must be one of ${ORGANISATION_KINDS.join(', ')}` }) }),
      values,
    );
    const org = await withDb(ctx, (db) =>
      createOrganisation(db, input).catch((err) => {
        throw isUniqueViolation(err) ? new CliError(`an organisation named "${input.name}" already exists`) : err;
      }),
    );
    ctx.out(`created organisation "${org.name}" (${org.kind}) ${org.id}`);
  },
};

export const deskCreate: Command = {
  spec: {
    name: 'desk:create',
    summary: 'create a desk (team of the electoral body); --default makes it take unrouted incidents',
    usage: 'desk:create --name <name> [--default]',
    options: { name: { type: 'string' }, default: { type: 'boolean', default: false } },
  },
  async run(argv, ctx) {
    const { values } = parseCommandArgs(this.spec, argv);
    const input = validateOptions(
      this.spec,
      z.object({ name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200), default: z.boolean() }),
      values,
    );
    const desk = await withDb(ctx, (db) =>
      db.transaction().execute(async (trx) => {
        if (await findDeskByName(trx, input.name)) throw new CliError(`a desk named "${input.name}" already exists`);
        if (input.default) await clearDefaultDesk(trx);
        return createDesk(trx, { name: input.name, isDefault: input.default });
      }),
    );
    ctx.out(`created desk "${desk.name}"${desk.isDefault ? ' (now the default desk)' : ''} ${desk.id}`);
  },
};

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let muted = false;
  const write = output._writeToOutput.bind(rl);
  output._writeToOutput = (s: string) => {
    if (!muted) write(s);
  };
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => resolve(answer));
      muted = true;
    });
  } finally {
    muted = false;
    rl.close();
    process.stderr.write('\n');
  }
}

export const userCreate: Command = {
  spec: {
    name: 'user:create',
    summary: 'create a user of an organisation with roles (and a desk for responders)',
    usage:
      `user:create --email <email> --name <name> --org <organisation> --roles <${ROLES.join(',')}> [--desk <desk>] [--password <pw>]\n` +
      '  Without --password: asks for one on a terminal (empty answer: generate), else generates one and prints it once.',
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      roles: { type: 'string' },
      desk: { type: 'string' },
      password: { type: 'string' },
    },
  },
  async run(argv, ctx) {
    const { values } = parseCommandArgs(this.spec, argv);
    const input = validateOptions(
      this.spec,
      z.object({
        email: z.email({ error: 'must be an email address' }).max(320),
        name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(200),
        org: z.string({ error: 'is required (the organisation name)' }).trim().min(1),
        roles: z
          .string({ error: `is required, e.g. --roles responder,approver (roles: ${ROLES.join(', ')})` })
          .transform(splitList)
          .pipe(z.array(z.enum(ROLES, { error: `each role must be one of ${ROLES.join(', ')}` })).min(1, 'name at least one role')),
        desk: z.string().trim().min(1).optional(),
        password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
      }),
      values,
    );

    let password = input.password;
    let generated = false;
    if (password === undefined && process.stdin.isTTY) {
      const answer = await promptHidden(`Password for ${input.email} (empty: generate one): `);
      if (answer !== '' && answer.length < MIN_PASSWORD_LENGTH) throw new CliError(`the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
      password = answer || undefined;
    }
    if (password === undefined) {
      password = randomBytes(15).toString('base64url');
      generated = true;
    }

    const user = await withDb(ctx, async (db) => {
      const org = await findOrganisationByName(db, input.org);
      if (!org) throw new CliError(`no organisation named "${input.org}" (pnpm sitroom org:create --name … --kind …)`);
      const desk = input.desk ? await findDeskByName(db, input.desk) : undefined;
      if (input.desk && !desk) throw new CliError(`no desk named "${input.desk}" (pnpm sitroom desk:create --name …)`);
      if (await findUserIdByEmail(db, input.email)) throw new CliError(`a user with email ${input.email} already exists`);
      if (org.kind !== 'emb' && input.roles.some((r) => r === 'responder' || r === 'approver')) {
        ctx.note(`note: ${org.name} is not the electoral body (${org.kind}), yet the user gets an EMB role`);
      }
      return createUser(db, {
        organisationId: org.id,
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(password!),
        roles: input.roles,
        deskId: desk?.id ?? null,
      });
    });
    ctx.out(`created user ${user.email} (${user.roles.join(', ')}) ${user.id}`);
    if (generated) {
      ctx.out(`password: ${password}`);
      ctx.out('This password is shown once; pass it on safely and ask the user to keep it in a password manager.');
    }
  },
};
