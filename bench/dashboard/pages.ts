import { launchChromium } from "../../test/helpers/launch-chromium.js";

export interface PageTiming {
  page: string;
  url: string;
  median: number;
  p95: number;
  /** Points drawn, for the trend. */
  points: number | null;
}

const REPEATS = 7;

/**
 * The time from navigation start until a page says it has drawn its data
 * (`[data-page][data-state="ready"]`), in a fresh Chromium tab each time: median and p95.
 */
export async function timePages(base: string, pages: [string, string][]): Promise<PageTiming[]> {
  const browser = await launchChromium();
  try {
    const timings: PageTiming[] = [];
    for (const [name, url] of pages) {
      const samples: number[] = [];
      let points: number | null = null;
      for (let i = 0; i <= REPEATS; i += 1) {
        const page = await browser.context.newPage();
        await page.goto(base + url);
        await page.waitForSelector('[data-page][data-state="ready"]', { timeout: 60_000 });
        const ms = await page.evaluate(() => performance.now());
        const charts = page.locator(".chart-canvas[data-points]");
        const drawn = (await charts.count()) > 0 ? await charts.first().getAttribute("data-points") : null;
        points = drawn === null ? null : Number(drawn);
        await page.close();
        if (i > 0) samples.push(ms); // the first is a warm-up (server caches, browser cache)
      }
      samples.sort((a, b) => a - b);
      timings.push({ page: name, url, median: samples[Math.floor(samples.length / 2)]!, p95: samples[Math.min(samples.length - 1, Math.ceil(0.95 * samples.length) - 1)]!, points });
      process.stderr.write(`[bench:dashboard] page ${name}: median ${timings.at(-1)!.median.toFixed(0)} ms\n`);
    }
    return timings;
  } finally {
    await browser.close();
  }
}
