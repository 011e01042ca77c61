import { stringify } from "csv-stringify/sync";
import { EXPORT_FORMAT_VERSION, EXPORT_KIND, type ExportHeader } from "../core/importers/ledger-export.js";
import { countExportRuns, selectExportPage, selectMetricPaths, type ExportSelection } from "../store/export-store.js";
import type { Deps } from "./deps.js";

export type ExportFormat = "jsonl" | "csv";

export interface ExportReport {
  runs: number;
  events: number;
}

const PAGE_SIZE = 2_000;

/** The fixed columns of a CSV export, before one column per metric path. */
export const CSV_COLUMNS = ["id", "run_key", "created_at", "recorded_at", "model_version", "model_provider",
  "dataset_version", "prompt_version", "environment", "commit_sha", "branch_name", "tags", "duration_seconds",
  "tracked", "pull_request", "run_url", "repository"] as const;

/**
 * Writes the selected part of the ledger, page by page in ledger order, so memory stays
 * flat however many runs there are. JSONL is lossless (every run with its examples, and
 * every checkout and baseline mark; `benchledger import` of it into an empty ledger
 * reproduces the ledger); CSV has one row per run and one column per metric, for
 * spreadsheets and other tools.
 */
export async function exportLedger(
  deps: Deps,
  format: ExportFormat,
  selection: ExportSelection,
  write: (chunk: string) => Promise<void>,
  onProgress?: (runs: number, total: number) => void,
): Promise<ExportReport> {
  const total = await countExportRuns(deps.db, selection);
  const report: ExportReport = { runs: 0, events: 0 };
  const columns = format === "csv" ? await selectMetricPaths(deps.db, selection) : [];
  if (format === "jsonl") {
    const header: ExportHeader = { kind: EXPORT_KIND, format_version: EXPORT_FORMAT_VERSION, exported_at: deps.now().toISOString(), runs: total };
    await write(JSON.stringify(header) + "\n");
  } else {
    await write(stringify([[...CSV_COLUMNS, ...columns]]));
  }
  let after = "0";
  for (;;) {
    const page = await selectExportPage(deps.db, selection, after, PAGE_SIZE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.seq;
    const runs = page.filter((line) => line.kind === "run");
    report.runs += runs.length;
    report.events += page.length - runs.length;
    if (format === "jsonl") await write(page.map((line) => line.line + "\n").join(""));
    else await write(stringify(runs.map((line) => csvRow(JSON.parse(line.line) as Record<string, unknown>, columns))));
    onProgress?.(report.runs, total);
  }
  return report;
}

function csvRow(run: Record<string, unknown>, metricPaths: string[]): string[] {
  const fixed = CSV_COLUMNS.map((column) => {
    const value = run[column];
    if (value === undefined || value === null) return "";
    if (column === "tags") return (value as string[]).join(";");
    return String(value);
  });
  const metrics = run.metrics as Record<string, unknown>;
  return [...fixed, ...metricPaths.map((path) => {
    const value = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], metrics);
    return typeof value === "number" ? String(value) : "";
  })];
}
