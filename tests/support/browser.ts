import type { Page } from 'playwright-core';
import type { Stack } from './stack.ts';

/** Debian's Chromium, driven by playwright-core: never a browser download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless and quiet: no background traffic to hosts this machine cannot reach. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/**
 * Waits for `waiting`; when it fails, the error says what the page showed and what the stack's API
 * and worker processes printed last, not only that it timed out.
 */
export async function explainOnTimeout(stack: Stack, page: Page, waiting: Promise<unknown>, what: string): Promise<void> {
  try {
    await waiting;
  } catch (error) {
    const shown = await page.locator('body').innerText().catch(() => '(page unreadable)');
    const logs = [...stack.apis, ...stack.workers].map((p) => `--- ${p.name}\n${p.logs().slice(-3000)}`).join('\n');
    throw new Error(`${(error as Error).message}\nwaiting for ${what}; the page showed:\n${shown.slice(0, 2000)}\n${logs}`);
  }
}

/**
 * Signs `user` in through the dashboard's own sign-in form: fills both fields and presses "Sign in".
 * It waits for nothing after the click: what comes next (the queue going live, a screen, the form
 * going away) is the caller's to wait for.
 */
export async function signInThroughForm(page: Page, user: { email: string; password: string }): Promise<void> {
  const form = page.getByTestId('signin-form');
  await form.getByLabel('Email', { exact: true }).fill(user.email);
  await form.getByLabel('Password', { exact: true }).fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}
