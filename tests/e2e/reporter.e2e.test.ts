import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually, seedFixture, type Fixture } from '../support/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS, signInThroughForm } from '../support/browser.ts';
import { formatViolations, seriousViolations } from '../support/axe.ts';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const SESSION_ENDED = 'Your session has ended. Please sign in again.';

const isReportPost = (method: string, url: string) => method === 'POST' && url.endsWith('/api/v1/reports');

/** The report POSTs the page sends from now on, as they are sent. */
function reportPostsOf(page: Page): string[] {
  const posts: string[] = [];
  page.on('request', (request) => {
    if (isReportPost(request.method(), request.url())) posts.push(request.url());
  });
  return posts;
}

describe('reporter screens in the dashboard (real API, worker, Postgres, Redis and Chromium)', () => {
  let stack: Stack;
  let fixture: Fixture;
  let browser: Browser;

  beforeAll(async () => {
    // The API serves the built dashboard (apps/dashboard/dist), as in production.
    stack = await startStack();
    fixture = await seedFixture(stack.db);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function openScreen(page: Page, link: 'File a report' | 'My reports'): Promise<void> {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: link, exact: true }).click();
  }

  /** Signed in as the reporter, who lands on their organisation's reports, then on the form through the nav. */
  async function signedInReporter(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'en-GB' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(stack.baseUrl);
    await signInThroughForm(page, fixture.reporter);
    await page.getByRole('heading', { name: "My organisation's reports" }).waitFor();
    await openScreen(page, 'File a report');
    await page.getByTestId('report-form').waitFor();
    expect(new URL(page.url()).hash).toBe('#/report');
    return { context, page, pageErrors };
  }

  /** The session ends at the server (expired or revoked): the browser still sends its cookie, the API answers 401. */
  async function endReporterSessions(): Promise<void> {
    const deleted = await stack.db.deleteFrom('sessions').where('userId', '=', fixture.reporter.id).executeTakeFirst();
    expect(Number(deleted.numDeletedRows)).toBeGreaterThan(0);
  }

  async function expectSignInAfterSessionEnded(page: Page): Promise<void> {
    await page.getByTestId('signin-form').waitFor();
    await page.getByRole('status').filter({ hasText: SESSION_ENDED }).waitFor();
    expect(await page.getByTestId('report-form').count()).toBe(0);
  }

  const draftOf = async (page: Page) => {
    const text = await page.evaluate((key) => localStorage.getItem(key), `sitroom.report-draft.${fixture.reporter.id}`);
    return text === null ? null : (JSON.parse(text) as { draft: { values: { claim: string; platform: string }; pending: boolean; submissionId: string | null } });
  };

  const reportsOfOrgA = async (claim: string) =>
    (await stack.db.selectFrom('reports').select(['id']).where('organisationId', '=', fixture.orgA.id).where('claim', '=', claim).execute()).length;

  it('shows field errors without sending, then files a valid report and lists it under My reports', async () => {
    const { context, page, pageErrors } = await signedInReporter();
    const posts = reportPostsOf(page);
    const form = page.getByTestId('report-form');

    // Invalid: no claim, a broken second link, no platform or category.
    await form.getByRole('textbox', { name: 'Link 1', exact: true }).fill('https://www.facebook.com/groups/elecciones/posts/1');
    await form.getByRole('button', { name: 'Add a link' }).click();
    await form.getByRole('textbox', { name: 'Link 2', exact: true }).fill('not a link');
    await form.getByRole('button', { name: 'Send report' }).click();
    await page.getByTestId('error-claim').waitFor();
    expect(await page.getByTestId('error-urls.1').textContent()).toContain('http');
    await page.getByTestId('error-platform').waitFor();
    await page.getByTestId('error-category').waitFor();
    expect(await page.getByTestId('error-urls.0').count()).toBe(0);
    // Focus on the first invalid field, which names its error for screen readers.
    const focused = await page.evaluate(() => ({ name: document.activeElement?.getAttribute('name'), describedBy: document.activeElement?.getAttribute('aria-describedby') ?? '' }));
    expect(focused.name).toBe('claim');
    expect(focused.describedBy).toContain('claim-error');
    expect(await page.getByTestId('report-error-summary').isVisible()).toBe(true);
    expect(posts).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}reporter-form-errors.png`, fullPage: true });
    expect(formatViolations('the report form with field errors', await seriousViolations(page))).toBe('');

    const claim = `Dicen que la mesa ${Date.now()} cerrará a mediodía en El Alto`;
    await form.getByRole('textbox', { name: 'Claim', exact: true }).fill(claim);
    await form.getByRole('textbox', { name: 'Link 2', exact: true }).fill('https://x.com/someone/status/1234567890');
    await form.getByRole('combobox', { name: 'Platform', exact: true }).selectOption('facebook');
    await form.getByRole('combobox', { name: 'Category', exact: true }).selectOption('voting_process');
    await form.getByRole('textbox', { name: 'Region', exact: true }).fill('LP');
    await form.getByRole('button', { name: 'Now' }).click();
    await form.getByRole('textbox', { name: 'Estimated reach', exact: true }).fill('2500');
    await form.getByLabel(/TLP:GREEN/).check();
    await form.getByRole('button', { name: 'Send report' }).click();

    const queued = page.getByTestId('report-queued');
    await queued.waitFor();
    const reportId = await queued.getAttribute('data-report-id');
    expect(reportId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await queued.textContent()).toContain('queued');
    expect(posts).toHaveLength(1);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('sitroom.report-draft.')).length)).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}reporter-queued.png` });

    const row = await eventually(async () => (await stack.db.selectFrom('reports').select(['id', 'tlp', 'observedAt', 'urls']).where('id', '=', reportId!).executeTakeFirst()) ?? null, 'the report row');
    expect(row.tlp).toBe('green');
    expect(row.urls).toHaveLength(2);

    await openScreen(page, 'My reports');
    expect(new URL(page.url()).hash).toBe('#/reports');
    const item = page.locator(`[data-testid="own-report"][data-report-id="${reportId}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(claim);
    await page.locator('[data-testid="reporter-live-state"]', { hasText: 'Live' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${ARTIFACTS}reporter-my-reports.png`, fullPage: true });
    expect(formatViolations('My reports', await seriousViolations(page))).toBe('');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps a report typed offline on the device and sends it once back online', async () => {
    const { context, page, pageErrors } = await signedInReporter();
    const form = page.getByTestId('report-form');
    const claim = `Circula que el padrón ${Date.now()} fue borrado`;
    await form.getByRole('textbox', { name: 'Claim', exact: true }).fill(claim);
    await form.getByRole('combobox', { name: 'Platform', exact: true }).selectOption('whatsapp');
    await form.getByRole('combobox', { name: 'Category', exact: true }).selectOption('voter_registration');

    // The draft is on the device as the user types.
    expect((await draftOf(page))?.draft.values.claim).toBe(claim);

    await context.setOffline(true);
    await form.getByRole('button', { name: 'Send report' }).click();
    await page.locator('[data-testid="report-status"]', { hasText: "Saved on this device; we'll send it when you're back online." }).waitFor();
    const pending = await draftOf(page);
    expect(pending?.draft.pending).toBe(true);
    expect(pending?.draft.submissionId).toBeTruthy();
    expect(await reportsOfOrgA(claim)).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}reporter-offline-saved.png` });

    await context.setOffline(false);
    await page.getByTestId('report-queued').waitFor({ timeout: 30_000 });
    expect(await draftOf(page)).toBeNull();
    expect(await reportsOfOrgA(claim)).toBe(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps the draft when the session has ended, sends the reporter to sign in and restores it afterwards', async () => {
    const { context, page, pageErrors } = await signedInReporter();
    const posts = reportPostsOf(page);
    const form = page.getByTestId('report-form');
    const claim = `Aseguran que las actas ${Date.now()} de Oruro ya fueron cambiadas`;
    await form.getByRole('textbox', { name: 'Claim', exact: true }).fill(claim);
    await form.getByRole('combobox', { name: 'Platform', exact: true }).selectOption('whatsapp');
    await form.getByRole('combobox', { name: 'Category', exact: true }).selectOption('results');

    await endReporterSessions();
    const refused = page.waitForResponse((response) => isReportPost(response.request().method(), response.url()));
    await form.getByRole('button', { name: 'Send report' }).click();
    expect((await refused).status()).toBe(401);
    await expectSignInAfterSessionEnded(page);
    // Kept on the device, not as pending: it goes out only when the user sends it again.
    const kept = await draftOf(page);
    expect(kept?.draft.values.claim).toBe(claim);
    expect(kept?.draft.pending).toBe(false);
    expect(await reportsOfOrgA(claim)).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}reporter-session-ended.png` });

    await signInThroughForm(page, fixture.reporter);
    await page.locator('[data-testid="report-status"]', { hasText: 'Your unsent draft was restored from this device.' }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/report');
    const restored = page.getByTestId('report-form');
    expect(await restored.getByRole('textbox', { name: 'Claim', exact: true }).inputValue()).toBe(claim);
    expect(await restored.getByRole('combobox', { name: 'Platform', exact: true }).inputValue()).toBe('whatsapp');
    expect(await restored.getByRole('combobox', { name: 'Category', exact: true }).inputValue()).toBe('results');
    expect(posts).toHaveLength(1);
    expect(await reportsOfOrgA(claim)).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}reporter-draft-restored.png` });

    // Sent as restored once the user presses Send.
    await restored.getByRole('button', { name: 'Send report' }).click();
    await page.getByTestId('report-queued').waitFor();
    expect(await draftOf(page)).toBeNull();
    await eventually(async () => (await reportsOfOrgA(claim)) === 1, 'the restored report stored');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('sends the reporter to sign in when "Mark all as read" meets an ended session', async () => {
    const note = await stack.db
      .insertInto('notifications')
      .values({ userId: fixture.reporter.id, incidentId: null, kind: 'rebuttal.published', message: 'The electoral body answered a claim you reported: false' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { context, page, pageErrors } = await signedInReporter();
    await openScreen(page, 'My reports');
    const notes = page.getByTestId('reporter-notifications');
    await notes.locator('[data-testid="reporter-notification"].unread').waitFor();

    await endReporterSessions();
    await notes.getByTestId('reporter-notifications-mark-read').click();
    await expectSignInAfterSessionEnded(page);
    const stored = await stack.db.selectFrom('notifications').select('readAt').where('id', '=', note.id).executeTakeFirstOrThrow();
    expect(stored.readAt).toBeNull();

    // Back where they were after signing in, the answer still unread.
    await signInThroughForm(page, fixture.reporter);
    await page.getByRole('heading', { name: "My organisation's reports" }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/reports');
    await notes.locator('[data-testid="reporter-notification"].unread').waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('switches to Spanish, remembers it for this user, and fits a phone', async () => {
    const { context, page, pageErrors } = await signedInReporter({ width: 390, height: 844 });
    // The choice is kept at the server: back to English afterwards, for the other tests' sign-ins.
    onTestFinished(async () => {
      await stack.db.updateTable('users').set({ locale: 'en' }).where('id', '=', fixture.reporter.id).execute();
    });
    await page.getByTestId('language-switch').selectOption('es');
    await page.getByRole('heading', { name: 'Presentar un reporte' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.reload();
    await page.getByRole('heading', { name: 'Presentar un reporte' }).waitFor();
    // The claim's language starts as the user's language.
    expect(await page.getByTestId('report-form').getByRole('textbox', { name: 'Idioma de la afirmación', exact: true }).inputValue()).toBe('es');
    await page.getByTestId('report-form').getByRole('button', { name: 'Enviar reporte' }).click();
    await page.locator('[data-testid="error-claim"]', { hasText: 'Este campo es obligatorio.' }).waitFor();
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}reporter-form-phone-es.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
