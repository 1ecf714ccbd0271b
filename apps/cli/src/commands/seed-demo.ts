import {
  addMissingRegions, countActiveApiKeys, createApiKey, createDesk, createElection, createOrganisation, createUser,
  findActiveApiKey, findDeskByName, findElectionByName, findOrganisationByName, findUserIdByEmail, generateApiKey,
  getDefaultDesk, hashPassword, setElectionPollingDay, sha256, type Db,
  bumpTriageConfigVersion, insertLexiconTerm, insertRoutingRule, listLexicon, listRoutingRules,
} from '@sitroom/db';
import { RoutingConditions } from '@sitroom/core';

/** A few harm indicators in Spanish, weighted; a coalition maintains its own list in the admin screens. */
const DEMO_LEXICON: { term: string; kind: 'violence' | 'hate'; weight: number }[] = [
  { term: 'quemar*', kind: 'violence', weight: 8 },
  { term: 'a palos', kind: 'violence', weight: 8 },
  { term: 'hay que sacarlos', kind: 'violence', weight: 6 },
  { term: 'indio*', kind: 'hate', weight: 6 },
  { term: 'traidora*', kind: 'hate', weight: 4 },
];
import { parseCommandArgs } from '../args.ts';
import { withDb } from '../context.ts';
import {
  DEMO_DESKS, DEMO_ELECTION, DEMO_PASSWORD, DEMO_REGIONS, DEMO_USERS, EMB_ORGANISATION, FILING_ORGANISATIONS,
} from '../demo/directory.ts';
import { readDemoKeys, writeDemoKeys, type DemoKey } from '../demo/keys-file.ts';
import { DEMO_KEYS_FILE } from '../paths.ts';
import type { Command } from './command.ts';

export interface SeedOptions {
  /** Create a fresh key for every demo organisation, even those that have keys. */
  newKeys?: boolean;
  /**
   * Create a key for a demo organisation whose active keys are not in the demo keys file (so the
   * demo stream can file as it). `start` sets this; plain seed-demo leaves existing keys alone.
   */
  ensureUsableKeys?: boolean;
}

export interface SeedResult {
  created: string[];
  createdKeys: DemoKey[];
  /** Every demo key known to work, written to .data/demo-keys.json. */
  usableKeys: DemoKey[];
  notes: string[];
}

/** The date `days` from now in a time zone, as YYYY-MM-DD. */
export function dateInZone(days: number, timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now.getTime() + days * 86_400_000),
  );
}

/** A `date` column as YYYY-MM-DD: node-postgres parses dates into local-midnight Date objects by default. */
function asDateString(value: unknown): string {
  if (value instanceof Date) {
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  }
  return String(value);
}

/** Creates whatever part of the demo election is missing; running it twice changes nothing. */
export async function seedDemo(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const created: string[] = [];
  const notes: string[] = [];
  const knownKeys = await readDemoKeys();
  const pollingDay = dateInZone(DEMO_ELECTION.daysUntilPolling, DEMO_ELECTION.timezone);

  const { createdKeys, usableKeys } = await db.transaction().execute(async (trx) => {
    const election = await findElectionByName(trx, DEMO_ELECTION.name);
    if (!election) {
      await createElection(trx, { name: DEMO_ELECTION.name, pollingDay, timezone: DEMO_ELECTION.timezone, regions: [...DEMO_REGIONS] });
      created.push(`election "${DEMO_ELECTION.name}", polling day ${pollingDay} (${DEMO_ELECTION.timezone}), ${DEMO_REGIONS.length} regions`);
    } else {
      // Keep the demo close to polling day, where proximity raises severity.
      if (asDateString(election.pollingDay) !== pollingDay) {
        await setElectionPollingDay(trx, election.id, pollingDay);
        notes.push(`polling day of "${DEMO_ELECTION.name}" moved to ${pollingDay}`);
      }
      const added = await addMissingRegions(trx, election.id, [...DEMO_REGIONS]);
      if (added) created.push(`${added} region(s)`);
    }

    const deskIds = new Map<string, string>();
    const hasDefault = Boolean(await getDefaultDesk(trx));
    for (const desk of DEMO_DESKS) {
      const existing = await findDeskByName(trx, desk.name);
      if (existing) {
        deskIds.set(desk.name, existing.id);
        continue;
      }
      const row = await createDesk(trx, { name: desk.name, isDefault: desk.isDefault && !hasDefault });
      deskIds.set(desk.name, row.id);
      created.push(`desk "${desk.name}"${row.isDefault ? ' (default)' : ''}`);
    }

    const orgIds = new Map<string, string>();
    for (const org of [EMB_ORGANISATION, ...FILING_ORGANISATIONS]) {
      const existing = await findOrganisationByName(trx, org.name);
      if (existing) {
        orgIds.set(org.name, existing.id);
        continue;
      }
      const row = await createOrganisation(trx, { name: org.name, kind: org.kind });
      orgIds.set(org.name, row.id);
      created.push(`organisation "${org.name}" (${org.kind})`);
    }

    for (const user of DEMO_USERS) {
      if (await findUserIdByEmail(trx, user.email)) continue;
      await createUser(trx, {
        organisationId: orgIds.get(user.organisation)!,
        email: user.email,
        name: user.name,
        passwordHash: await hashPassword(DEMO_PASSWORD),
        roles: user.roles,
        deskId: user.desk ? deskIds.get(user.desk) ?? null : null,
      });
      created.push(`user ${user.email} (${user.roles.join(', ')})`);
    }

    const createdKeys: DemoKey[] = [];
    const usableKeys: DemoKey[] = [];
    for (const org of FILING_ORGANISATIONS) {
      const orgId = orgIds.get(org.name)!;
      const usable: DemoKey[] = [];
      for (const k of knownKeys.filter((k) => k.organisation === org.name)) {
        const active = await findActiveApiKey(trx, sha256(k.key));
        if (active?.organisationId === orgId) usable.push(k);
      }
      const active = await countActiveApiKeys(trx, orgId);
      const wantKey = options.newKeys || active === 0 || (usable.length === 0 && options.ensureUsableKeys);
      if (wantKey) {
        const { key, prefix, hash } = generateApiKey();
        await createApiKey(trx, { organisationId: orgId, label: 'demo', prefix, keyHash: hash });
        const k = { organisation: org.name, prefix, key };
        createdKeys.push(k);
        usable.push(k);
      } else if (usable.length === 0) {
        notes.push(`${org.name} has ${active} active key(s) not in ${DEMO_KEYS_FILE}; pass --new-keys to make one for the demo stream`);
      }
      usableKeys.push(...usable);
    }

    // Triage configuration for the demo, so routing, proximity and harm indicators show.
    const demoElection = await findElectionByName(trx, DEMO_ELECTION.name);
    if (demoElection && !(await trx.selectFrom('elections').select('id').where('isActive', '=', true).executeTakeFirst())) {
      await trx.updateTable('elections').set({ isActive: true }).where('id', '=', demoElection.id).execute();
      await trx.updateTable('regions').set({ sensitivity: 2 }).where('electionId', '=', demoElection.id).where('code', 'in', ['PT', 'CB']).execute();
      created.push(`"${DEMO_ELECTION.name}" made the active election`);
    }
    if ((await listRoutingRules(trx)).length === 0) {
      const results = deskIds.get('Results desk');
      const hate = deskIds.get('Hate speech desk');
      if (results) await insertRoutingRule(trx, { name: 'Results and ballot custody', deskId: results, enabled: true, conditions: RoutingConditions.parse({ categories: ['results', 'ballot_custody'] }) });
      if (hate) await insertRoutingRule(trx, { name: 'Hate, gendered violence, incitement', deskId: hate, enabled: true, conditions: RoutingConditions.parse({ categories: ['hate_speech', 'gendered_violence', 'incitement'] }) });
      created.push('2 routing rules');
    }
    if ((await listLexicon(trx)).length === 0) {
      for (const t of DEMO_LEXICON) await insertLexiconTerm(trx, { ...t, language: 'es', enabled: true });
      created.push(`${DEMO_LEXICON.length} lexicon terms`);
    }
    await bumpTriageConfigVersion(trx);
    return { createdKeys, usableKeys };
  });

  await writeDemoKeys(usableKeys);
  return { created, createdKeys, usableKeys, notes };
}

/** Prints what the seed did, including the new keys (once: only their hashes are stored). */
export function printSeedResult(result: SeedResult, out: (line: string) => void, options = { signIns: true }) {
  if (result.created.length === 0) out('demo election already in place; nothing created');
  for (const line of result.created) out(`created ${line}`);
  for (const line of result.notes) out(`note: ${line}`);
  if (result.createdKeys.length) {
    out('');
    out('New demo API keys (shown once; also saved to .data/demo-keys.json for the demo stream):');
    for (const k of result.createdKeys) out(`  ${k.organisation.padEnd(24)} ${k.key}`);
  }
  if (!options.signIns) return;
  out('');
  out(`Demo sign-ins (password "${DEMO_PASSWORD}", a DEMO password for local use only):`);
  for (const u of DEMO_USERS) out(`  ${u.email.padEnd(24)} ${u.roles.join(', ')}${u.desk ? ` in ${u.desk}` : ''} (${u.organisation})`);
}

export const seedDemoCommand: Command = {
  spec: {
    name: 'seed-demo',
    summary: 'create the demo election, desks, organisations, users and API keys (idempotent)',
    usage: 'seed-demo [--new-keys]',
    options: { 'new-keys': { type: 'boolean', default: false } },
  },
  async run(argv, ctx) {
    const { values } = parseCommandArgs(this.spec, argv);
    const result = await withDb(ctx, (db) => seedDemo(db, { newKeys: values['new-keys'] === true }));
    printSeedResult(result, ctx.out);
  },
};
