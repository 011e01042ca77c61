import { parseJsonDocument, resultEntries } from "../parse-results.js";
import type { CanonicalResult, Importer } from "./importer.js";

/**
 * benchledger's own results file, as push takes it: one result, an array of them, or
 * {"results": [...]}. (One result per line, JSONL, is read line by line by the import
 * service, and so is an export.)
 */
export const benchledgerImporter: Importer = {
  format: "benchledger",
  title: "benchledger results: JSON (one result, an array, {\"results\": [...]}) or JSONL, and benchledger export files",
  detect(text) {
    const start = text.trimStart();
    if (start.startsWith("[")) return /^\[\s*\{[\s\S]{0,4000}"model_version"\s*:/.test(start) || /^\[\s*\{[\s\S]{0,4000}"metrics"\s*:\s*\{/.test(start);
    if (!start.startsWith("{")) return false;
    const head = start.slice(0, 4000);
    // {"results": [...]} of result objects: hyperfine's {"results": [{"command": ...}]} is not one.
    if (/^\{\s*"(\$schema|results)"\s*:\s*(\[|"[^"]*"\s*,\s*"results"\s*:\s*\[)/.test(head)) {
      return /"metrics"\s*:\s*\{/.test(head) && !/^\{\s*"results"\s*:\s*\[\s*\{\s*"command"\s*:/.test(head);
    }
    return /"model_version"\s*:/.test(head) && /"metrics"\s*:\s*\{/.test(head) && /"dataset_version"\s*:/.test(head);
  },
  parse(file, text) {
    const document = parseJsonDocument(file, text);
    return resultEntries(file, document).map(({ value, path }) => ({ position: path, result: value as CanonicalResult }));
  },
};

/** Whether the text is JSONL of result objects: its first line alone is one result. */
export function isResultLines(head: string): boolean {
  const lines = head.split("\n").filter((line) => line.trim() !== "");
  if (lines.length < 1) return false;
  const first = lines[0]!.trim();
  if (!first.startsWith("{") || !first.endsWith("}")) return false;
  try {
    const value = JSON.parse(first) as Record<string, unknown>;
    return typeof value === "object" && value !== null && "metrics" in value && ("model_version" in value || "dataset_version" in value);
  } catch {
    return false;
  }
}
