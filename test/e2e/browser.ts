import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildWebOnce } from './web-build.js';

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

export interface Person {
  page: Page;
  context: BrowserContext;
  email: string;
}

/** One server and one Chromium per test file, and people signed in through the sign-in page. */
export interface BrowserSuite {
  readonly app: TestApp;
  readonly browser: Browser;
  /** Uncaught errors of every page opened by `person`, as "<name>: <message>". */
  readonly pageErrors: string[];
  /** A new browser profile, closed with the suite (for tests that sign in themselves, several people on one profile). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new browser profile (1,400×900 unless `options` say otherwise), signed in as a new person named `name`. */
  person(name: string, options?: BrowserContextOptions): Promise<Person>;
  /** The API through a page's own session (see `callAs`). */
  call<T>(page: Page, method: string, url: string, body?: unknown): Promise<T>;
}

/** Registers the file's hooks: the web client built once, a server on the test database, Chromium; all closed after. */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  beforeAll(async () => {
    await buildWebOnce();
    app = await startTestApp(process.env.TEST_POSTGRES_URL ? 'postgres' : 'pglite', { AUTH_DEV_LOGIN: 'true', ...env });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await app?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started (use it inside tests)');
    return value;
  };
  const newContext = async (options: BrowserContextOptions = {}) => {
    const context = await started(browser).newContext({ viewport: { width: 1400, height: 900 }, ...options });
    contexts.push(context);
    return context;
  };
  return {
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
    pageErrors,
    newContext,
    async person(name, options = {}) {
      const context = await newContext(options);
      const page = await context.newPage();
      // A step that does not happen fails as itself, well inside the test's own time.
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
      const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
      await page.goto(started(app).url);
      await page.fill('input[name=email]', email);
      await page.fill('input[name=name]', name);
      await page.click('button[type=submit]');
      await page.getByTestId('me').waitFor();
      return { page, context, email };
    },
    call: (page, method, url, body) => callAs(page, started(app).url, method, url, body),
  };
}

/**
 * Waits until the offline shell (the service worker) controls the page. It claims the page once
 * it has cached the shell; on a busy machine Chromium sometimes leaves an already-open page
 * uncontrolled, so after a while the page is reloaded (as a person's next visit would be) and
 * must then be controlled. A shell that never installs still fails here.
 */
export async function waitForOfflineShell(page: Page): Promise<void> {
  const controlled = (timeout: number) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout });
  try {
    await controlled(20_000);
  } catch {
    await page.reload();
    await controlled(45_000);
  }
}
