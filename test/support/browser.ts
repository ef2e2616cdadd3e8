// Real headless Chromium (Debian's package) driven by playwright-core: nothing is downloaded.
// Screenshots go to test-artifacts/screenshots/ (kept by CI as test artefacts, ignored by git);
// the ones the docs show go to docs/screenshots/ only when asked (UPDATE_SCREENSHOTS=1), so that
// a test run leaves the checkout as it found it.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve('test-artifacts/screenshots');
export const DOCS_SCREENSHOT_DIR = path.resolve('docs/screenshots');

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

/**
 * Saves a full-page screenshot named `<name>-<viewport>.png` in SCREENSHOT_DIR, or with
 * `committed`, `<name>-<viewport>.jpg` (JPEG: a tenth of the size, for git) — in docs/screenshots/
 * when UPDATE_SCREENSHOTS=1, else beside the others.
 */
export async function screenshot(page: Page, name: string, viewport: keyof typeof VIEWPORTS | 'a4', options: { committed?: boolean } = {}): Promise<string> {
  const dir = options.committed && process.env.UPDATE_SCREENSHOTS === '1' ? DOCS_SCREENSHOT_DIR : SCREENSHOT_DIR;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${viewport}.${options.committed ? 'jpg' : 'png'}`);
  await page.screenshot({ path: file, fullPage: true, ...(options.committed ? { type: 'jpeg' as const, quality: 55 } : {}) });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (from npm) on the page as it is, under the page's own CSP: the script goes in
 * through the DevTools protocol (page.evaluate), which a CSP does not govern, not as a tag.
 * Returns every violation, whatever its impact, and any contrast axe could not decide.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[]; incomplete: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    // Contrast axe could not decide (text over a box it cannot see through) is not a pass.
    // Text inside an inline SVG (the dashboard's charts) is always undecided: axe stops at the
    // <svg> ("image node"). It is decided here instead: text that covers no filled shape of its
    // chart is read against the background behind the <svg>; text over a shape stays undecided.
    const undecided = result.incomplete
      .filter((v) => v.id === 'color-contrast')
      .map((v) => ({ ...v, id: 'color-contrast-undecided', nodes: v.nodes.filter((n) => !svgTextReadable(n.target)) }))
      .filter((v) => v.nodes.length > 0);
    const svgContrast = svgTextTooPale();
    return [...result.violations, ...undecided, ...svgContrast].map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));

    function svgText(target: string[]): SVGTextElement | null {
      const el = target.length === 1 ? document.querySelector(target[0]!) : null;
      return el instanceof SVGTextElement ? el : null;
    }
    /** An SVG text that covers no filled shape of its chart (checked for contrast by svgTextTooPale). */
    function svgTextReadable(target: string[]): boolean {
      const text = svgText(target);
      if (!text) return false;
      const box = text.getBoundingClientRect();
      return ![...text.ownerSVGElement!.querySelectorAll('rect, circle, path, polygon')].some((shape) => {
        const b = shape.getBoundingClientRect();
        return getComputedStyle(shape).fill !== 'none' && b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom;
      });
    }
    /** SVG texts whose fill is under 4.5:1 against the first background colour behind their <svg>. */
    function svgTextTooPale(): Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[]; failureSummary: string }> }> {
      const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const [R, G, B] = [r!, g!, b!].map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
      };
      const nodes: Array<{ target: string[]; failureSummary: string }> = [];
      for (const text of document.querySelectorAll('svg text')) {
        let behind: Element | null = (text as SVGTextElement).ownerSVGElement!.parentElement;
        while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] === 0 || getComputedStyle(behind).backgroundColor === 'transparent')) behind = behind.parentElement;
        const [fg, bg] = [luminance(rgb(getComputedStyle(text).fill)), luminance(rgb(behind ? getComputedStyle(behind).backgroundColor : 'rgb(255,255,255)'))];
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < 4.5) nodes.push({ target: [`svg text «${text.textContent}»`], failureSummary: `contrast ${ratio.toFixed(2)}:1` });
      }
      return nodes.length > 0 ? [{ id: 'svg-text-contrast', impact: 'serious', help: 'SVG text must have a contrast of at least 4.5:1', nodes }] : [];
    }
  });
}

/** Elements that stick out past the right edge of the window, and whether the page scrolls sideways. */
export async function horizontalOverflow(page: Page): Promise<{ pageScrolls: boolean; offenders: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const offenders: string[] = [];
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} «${(el.textContent ?? '').trim().slice(0, 40)}»`;
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1) offenders.push(describe(el));
      // A box that scrolls sideways hides part of its content off its own right edge.
      if (el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)) offenders.push(`${describe(el)} scrolls sideways`);
    }
    return { pageScrolls: document.documentElement.scrollWidth > width + 1, offenders: offenders.slice(0, 10) };
  });
}
