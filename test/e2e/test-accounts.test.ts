import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeBase32, totpAt } from '../../operations/test-accounts/totp.js';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/** The test-accounts screen in Chromium: add with limits, reveal with a countdown, copy, hide. */
if (!hasChromium) console.warn(`\n!!! SKIPPING the test-accounts browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const SEED = 'JBSWY3DPEHPK3PXP';

/** Serious and critical accessibility violations (axe), as the accessibility suite counts them. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help}`);
}

describe.skipIf(!hasChromium)('test accounts in the web client', () => {
  const suite = browserSuite({ VAULT_MASTER_KEY: 'browser-test-vault-master-key-0123456789' });

  it('adds an account, reveals it with a TOTP code and a countdown, copies, hides; readable at 390 px', { timeout: 90_000 }, async () => {
    const { page, context } = await suite.person('Vera', { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.fill('input[name=project-name]', 'Vault');
    await page.click('text=Create project');
    await page.waitForURL(/#\/p\//);
    await page.getByTestId('test-accounts-link').click();
    await page.getByTestId('no-test-accounts').waitFor();

    await page.getByTestId('add-test-account').click();
    const form = page.getByTestId('test-account-form');
    // Over a limit: the field says so and nothing is sent.
    await form.locator('input[name=test-account-service]').fill('S'.repeat(101));
    await expect.poll(() => form.getByTestId('limit-message').count()).toBe(1);
    await form.getByRole('button', { name: 'Add account' }).click();
    expect(await page.getByTestId('test-account').count()).toBe(0);

    await form.locator('input[name=test-account-service]').fill('Stripe dashboard');
    await form.locator('input[name=test-account-username]').fill('qa@example.com');
    await form.locator('select[name=test-account-environment]').selectOption('production');
    await form.locator('input[name=test-account-password]').fill('s3cret-Passw0rd');
    await form.locator('input[name=test-account-totp]').fill(SEED);
    await form.locator('input[name=test-account-rotation-days]').fill('30');
    await form.getByRole('button', { name: 'Add account' }).click();
    const account = page.getByTestId('test-account');
    await account.waitFor();
    // No rotator: the people who may reveal it are reminded when it is due.
    expect(await account.getByTestId('rotation').textContent()).toMatch(/^Reminder every 30 days · next /);
    expect(await account.textContent()).not.toContain('s3cret-Passw0rd');

    await account.getByTestId('reveal').click();
    await expect.poll(() => account.getByTestId('revealed-password').textContent()).toBe('s3cret-Passw0rd');
    const code = await account.getByTestId('revealed-totp').textContent();
    const now = Date.now();
    expect([totpAt(decodeBase32(SEED)!, now - 5_000).code, totpAt(decodeBase32(SEED)!, now).code]).toContain(code);
    const first = Number(await account.getByTestId('reveal-countdown').textContent());
    expect(first).toBeGreaterThan(20);
    await expect.poll(() => account.getByTestId('reveal-countdown').textContent().then(Number), { timeout: 5_000 }).toBeLessThan(first);

    await account.getByRole('button', { name: 'Copy password' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('s3cret-Passw0rd');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'test-accounts-1400.png'), fullPage: true });
    expect(await violations(page), 'at 1,400 px, secrets shown').toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'test-accounts-390.png'), fullPage: true });
    expect(await violations(page), 'at 390 px, secrets shown').toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(1);

    await account.getByRole('button', { name: 'Hide now' }).click();
    expect(await account.getByTestId('revealed').count()).toBe(0);
    expect(await account.textContent()).not.toContain('s3cret-Passw0rd');
    expect(suite.pageErrors).toEqual([]);
    await context.close();
  });
});
