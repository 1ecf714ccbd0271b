import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { postReport, signIn, startStack, userClient, type Stack } from '../support/stack.ts';
import { addRoleUsers, eventually, newReport, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { CHROMIUM, CHROMIUM_ARGS, explainOnTimeout, signInThroughForm } from '../support/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const LIVE_TIMEOUT = 30_000;
const RESPONSE_TIMES_HEADER =
  'category,label,incidents,reports,triage_median_s,triage_p90_s,acknowledged,acknowledge_pending,acknowledge_median_s,acknowledge_p90_s,'
  + 'rebutted,rebuttal_pending,rebuttal_median_s,rebuttal_p90_s,sla_acknowledge_compliance,sla_rebuttal_compliance,referrals';

describe('analytics page (real API, worker, Postgres, Redis and Chromium)', () => {
  let stack: Stack;
  let fixture: Fixture;
  let lead: FixtureUser;
  let browser: Browser;
  let pageUrl: string;
  const acknowledgedCategory = 'results';

  beforeAll(async () => {
    stack = await startStack();
    pageUrl = `${stack.baseUrl}/#/analytics`;
    fixture = await seedFixture(stack.db);
    ({ lead } = await addRoleUsers(stack.db, fixture));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    // Three incidents in three categories from two organisations; the responder acknowledges the results one.
    const filings = [
      { key: fixture.orgA.apiKey, report: newReport({ claim: 'Cambiaron el horario de votación del recinto 7 sin avisar', category: 'voting_process' }) },
      { key: fixture.orgB.apiKey, report: newReport({ claim: 'El acta del distrito 3 fue alterada antes del conteo', category: acknowledgedCategory }) },
      { key: fixture.orgA.apiKey, report: newReport({ claim: 'Mensajes de odio contra votantes de la provincia norte', category: 'hate_speech' }) },
    ];
    const incidentIds: string[] = [];
    for (const { key, report } of filings) {
      const filed = await postReport(stack.baseUrl, key, report);
      expect(filed.status).toBe(202);
      incidentIds.push(await incidentOf(filed.body.id as string, key));
    }
    const responder = userClient(stack.baseUrl, await signIn(stack.baseUrl, fixture.responder.email, fixture.responder.password));
    const results = incidentIds[1]!;
    const { body: incident } = await responder<{ version: number }>('GET', `/api/v1/incidents/${results}`);
    const ack = await responder('POST', `/api/v1/incidents/${results}/acknowledge`, { version: incident.version });
    expect(ack.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function incidentOf(reportId: string, apiKey: string): Promise<string> {
    return eventually(async () => {
      const res = await fetch(`${stack.baseUrl}/api/v1/reports/${reportId}`, { headers: { authorization: `Bearer ${apiKey}` } });
      return ((await res.json()) as { incidentId: string | null }).incidentId;
    }, 'the report to be triaged', LIVE_TIMEOUT);
  }

  /** The lead signs in through the form and lands on the analytics page with its figures loaded. */
  async function openAnalytics(viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport, locale: 'en-GB', acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pageUrl);
    await page.getByTestId('signin-form').waitFor();
    await signInThroughForm(page, lead);
    await explainOnTimeout(stack, page, page.getByTestId('analytics-page').waitFor({ timeout: LIVE_TIMEOUT }), 'the analytics page');
    await explainOnTimeout(stack, page, page.getByTestId('response-times-row').first().waitFor({ timeout: LIVE_TIMEOUT }), 'the response-times table');
    return { page, pageErrors };
  }

  /** The chart's canvas has been drawn at a real size inside its container. */
  async function expectChartDrawn(page: Page, name: string) {
    const chart = page.locator(`[data-testid="chart"][data-chart="${name}"]`);
    await explainOnTimeout(stack, page, chart.locator('canvas').first().waitFor({ timeout: LIVE_TIMEOUT }), `the ${name} chart`);
    const size = await chart.locator('canvas').first().evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight }));
    expect(size.w, `${name} canvas width`).toBeGreaterThan(0);
    expect(size.h, `${name} canvas height`).toBeGreaterThan(0);
    expect(size.cw, `${name} canvas shown width`).toBeGreaterThan(0);
    expect(size.ch, `${name} canvas shown height`).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-label'), `${name} chart has an accessible summary`).toBeTruthy();
  }

  it('shows every chart and table with the filed incidents, downloads the response-time CSV, and prints', async () => {
    const { page, pageErrors } = await openAnalytics({ width: 1280, height: 900 });

    // Response times by category: one row per category; the acknowledged one has a time, the others are still waiting.
    const rows = page.getByTestId('response-times-row');
    expect(await rows.count()).toBe(3);
    const acknowledgedRow = rows.filter({ has: page.getByRole('rowheader', { name: 'Results' }) });
    const ackMedian = (await acknowledgedRow.locator('td').nth(3).innerText()).trim();
    expect(ackMedian).toMatch(/^\d+ (s|min)/);
    const waitingRow = rows.filter({ has: page.getByRole('rowheader', { name: 'Hate speech' }) });
    expect(await waitingRow.locator('td').nth(3).innerText()).toBe('not yet met');

    for (const name of ['response-times', 'sla-by-desk', 'backlog']) await expectChartDrawn(page, name);
    expect(await page.getByTestId('backlog-table').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('sla-table').locator('tbody tr').count()).toBe(1);
    const scorecards = page.getByTestId('scorecard-row');
    await explainOnTimeout(stack, page, scorecards.first().waitFor({ timeout: LIVE_TIMEOUT }), 'the scorecards');
    for (const org of [fixture.orgA, fixture.orgB]) {
      expect(await scorecards.filter({ has: page.getByRole('rowheader', { name: org.name }) }).locator('td').nth(1).innerText()).toMatch(/^[1-9]/);
    }

    // The timeline of the day the reports came in (UTC: no election here), chosen in its own day field.
    const today = new Date().toISOString().slice(0, 10);
    await page.getByTestId('timeline').getByLabel('Day').fill(today);
    await expectChartDrawn(page, 'timeline');
    await page.getByTestId('timeline-table').locator('tbody tr').first().waitFor();

    // "Download CSV" of response times: the API's own CSV, saved under its file name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('response-times').getByRole('button', { name: /^Download CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('response-times-by-category.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(RESPONSE_TIMES_HEADER);
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.startsWith(`${acknowledgedCategory},`))).toMatch(/^results,results,1,1,/);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}analytics.png`, fullPage: true });

    // On paper: the filters and buttons are gone, the figures stay.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('form', { name: 'Analytics filters' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.getByTestId('response-times-table').isVisible()).toBe(true);
    await page.pdf({ path: `${ARTIFACTS}analytics.pdf`, format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });

    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('updates live as incidents come in', async () => {
    const { page, pageErrors } = await openAnalytics({ width: 1280, height: 900 });
    await explainOnTimeout(stack, page, page.locator('[data-testid="analytics-live"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_TIMEOUT }), 'the live connection');
    const filed = await postReport(stack.baseUrl, fixture.orgB.apiKey, newReport({ claim: 'Falsa encuesta atribuida al tribunal electoral', category: 'opinion_polls' }));
    expect(filed.status).toBe(202);
    await explainOnTimeout(stack, 
      page,
      page.getByTestId('response-times-row').filter({ has: page.getByRole('rowheader', { name: 'Opinion polls' }) }).waitFor({ timeout: LIVE_TIMEOUT }),
      'the new category to appear without a reload',
    );
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('fits a phone', async () => {
    const { page, pageErrors } = await openAnalytics({ width: 390, height: 844 });
    await expectChartDrawn(page, 'response-times');
    await explainOnTimeout(stack, page, page.getByTestId('scorecard-row').first().waitFor({ timeout: LIVE_TIMEOUT }), 'the scorecards');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${ARTIFACTS}analytics-phone.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
