import { describe, expect, it } from "vitest";
import { trendUrl } from "./dashboard-link.js";

describe("trendUrl", () => {
  it("names the config and metric the way the dashboard's trend page reads them", () => {
    const url = new URL(trendUrl("https://bench.example.com/", { model_version: "gpt~4o", dataset_version: "med qa", prompt_version: "p%1", environment: "ci" }, "latency.p95"));
    expect(url.origin + url.pathname).toBe("https://bench.example.com/trends");
    expect(url.searchParams.get("c")).toBe("gpt%7E4o~med qa~p%251~ci");
    expect(url.searchParams.get("metric")).toBe("latency.p95");
    // Split on "~" and unescaped, the fields come back whole.
    expect(url.searchParams.get("c")!.split("~").map(decodeURIComponent)).toEqual(["gpt~4o", "med qa", "p%1", "ci"]);
  });

  it("keeps a dashboard served under a path", () => {
    expect(trendUrl("https://example.com/bench", { model_version: "m", dataset_version: "d", prompt_version: "p", environment: "e" }, "f1"))
      .toBe("https://example.com/bench/trends?c=m%7Ed%7Ep%7Ee&metric=f1");
  });
});
