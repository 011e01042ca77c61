import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { detectFormat, IMPORT_FORMATS } from "./registry.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const DATA = path.resolve(REPO, "../shared/data");

/** Every real sample of a format, as the data set holds them. */
const SAMPLES: [string, string][] = [
  ...dir("harness/lm-eval/v0.3_results").map((f) => [f, "lm-eval"] as [string, string]),
  ...dir("harness/lm-eval/v0.4_results").map((f) => [f, "lm-eval"] as [string, string]),
  [`${DATA}/harness/lm-eval/v0_testdata/cpu_regression_expected.json`, "lm-eval"],
  [`${DATA}/harness/lm-eval/v0_testdata/arc_challenge-v0-res.json`, "lm-eval"],
  [`${DATA}/harness/promptfoo/promptfoo_test_fixtures_sample-export.json`, "promptfoo"],
  [`${DATA}/harness/pytest-benchmark/pytest_output.json`, "pytest-benchmark"],
  [`${DATA}/harness/pytest-benchmark/pytest_several_units.json`, "pytest-benchmark"],
  ...dir("histories").filter((f) => f.endsWith(".js")).map((f) => [f, "github-action-benchmark"] as [string, string]),
  [`${DATA}/harness/github-action-benchmark_extract_fixtures/write_original_data.js`, "github-action-benchmark"],
  ...dir("harness/google_benchmark").map((f) => [f, "google-benchmark"] as [string, string]),
  [`${DATA}/harness/github-action-benchmark_extract_fixtures/googlecpp_output.json`, "google-benchmark"],
  ...dir("harness/go_bench").map((f) => [f, "go-bench"] as [string, string]),
  [`${DATA}/harness/github-action-benchmark_extract_fixtures/go_output.txt`, "go-bench"],
  ...dir("changepoints/otava").filter((f) => f.endsWith(".csv")).map((f) => [f, "csv"] as [string, string]),
  ...fs.readdirSync(path.join(REPO, "test/fixtures/import/hyperfine")).filter((f) => !f.startsWith("malformed") && f.endsWith(".json"))
    .map((f) => [path.join(REPO, "test/fixtures/import/hyperfine", f), "hyperfine"] as [string, string]),
  [path.join(REPO, "docs/examples/results.json"), "benchledger"],
];

function dir(relative: string): string[] {
  const full = path.join(DATA, relative);
  return fs.readdirSync(full).filter((f) => !f.startsWith(".")).map((f) => path.join(full, f)).filter((f) => fs.statSync(f).isFile());
}

describe("detectFormat", () => {
  it.each(SAMPLES.map(([file, format]) => [path.relative(DATA, file), format, file]))("tells %s is %s", (_, format, file) => {
    expect(detectFormat(file, fs.readFileSync(file, "utf8"))).toBe(format);
  });

  it("tells each format's malformed fixtures by their own format, so the error comes from the right importer", () => {
    const root = path.join(REPO, "test/fixtures/import");
    const checked: string[] = [];
    for (const format of fs.readdirSync(root)) {
      for (const file of fs.readdirSync(path.join(root, format)).filter((f) => f.startsWith("malformed-"))) {
        expect([format, file, detectFormat(file, fs.readFileSync(path.join(root, format, file), "utf8"))]).toEqual([format, file, format]);
        checked.push(`${format}/${file}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(3 * (IMPORT_FORMATS.length - 1));
  });

  it("asks for --format when no importer recognises a file", () => {
    expect(() => detectFormat("notes.txt", "just some words\nand more words")).toThrow(/Cannot tell the format of notes.txt.*/);
  });
});
