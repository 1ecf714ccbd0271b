import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { postReport, startStack, type Stack } from '../support/stack.ts';
import { eventually, newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS, signInThroughForm } from '../support/browser.ts';


describe('referrals from the incident panel (real stack and Chromium)', () => {
  let stack: Stack;
  let fx: Fixture;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    fx = await seedFixture(stack.db);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A report filed and triaged into a new incident, which the responder signs in and opens in the panel. */
  async function newIncidentOpenedByResponder() {
    const filed = await postReport(stack.baseUrl, fx.orgA.apiKey, newReport());
    const incidentId = await eventually(async () => {
      const r = await stack.db.selectFrom('reports').select(['status', 'incidentId']).where('id', '=', filed.body.id).executeTakeFirst();
      return r?.status === 'triaged' ? r.incidentId! : undefined;
    }, 'triage');
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
    await page.goto(`${stack.baseUrl}/`);
    await signInThroughForm(page, fx.responder);
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    await row.waitFor({ timeout: 30_000 });
    const panel = page.getByTestId('incident-panel');
    for (let attempt = 0; attempt < 5 && !(await panel.isVisible()); attempt++) {
      await row.click();
      await panel.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    return { incidentId, panel };
  }

  it('a responder refers an incident to a platform and records the outcome later', async () => {
    const { incidentId, panel } = await newIncidentOpenedByResponder();
    const referrals = panel.getByTestId('referrals');
    await referrals.getByText('Not referred to any outside body yet.').waitFor({ timeout: 30_000 });

    // An empty form is refused in the browser, naming the fields.
    await referrals.getByRole('button', { name: 'Record referral' }).click();
    await referrals.locator('.field-error').first().waitFor();
    expect(await referrals.locator('.field-error').count()).toBe(2);

    await referrals.getByLabel('Name').fill('Meta');
    await referrals.getByLabel('Channel').fill('Trusted partner channel');
    await referrals.getByLabel('Reference (optional)').fill('TP-77');
    await referrals.getByRole('button', { name: 'Record referral' }).click();
    await referrals.getByText('TP-77', { exact: false }).waitFor();
    await referrals.getByLabel('Outcome').selectOption('removed');
    const stored = await eventually(async () => {
      const r = await stack.db.selectFrom('referrals').select(['outcome', 'bodyName', 'reference']).where('incidentId', '=', incidentId).executeTakeFirst();
      return r?.outcome === 'removed' ? r : undefined;
    }, 'the outcome to be stored');
    expect(stored).toEqual({ outcome: 'removed', bodyName: 'Meta', reference: 'TP-77' });
  });

  it('a responder assigns an incident to themself and dismisses it with a reason', async () => {
    const { incidentId, panel } = await newIncidentOpenedByResponder();
    const actions = panel.getByTestId('incident-actions');
    await actions.getByRole('button', { name: 'Assign to me' }).click();
    await actions.getByText('Assigned to you').waitFor({ timeout: 30_000 });
    await actions.getByLabel('New status').selectOption('dismissed');
    await actions.getByLabel('Reason').selectOption('duplicate');
    await actions.getByRole('button', { name: 'Apply' }).click();
    const row2 = await eventually(async () => {
      const r = await stack.db.selectFrom('incidents').select(['status', 'assigneeId']).where('id', '=', incidentId).executeTakeFirst();
      return r?.status === 'dismissed' ? r : undefined;
    }, 'the dismissal to be stored');
    expect(row2.assigneeId).toBe(fx.responder.id);
    const audit = await stack.db.selectFrom('auditEvents').select(['action', 'after']).where('entityId', '=', incidentId).where('action', '=', 'incident.dismissed').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ status: 'dismissed', reason: 'duplicate' });
  });
});
