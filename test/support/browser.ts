// Real headless Chromium (Debian's package) driven by playwright-core: nothing is downloaded.
// Screenshots go to test-artifacts/screenshots/ (kept by CI as test artefacts, ignored by git).
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve('test-artifacts/screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const VIEWPORTS = {
  laptop: { width: 1366, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** Saves a full-page screenshot named `<name>-<viewport>.png`. */
export async function screenshot(page: Page, name: string, viewport: keyof typeof VIEWPORTS): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}-${viewport}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
