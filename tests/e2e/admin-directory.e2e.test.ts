import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { appendAudits, SYSTEM_ACTOR } from '@sitroom/db';
import { postReport, startStack, type Stack } from '../support/stack.ts';
import { newReport, seedFixture, type Fixture } from '../support/fixtures.ts';
import { formatViolations, seriousViolations } from '../support/axe.ts';
import { CHROMIUM, CHROMIUM_ARGS, signInThroughForm } from '../support/browser.ts';

const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const TIMEOUT = 30_000;

describe('admin directory: organisations, users, API keys and the audit trail (real API, Postgres, Redis and Chromium)', () => {
  let stack: Stack;
  let fixture: Fixture;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    fixture = await seedFixture(stack.db);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(ARTIFACTS, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function explainOnTimeout(waiting: Promise<unknown>, what: string): Promise<void> {
    try {
      await waiting;
    } catch (error) {
      const shown = await page.locator('body').innerText().catch(() => '(page unreadable)');
      const console = consoleErrors.join('\n');
      throw new Error(`${(error as Error).message}\nwaiting for ${what}; the page showed:\n${shown.slice(0, 2000)}\npage errors: ${pageErrors.join('\n')}\nconsole: ${console}`);
    }
  }

  /** axe-core on the screen as it is now: states the a11y tour does not reach (a key shown once, a confirmation, an open editor). */
  async function expectAccessible(where: string): Promise<void> {
    expect(formatViolations(where, await seriousViolations(page))).toBe('');
  }

  async function open(section: string, heading: string): Promise<void> {
    await page.goto(`${stack.baseUrl}/#/admin/${section}`);
    await explainOnTimeout(page.getByRole('heading', { name: heading, level: 1 }).waitFor({ timeout: TIMEOUT }), `the ${heading} screen`);
  }

  it('creates an organisation, a user and an API key that files a report until it is revoked; the audit trail lists it all', async () => {
    await page.goto(`${stack.baseUrl}/#/admin/organisations`);
    await signInThroughForm(page, fixture.admin);
    await explainOnTimeout(page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor({ timeout: TIMEOUT }), 'the organisations screen');

    // Organisation: the schema refuses an empty form before anything is sent; a duplicate name is the name's error.
    const orgForm = page.getByTestId('organisation-form');
    await orgForm.getByRole('button', { name: 'Create organisation' }).click();
    await orgForm.locator('.field-error').first().waitFor();
    expect(await orgForm.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await orgForm.getByLabel('Name').fill('Chequea Test');
    await orgForm.getByLabel('Kind').selectOption('media');
    await orgForm.getByRole('button', { name: 'Create organisation' }).click();
    await explainOnTimeout(orgForm.locator('.field-error', { hasText: 'exists' }).waitFor(), 'the duplicate-name error');
    await expectAccessible('organisation form with an error');
    await orgForm.getByLabel('Name').fill('Radio Verdad');
    await orgForm.getByRole('button', { name: 'Create organisation' }).click();
    await explainOnTimeout(page.getByTestId('organisation-row').filter({ hasText: 'Radio Verdad' }).waitFor(), 'the new organisation in the list');
    expect(await page.getByTestId('organisation-row').filter({ hasText: 'Radio Verdad' }).innerText()).toContain('Media');

    // User in it, with a generated password shown once.
    await open('users', 'Users');
    const userForm = page.getByTestId('user-form');
    await userForm.getByLabel('Email').fill('editor@radioverdad.test');
    await userForm.getByLabel('Name').fill('Editora');
    await userForm.getByLabel('Organisation').selectOption({ label: 'Radio Verdad' });
    await userForm.getByLabel('Password', { exact: true }).fill('short');
    await userForm.getByRole('button', { name: 'Create user' }).click();
    await explainOnTimeout(userForm.locator('.field-error', { hasText: 'at least 12 characters' }).waitFor(), 'the password error');
    await userForm.locator('.field-error', { hasText: 'give at least one role' }).waitFor();
    await userForm.getByRole('checkbox', { name: 'Reporter' }).check();
    await userForm.getByRole('button', { name: 'Generate' }).click();
    const generated = (await userForm.getByTestId('generated-password-value').innerText()).trim();
    expect(generated).toHaveLength(16);
    await expectAccessible('user form with errors and a generated password');
    expect(await userForm.getByLabel('Password', { exact: true }).inputValue()).toBe(generated);
    await userForm.getByRole('button', { name: 'Create user' }).click();
    const userRow = page.getByTestId('user-row').filter({ hasText: 'editor@radioverdad.test' });
    await explainOnTimeout(userRow.waitFor(), 'the new user in the list');
    expect(await userForm.getByTestId('generated-password').count()).toBe(0);
    // The generated password signs in.
    const session = await fetch(`${stack.baseUrl}/api/v1/auth/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'editor@radioverdad.test', password: generated }),
    });
    expect(session.status).toBe(200);

    // Edit: rename and add a role.
    await userRow.getByRole('button', { name: /Edit/ }).click();
    const editForm = page.getByTestId('user-edit-form');
    await editForm.getByLabel('Name').fill('Editora en jefe');
    await editForm.getByRole('checkbox', { name: 'Lead' }).check();
    await expectAccessible('user editor');
    await editForm.getByRole('button', { name: 'Save' }).click();
    await explainOnTimeout(editForm.getByText('Changes to editor@radioverdad.test saved.').waitFor(), 'the edit to be saved');
    await explainOnTimeout(userRow.filter({ hasText: 'Editora en jefe' }).waitFor(), 'the edited user in the list');
    expect(await userRow.innerText()).toContain('Reporter, Lead');

    // API key, shown once and copied.
    await open('keys', 'API keys');
    const keyForm = page.getByTestId('api-key-form');
    await keyForm.getByLabel('Organisation').selectOption({ label: 'Radio Verdad' });
    await keyForm.getByLabel('Label').fill('Newsroom bot');
    await keyForm.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-api-key');
    await explainOnTimeout(shown.waitFor(), 'the new key');
    expect(await shown.innerText()).toContain('This key will not be shown again');
    await shown.getByRole('button', { name: 'Copy' }).click();
    await shown.getByText('Copied to the clipboard.').waitFor();
    const key = await page.evaluate(() => navigator.clipboard.readText());
    expect(key).toBe((await shown.getByTestId('api-key-secret').innerText()).trim());
    await page.screenshot({ path: `${ARTIFACTS}admin-api-key-shown.png`, fullPage: true });
    await expectAccessible('new API key shown once');
    const keyRow = page.getByTestId('api-key-row').filter({ hasText: 'Newsroom bot' });
    await keyRow.waitFor();
    expect(await keyRow.getByTestId('api-key-status').innerText()).toBe('Active');

    const accepted = await postReport(stack.baseUrl, key, newReport());
    expect(accepted.status).toBe(202);
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('new-api-key').count()).toBe(0);

    // Last used shows up after a refresh of the list.
    await page.reload();
    await explainOnTimeout(keyRow.waitFor(), 'the key after a reload');
    expect(await keyRow.innerText()).not.toContain('Never');

    // Revoke, with a confirmation step that can be cancelled.
    await keyRow.getByRole('button', { name: 'Revoke Newsroom bot' }).click();
    await keyRow.getByRole('button', { name: 'Cancel' }).click();
    expect(await keyRow.getByTestId('api-key-status').innerText()).toBe('Active');
    await keyRow.getByRole('button', { name: 'Revoke Newsroom bot' }).click();
    expect(await keyRow.innerText()).toContain('This cannot be undone');
    await expectAccessible('revoke confirmation');
    await keyRow.getByRole('button', { name: 'Yes, revoke' }).click();
    await explainOnTimeout(keyRow.getByTestId('api-key-status').filter({ hasText: 'Revoked' }).waitFor(), 'the key to show as revoked');
    const refused = await postReport(stack.baseUrl, key, newReport());
    expect(refused.status).toBe(401);

    // The audit trail lists each of those actions, newest first, and filters by entity.
    await open('audit', 'Audit trail');
    const rows = page.getByTestId('audit-row');
    await explainOnTimeout(rows.first().waitFor(), 'the audit trail');
    const actions = await page.getByTestId('audit-table').locator('tbody th').allInnerTexts();
    for (const action of ['organisation.created', 'user.created', 'user.updated', 'api_key.created', 'api_key.revoked']) expect(actions).toContain(action);
    expect(actions.indexOf('api_key.revoked')).toBeLessThan(actions.indexOf('api_key.created'));
    expect(await rows.filter({ hasText: 'user.updated' }).innerText()).toContain('Editora en jefe');
    expect(await rows.filter({ hasText: 'user.updated' }).innerText()).toContain(fixture.admin.email);
    await page.screenshot({ path: `${ARTIFACTS}admin-audit.png`, fullPage: true });

    await page.getByTestId('audit-filters').getByLabel('Entity type').selectOption('api_key');
    await page.getByTestId('audit-filters').getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('audit-table').locator('tbody th').allInnerTexts(), { timeout: TIMEOUT })
      .toEqual(['api_key.revoked', 'api_key.created']);

    // The phone layout fits.
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [section, heading] of [['organisations', 'Organisations'], ['users', 'Users'], ['keys', 'API keys'], ['audit', 'Audit trail']] as const) {
      await open(section, heading);
      await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      // The widest offenders, to say what to fix.
      const wide = await page.evaluate(() => Array.from(document.querySelectorAll('body *'))
        .filter((el) => {
          if (el.getBoundingClientRect().right <= 391) return false;
          for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return false;
          }
          return true;
        })
        .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`));
      expect(overflow, `#/admin/${section} is wider than the phone: ${wide.join(', ')}`).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: `${ARTIFACTS}admin-keys-phone.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('pages the audit trail with "Load older"', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    // 60 events: more than one page of 50.
    await appendAudits(stack.db, Array.from({ length: 60 }, (_, i) => ({
      actor: SYSTEM_ACTOR, entityType: 'organisation', entityId: `bulk-${i}`, action: 'organisation.created', after: { n: i },
    })));
    await open('audit', 'Audit trail');
    await page.reload();
    const rows = page.getByTestId('audit-row');
    await explainOnTimeout(rows.first().waitFor(), 'the audit trail');
    await expect.poll(() => rows.count(), { timeout: TIMEOUT }).toBe(50);
    await page.getByTestId('audit-load-older').click();
    await explainOnTimeout(page.getByText('This is the oldest event.').waitFor(), 'the oldest page');
    const ids = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-entity-id')));
    expect(ids.length).toBeGreaterThan(60);
    expect(new Set(ids.filter((id) => id?.startsWith('bulk-'))).size).toBe(60);
    expect(pageErrors).toEqual([]);
  });
});
