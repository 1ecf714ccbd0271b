import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';
import { addRoleUsers, eventually, newReport, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { formatViolations, seriousViolations } from '../support/axe.ts';
import { CHROMIUM, CHROMIUM_ARGS, explainOnTimeout, signInThroughForm } from '../support/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const LIVE_TIMEOUT = 30_000;

describe('rebuttal workspace in the incident panel: draft, four eyes, approve, publish, and the reporter sees the answer live', () => {
  let stack: Stack;
  let fixture: Fixture;
  let approver: FixtureUser;
  let approver2: FixtureUser;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The API serves the built dashboard (apps/dashboard/dist), as in production.
    stack = await startStack();
    fixture = await seedFixture(stack.db);
    ({ approver, approver2 } = await addRoleUsers(stack.db, fixture));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A fresh browser session signed in through the dashboard's sign-in screen, at `hash`, and live. */
  async function openAs(user: FixtureUser, hash = '#/', viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${user.email}: ${error.message}`));
    await page.goto(`${stack.baseUrl}/${hash}`);
    await signInThroughForm(page, user);
    await explainOnTimeout(stack, page, page.locator('[data-testid="connection-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_TIMEOUT }), `the dashboard of ${user.email} to go live`);
    return page;
  }

  /** Opens the incident from the live queue, the way a desk member does; returns its panel. */
  async function openIncident(page: Page, incidentId: string): Promise<Locator> {
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    await explainOnTimeout(stack, page, row.waitFor({ timeout: LIVE_TIMEOUT }), 'the incident in the queue');
    const title = (await row.locator('.title-text').textContent())!;
    const panel = page.getByTestId('incident-panel');
    // A live update can re-render the row right as it is clicked: click until the panel opens.
    for (let attempt = 0; attempt < 5 && !(await panel.isVisible()); attempt++) {
      await row.click();
      await panel.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await explainOnTimeout(stack, page, panel.getByRole('heading', { level: 2, name: title, exact: true }).waitFor(), 'the incident panel');
    await explainOnTimeout(stack, page, panel.getByTestId('rebuttal-workspace').waitFor(), 'the rebuttal workspace in the incident panel');
    return panel;
  }

  /** Waits until nothing is loading, then lists axe's serious and critical findings, readably. */
  async function axeFindings(page: Page, where: string): Promise<string> {
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: LIVE_TIMEOUT }).catch(() => undefined);
    return formatViolations(where, await seriousViolations(page));
  }

  const item = (scope: Page | Locator, text: string) => scope.locator('[data-testid="rebuttal-item"]', { hasText: text });

  it('runs the whole answer path across four people', async () => {
    // orgA files; the worker triages it into an incident.
    const claim = `La mesa de votación ${Date.now() % 100000} fue trasladada a otro recinto sin aviso`;
    const filed = await postReport(stack.baseUrl, fixture.orgA.apiKey, newReport({ claim }));
    expect(filed.status).toBe(202);
    const incidentId = await eventually(async () => {
      const res = await fetch(`${stack.baseUrl}/api/v1/reports/${filed.body.id}`, { headers: { authorization: `Bearer ${fixture.orgA.apiKey}` } });
      return ((await res.json()) as { incidentId: string | null }).incidentId;
    }, 'the report to be triaged', LIVE_TIMEOUT);

    // A prepared answer (pre-bunk) for this narrative, so the editor can offer it.
    const approverApi = userClient(stack.baseUrl, await signIn(stack.baseUrl, approver.email, approver.password));
    const prebunkText = 'Ninguna mesa fue trasladada. Consulte su recinto en el sitio del Tribunal Electoral o llame al 800-10-1234.';
    expect((await approverApi('POST', '/api/v1/narratives', { title: 'Traslado de mesas', claim, language: 'es', text: prebunkText, verdict: 'false' })).status).toBe(201);

    // The reporter of orgA watches their organisation's reports, live, on the dashboard's "My reports".
    const reporter = await openAs(fixture.reporter, '#/reports');
    expect(await reporter.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'My reports' }).getAttribute('aria-current')).toBe('page');
    const ownRow = reporter.locator(`[data-testid="own-report"][data-report-id="${filed.body.id}"]`);
    await explainOnTimeout(stack, reporter, ownRow.waitFor(), 'the report in My reports');
    await explainOnTimeout(stack, reporter, reporter.locator('[data-testid="reporter-live-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_TIMEOUT }), 'the reporter page to go live');
    expect(await ownRow.getByTestId('own-answer').count()).toBe(0);
    await reporter.evaluate(() => Object.assign(window, { __sitroomNoReload: true }));

    // 1. A responder drafts; an empty save shows errors beside the fields and sends nothing.
    const responder = await openAs(fixture.responder);
    const responderPanel = await openIncident(responder, incidentId);
    const editor = responderPanel.getByTestId('rebuttal-editor');
    await explainOnTimeout(stack, responder, editor.waitFor(), 'the rebuttal editor');
    // In the panel, beside the suggestions, the editor must keep room to write in.
    expect((await editor.boundingBox())?.width ?? 0, 'width of the rebuttal editor in the incident panel (px)').toBeGreaterThanOrEqual(250);
    let rebuttalPosts = 0;
    responder.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/rebuttals')) rebuttalPosts++;
    });
    await editor.getByRole('textbox', { name: 'Language', exact: true }).fill('');
    await editor.getByTestId('rebuttal-save').click();
    await editor.getByTestId('error-text').waitFor();
    await editor.getByTestId('error-verdict').waitFor();
    await editor.getByTestId('error-language').waitFor();
    expect(await responder.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('text');
    expect(rebuttalPosts).toBe(0);
    const responderText = 'La mesa sigue en su recinto habitual; el Tribunal no autorizó ningún traslado.';
    await editor.getByRole('textbox', { name: 'Text of the answer', exact: true }).fill(responderText);
    await editor.getByRole('textbox', { name: 'Language', exact: true }).fill('es');
    await editor.getByRole('combobox', { name: 'Verdict', exact: true }).selectOption('false');
    await editor.getByRole('checkbox', { name: 'Website' }).check();
    await editor.getByTestId('rebuttal-save').click();
    const responderItem = item(responderPanel, responderText);
    await responderItem.waitFor();
    expect(rebuttalPosts).toBe(1);
    expect(await responderItem.getByTestId('rebuttal-approve').count()).toBe(0);
    expect(await responderItem.getByTestId('rebuttal-note').textContent()).toBe('Waiting for an approver.');

    // 2. The approver starts from the suggestion and saves their own draft: four eyes, explained.
    const first = await openAs(approver);
    const firstPanel = await openIncident(first, incidentId);
    const suggestion = firstPanel.getByTestId('rebuttal-suggestion').filter({ hasText: 'Traslado de mesas' });
    await explainOnTimeout(stack, first, suggestion.waitFor(), 'the pre-bunk suggestion');
    await suggestion.getByRole('button').click();
    const firstEditor = firstPanel.getByTestId('rebuttal-editor');
    expect(await firstEditor.getByRole('textbox', { name: 'Text of the answer', exact: true }).inputValue()).toBe(prebunkText);
    expect(await firstEditor.getByRole('combobox', { name: 'Verdict', exact: true }).inputValue()).toBe('false');
    await firstEditor.getByRole('checkbox', { name: 'WhatsApp' }).check();
    await firstEditor.getByTestId('rebuttal-save').click();
    const ownItem = item(firstPanel, prebunkText);
    await ownItem.waitFor();
    expect(await ownItem.getByTestId('rebuttal-approve').count()).toBe(0);
    expect(await ownItem.getByTestId('four-eyes-note').textContent()).toBe('You wrote this; another approver must approve it.');
    await item(firstPanel, responderText).getByTestId('rebuttal-approve').waitFor();
    await first.screenshot({ path: `${ARTIFACTS}rebuttal-four-eyes.png`, fullPage: true });
    expect(await axeFindings(first, 'queue + incident panel with the rebuttal workspace (approver)')).toBe('');
    // The API refuses it too.
    const ownId = await ownItem.getAttribute('data-rebuttal-id');
    const refused = await approverApi('POST', `/api/v1/incidents/${incidentId}/rebuttals/${ownId}/approve`, {});
    expect(refused.status).toBe(403);

    // 3. A second approver opens the incident; the first approves the responder's draft meanwhile,
    //    so the second one's approve of it is stale: 409, explained, with Reload.
    const second = await openAs(approver2);
    const secondPanel = await openIncident(second, incidentId);
    await explainOnTimeout(stack, second, item(secondPanel, responderText).getByTestId('rebuttal-approve').waitFor(), 'the second approver’s workspace');
    await item(firstPanel, responderText).getByTestId('rebuttal-approve').click();
    await firstPanel.locator('[data-testid="rebuttal-status"]', { hasText: 'Rebuttal approved.' }).waitFor();
    await item(secondPanel, responderText).getByTestId('rebuttal-approve').click();
    const conflict = secondPanel.getByTestId('rebuttal-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone else acted first.');
    await second.screenshot({ path: `${ARTIFACTS}rebuttal-conflict.png`, fullPage: true });
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await secondPanel.locator('[data-testid="rebuttal-item"][data-status="approved"]', { hasText: responderText }).waitFor();
    await conflict.waitFor({ state: 'detached' });

    // 4. The second approver approves the first approver's draft and publishes it.
    const secondOwn = item(secondPanel, prebunkText);
    await secondOwn.getByTestId('rebuttal-approve').click();
    await secondOwn.getByTestId('rebuttal-publish').click();
    await secondPanel.locator('[data-testid="rebuttal-item"][data-status="published"]', { hasText: prebunkText }).waitFor();
    const claimReviewHref = await secondOwn.getByTestId('claimreview-link').getAttribute('href');
    expect(claimReviewHref).toBe(`/api/v1/incidents/${incidentId}/claimreview`);
    const review = (await (await fetch(`${stack.baseUrl}${claimReviewHref}`)).json()) as { '@type': string; reviewBody: string };
    expect(review['@type']).toBe('ClaimReview');
    expect(review.reviewBody).toBe(prebunkText);
    await second.screenshot({ path: `${ARTIFACTS}rebuttal-published.png`, fullPage: true });

    // 5. The reporter sees the answer arrive without a reload, and a notification, also on the header's bell.
    const answer = ownRow.getByTestId('own-answer');
    await explainOnTimeout(stack, reporter, answer.waitFor({ timeout: LIVE_TIMEOUT }), 'the published answer on the reporter’s page');
    expect(await answer.textContent()).toContain(prebunkText);
    expect(await ownRow.getByTestId('own-answer-verdict').textContent()).toBe('False');
    expect(await ownRow.getByTestId('own-incident-status').textContent()).toBe('Answered');
    const note = reporter.getByTestId('reporter-notification').first();
    await note.waitFor();
    expect(await note.textContent()).toMatch(/The electoral body answered a claim you reported: false/i);
    expect(await note.getAttribute('class')).toBe('unread');
    await explainOnTimeout(stack, reporter, reporter.getByTestId('notification-count').filter({ hasText: /^1$/ }).waitFor({ timeout: LIVE_TIMEOUT }), 'the bell to count the answer');
    await reporter.getByTestId('reporter-notifications-mark-read').click();
    await reporter.locator('[data-testid="reporter-notification"].unread').first().waitFor({ state: 'detached' });
    // The header's bell follows without a reload.
    await explainOnTimeout(stack, reporter, reporter.getByTestId('notification-count').waitFor({ state: 'detached', timeout: LIVE_TIMEOUT }), 'the bell to stop counting the answer');
    expect(await reporter.evaluate(() => (window as { __sitroomNoReload?: boolean }).__sitroomNoReload)).toBe(true);
    await reporter.screenshot({ path: `${ARTIFACTS}reporter-answer-live.png`, fullPage: true });
    expect(await axeFindings(reporter, 'My reports with the answer (reporter)')).toBe('');

    // Marked read at the API, not only on this screen: after a reload nothing counts as unread.
    await reporter.reload();
    await explainOnTimeout(stack, reporter, ownRow.getByTestId('own-answer').waitFor({ timeout: LIVE_TIMEOUT }), 'My reports after a reload');
    await reporter.getByTestId('reporter-notification').first().waitFor();
    expect(await reporter.locator('[data-testid="reporter-notification"].unread').count()).toBe(0);
    await reporter.getByTestId('notification-bell').click();
    const bell = reporter.getByRole('region', { name: 'Notifications' });
    await explainOnTimeout(stack, reporter, bell.locator('li[data-notification-id]:not(.is-unread)').first().waitFor(), 'the bell’s list after a reload');
    expect(await bell.locator('li.is-unread').count()).toBe(0);
    expect(await reporter.getByTestId('notification-count').count()).toBe(0);

    // The workspace in Spanish on a phone; the answered incident has left the open queue, so all statuses.
    const phone = await openAs(approver2, '#/', { width: 390, height: 844 });
    await phone.getByRole('search').getByLabel('Status', { exact: true }).selectOption('all');
    const phonePanel = await openIncident(phone, incidentId);
    await phonePanel.getByTestId('rebuttal-editor').waitFor();
    await phone.getByTestId('language-switch').selectOption('es');
    const phoneHeading = phonePanel.getByRole('heading', { name: 'Desmentidos' });
    await phoneHeading.waitFor();
    await phoneHeading.scrollIntoViewIfNeeded();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Fitting is not enough: the editor must not be squeezed to a sliver beside the suggestions.
    const phoneText = await phonePanel.getByTestId('rebuttal-editor').locator('textarea[name="text"]').boundingBox();
    expect(phoneText?.width ?? 0).toBeGreaterThanOrEqual(250);
    await phone.screenshot({ path: `${ARTIFACTS}rebuttal-phone-es.png`, fullPage: true });

    expect(pageErrors).toEqual([]);
  });
});
