import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportInput, type ReportInputParsed } from '@sitroom/core';
import { insertReports } from '@sitroom/db';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually, newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { postReport, startStack, type Stack } from '../support/stack.ts';

/**
 * Intake stores reports that arrive together in one INSERT and enqueues them with one addBulk.
 * These tests check that grouping loses nothing and answers each request as if it came alone.
 */
describe('insertReports (one INSERT for many reports)', () => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await createTestDatabase();
    fx = await seedFixture(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });
  const filerA = () => ({ organisationId: fx.orgA.id, apiKeyId: null, userId: null });
  const filerB = () => ({ organisationId: fx.orgB.id, apiKeyId: null, userId: null });
  const parsed = (overrides: Partial<ReportInput> = {}): ReportInputParsed => ReportInput.parse(newReport(overrides));

  it('stores each row, and answers a repeated externalId (earlier, or in this very batch) with the report already filed', async () => {
    const [earlier] = await insertReports(database.db, [{ filer: filerA(), input: parsed({ externalId: 'ext-earlier' }) }, { filer: filerA(), input: parsed() }]);
    if (!earlier || earlier instanceof Error) throw earlier ?? new Error('nothing stored');
    const out = await insertReports(database.db, [
      { filer: filerA(), input: parsed({ externalId: 'ext-earlier' }) },
      { filer: filerA(), input: parsed({ externalId: 'ext-twice' }) },
      { filer: filerA(), input: parsed({ externalId: 'ext-twice' }) },
      // Same externalId, another organisation: a report of its own.
      { filer: filerB(), input: parsed({ externalId: 'ext-twice' }) },
      { filer: filerB(), input: parsed() },
    ]);
    const ok = out.map((r) => {
      if (r instanceof Error) throw r;
      return r;
    });
    expect(ok[0]).toEqual({ id: earlier.id, status: 'queued', created: false });
    expect(ok[1]).toMatchObject({ status: 'queued', created: true });
    expect(ok[2]).toEqual({ id: ok[1]!.id, status: 'queued', created: false });
    expect(ok[3]).toMatchObject({ created: true });
    expect(ok[3]!.id).not.toBe(ok[1]!.id);
    expect(ok[4]).toMatchObject({ created: true });
    const ids = [...new Set(ok.map((r) => r.id))];
    const rows = await database.db.selectFrom('reports').select(['id', 'organisationId', 'externalId', 'status']).where('id', 'in', ids).execute();
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.status === 'queued')).toBe(true);
  });

  it('when the database refuses one row, stores the others and fails that row alone', async () => {
    const bad = { ...parsed(), tlp: 'purple' } as unknown as ReportInputParsed;
    const good = [parsed(), parsed()];
    const out = await insertReports(database.db, [{ filer: filerA(), input: good[0]! }, { filer: filerA(), input: bad }, { filer: filerA(), input: good[1]! }]);
    expect(out[1]).toBeInstanceOf(Error);
    expect((out[1] as Error).message).toMatch(/check constraint/);
    for (const i of [0, 2]) {
      const r = out[i]!;
      if (r instanceof Error) throw r;
      expect(r.created).toBe(true);
      const row = await database.db.selectFrom('reports').select('claim').where('id', '=', r.id).executeTakeFirstOrThrow();
      expect(row.claim).toBe(good[i / 2]!.claim);
    }
  });
});

describe('POST /reports under concurrency', () => {
  let stack: Stack;
  let fx: Fixture;
  beforeAll(async () => {
    stack = await startStack();
    fx = await seedFixture(stack.db);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers 300 concurrent reports each with its own id, stores and triages every one, and repeats of one externalId get one report', async () => {
    const keys = [fx.orgA.apiKey, fx.orgB.apiKey];
    const bodies = Array.from({ length: 300 }, (_, i) => newReport(i % 51 === 0 ? { externalId: 'concurrent-repeat' } : {}));
    const answers = await Promise.all(bodies.map((b, i) => postReport(stack.baseUrl, keys[i % 2]!, b)));
    const statuses = answers.map((a) => a.status);
    // Six bodies share an externalId: three per organisation, so each organisation gets one 202 and two 200s.
    expect(statuses.filter((s) => s === 202)).toHaveLength(296);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    const repeatIds = answers.filter((_, i) => i % 51 === 0).map((a) => a.body.id as string);
    expect(new Set(repeatIds).size).toBe(2);
    const ids = [...new Set(answers.map((a) => a.body.id as string))];
    expect(ids).toHaveLength(296);
    const stored = await stack.db.selectFrom('reports').select(['id', 'claim']).where('id', 'in', ids).execute();
    expect(stored).toHaveLength(296);
    // Each answer names the report made from its own body.
    const claimOf = new Map(stored.map((r) => [r.id, r.claim]));
    answers.forEach((a, i) => {
      if (i % 51 !== 0) expect(claimOf.get(a.body.id)).toBe(bodies[i]!.claim);
    });
    // The reports travelled in batches: fewer INSERTs than reports (read off the operators' metrics).
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    const count = Number(/^sitroom_intake_batch_reports_count (\d+)/m.exec(metrics)?.[1]);
    const sum = Number(/^sitroom_intake_batch_reports_sum (\d+)/m.exec(metrics)?.[1]);
    expect(sum).toBe(300);
    expect(count).toBeLessThan(300);
    await eventually(async () => {
      const left = await stack.db.selectFrom('reports').select(stack.db.fn.countAll<string>().as('n')).where('id', 'in', ids).where('status', '!=', 'triaged').executeTakeFirstOrThrow();
      return Number(left.n) === 0;
    }, 'all 296 reports to be triaged', 90_000, 250);
  });
});
