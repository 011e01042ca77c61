import Table from "cli-table3";
import type { ConfigKey } from "../core/types.js";

/** Output for one command run: human text, or (with --json) only JSON on stdout. */
export interface Output {
  json(value: unknown): void;
  line(text?: string): void;
  table(head: string[], rows: (string | number)[][]): void;
  /** Notes for a person (stderr), silent in --json mode. */
  note(text: string): void;
}

export function createOutput(isJson: boolean): Output {
  return {
    json: (value) => process.stdout.write(JSON.stringify(value, null, 2) + "\n"),
    line: (text = "") => {
      if (!isJson) process.stdout.write(text + "\n");
    },
    table: (head, rows) => {
      if (isJson) return;
      const table = new Table({ head, style: { head: [], border: [], compact: true } });
      table.push(...rows.map((row) => row.map(String)));
      process.stdout.write(table.toString() + "\n");
    },
    note: (text) => {
      if (!isJson) process.stderr.write(text + "\n");
    },
  };
}

/** A number for a table: up to 4 decimals, no trailing zeros; "-" for none. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "-";
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 1000 ? value.toFixed(1) : String(Number(value.toPrecision(abs >= 1 ? 6 : 4)));
}

export function formatSigned(value: number | null, suffix = ""): string {
  if (value === null) return "-";
  return (value > 0 ? "+" : "") + formatNumber(value) + suffix;
}

export function formatDate(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().replace("T", " ").slice(0, 16) + "Z";
}

export function shortSha(sha: string | null): string {
  return sha ? sha.slice(0, 10) : "-";
}

export function configJson(config: ConfigKey): ConfigKey {
  return {
    model_version: config.model_version,
    dataset_version: config.dataset_version,
    prompt_version: config.prompt_version,
    environment: config.environment,
  };
}
