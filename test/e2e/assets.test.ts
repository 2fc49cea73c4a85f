import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, SCREENSHOTS, browserSuite, hasChromium } from './browser.js';

/**
 * Uploaded files in the browser: an image uploaded on the project's Assets page (progress, then
 * its thumbnail), a video uploaded from a pipeline item's editor (the Review stage's "uploaded
 * video" need cleared, its poster on the chip), a file dropped on a card, a viewer who can
 * download but not upload or delete, and deleting a file that is attached (asked, then removed
 * from the item too). In Debian's Chromium, with the worker making the previews.
 */
if (!hasChromium) console.warn(`\n!!! SKIPPING the assets browser test: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium\n`);

const run = promisify(execFile);
/** Processing runs in the worker: a video's poster takes ffprobe and ffmpeg, seconds on a busy machine. */
const PROCESSED = { timeout: 45_000, interval: 200 };
const POLL = { timeout: 15_000, interval: 100 };

interface PipelineVideo {
  id: string;
  assets: { kind: string; name: string; uploadedAssetId: string | null }[];
  missing: { id: string }[];
}

interface Media {
  png: Buffer;
  mp4: Buffer;
  still: Buffer;
}

/** A 640×360 PNG of noise and a small one made with sharp, a one-second 320×240 MP4 made with ffmpeg. */
async function makeMedia(dir: string): Promise<Media> {
  // Noise does not compress: about 700 KB, enough to watch its upload go by on a throttled connection.
  const noise = await sharp(randomBytes(640 * 360 * 3), { raw: { width: 640, height: 360, channels: 3 } }).png().toBuffer();
  const png = await sharp(noise)
    .composite([{ input: { create: { width: 200, height: 120, channels: 3, background: { r: 250, g: 200, b: 40 } } }, top: 120, left: 220 }])
    .png()
    .toBuffer();
  const still = await sharp({ create: { width: 120, height: 120, channels: 3, background: { r: 21, g: 128, b: 61 } } }).png().toBuffer();
  const video = path.join(dir, 'cut.mp4');
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=320x240:rate=25', '-c:v', 'mpeg4', '-pix_fmt', 'yuv420p', video]);
  return { png, still, mp4: fs.readFileSync(video) };
}

/** Serious and critical accessibility violations (axe), as the accessibility suite counts them. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join('; ')})`);
}

/** Whether an image has loaded (a preview through its signed URL), not merely been put in the page. */
const loaded = (page: Page, selector: string) => page.locator(selector).first().evaluate((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0).catch(() => false);

/** Picks files through the button's file chooser, as a person would. */
async function choose(page: Page, button: ReturnType<Page['getByTestId']>, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await button.click();
  await (await chooser).setFiles(file);
}

describe.skipIf(!hasChromium)('uploaded files in Chromium', () => {
  // Files on local disk under a directory of this suite's own, removed after it (set before the server starts).
  const env: Record<string, string> = { WORKER_POLL_INTERVAL_MS: '200' };
  let dataDir = '';
  let media: Media;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-sync-e2e-assets-'));
    env.DATA_DIR = dataDir;
    media = await makeMedia(dataDir);
  });
  afterAll(() => {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const suite = browserSuite(env);
  const { call, pageErrors } = suite;

  it('uploads on the Assets page and from a pipeline item, shows previews, lets a viewer download only, and asks before deleting an attached file', { timeout: 240_000 }, async () => {
    const owner = await suite.person('Olive');
    const { page } = owner;
    const project = await call<{ id: string }>(page, 'POST', '/api/projects', { name: 'Launch files' });
    const viewer = await suite.person('Victor');
    await call(page, 'POST', `/api/projects/${project.id}/members`, { email: viewer.email, role: 'viewer' });
    const members = await call<{ userId: string; email: string }[]>(page, 'GET', `/api/projects/${project.id}/members`);
    const ownerId = members.find((member) => member.email === owner.email)!.userId;
    const assetsUrl = `${suite.app.url}/#/p/${encodeURIComponent(project.id)}/assets`;
    const row = (on: Page, name: string) => on.locator(`[data-testid=asset-row][data-name="${name}"]`);

    // From the project page's links to an empty Assets page that says what to do.
    await page.goto(`${suite.app.url}/#/p/${encodeURIComponent(project.id)}`);
    await page.getByTestId('assets-link').click();
    await page.getByRole('heading', { name: 'Assets' }).waitFor();
    expect(await page.getByTestId('no-assets').textContent()).toContain('Choose files');

    // The image on a slow connection: a progress bar that moves with the bytes sent (every state it
    // says is recorded), then a row with its thumbnail once the worker made it.
    await page.evaluate(() => {
      const said: string[] = [];
      (window as unknown as { uploadStates: string[] }).uploadStates = said;
      new MutationObserver(() => {
        document.querySelectorAll('.upload-state').forEach((state) => {
          if (said.at(-1) !== state.textContent) said.push(state.textContent ?? '');
        });
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const network = await page.context().newCDPSession(page);
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    await choose(page, page.getByTestId('choose-files'), { name: 'Poster draft.png', mimeType: 'image/png', buffer: media.png });
    await page.getByRole('progressbar', { name: 'Upload of Poster draft.png' }).waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { uploadStates: string[] }).uploadStates.some((state) => /^Uploading [1-9]\d? %$/.test(state))), POLL).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assets-uploading-1400.png') });
    await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await row(page, 'Poster draft.png').waitFor();
    await expect.poll(() => row(page, 'Poster draft.png').getAttribute('data-status'), PROCESSED).toBe('ready');
    await expect.poll(() => loaded(page, '[data-testid=asset-row][data-name="Poster draft.png"] img[data-testid=asset-preview]'), PROCESSED).toBe(true);
    expect(await row(page, 'Poster draft.png').getByTestId('asset-status').textContent()).toBe('Ready');
    const states = await page.evaluate(() => (window as unknown as { uploadStates: string[] }).uploadStates);
    expect(states[0]).toBe('Starting…');
    expect(states).toContain('Checking the file…');
    expect(states.at(-1)).toBe('Ready');
    expect(await row(page, 'Poster draft.png').textContent()).toContain('640×360');
    expect(await row(page, 'Poster draft.png').textContent()).toContain('You');
    // A finished upload leaves the progress list; the row is where the file is now.
    await expect.poll(() => page.getByTestId('upload').count(), POLL).toBe(0);

    // A file the project does not keep is refused here, in words, before anything is sent.
    await choose(page, page.getByTestId('choose-files'), { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    const refusal = page.getByTestId('upload').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('is not a file type the project keeps');
    await refusal.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByTestId('upload').count()).toBe(0);

    // A video item in Review with everything but the cut: the card says what it still needs.
    const pipeline = await call<{ name: string }>(page, 'POST', `/api/projects/${project.id}/documents`, { kind: 'pipeline', title: 'Launch pipeline' });
    const pipelineId = pipeline.name.split(':')[2]!;
    const video = await call<{ id: string }>(page, 'POST', '/api/video', { projectId: project.id, pipelineId, title: 'Launch teaser', brief: 'Ten seconds of the product', assigneeId: ownerId, dueDate: '2026-12-20T17:00:00Z' });
    await call(page, 'POST', `/api/video/${video.id}/assets`, { kind: 'url', name: 'Reference', url: 'https://example.com/reference' });
    await call(page, 'POST', '/api/video/pipeline/move', { videoId: video.id, toStage: 'review', force: true });
    const itemId = video.id.split('.')[2]!;
    /** The video as the REST API reads it from the pipeline: its assets (uploaded ones say which file) and what it still needs. */
    const readVideo = async () => {
      const board = await call<{ stages: { videos: PipelineVideo[] }[] }>(page, 'GET', `/api/video/pipeline?projectId=${project.id}&pipelineId=${pipelineId}`);
      return board.stages.flatMap((stage) => stage.videos).find((entry) => entry.id === video.id)!;
    };
    await page.goto(`${suite.app.url}/#/d/${encodeURIComponent(pipeline.name)}`);
    const card = page.getByTestId(`item-${itemId}`);
    await card.waitFor();
    await expect.poll(() => card.locator('.missing li').allTextContents(), POLL).toEqual(['Needs an uploaded video to review']);

    // The cut, uploaded from the item's editor: attached once verified (the need goes), then its poster on the chip.
    await card.locator('.card-title').click();
    const editor = page.getByTestId(`editor-${itemId}`);
    await choose(page, editor.getByTestId('upload-cut'), { name: 'cut-v1.mp4', mimeType: 'video/mp4', buffer: media.mp4 });
    await card.getByRole('progressbar', { name: 'Upload of cut-v1.mp4' }).waitFor();
    await expect.poll(() => card.locator('.missing').count(), PROCESSED).toBe(0);
    const cutChip = editor.locator('[data-testid=links-item-cut] [data-testid=uploaded-chip]');
    await expect.poll(() => cutChip.getAttribute('data-status'), PROCESSED).toBe('ready');
    await expect.poll(() => loaded(page, `[data-testid=editor-${itemId}] [data-testid=links-item-cut] [data-testid=uploaded-chip] img[data-testid=asset-preview]`), PROCESSED).toBe(true);
    expect(await cutChip.getByRole('button', { name: 'Download cut-v1.mp4' }).count()).toBe(1);
    // The link-based fields still work beside it.
    expect(await editor.locator('[name=item-cut]').isDisabled()).toBe(false);

    // A file dropped on the card from the desktop: uploaded and attached (an image is one of its other assets).
    await card.evaluate((target, bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'still.png', { type: 'image/png' }));
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, [...media.still]);
    await expect.poll(() => editor.locator('[data-testid=links-other] [data-testid=uploaded-chip]').getAttribute('data-status'), PROCESSED).toBe('ready');
    const stored = await readVideo();
    expect(stored.assets.map((asset) => [asset.kind, asset.name])).toEqual([
      ['url', 'Reference'],
      ['video', 'cut-v1.mp4'],
      ['image', 'still.png'],
    ]);
    expect(stored.missing).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assets-pipeline-1400.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await card.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assets-pipeline-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1400, height: 900 });

    // The Assets page lists all three with their previews, and passes axe at both widths.
    await page.goto(assetsUrl);
    await expect.poll(() => page.getByTestId('asset-row').count(), POLL).toBe(3);
    await expect.poll(() => loaded(page, '[data-testid=asset-row][data-name="cut-v1.mp4"] img[data-testid=asset-preview]'), PROCESSED).toBe(true);
    expect(await row(page, 'cut-v1.mp4').textContent()).toContain('1.0 s');
    for (const size of [{ width: 1400, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      expect(await violations(page), `at ${size.width} px`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `at ${size.width} px`).toBeLessThanOrEqual(size.width);
      await page.screenshot({ path: path.join(SCREENSHOTS, `assets-page-${size.width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1400, height: 900 });

    // A viewer sees the list and downloads through a signed URL, with no way to upload or delete.
    const their = viewer.page;
    await their.goto(assetsUrl);
    await expect.poll(() => their.getByTestId('asset-row').count(), POLL).toBe(3);
    expect(await their.getByTestId('drop-zone').count()).toBe(0);
    expect(await their.getByTestId('choose-files').count()).toBe(0);
    expect(await their.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    const download = their.waitForEvent('download');
    await row(their, 'Poster draft.png').getByRole('button', { name: 'Download Poster draft.png' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('Poster draft.png');
    const fetched = await their.request.get(saved.url());
    expect(fetched.status()).toBe(200);
    expect((await fetched.body()).equals(media.png)).toBe(true);
    await their.screenshot({ path: path.join(SCREENSHOTS, 'assets-page-viewer-1400.png'), fullPage: true });
    expect(await violations(their)).toEqual([]);

    // Deleting the attached cut: asked in place, then told where it is attached, then removed from there too.
    await row(page, 'cut-v1.mp4').getByRole('button', { name: 'Delete cut-v1.mp4' }).click();
    const question = row(page, 'cut-v1.mp4').getByTestId('delete-asset');
    expect(await question.textContent()).toContain('Delete “cut-v1.mp4”?');
    await question.getByRole('button', { name: 'Delete', exact: true }).click();
    await question.getByTestId('attached-places').waitFor();
    expect(await question.getByTestId('attached-places').textContent()).toBe('Item Launch teaser on Launch pipeline');
    expect(await row(page, 'cut-v1.mp4').count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assets-delete-in-use-1400.png'), fullPage: true });
    await question.getByRole('button', { name: 'Take it off everywhere and delete' }).click();
    await expect.poll(() => row(page, 'cut-v1.mp4').count(), POLL).toBe(0);
    const after = await readVideo();
    expect(after.assets.map((asset) => asset.name)).toEqual(['Reference', 'still.png']);
    expect(after.missing.map((need) => need.id)).toEqual(['video-asset']);

    expect(pageErrors).toEqual([]);
  });
});
