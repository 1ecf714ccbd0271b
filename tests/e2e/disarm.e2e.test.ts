import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startStack, type Stack } from '../support/stack.ts';
import { addRoleUsers, seedFixture, type Fixture, type FixtureUser } from '../support/fixtures.ts';
import { fileAndTriage } from '../support/triage.ts';
import { formatViolations, seriousViolations } from '../support/axe.ts';
import { CHROMIUM, CHROMIUM_ARGS, explainOnTimeout, signInThroughForm } from '../support/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const LIVE_TIMEOUT = 30_000;

describe('DISARM tags in the incident panel (real API, Postgres, Redis and Chromium)', () => {
  let stack: Stack;
  let fixture: Fixture;
  let lead: FixtureUser;
  let browser: Browser;
  let incidentId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The incident is triaged here, so no worker: the API serves the built dashboard (apps/dashboard/dist).
    stack = await startStack({ startWorker: false });
    fixture = await seedFixture(stack.db);
    ({ lead } = await addRoleUsers(stack.db, fixture));
    ({ incidentId } = await fileAndTriage(stack.db, fixture.orgA.id));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** `who` signs in on the incident's link and sees its DISARM tags section; `puts` collects the tag sets sent. */
  async function openIncident(who: FixtureUser): Promise<{ page: Page; section: Locator; puts: unknown[]; queueReads: () => number }> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(`${who.email}: ${error.message}`));
    const puts: unknown[] = [];
    page.on('request', (request) => request.method() === 'PUT' && request.url().endsWith('/disarm-tags') && puts.push(request.postDataJSON()));
    let queueReads = 0;
    page.on('response', (response) => /\/api\/v1\/incidents(\?|$)/.test(response.url()) && queueReads++);
    await page.goto(`${stack.baseUrl}/#/incidents/${incidentId}`);
    await signInThroughForm(page, who);
    const section = page.getByTestId('incident-panel').getByTestId('disarm-tags');
    await explainOnTimeout(stack, page, section.waitFor({ timeout: LIVE_TIMEOUT }), `the DISARM tags of ${who.email}`);
    return { page, section, puts, queueReads: () => queueReads };
  }

  const tagRow = (section: Locator, id: string) => section.locator(`[data-testid="disarm-tag"][data-disarm-id="${id}"]`);

  async function add(section: Locator, id: string): Promise<void> {
    await section.getByLabel('Tactic or technique id').fill(id);
    await section.getByRole('button', { name: 'Add', exact: true }).click();
  }

  async function noSeriousViolations(page: Page, where: string): Promise<void> {
    const violations = await seriousViolations(page);
    expect(violations, formatViolations(where, violations)).toEqual([]);
  }

  it('a responder adds and removes tactic and technique ids; the set survives a reload and is in the timeline', async () => {
    const { page, section, puts } = await openIncident(fixture.responder);
    await section.getByText('No DISARM tags yet.').waitFor();
    await section.getByText(/so it can be compared with other influence operations/).waitFor();
    await section.screenshot({ path: `${ARTIFACTS}disarm-empty.png` });
    const about = section.getByRole('link', { name: /About the DISARM framework/ });
    expect(await about.getAttribute('href')).toBe('https://www.disarm.foundation/');
    expect(await about.getAttribute('target')).toBe('_blank');
    expect(await about.getAttribute('rel')).toBe('noreferrer');
    // The tactics are offered as suggestions.
    expect(await section.locator('datalist option[value="TA06"]').textContent()).toBe('TA06 — Develop Content');

    await add(section, 'TA06');
    await tagRow(section, 'TA06').waitFor();
    expect(await tagRow(section, 'TA06').innerText()).toMatch(/^TA06 Develop Content · v1\.4/);
    await section.getByRole('status').getByText('TA06 added.').waitFor();

    // Lower case is upper-cased before it is sent; the whole set goes each time.
    await add(section, 't0023.001');
    await tagRow(section, 'T0023.001').waitFor();
    expect(await tagRow(section, 'T0023.001').innerText()).toMatch(/^T0023\.001 · v1\.4/);
    expect(puts).toMatchObject([
      { tags: ['TA06'], frameworkVersion: '1.4', version: expect.any(Number) },
      { tags: ['TA06', 'T0023.001'], frameworkVersion: '1.4', version: expect.any(Number) },
    ]);
    await section.getByRole('button', { name: 'Add', exact: true, disabled: false }).waitFor();

    // Not a DISARM id: refused beside the field, and nothing is sent.
    await add(section, 'X12');
    const input = section.getByLabel('Tactic or technique id');
    const error = section.getByTestId('error-id');
    await error.waitFor();
    expect(await error.textContent()).toBe('Enter a tactic id such as TA06, or a technique id such as T0023 or T0023.001.');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));
    // One it already has: said so, not sent.
    await add(section, 'ta06');
    await section.getByTestId('error-id').getByText('TA06 is already on this incident.').waitFor();
    expect(puts).toHaveLength(2);

    await noSeriousViolations(page, 'the DISARM tags section with tags and a field error, at 1280 px');
    await section.screenshot({ path: `${ARTIFACTS}disarm-desktop.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await section.getByRole('button', { name: 'Remove TA06' }).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await noSeriousViolations(page, 'the DISARM tags section on a phone');
    await section.screenshot({ path: `${ARTIFACTS}disarm-phone.png` });
    await page.setViewportSize({ width: 1280, height: 900 });

    await section.getByRole('button', { name: 'Remove TA06' }).click();
    await tagRow(section, 'TA06').waitFor({ state: 'detached' });
    expect(puts[2]).toEqual({ tags: ['T0023.001'], version: expect.any(Number) });
    expect(await stack.db.selectFrom('incidentDisarmTags').select(['disarmId', 'frameworkVersion']).where('incidentId', '=', incidentId).execute())
      .toEqual([{ disarmId: 'T0023.001', frameworkVersion: '1.4' }]);

    // The incident's link opens it again, with the tag and the change in its timeline.
    await page.reload();
    expect(new URL(page.url()).hash).toBe(`#/incidents/${incidentId}`);
    await explainOnTimeout(stack, page, tagRow(section, 'T0023.001').waitFor({ timeout: LIVE_TIMEOUT }), 'the tag after a reload');
    expect(await tagRow(section, 'T0023.001').innerText()).toContain('v1.4');
    expect(await tagRow(section, 'TA06').count()).toBe(0);
    const timeline = page.getByTestId('incident-panel').getByRole('region', { name: 'Timeline' });
    expect(await timeline.getByText('DISARM tags changed').count()).toBe(3);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('explains a change made meanwhile (409) and reloads the incident', async () => {
    const { page, section, queueReads } = await openIncident(fixture.responder);
    await tagRow(section, 'T0023.001').waitFor();
    // The queue reads its first page again once live; a newer version there would reload the panel.
    await page.locator('[data-testid="connection-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_TIMEOUT });
    await expect.poll(queueReads, { timeout: LIVE_TIMEOUT }).toBeGreaterThanOrEqual(2);
    // Someone changes the incident without this panel hearing of it (no live event): its version is stale.
    const bumped = await stack.db.updateTable('incidents').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', incidentId).returning('version').executeTakeFirstOrThrow();
    await add(section, 'TA09');
    const conflict = section.getByTestId('disarm-conflict');
    await conflict.getByText(/Someone else acted first\./).waitFor();
    expect(await conflict.innerText()).toContain(`it is at version ${bumped.version}`);
    await conflict.getByRole('button', { name: 'Reload incident' }).click();
    await tagRow(section, 'T0023.001').waitFor();
    expect(await section.getByTestId('disarm-conflict').count()).toBe(0);
    expect(await tagRow(section, 'TA09').count()).toBe(0);
    // Read again in place, the section never unmounted: the keyboard is still on the field to try again.
    expect(await section.getByLabel('Tactic or technique id').evaluate((input) => input === document.activeElement)).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('a lead sees the tags, but no way to change them', async () => {
    const { page, section } = await openIncident(lead);
    await tagRow(section, 'T0023.001').waitFor();
    expect(await section.getByRole('button').count()).toBe(0);
    expect(await section.getByRole('textbox').count()).toBe(0);
    expect(await section.getByRole('link', { name: /About the DISARM framework/ }).count()).toBe(1);
    await noSeriousViolations(page, 'the DISARM tags section of a lead');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
