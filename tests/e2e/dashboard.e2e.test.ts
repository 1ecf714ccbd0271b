import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';
import { addRoleUsers, eventually, newReport, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS, explainOnTimeout, signInThroughForm } from '../support/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const LIVE_TIMEOUT = 30_000;

describe('dashboard (real API, worker, Postgres, Redis and Chromium)', () => {
  let stack: Stack;
  let fixture: Fixture;
  let browser: Browser;

  beforeAll(async () => {
    // Two API processes: the second takes filings while the first is down in the reconnect test.
    stack = await startStack({ apis: 2 });
    fixture = await seedFixture(stack.db);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A fresh browser session on the first API, signed in (the responder unless told) through the form, and live. */
  async function openDashboard(user: FixtureUser = fixture.responder): Promise<{ page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${stack.baseUrl}/`);
    await page.getByTestId('signin-form').waitFor();
    await signInThroughForm(page, user);
    await explainOnTimeout(stack, page, liveState(page).waitFor({ timeout: LIVE_TIMEOUT }), 'the dashboard to go live');
    return { page, pageErrors };
  }

  const liveState = (page: Page) => page.locator('[data-testid="connection-state"]', { hasText: 'Live' });

  it('signs in, goes live and shows a new incident and its corroboration without a reload', async () => {
    const { page, pageErrors } = await openDashboard();
    await page.getByText('No open incidents.').waitFor();
    // Survives only as long as the page is not reloaded.
    await page.evaluate(() => Object.assign(window, { __sitroomNoReload: true }));

    const url = `https://www.facebook.com/groups/elecciones/posts/${Date.now()}`;
    const first = await postReport(stack.baseUrl, fixture.orgA.apiKey, newReport({
      claim: 'La mesa de votación 14 fue trasladada a otro recinto sin aviso',
      urls: [url],
    }));
    expect(first.status).toBe(202);

    const rows = page.getByTestId('incident-row');
    await explainOnTimeout(stack, page, rows.first().waitFor({ timeout: LIVE_TIMEOUT }), 'the new incident row');
    expect(await rows.count()).toBe(1);
    const incidentId = await rows.first().getAttribute('data-incident-id');
    expect(incidentId).toMatch(/^[0-9a-f-]{36}$/);
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    expect(await row.getByTestId('incident-report-count').textContent()).toBe('1');
    expect(await row.getByTestId('incident-org-count').textContent()).toBe('1');

    const second = await postReport(stack.baseUrl, fixture.orgB.apiKey, newReport({
      claim: 'Trasladaron la mesa 14 a otro recinto y nadie avisó a los votantes',
      urls: [url],
    }));
    expect(second.status).toBe(202);

    await explainOnTimeout(stack, page, (async () => {
      await row.locator('[data-testid="incident-report-count"]', { hasText: /^2$/ }).waitFor({ timeout: LIVE_TIMEOUT });
      await row.locator('[data-testid="incident-org-count"]', { hasText: /^2$/ }).waitFor({ timeout: LIVE_TIMEOUT });
    })(), 'two reports from two organisations on the row');
    expect(await rows.count()).toBe(1);
    expect(await page.evaluate(() => (window as { __sitroomNoReload?: boolean }).__sitroomNoReload)).toBe(true);

    await row.click();
    const panel = page.getByTestId('incident-panel');
    await panel.waitFor();
    await panel.getByText(fixture.orgA.name, { exact: true }).waitFor();
    await panel.getByText(fixture.orgB.name, { exact: true }).waitFor();
    expect(await panel.locator(`a[href="${url}"]`).first().getAttribute('rel')).toBe('noopener noreferrer');

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: false });

    // The open incident is in the link: a reload (or the link shared with a colleague) opens it again.
    expect(new URL(page.url()).hash).toBe(`#/incidents/${incidentId}`);
    await page.reload();
    await explainOnTimeout(stack, page, liveState(page).waitFor({ timeout: LIVE_TIMEOUT }), 'the dashboard to go live after a reload');
    await panel.getByText(fixture.orgB.name, { exact: true }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/incidents/${incidentId}`);

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).toBe('#/');
    expect(pageErrors).toEqual([]);
  });

  it('opens an incident from a link, and says so when the link names none it can show', async () => {
    const filed = await postReport(stack.baseUrl, fixture.orgA.apiKey, newReport({ claim: `Circula un acta falsa del recinto ${Date.now()} en redes` }));
    expect(filed.status).toBe(202);
    const incidentId = await eventually(async () => (await stack.db.selectFrom('reports').select('incidentId').where('id', '=', filed.body.id as string).executeTakeFirst())?.incidentId ?? undefined, 'triage');
    const { page, pageErrors } = await openDashboard();
    const panel = page.getByTestId('incident-panel');

    await page.goto(`${stack.baseUrl}/#/incidents/${incidentId}`);
    await explainOnTimeout(stack, page, panel.getByRole('heading', { level: 2, name: /Circula un acta falsa/ }).waitFor({ timeout: LIVE_TIMEOUT }), 'the linked incident in the panel');
    // Its row is selected in the queue behind it.
    await page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"][aria-current="true"]`).waitFor();

    // An incident that does not exist (or is out of this user's sight): the panel says so.
    await page.goto(`${stack.baseUrl}/#/incidents/00000000-0000-4000-8000-000000000000`);
    await panel.getByText('This incident no longer exists or you cannot see it.').waitFor();
    // The queue's own link closes the panel.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Queue', exact: true }).click();
    await panel.waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).toBe('#/');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('follows an admin\'s change to the signed-in user without a reload', async () => {
    const { approver } = await addRoleUsers(stack.db, fixture);
    const { page, pageErrors } = await openDashboard(approver);
    await page.getByRole('heading', { name: 'Live queue' }).waitFor();
    await page.evaluate(() => Object.assign(window, { __sitroomNoReload: true }));

    const admin = userClient(stack.baseUrl, await signIn(stack.baseUrl, fixture.admin.email, fixture.admin.password));
    expect((await admin('PATCH', `/api/v1/admin/users/${approver.id}`, { roles: ['reporter'] })).status).toBe(200);
    // Now a reporter: their organisation's reports, and the queue is gone from screen and nav.
    await explainOnTimeout(stack, page, page.getByRole('heading', { name: "My organisation's reports" }).waitFor({ timeout: LIVE_TIMEOUT }), 'the reporter screens');
    expect(await page.getByRole('heading', { name: 'Live queue' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Queue', exact: true }).count()).toBe(0);
    expect(await page.evaluate(() => (window as { __sitroomNoReload?: boolean }).__sitroomNoReload)).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('signs out: back to sign-in without calling it an ended session, and the session is gone', async () => {
    const { page, pageErrors } = await openDashboard();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('signin-form').waitFor();
    // Long enough for the socket the server closed to try again and be refused.
    await page.waitForTimeout(1_500);
    expect(await page.getByText('Your session has ended. Please sign in again.').count()).toBe(0);
    await page.reload();
    await page.getByTestId('signin-form').waitFor();
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('catches up on what it missed while disconnected', async () => {
    const { page, pageErrors } = await openDashboard();
    const [api] = stack.apis;
    await api!.stop();
    await page.locator('[data-testid="connection-state"]', { hasText: 'Reconnecting' }).waitFor({ timeout: LIVE_TIMEOUT });

    // Filed through the other API process and triaged while this dashboard is away.
    const filed = await postReport(stack.baseUrls[1]!, fixture.orgB.apiKey, newReport({
      claim: 'El conteo rápido fue suspendido por orden del gobierno',
      category: 'results',
    }));
    expect(filed.status).toBe(202);
    const incidentId = await eventually(async () => {
      const res = await fetch(`${stack.baseUrls[1]}/api/v1/reports/${filed.body.id}`, {
        headers: { authorization: `Bearer ${fixture.orgB.apiKey}` },
      });
      const report = (await res.json()) as { incidentId: string | null };
      return report.incidentId;
    }, 'the report to be triaged', LIVE_TIMEOUT);

    api!.start();
    await explainOnTimeout(stack, page, liveState(page).waitFor({ timeout: LIVE_TIMEOUT }), 'the dashboard to be live again');
    const missed = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    await explainOnTimeout(stack, page, missed.waitFor({ timeout: LIVE_TIMEOUT }), 'the incident filed while away');
    expect(pageErrors).toEqual([]);
  });
});
