import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createDesk, createUser, hashPassword } from '@sitroom/db';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';
import { eventually, newReport, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS, explainOnTimeout, signInThroughForm } from '../support/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const LIVE_TIMEOUT = 30_000;

describe('admin screens and desk queues (real API, worker, Postgres, Redis and Chromium)', () => {
  let stack: Stack;
  let fixture: Fixture;
  let browser: Browser;
  let resultsDesk: { id: string; name: string };
  /** Admin and approver of the general desk: sees the admin screens, and SLA notifications of that desk. */
  let chief: FixtureUser;

  beforeAll(async () => {
    stack = await startStack();
    fixture = await seedFixture(stack.db);
    resultsDesk = await createDesk(stack.db, { name: 'Results desk' });
    const chiefUser = await createUser(stack.db, {
      organisationId: fixture.emb.id, email: 'chief@test.sitroom', name: 'Chief', passwordHash: await hashPassword('test-password-1'),
      roles: ['admin', 'approver'], deskId: fixture.deskId,
    });
    chief = { id: chiefUser.id, email: 'chief@test.sitroom', password: 'test-password-1' };
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function openDashboard(who: FixtureUser, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${stack.baseUrl}/`);
    await signInThroughForm(page, who);
    await explainOnTimeout(stack, page, page.locator('[data-testid="connection-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_TIMEOUT }), 'the dashboard to go live');
    return { page, pageErrors };
  }

  async function incidentOf(reportId: string, apiKey = fixture.orgA.apiKey): Promise<string> {
    return eventually(async () => {
      const res = await fetch(`${stack.baseUrl}/api/v1/reports/${reportId}`, { headers: { authorization: `Bearer ${apiKey}` } });
      return ((await res.json()) as { incidentId: string | null }).incidentId;
    }, 'the report to be triaged', LIVE_TIMEOUT);
  }

  it('routes results to a second desk by a rule made in the UI, tested on a sample, and shows it in that desk\'s queue', async () => {
    const { page, pageErrors } = await openDashboard(fixture.admin);

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Routing rules', level: 1 }).waitFor();
    await page.getByText('No routing rules yet: everything goes to the default desk.').waitFor();

    // The form checks with the API's own schema before sending anything.
    const form = page.getByTestId('rule-form');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await form.locator('.field-error').first().waitFor();
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Name').fill('Results to the results desk');
    await form.getByLabel('Send to desk').selectOption({ label: 'Results desk' });
    await form.getByRole('checkbox', { name: 'Results', exact: true }).check();
    await form.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByTestId('rule-item').filter({ hasText: 'Results to the results desk' });
    await explainOnTimeout(stack, page, rule.waitFor(), 'the new rule in the list');
    expect(await rule.innerText()).toContain('category results');

    const test = page.getByTestId('routing-test-form');
    await test.getByLabel('Category').selectOption('results');
    await test.getByRole('button', { name: 'Test' }).click();
    const verdict = page.getByTestId('routing-test-result');
    await explainOnTimeout(stack, page, verdict.getByTestId('routing-test-desk').filter({ hasText: 'Results desk' }).waitFor(), 'the sample to go to the results desk');
    expect(await verdict.innerText()).toMatch(/Matched\s*Results to the results desk/);
    await page.screenshot({ path: `${ARTIFACTS}admin-routing.png`, fullPage: true });

    // Another category goes to the default desk, and says so.
    await test.getByLabel('Category').selectOption('voting_process');
    await test.getByRole('button', { name: 'Test' }).click();
    await verdict.getByTestId('routing-test-desk').filter({ hasText: 'General desk' }).waitFor();
    expect(await verdict.innerText()).toContain('no rule matched');

    // Back to the queue, filtered to the results desk.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Queue' }).click();
    const deskFilter = page.getByTestId('desk-filter');
    await deskFilter.selectOption({ label: 'Results desk' });
    await page.getByText('No open incidents. Showing Results desk only.').waitFor();

    // An incident for the general desk arrives live but stays out of this view.
    const other = await postReport(stack.baseUrl, fixture.orgA.apiKey, newReport({ claim: 'Cambiaron el horario de votación en el recinto 3', category: 'voting_process' }));
    expect(other.status).toBe(202);
    const otherId = await incidentOf(other.body.id);

    const filed = await postReport(stack.baseUrl, fixture.orgA.apiKey, newReport({ claim: 'El acta de escrutinio del distrito 9 fue alterada', category: 'results' }));
    expect(filed.status).toBe(202);
    const incidentId = await incidentOf(filed.body.id);
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    await explainOnTimeout(stack, page, row.waitFor({ timeout: LIVE_TIMEOUT }), 'the results incident in the results desk queue');
    expect(await page.locator(`[data-testid="incident-row"][data-incident-id="${otherId}"]`).count()).toBe(0);
    expect(await page.getByTestId('incident-row').count()).toBe(1);

    // The row can be re-rendered by a live update right as it is clicked: click until the panel opens.
    const panel = page.getByTestId('incident-panel');
    for (let attempt = 0; attempt < 5 && !(await panel.isVisible()); attempt++) {
      await row.click();
      await panel.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await explainOnTimeout(stack, page, panel.getByText('Results desk', { exact: true }).waitFor({ timeout: LIVE_TIMEOUT }), 'the panel to show the results desk');
    await page.screenshot({ path: `${ARTIFACTS}admin-desk-queue.png` });

    // "All desks" brings the other incident in.
    await deskFilter.selectOption({ label: 'All desks' });
    await page.locator(`[data-testid="incident-row"][data-incident-id="${otherId}"]`).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('works on a phone: admin screens and their forms fit', async () => {
    const { page, pageErrors } = await openDashboard(fixture.admin, { width: 390, height: 844 });
    for (const section of ['routing', 'lexicon', 'elections', 'desks', 'pipeline']) {
      await page.goto(`${stack.baseUrl}/#/admin/${section}`);
      await page.locator('.admin-section').waitFor();
      await page.locator('[role="status"][aria-busy="true"]').first().waitFor({ state: 'detached' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${section} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${ARTIFACTS}admin-phone-${section}.png`, fullPage: true });
    }
    // An admin's five screens wrap the top bar to more rows: an incident opens below all of it.
    const filed = await postReport(stack.baseUrl, fixture.orgA.apiKey, newReport());
    await page.goto(`${stack.baseUrl}/#/incidents/${await incidentOf(filed.body.id)}`);
    const panel = page.getByTestId('incident-panel');
    await explainOnTimeout(stack, page, panel.getByRole('heading', { level: 2 }).waitFor({ timeout: LIVE_TIMEOUT }), 'the incident panel on a phone');
    const topbar = (await page.locator('header.topbar').boundingBox())!;
    const nav = (await page.getByRole('navigation', { name: 'Screens' }).boundingBox())!;
    const panelBox = (await panel.boundingBox())!;
    expect(panelBox.y).toBeGreaterThanOrEqual(Math.floor(topbar.y + topbar.height));
    expect(panelBox.y).toBeGreaterThanOrEqual(Math.floor(nav.y + nav.height));
    await page.screenshot({ path: `${ARTIFACTS}admin-phone-incident.png` });
    expect(pageErrors).toEqual([]);
  });

  it('says a missed acknowledgement plainly, notifies the desk approver, and acknowledges', async () => {
    const admin = userClient(stack.baseUrl, await signIn(stack.baseUrl, fixture.admin.email, fixture.admin.password));
    // Every acknowledgement is due in 4 s; escalation to the lead much later.
    const sla = { acknowledgeMinutes: 4 / 60, rebuttalMinutes: 600 };
    const election = await admin('POST', '/api/v1/admin/elections', {
      name: 'Short SLA drill', pollingDay: '2030-01-01', timezone: 'UTC', active: true,
      settings: { sla: { P1: sla, P2: sla, P3: sla, P4: sla }, escalateAfterMinutes: 600 },
    });
    expect(election.status).toBe(201);

    // An approver of the general desk starts on that desk.
    const { page, pageErrors } = await openDashboard(chief);
    const deskFilter = page.getByTestId('desk-filter');
    expect(await deskFilter.inputValue()).toBe(fixture.deskId);

    const filed = await postReport(stack.baseUrl, fixture.orgB.apiKey, newReport({ claim: 'Dicen que las urnas del recinto 12 llegaron abiertas', category: 'ballot_custody' }));
    expect(filed.status).toBe(202);
    const incidentId = await incidentOf(filed.body.id, fixture.orgB.apiKey);
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    await explainOnTimeout(stack, page, row.waitFor({ timeout: LIVE_TIMEOUT }), 'the incident row');

    const alert = page.getByTestId('sla-alert').filter({ hasText: 'urnas del recinto 12' });
    await explainOnTimeout(stack, page, alert.waitFor({ timeout: LIVE_TIMEOUT }), 'the SLA alert');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.innerText()).toMatch(/SLA missed: acknowledgement of '.+' was due at \d\d:\d\d/);
    await row.getByTestId('sla-missed').waitFor();
    expect(await row.getByTestId('sla-clock').innerText()).toMatch(/^Ack overdue/);
    await explainOnTimeout(stack, page, page.getByTestId('notification-count').filter({ hasText: /^[1-9]/ }).waitFor({ timeout: LIVE_TIMEOUT }), 'an unread notification');
    await page.screenshot({ path: `${ARTIFACTS}sla-missed.png` });

    await page.getByTestId('notification-bell').click();
    const opened = page.getByRole('region', { name: 'Notifications' }).locator('li.is-unread').first();
    const openedId = await opened.getAttribute('data-notification-id');
    await opened.getByRole('button').click();
    await page.locator(`[data-testid="incident-panel"]`).getByRole('heading', { name: /urnas del recinto 12/ }).waitFor();
    const panel = page.getByTestId('incident-panel');
    await panel.waitFor();
    const acknowledge = panel.getByTestId('acknowledge');
    await acknowledge.click();
    await panel.getByText('Acknowledged.', { exact: true }).waitFor();
    await explainOnTimeout(stack, page, row.locator('.status', { hasText: 'Acknowledged' }).waitFor({ timeout: LIVE_TIMEOUT }), 'the row to show Acknowledged');
    await page.screenshot({ path: `${ARTIFACTS}sla-acknowledged.png` });

    await alert.getByRole('button', { name: /^Dismiss/ }).click();
    await alert.waitFor({ state: 'detached' });

    // Read at the API, not only on this screen: after a reload the opened notification is still read,
    // and "Mark all as read" marks every one listed.
    const inbox = async () => (await (await page.request.get(`${stack.baseUrl}/api/v1/notifications`)).json()) as { items: { id: string; readAt: string | null }[]; unread: number };
    await eventually(async () => (await inbox()).items.find((n) => n.id === openedId)?.readAt, 'the opened notification read at the API');
    await stack.db.insertInto('notifications').values({ userId: chief.id, incidentId, kind: 'sla.escalated', message: 'Escalated: acknowledge still unmet for "e2e"' }).execute();
    await page.reload();
    await page.getByTestId('notification-bell').click();
    const bell = page.getByRole('region', { name: 'Notifications' });
    await bell.locator(`li[data-notification-id="${openedId}"]:not(.is-unread)`).waitFor();
    await bell.locator('li.is-unread').first().waitFor();
    const listed = await bell.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-notification-id')));
    await bell.getByTestId('notifications-mark-all').click();
    await bell.locator('li.is-unread').first().waitFor({ state: 'detached' });
    expect(await page.getByTestId('notification-count').count()).toBe(0);
    await eventually(async () => (await inbox()).items.filter((n) => listed.includes(n.id)).every((n) => n.readAt !== null), 'every listed notification read at the API');
    expect(pageErrors).toEqual([]);
  });
});
