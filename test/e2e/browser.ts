import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium (never a downloaded browser); CI installs it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
/** Where the browser tests save screenshots for a look by eye (git-ignored). */
export const SCREENSHOTS = path.resolve('test-artifacts/screenshots');

/**
 * The API through the page's own session cookie, as the page would call it (with our Origin, so
 * cookie-authenticated writes pass the CSRF check); fails the test on anything but a 2xx.
 */
export async function callAs<T>(page: Page, appUrl: string, method: string, url: string, body?: unknown): Promise<T> {
  const response = await page.request.fetch(`${appUrl}${url}`, { method, headers: { origin: appUrl, 'content-type': 'application/json' }, ...(body === undefined ? {} : { data: body }) });
  expect(response.ok(), `${method} ${url}: ${response.status()} ${await response.text()}`).toBe(true);
  return ((await response.json()) as { data: T }).data;
}
