import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir, writeJson } from "../helpers/cli.js";
import { eventually, launchChromium, openPage, SKIP_BROWSER, startAll, textOf, waitReady, type Browser } from "./chromium.js";
import { startServe, type ServeProcess } from "./serve-process.js";

// The dashboard in a real browser, over the demo history served by `benchledger demo --serve`
// in its own process. Tests run in order: the ones that write (checkout, the XSS push) come last.

const SCREENSHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
const LLAMA = "llama-3.1-8b-instruct~medqa-v2~zero-shot-v3~github-actions";
const llama = { model: "llama-3.1-8b-instruct", dataset: "medqa-v2", prompt: "zero-shot-v3", env: "github-actions" };
const XSS = "<img src=x onerror=alert(1)>";

let server: ServeProcess;
let browser: Browser;
let store: string;

async function api<T>(pathAndQuery: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${pathAndQuery}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  if (!response.ok) throw new Error(`${pathAndQuery}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe.skipIf(SKIP_BROWSER)("the dashboard in Chromium, on the demo history", () => {
  beforeAll(async () => {
    const dir = tempDir("benchledger-browser-");
    store = path.join(dir, "store");
    const config = writeJson(dir, "benchledger.config.json", {
      configs: [{ match: { dataset_version: "medqa-v2" }, sla: { "latency.p95": { max: 1500 }, f1: { min: 0.75 } } }],
    });
    await startAll(startServe(["demo", "--serve", "--db", store, "--config-file", config]), launchChromium(), (s, b) => {
      server = s!;
      browser = b!;
    });
    // Baselines, so the leaderboard has deltas to colour and the trend a baseline to draw.
    await api("/api/baseline", { ...llama, version: 100 });
    await api("/api/baseline", { model: "gpt-4o-mini", dataset: "medqa-v2", prompt: "cot-v2", env: "github-actions", version: 90 });
    await api("/api/baseline", { model: "claude-3-5-haiku", dataset: "triage-notes-v1", prompt: "zero-shot-v3", env: "github-actions", version: 60 });
    await api("/api/baseline", { model: "claude-3-5-haiku", dataset: "medqa-v2", prompt: "zero-shot-v3", env: "staging", version: 120 });
    // A check of every current snapshot with the project config, so SLA findings are open too.
    await api("/api/check", { all: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("loads every page with no console error and no failed request, and screenshots it at 1280×800", async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const pages: [string, string, string][] = [
      ["leaderboard", "/", "Current snapshot"],
      ["trends", `/trends?c=${LLAMA}&metric=f1`, "Trends"],
      ["regressions", "/regressions", "Regressions"],
      ["versions", `/versions?c=${LLAMA}`, "Versions"],
      ["efficiency", "/efficiency", "Cost & efficiency"],
      ["sla", "/sla", "SLA"],
    ];
    for (const [name, url, title] of pages) {
      const { page, problems, dialogs } = await openPage(browser.context, server.url + url);
      expect.soft(await textOf(page.locator("h1"))).toBe(title);
      if (name === "trends") {
        // Hover a run near the right end: the tooltip names its commit, branch and time.
        const box = (await page.locator(".chart-canvas .u-over").boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.93, box.y + box.height * 0.6);
        await eventually(() => textOf(page.locator(".chart-tooltip"))).toMatch(/commit [0-9a-f]{7} on main/);
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
      expect.soft(problems, `${name}: ${problems.join("; ")}`).toEqual([]);
      expect.soft(dialogs, name).toEqual([]);
      await page.close();
    }
  });

  it("shows each page's data: baseline deltas, the trend's change points, findings with their first bad commit, the Pareto front, SLA breaches", async () => {
    const { page, problems } = await openPage(browser.context, `${server.url}/`);
    const llamaRow = page.locator('[data-testid="leaderboard"] tbody tr').filter({ hasText: "llama-3.1-8b-instruct" }).filter({ hasText: "medqa-v2" });
    expect(await llamaRow.locator('td[data-metric="f1"] .delta').getAttribute("class")).toMatch(/worse/);
    expect(await textOf(llamaRow)).toContain("vs v100");
    expect(await textOf(page.locator("tr.is-baseline"))).toMatch(/baseline/i);

    await page.goto(`${server.url}/regressions`);
    await waitReady(page);
    const first = page.getByTestId("finding").first();
    expect(await textOf(first)).toContain("llama-3.1-8b-instruct");
    expect(await textOf(first.getByTestId("first-bad-commit"))).toMatch(/First bad commit [0-9a-f]{7}/);
    await first.getByRole("link", { name: "Trend →" }).click();
    await eventually(() => page.url()).toMatch(/\/trends\?c=llama-3\.1-8b-instruct~medqa-v2~zero-shot-v3~github-actions&metric=/);
    await waitReady(page);
    await eventually(() => textOf(page.getByTestId("change-points"))).toMatch(/regression/i);

    await page.goto(`${server.url}/regressions?verdict=sla`);
    await waitReady(page);
    expect(await textOf(page.getByTestId("finding").first())).toMatch(/latency\.p95[\s\S]*≤ 1500[\s\S]*the SLA says <= 1500: breached/);

    await page.goto(`${server.url}/efficiency`);
    await waitReady(page);
    expect(await textOf(page.getByTestId("efficiency-table"))).toMatch(/on the front/i);

    await page.goto(`${server.url}/sla`);
    await waitReady(page);
    expect(await textOf(page.getByTestId("sla-series").locator(".badge-sla").first())).toMatch(/breach/i);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("overlays several configs on the trend, and averages them by week", async () => {
    const { page, problems } = await openPage(browser.context, `${server.url}/trends?c=${LLAMA}&metric=f1`);
    expect(await textOf(page.getByTestId("point-count"))).toBe("120 runs");
    await page.selectOption('select[name="add-config"]', "gpt-4o-mini~medqa-v2~zero-shot-v3~github-actions");
    await eventually(() => page.getByTestId("selected-configs").locator(".chip").count()).toBe(2);
    await eventually(() => textOf(page.getByTestId("point-count"))).toBe("240 runs");
    await page.getByRole("button", { name: "Weekly" }).click();
    await eventually(() => page.url()).toMatch(/bucket=week/);
    await eventually(() => textOf(page.getByTestId("point-count"))).toMatch(/^\d+ buckets$/);
    await waitReady(page);
    const box = (await page.locator(".chart-canvas .u-over").boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await eventually(() => textOf(page.locator(".chart-tooltip"))).toMatch(/avg[\s\S]*min[\s\S]*max[\s\S]*runs/);
    await page.getByRole("button", { name: /^Remove gpt-4o-mini/ }).click();
    await eventually(() => page.getByTestId("selected-configs").locator(".chip").count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("filters and sorts the leaderboard, and keeps both in a URL that can be shared", async () => {
    const { page, problems } = await openPage(browser.context, `${server.url}/`);
    const rows = page.locator('[data-testid="leaderboard"] tbody tr:not(.skeleton-row)');
    expect(await rows.count()).toBe(8);

    await page.selectOption('select[name="env"]', "staging");
    await eventually(() => rows.count()).toBe(1);
    expect(page.url()).toMatch(/[?&]env=staging/);
    expect(await textOf(rows)).toContain("staging");
    await page.reload();
    await waitReady(page);
    expect(await rows.count()).toBe(1);

    await page.getByRole("button", { name: "Clear" }).click();
    await eventually(() => rows.count()).toBe(8);
    await page.selectOption('select[name="model"]', "gpt-4o-mini");
    await eventually(() => rows.count()).toBe(3);
    await page.selectOption('select[name="dataset"]', "triage-notes-v1");
    await eventually(() => rows.count()).toBe(1);
    await page.getByRole("button", { name: "Clear" }).click();
    await eventually(() => rows.count()).toBe(8);

    const column = async (metric: string) => (await page.locator(`td[data-metric="${metric}"] > div:first-child`).allInnerTexts()).map((t) => Number(t.replace("−", "-").replace(/,/g, "")));
    const sorted = (values: number[], dir: 1 | -1) => values.join() === [...values].sort((a, b) => dir * (a - b)).join();
    expect(sorted(await column("f1"), -1)).toBe(true);

    await page.getByRole("button", { name: /^latency_ms/ }).click();
    await eventually(() => page.url()).toMatch(/[?&]sort=latency_ms/);
    await eventually(async () => sorted(await column("latency_ms"), 1)).toBe(true);
    expect(sorted(await column("f1"), -1)).toBe(false);
    await page.getByRole("button", { name: /^latency_ms/ }).click();
    await eventually(() => page.url()).toMatch(/[?&]rev=1/);
    await eventually(async () => sorted(await column("latency_ms"), -1)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("compares two versions side by side with every metric's delta", async () => {
    const { page, problems } = await openPage(browser.context, `${server.url}/versions?c=${LLAMA}`);
    await page.getByLabel("Compare from version 60", { exact: true }).check();
    await page.getByLabel("Compare to version 118", { exact: true }).check();
    await eventually(() => page.url()).toMatch(/a=60/);
    expect(page.url()).toMatch(/b=118/);
    const expected = await api<{ deltas: { metric: string; change: string }[] }>(`/api/compare?model=${llama.model}&dataset=${llama.dataset}&prompt=${llama.prompt}&env=${llama.env}&a=60&b=118`);
    const table = page.getByTestId("compare-deltas");
    await eventually(() => textOf(table.locator("thead"))).toMatch(/A · v60[\s\S]*B · v118/);
    expect(await table.locator("tbody tr").count()).toBe(expected.deltas.length);
    for (const d of expected.deltas) {
      expect(await textOf(table.locator(`tr[data-metric="${d.metric}"] .change`)), d.metric).toBe(d.change);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it("checks out an older version after confirmation, and the list shows the new current version", async () => {
    const config = "gpt-4o-mini~triage-notes-v1~zero-shot-v3~github-actions";
    const query = "model=gpt-4o-mini&dataset=triage-notes-v1&prompt=zero-shot-v3&env=github-actions";
    const count = (await api<{ versions: unknown[] }>(`/api/versions?${query}`)).versions.length;
    const { page, problems } = await openPage(browser.context, `${server.url}/versions?c=${config}`);
    const row = page.locator('tr[data-version="100"]');
    const dialog = page.getByRole("dialog");

    await row.getByRole("button", { name: "Check out" }).click();
    await dialog.waitFor({ state: "visible" });
    expect(await textOf(dialog)).toContain("Check out version 100?");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect((await api<{ versions: unknown[] }>(`/api/versions?${query}`)).versions).toHaveLength(count);

    await row.getByRole("button", { name: "Check out" }).click();
    await dialog.getByRole("button", { name: "Check out" }).click();
    await eventually(() => textOf(page.getByTestId("notice"))).toContain(`now current as version ${count + 1}`);
    const top = page.locator('[data-testid="versions"] tbody tr').first();
    await eventually(() => top.getAttribute("data-version")).toBe(String(count + 1));
    expect(await textOf(top)).toMatch(/current[\s\S]*↺ v100/i);
    expect(await page.locator("tr.is-current").count()).toBe(1);
    const after = await api<{ versions: { snapshot_version: number; is_current: boolean; restored_from_version: number | null }[] }>(`/api/versions?${query}`);
    expect(after.versions.find((v) => v.is_current)).toMatchObject({ snapshot_version: count + 1, restored_from_version: 100 });

    // Marking a baseline goes through the same confirmation; the leaderboard then measures against it.
    await page.locator('tr[data-version="110"]').getByRole("button", { name: "Set baseline" }).click();
    await dialog.getByRole("button", { name: "Set baseline" }).click();
    await eventually(() => textOf(page.locator('tr[data-version="110"]'))).toMatch(/baseline/i);
    await waitReady(page);
    await page.goto(`${server.url}/?model=gpt-4o-mini&dataset=triage-notes-v1`);
    await waitReady(page);
    expect(await textOf(page.locator('[data-testid="leaderboard"] tbody'))).toContain("vs v110");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("draws a trend of 100,000 runs within about a second", async () => {
    // The trend's raw runs come from /api/series as columns; answer it with 100,000 runs.
    const start = Date.parse("2026-06-01T00:00:00Z");
    const n = 100_000;
    const body = JSON.stringify({
      config: { model_version: llama.model, dataset_version: llama.dataset, prompt_version: llama.prompt, environment: llama.env }, metric: "f1", count: n,
      time_ms: Array.from({ length: n }, (_, i) => start + i * 60_000),
      value: Array.from({ length: n }, (_, i) => 0.75 + 0.02 * Math.sin(i / 500) + ((i * 7919) % 100) / 5000),
      commit_sha: Array.from({ length: n }, (_, i) => ((i * 2654435761) >>> 0).toString(16).padStart(8, "0").padEnd(40, "0")),
      branch_name: Array.from({ length: n }, () => "main"),
      transaction_id: Array.from({ length: n }, (_, i) => `t${i}`),
    });
    const page = await browser.context.newPage();
    await page.route(/\/api\/series\?/, (route) => route.fulfill({ status: 200, contentType: "application/json", body }));
    await page.goto(`${server.url}/trends?c=${LLAMA}&metric=f1`);
    await waitReady(page);
    expect(await page.locator(".chart-canvas").getAttribute("data-points")).toBe("100000");
    expect(await textOf(page.getByTestId("truncated"))).toContain("newest 100,000 runs");
    const [drawMs, pageMs] = await page.evaluate(`(() => {
      const response = performance.getEntriesByType("resource").find((e) => e.name.includes("/api/series"));
      const drawn = performance.getEntriesByName("benchledger:chart-drawn").at(-1);
      return response && drawn ? [drawn.startTime - response.responseEnd, drawn.startTime] : [null, null];
    })()`) as [number | null, number | null];
    console.log(`trend of 100,000 runs: drawn ${drawMs?.toFixed(0)} ms after its data arrived, ${pageMs?.toFixed(0)} ms after navigation started`);
    expect(drawMs).not.toBeNull();
    expect(drawMs!).toBeLessThan(2_000); // the target is 1 s; headroom for a loaded CI machine
    await page.close();
  });

  it(`shows a pushed tag ${XSS} as text, and no script of it runs`, async () => {
    const dir = tempDir("benchledger-xss-");
    const model = "xss-model <script>alert(2)</script>";
    const file = writeJson(dir, "results.json", {
      model_version: model, model_provider: "<b>provider</b>", dataset_version: "d-<i>xss</i>",
      prompt_version: "p", environment: "ci", commit_sha: "deadbeef".repeat(5), branch_name: "<u>branch</u>",
      metrics: { f1: 0.5, latency_ms: 100 }, tags: [XSS],
    });
    const pushed = await runCli(["push", file, "--db", store]);
    expect(pushed.code, pushed.stderr).toBe(0);

    const { page, problems, dialogs } = await openPage(browser.context, `${server.url}/`);
    const tag = page.getByRole("button", { name: XSS, exact: true });
    expect(await tag.innerText()).toBe(XSS);
    const board = page.getByTestId("leaderboard");
    expect(await board.getByText(model, { exact: true }).count()).toBe(1);
    expect(await board.getByText("<b>provider</b>", { exact: true }).count()).toBe(1);
    expect(await board.getByText("<u>branch</u>", { exact: true }).count()).toBe(1);
    await tag.click();
    await eventually(() => new URL(page.url()).searchParams.get("tag")).toBe(XSS);
    await eventually(() => page.locator('[data-testid="leaderboard"] tbody tr').count()).toBe(1);

    const id = encodeURIComponent(`${model}~d-<i>xss</i>~p~ci`);
    for (const url of [`/trends?c=${id}&metric=f1`, `/versions?c=${id}`, "/efficiency?cost=latency_ms"]) {
      await page.goto(server.url + url);
      await waitReady(page);
      expect(await page.getByText(model).count(), url).toBeGreaterThan(0);
    }
    await page.waitForTimeout(200);
    expect(await page.locator('img[src="x"], b, u, i, script:not([src])').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
