import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';
import { addRoleUsers, eventually, newReport, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/browser.ts';

const DASHBOARD = fileURLToPath(new URL('../../apps/dashboard/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const LIVE_TIMEOUT = 30_000;

/** The reporter preview shell, built into a folder of this test file's own, which the API then serves as its dashboard. */
async function buildPreview(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'sitroom-rebuttal-preview-'));
  await promisify(execFile)(join(DASHBOARD, 'node_modules/.bin/vite'), ['build', '--config', 'vite.reporter-preview.config.ts', '--outDir', outDir, '--logLevel', 'warn'], { cwd: DASHBOARD });
  return outDir;
}

/** axe-core when the workspace has it installed; the check is skipped (and says so) otherwise. */
async function axeSource(): Promise<string | null> {
  try {
    return await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    return null;
  }
}

describe('rebuttal workspace: draft, four eyes, approve, publish, and the reporter sees the answer live', () => {
  let stack: Stack;
  let fixture: Fixture;
  let approver: FixtureUser;
  let approver2: FixtureUser;
  let browser: Browser;
  let previewDir: string;
  let axe: string | null;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    previewDir = await buildPreview();
    stack = await startStack({ apiEnv: { DASHBOARD_DIR: previewDir } });
    fixture = await seedFixture(stack.db);
    ({ approver, approver2 } = await addRoleUsers(stack.db, fixture));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    axe = await axeSource();
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (previewDir) await rm(previewDir, { recursive: true, force: true });
  });

  async function openAs(user: FixtureUser, hash: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-GB' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${user.email}: ${error.message}`));
    await page.goto(`${stack.baseUrl}/${hash}`);
    const form = page.getByTestId('signin-form');
    await form.getByLabel('Email', { exact: true }).fill(user.email);
    await form.getByLabel('Password', { exact: true }).fill(user.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  /** A failed wait says what the page showed and what the API printed, not only that it timed out. */
  async function explainOnTimeout(page: Page, waiting: Promise<unknown>, what: string): Promise<void> {
    try {
      await waiting;
    } catch (error) {
      const shown = await page.locator('body').innerText().catch(() => '(page unreadable)');
      throw new Error(`${(error as Error).message}\nwaiting for ${what}; the page showed:\n${shown.slice(0, 2000)}\n${stack.apis[0]!.logs().slice(-3000)}`);
    }
  }

  async function seriousViolations(page: Page): Promise<string[]> {
    if (!axe) {
      console.warn('axe-core is not installed: accessibility check skipped');
      return [];
    }
    // Evaluated over the DevTools protocol: the page's strict CSP (script-src 'self') refuses an injected <script>.
    await page.evaluate(axe);
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
    });
  }

  const item = (page: Page, text: string) => page.locator('[data-testid="rebuttal-item"]', { hasText: text });

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

    // The reporter of orgA watches their organisation's reports, live.
    const reporter = await openAs(fixture.reporter, '#/mine');
    const ownRow = reporter.locator(`[data-testid="own-report"][data-report-id="${filed.body.id}"]`);
    await explainOnTimeout(reporter, ownRow.waitFor(), 'the report in My reports');
    await explainOnTimeout(reporter, reporter.locator('[data-testid="reporter-live-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_TIMEOUT }), 'the reporter page to go live');
    expect(await ownRow.getByTestId('own-answer').count()).toBe(0);
    await reporter.evaluate(() => Object.assign(window, { __sitroomNoReload: true }));

    // 1. A responder drafts; an empty save shows errors beside the fields and sends nothing.
    const responder = await openAs(fixture.responder, `#/rebuttal/${incidentId}`);
    const editor = responder.getByTestId('rebuttal-editor');
    await explainOnTimeout(responder, editor.waitFor(), 'the rebuttal editor');
    let rebuttalPosts = 0;
    responder.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/rebuttals')) rebuttalPosts++;
    });
    await editor.getByRole('textbox', { name: 'Language', exact: true }).fill('');
    await editor.getByTestId('rebuttal-save').click();
    await responder.getByTestId('error-text').waitFor();
    await responder.getByTestId('error-verdict').waitFor();
    await responder.getByTestId('error-language').waitFor();
    expect(await responder.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('text');
    expect(rebuttalPosts).toBe(0);
    const responderText = 'La mesa sigue en su recinto habitual; el Tribunal no autorizó ningún traslado.';
    await editor.getByRole('textbox', { name: 'Text of the answer', exact: true }).fill(responderText);
    await editor.getByRole('textbox', { name: 'Language', exact: true }).fill('es');
    await editor.getByRole('combobox', { name: 'Verdict', exact: true }).selectOption('false');
    await editor.getByRole('checkbox', { name: 'Website' }).check();
    await editor.getByTestId('rebuttal-save').click();
    const responderItem = item(responder, responderText);
    await responderItem.waitFor();
    expect(rebuttalPosts).toBe(1);
    expect(await responderItem.getByTestId('rebuttal-approve').count()).toBe(0);
    expect(await responderItem.getByTestId('rebuttal-note').textContent()).toBe('Waiting for an approver.');

    // 2. The approver starts from the suggestion and saves their own draft: four eyes, explained.
    const first = await openAs(approver, `#/rebuttal/${incidentId}`);
    const suggestion = first.getByTestId('rebuttal-suggestion').filter({ hasText: 'Traslado de mesas' });
    await explainOnTimeout(first, suggestion.waitFor(), 'the pre-bunk suggestion');
    await suggestion.getByRole('button').click();
    const firstEditor = first.getByTestId('rebuttal-editor');
    expect(await firstEditor.getByRole('textbox', { name: 'Text of the answer', exact: true }).inputValue()).toBe(prebunkText);
    expect(await firstEditor.getByRole('combobox', { name: 'Verdict', exact: true }).inputValue()).toBe('false');
    await firstEditor.getByRole('checkbox', { name: 'WhatsApp' }).check();
    await firstEditor.getByTestId('rebuttal-save').click();
    const ownItem = item(first, prebunkText);
    await ownItem.waitFor();
    expect(await ownItem.getByTestId('rebuttal-approve').count()).toBe(0);
    expect(await ownItem.getByTestId('four-eyes-note').textContent()).toBe('You wrote this; another approver must approve it.');
    await item(first, responderText).getByTestId('rebuttal-approve').waitFor();
    await first.screenshot({ path: `${ARTIFACTS}rebuttal-four-eyes.png`, fullPage: true });
    expect(await seriousViolations(first)).toEqual([]);
    // The API refuses it too.
    const ownId = await ownItem.getAttribute('data-rebuttal-id');
    const refused = await approverApi('POST', `/api/v1/incidents/${incidentId}/rebuttals/${ownId}/approve`, {});
    expect(refused.status).toBe(403);

    // 3. A second approver opens the workspace; the first approves the responder's draft meanwhile,
    //    so the second one's approve of it is stale: 409, explained, with Reload.
    const second = await openAs(approver2, `#/rebuttal/${incidentId}`);
    await explainOnTimeout(second, item(second, responderText).getByTestId('rebuttal-approve').waitFor(), 'the second approver’s workspace');
    await item(first, responderText).getByTestId('rebuttal-approve').click();
    await first.locator('[data-testid="rebuttal-status"]', { hasText: 'Rebuttal approved.' }).waitFor();
    await item(second, responderText).getByTestId('rebuttal-approve').click();
    const conflict = second.getByTestId('rebuttal-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone else acted first.');
    await second.screenshot({ path: `${ARTIFACTS}rebuttal-conflict.png`, fullPage: true });
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await second.locator('[data-testid="rebuttal-item"][data-status="approved"]', { hasText: responderText }).waitFor();
    await conflict.waitFor({ state: 'detached' });

    // 4. The second approver approves the first approver's draft and publishes it.
    const secondOwn = item(second, prebunkText);
    await secondOwn.getByTestId('rebuttal-approve').click();
    await secondOwn.getByTestId('rebuttal-publish').click();
    await second.locator('[data-testid="rebuttal-item"][data-status="published"]', { hasText: prebunkText }).waitFor();
    const claimReviewHref = await secondOwn.getByTestId('claimreview-link').getAttribute('href');
    expect(claimReviewHref).toBe(`/api/v1/incidents/${incidentId}/claimreview`);
    const review = (await (await fetch(`${stack.baseUrl}${claimReviewHref}`)).json()) as { '@type': string; reviewBody: string };
    expect(review['@type']).toBe('ClaimReview');
    expect(review.reviewBody).toBe(prebunkText);
    await second.screenshot({ path: `${ARTIFACTS}rebuttal-published.png`, fullPage: true });

    // 5. The reporter sees the answer arrive without a reload, and a notification.
    const answer = ownRow.getByTestId('own-answer');
    await explainOnTimeout(reporter, answer.waitFor({ timeout: LIVE_TIMEOUT }), 'the published answer on the reporter’s page');
    expect(await answer.textContent()).toContain(prebunkText);
    expect(await ownRow.getByTestId('own-answer-verdict').textContent()).toBe('False');
    expect(await ownRow.getByTestId('own-incident-status').textContent()).toBe('Answered');
    const note = reporter.getByTestId('reporter-notification').first();
    await note.waitFor();
    expect(await note.textContent()).toMatch(/The electoral body answered a claim you reported: false/i);
    expect(await note.getAttribute('class')).toBe('unread');
    await reporter.getByTestId('reporter-notifications-mark-read').click();
    await reporter.locator('[data-testid="reporter-notification"].unread').first().waitFor({ state: 'detached' });
    expect(await reporter.evaluate(() => (window as { __sitroomNoReload?: boolean }).__sitroomNoReload)).toBe(true);
    await reporter.screenshot({ path: `${ARTIFACTS}reporter-answer-live.png`, fullPage: true });
    expect(await seriousViolations(reporter)).toEqual([]);

    // The workspace in Spanish on a phone.
    const phone = await openAs(approver2, `#/rebuttal/${incidentId}`, { width: 390, height: 844 });
    await phone.getByTestId('rebuttal-editor').waitFor();
    await phone.getByTestId('language-switch').selectOption('es');
    await phone.getByRole('heading', { name: 'Desmentidos' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: `${ARTIFACTS}rebuttal-phone-es.png`, fullPage: true });

    expect(pageErrors).toEqual([]);
  });
});
