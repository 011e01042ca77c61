import { z } from "zod";
import { invalidResults, type InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import type { ConfigKey } from "../types.js";

/**
 * benchledger export's JSONL: a header line, then every run, checkout and baseline mark of
 * the ledger in the order they were recorded, one JSON object per line. Importing it into
 * an empty ledger reproduces the ledger: the same transactions (ids, run keys, times) and
 * the same snapshot versions.
 */
export const EXPORT_KIND = "benchledger-export";
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportHeader {
  kind: typeof EXPORT_KIND;
  format_version: number;
  exported_at: string;
  runs: number;
}

export interface SnapshotEventRecord extends ConfigKey {
  kind: "checkout" | "baseline_set" | "baseline_unset";
  snapshot_version: number | null;
  transaction_id: string | null;
  /** ISO 8601 as exported, with microseconds. */
  created_at: string;
}

export type LedgerRecord =
  | { kind: "header"; header: ExportHeader }
  | { kind: "run"; config: ConfigKey; text: string }
  | { kind: "event"; event: SnapshotEventRecord };

// Exported times keep microseconds; any ISO 8601 time with a zone is taken.
const time = z.iso.datetime({ offset: true, error: "expected an ISO 8601 time with a zone" });
const name = (what: string) => z.string({ error: `expected ${what} as a non-empty string` }).min(1, { error: `expected ${what} as a non-empty string` });

const headerSchema = z.object({
  kind: z.literal(EXPORT_KIND),
  format_version: z.literal(EXPORT_FORMAT_VERSION, { error: `expected format_version ${EXPORT_FORMAT_VERSION}: this benchledger reads version ${EXPORT_FORMAT_VERSION} exports` }),
  exported_at: time,
  runs: z.number().int().min(0),
});

const runSchema = resultSchema.omit({ $schema: true, created_at: true }).extend({
  kind: z.literal("run"),
  id: z.uuid({ error: "expected the transaction id as a UUID" }),
  run_key: name("the run key"),
  created_at: time,
  recorded_at: time,
  prompt_version: name("the prompt version"),
  environment: name("the environment"),
  tracked: z.boolean({ error: "expected true or false" }),
  run_url: z.string().optional(),
  repository: z.string().optional(),
});

const eventSchema = z.strictObject({
  kind: z.enum(["checkout", "baseline_set", "baseline_unset"]),
  created_at: time,
  model_version: name("the model version"),
  dataset_version: name("the dataset version"),
  prompt_version: name("the prompt version"),
  environment: name("the environment"),
  snapshot_version: z.number().int().positive().optional(),
  transaction_id: z.uuid().optional(),
}).refine((e) => e.kind !== "checkout" || (e.snapshot_version !== undefined && e.transaction_id !== undefined),
  { error: "a checkout names the snapshot_version and the transaction_id it restores" })
  .refine((e) => e.kind !== "baseline_set" || e.snapshot_version !== undefined,
    { error: "a baseline mark names its snapshot_version" });

/** Whether a line opens a benchledger export. */
export function isExportHeaderLine(line: string): boolean {
  return /^\s*\{\s*"kind"\s*:\s*"benchledger-export"/.test(line);
}

/**
 * Reads one line of an export (1-based `lineNumber`). A run is returned as the line's own
 * text, so its numbers reach the database exactly as they were exported. `checked`: the
 * line was validated by an earlier pass over the same file, so only its kind and config
 * are read (the database checks every value again anyway).
 */
export function parseLedgerLine(file: string, lineNumber: number, text: string, options: { checked?: boolean } = {}): LedgerRecord {
  const at = `line ${lineNumber}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidResults([{ file, path: at, message: `not valid JSON (${(error as Error).message.split("\n")[0]}); each line of an export is one JSON object` }]);
  }
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === EXPORT_KIND) {
    if (lineNumber !== 1) throw invalidResults([{ file, path: at, message: "a second export header: concatenated exports must be imported as separate files" }]);
    return { kind: "header", header: parsed(headerSchema, value, file, at) as ExportHeader };
  }
  if (kind === "run") {
    const run = (options.checked ? value : parsed(runSchema, value, file, at)) as ConfigKey;
    return { kind: "run", config: configOf(run), text };
  }
  if (kind === "checkout" || kind === "baseline_set" || kind === "baseline_unset") {
    const e = parsed(eventSchema, value, file, at) as z.output<typeof eventSchema>;
    return { kind: "event", event: { ...configOf(e), kind: e.kind, created_at: e.created_at,
      snapshot_version: e.snapshot_version ?? null, transaction_id: e.transaction_id ?? null } };
  }
  throw invalidResults([{ file, path: `${at}: kind`, message: `expected "run", "checkout", "baseline_set" or "baseline_unset", got ${JSON.stringify(kind) ?? "nothing"}` }]);
}

function parsed(schema: z.ZodType, value: unknown, file: string, at: string): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: InputProblem[] = result.error.issues.map((issue) => ({
    file,
    path: issue.path.length > 0 ? `${at}: ${issue.path.map(String).join(".")}` : at,
    message: issue.message,
  }));
  throw invalidResults(problems);
}

function configOf(c: ConfigKey): ConfigKey {
  return { model_version: c.model_version, dataset_version: c.dataset_version, prompt_version: c.prompt_version, environment: c.environment };
}
