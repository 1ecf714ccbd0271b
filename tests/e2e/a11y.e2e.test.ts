import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { postReport, startStack, type Stack } from '../support/stack.ts';
import { addRoleUsers, eventually, newReport, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { formatViolations, seriousViolations } from '../support/axe.ts';
import { CHROMIUM, CHROMIUM_ARGS, signInThroughForm } from '../support/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const LIVE_TIMEOUT = 30_000;
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const ADMIN_SECTIONS = ['routing', 'lexicon', 'elections', 'desks', 'pipeline', 'organisations', 'users', 'keys', 'audit'] as const;

describe('accessibility: axe-core finds no serious or critical violation on any screen, at 1280 px and on a phone', () => {
  let stack: Stack;
  let fixture: Fixture;
  let lead: FixtureUser;
  let browser: Browser;
  let incidentId: string;
  /** Every screen's findings, so one run lists them all instead of stopping at the first. */
  const findings: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    fixture = await seedFixture(stack.db);
    ({ lead } = await addRoleUsers(stack.db, fixture));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
    const filed = await postReport(stack.baseUrl, fixture.orgA.apiKey, newReport());
    expect(filed.status).toBe(202);
    incidentId = await eventually(async () => {
      const res = await fetch(`${stack.baseUrl}/api/v1/reports/${filed.body.id}`, { headers: { authorization: `Bearer ${fixture.orgA.apiKey}` } });
      return ((await res.json()) as { incidentId: string | null }).incidentId;
    }, 'the report to be triaged', LIVE_TIMEOUT);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const pageErrors = new WeakMap<Page, string[]>();

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    pageErrors.set(page, errors);
    return page;
  }

  /** A timeout says what the page showed, so a failure is readable without a screenshot. */
  async function waitFor(page: Page, waiting: Promise<unknown>, what: string): Promise<void> {
    try {
      await waiting;
    } catch (error) {
      const shown = await page.locator('body').innerText().catch(() => '(page unreadable)');
      throw new Error(`${(error as Error).message}\nwaiting for ${what}; the page showed:\n${shown.slice(0, 1500)}\npage errors: ${(pageErrors.get(page) ?? []).join('\n')}`);
    }
  }

  async function signIn(page: Page, who: FixtureUser, hash = '#/'): Promise<void> {
    await page.goto(`${stack.baseUrl}/${hash}`);
    await signInThroughForm(page, who);
    await page.getByTestId('signin-form').waitFor({ state: 'detached', timeout: LIVE_TIMEOUT });
  }

  /** Waits until nothing is loading any more, then records what axe finds. */
  async function check(page: Page, where: string): Promise<void> {
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: LIVE_TIMEOUT }).catch(() => undefined);
    const found = formatViolations(where, await seriousViolations(page));
    if (found) {
      findings.push(found);
      await page.screenshot({ path: `${ARTIFACTS}a11y-${where.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true });
    }
  }

  /** One screen of a tour: a screen that does not come up is recorded and the tour goes on to the next. */
  async function visit(page: Page, hash: string, ready: string, where: string): Promise<void> {
    try {
      await page.goto(`${stack.baseUrl}/${hash}`);
      await waitFor(page, page.locator(ready).first().waitFor({ timeout: LIVE_TIMEOUT }), `${where} to be ready`);
      await check(page, where);
    } catch (error) {
      findings.push(`${where}: could not be checked: ${(error as Error).message}`);
      pageErrors.get(page)?.splice(0);
    }
  }

  for (const viewport of VIEWPORTS) {
    it(`sign-in page (${viewport.name})`, async () => {
      const page = await newPage(viewport);
      await page.goto(`${stack.baseUrl}/`);
      await page.getByTestId('signin-form').waitFor();
      await check(page, `sign-in @${viewport.name}`);
      await page.context().close();
    });

    it(`responder: queue with the incident panel open (${viewport.name})`, async () => {
      const page = await newPage(viewport);
      await signIn(page, fixture.responder);
      await waitFor(page, page.locator('[data-testid="connection-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_TIMEOUT }), 'the queue to go live');
      const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
      await row.waitFor({ timeout: LIVE_TIMEOUT });
      await check(page, `queue (responder) @${viewport.name}`);
      const panel = page.getByTestId('incident-panel');
      // A live re-render can swallow a click: click until the panel opens.
      for (let attempt = 0; attempt < 5 && !(await panel.isVisible()); attempt++) {
        await row.click();
        await panel.waitFor({ timeout: 3_000 }).catch(() => undefined);
      }
      await panel.waitFor();
      await check(page, `queue + incident panel (responder) @${viewport.name}`);
      await page.context().close();
    });

    it(`reporter: report form and my organisation's reports (${viewport.name})`, async () => {
      const page = await newPage(viewport);
      await signIn(page, fixture.reporter, '#/report');
      await page.getByTestId('report-form').waitFor({ timeout: LIVE_TIMEOUT });
      await check(page, `#/report (reporter) @${viewport.name}`);
      await visit(page, '#/reports', '[data-testid="own-reports"]', `#/reports (reporter) @${viewport.name}`);
      await page.context().close();
    });

    it(`lead: analytics (${viewport.name})`, async () => {
      const page = await newPage(viewport);
      await signIn(page, lead, '#/analytics');
      await waitFor(page, page.getByTestId('analytics-page').waitFor({ timeout: LIVE_TIMEOUT }), 'the analytics page');
      await check(page, `#/analytics (lead) @${viewport.name}`);
      await page.context().close();
    });

    it(`admin: every admin section (${viewport.name})`, async () => {
      const page = await newPage(viewport);
      await signIn(page, fixture.admin);
      for (const section of ADMIN_SECTIONS) {
        await visit(page, `#/admin/${section}`, '.admin-section', `#/admin/${section} (admin) @${viewport.name}`);
      }
      await page.context().close();
    });
  }

  it('found no serious or critical violation', () => {
    expect(findings, `\n${findings.join('\n\n')}`).toEqual([]);
  });
});
