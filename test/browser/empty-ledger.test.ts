import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, writeJson } from "../helpers/cli.js";
import { eventually, launchChromium, openPage, SKIP_BROWSER, startAll, textOf, type Browser } from "./chromium.js";
import { startServe, type ServeProcess } from "./serve-process.js";

// The dashboard over a ledger that starts empty: every page says what to do next; then two
// runs with per-example results, compared example by example.

let server: ServeProcess;
let browser: Browser;
let store: string;

describe.skipIf(SKIP_BROWSER)("the dashboard in Chromium, on an empty ledger", () => {
  beforeAll(async () => {
    store = path.join(tempDir("benchledger-browser-empty-"), "store");
    await startAll(startServe(["serve", "--db", store]), launchChromium(), (s, b) => {
      server = s!;
      browser = b!;
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("shows on every page what to do next, without a console error or failed request", async () => {
    const expectations: [string, RegExp][] = [
      ["/", /The ledger is empty[\s\S]*benchledger push results\.json/],
      ["/trends", /benchledger push results\.json/],
      ["/regressions", /No open findings[\s\S]*benchledger check/],
      ["/versions", /benchledger push results\.json/],
      ["/efficiency", /benchledger push results\.json/],
      ["/sla", /No SLA is configured[\s\S]*benchledger\.config\.json[\s\S]*"sla"[\s\S]*"max": 1500/],
    ];
    for (const [url, text] of expectations) {
      const { page, problems, dialogs } = await openPage(browser.context, server.url + url);
      expect.soft(await textOf(page.locator("main")), url).toMatch(text);
      expect.soft(problems, url).toEqual([]);
      expect.soft(dialogs, url).toEqual([]);
      await page.close();
    }
  });

  it("compares two runs example by example", async () => {
    const dir = tempDir("benchledger-examples-");
    const run = (commit: string, correct: boolean[]) => ({
      model_version: "m-examples", dataset_version: "d", prompt_version: "p", environment: "ci", commit_sha: commit,
      metrics: { accuracy: correct.filter(Boolean).length / correct.length },
      examples: correct.map((c, i) => ({ id: `q${i + 1}`, correct: c, prediction: c ? "yes" : "no" })),
    });
    const first = writeJson(dir, "first.json", run("a".repeat(40), [true, true, false, true]));
    const second = writeJson(dir, "second.json", run("b".repeat(40), [true, false, true, true]));
    for (const file of [first, second]) {
      const pushed = await runCli(["push", file, "--db", store]);
      expect(pushed.code, pushed.stderr).toBe(0);
    }
    const { page, problems } = await openPage(browser.context, `${server.url}/versions?c=m-examples~d~p~ci`);
    const examples = page.getByTestId("examples");
    await eventually(() => textOf(examples)).toMatch(/4 shared · 0 only in A · 0 only in B · 2 changed/);
    expect(await textOf(examples.locator("tbody tr").filter({ hasText: "q2" }))).toContain("regressed");
    expect(await textOf(examples.locator("tbody tr").filter({ hasText: "q3" }))).toContain("fixed");
    expect(await textOf(page.locator('[data-testid="compare-deltas"] tr[data-metric="accuracy"]'))).toContain("same");
    expect(problems).toEqual([]);
    await page.close();
  });
});
