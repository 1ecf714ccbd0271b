import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack.ts';
import { eventually, seedFixture, type Fixture } from '../support/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/browser.ts';

const DASHBOARD = fileURLToPath(new URL('../../apps/dashboard/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));

/** The reporter preview shell, built into a folder of this test file's own, which the API then serves as its dashboard. */
async function buildPreview(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'sitroom-reporter-preview-'));
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

async function seriousViolations(page: Page, axe: string | null): Promise<string[]> {
  if (!axe) {
    console.warn('axe-core is not installed: accessibility check skipped');
    return [];
  }
  // Evaluated over the DevTools protocol: the page's strict CSP (script-src 'self') refuses an injected <script>.
  await page.evaluate(axe);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
  });
  return violations;
}

describe('reporter screens (preview shell on the real API, worker, Postgres, Redis and Chromium)', () => {
  let stack: Stack;
  let fixture: Fixture;
  let browser: Browser;
  let previewDir: string;
  let axe: string | null;

  beforeAll(async () => {
    previewDir = await buildPreview();
    stack = await startStack({ apiEnv: { DASHBOARD_DIR: previewDir } });
    fixture = await seedFixture(stack.db);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    axe = await axeSource();
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (previewDir) await rm(previewDir, { recursive: true, force: true });
  });

  async function signedInReporter(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'en-GB' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${stack.baseUrl}/#/report`);
    const form = page.getByTestId('signin-form');
    await form.getByLabel('Email', { exact: true }).fill(fixture.reporter.email);
    await form.getByLabel('Password', { exact: true }).fill(fixture.reporter.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('report-form').waitFor();
    return { context, page, pageErrors };
  }

  const reportsOfOrgA = async (claim: string) =>
    (await stack.db.selectFrom('reports').select(['id']).where('organisationId', '=', fixture.orgA.id).where('claim', '=', claim).execute()).length;

  it('shows field errors without sending, then files a valid report and lists it under My reports', async () => {
    const { context, page, pageErrors } = await signedInReporter();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/reports')) posts.push(request.url());
    });
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
    expect(await seriousViolations(page, axe)).toEqual([]);

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

    await page.getByTestId('tab-mine').click();
    const item = page.locator(`[data-testid="own-report"][data-report-id="${reportId}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(claim);
    await page.locator('[data-testid="reporter-live-state"]', { hasText: 'Live' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${ARTIFACTS}reporter-my-reports.png`, fullPage: true });
    expect(await seriousViolations(page, axe)).toEqual([]);
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
    const draftKey = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith('sitroom.report-draft.')) ?? null);
    expect(draftKey).toBeTruthy();
    expect(await page.evaluate((key) => localStorage.getItem(key!), draftKey)).toContain(claim);

    await context.setOffline(true);
    await form.getByRole('button', { name: 'Send report' }).click();
    await page.locator('[data-testid="report-status"]', { hasText: "Saved on this device; we'll send it when you're back online." }).waitFor();
    const pending = JSON.parse((await page.evaluate((key) => localStorage.getItem(key!), draftKey))!);
    expect(pending.draft.pending).toBe(true);
    expect(pending.draft.submissionId).toBeTruthy();
    expect(await reportsOfOrgA(claim)).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}reporter-offline-saved.png` });

    await context.setOffline(false);
    await page.getByTestId('report-queued').waitFor({ timeout: 30_000 });
    expect(await page.evaluate((key) => localStorage.getItem(key!), draftKey)).toBeNull();
    expect(await reportsOfOrgA(claim)).toBe(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('switches to Spanish, remembers it for this user, and fits a phone', async () => {
    const { context, page, pageErrors } = await signedInReporter({ width: 390, height: 844 });
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
