import fs from "node:fs";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";

import { CHROMIUM_PATH } from "../helpers/launch-chromium.js";

export { CHROMIUM_PATH };
export const IN_CI = ["true", "1"].includes((process.env.CI ?? "").toLowerCase());
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM_PATH);

/** Outside CI a missing Chromium skips the browser tests (saying so); in CI it fails them. */
export const SKIP_BROWSER = !HAS_CHROMIUM && !IN_CI;
if (SKIP_BROWSER) {
  console.warn(`Skipping the dashboard's browser tests: no Chromium at ${CHROMIUM_PATH}. Install it (apt-get install chromium) or set BENCHLEDGER_CHROMIUM; with CI=true they fail instead.`);
}

export { launchChromium, type Browser } from "../helpers/launch-chromium.js";

/** A page that records every console error, uncaught error, failed request, HTTP error and JS dialog. */
export interface WatchedPage {
  page: Page;
  problems: string[];
  dialogs: string[];
}

export async function openPage(context: BrowserContext, url: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  await waitReady(page);
  return { page, problems, dialogs };
}

/** Waits until the page has its data (data-state="ready") and every chart on it is drawn. */
export async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-page][data-state="ready"]', { timeout: 20_000 });
  await page.waitForFunction(`[...document.querySelectorAll(".chart-canvas")].every((c) => c.dataset.drawn === "true")`, undefined, { timeout: 20_000 });
}

/** Retries an assertion on what the page shows until it holds (the pages update asynchronously). */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 50 });

/** The text of every element the locator matches, as written (not as CSS cases it), without waiting for one to appear. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.allTextContents()).join("\n");
}

/** Awaits every start-up step; if one fails, still hands back the ones that started (for afterAll to stop) before throwing. */
export async function startAll<A, B>(a: Promise<A>, b: Promise<B>, keep: (a: A | undefined, b: B | undefined) => void): Promise<void> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  keep(ra.status === "fulfilled" ? ra.value : undefined, rb.status === "fulfilled" ? rb.value : undefined);
  if (ra.status === "rejected") throw ra.reason;
  if (rb.status === "rejected") throw rb.reason;
}
