import type { ConfigKey, Metrics } from "./types";

// A config travels in the URL as one parameter: its four fields joined by "~" (each field
// percent-escapes "%" and "~"), e.g. c=gpt-4o~medqa-v2~cot-v2~github-actions.

export function configId(c: ConfigKey): string {
  return [c.model_version, c.dataset_version, c.prompt_version, c.environment].map((f) => f.replace(/%/g, "%25").replace(/~/g, "%7E")).join("~");
}

export function parseConfigId(id: string): ConfigKey | null {
  const parts = id.split("~");
  if (parts.length !== 4) return null;
  try {
    const [model_version, dataset_version, prompt_version, environment] = parts.map((p) => decodeURIComponent(p)) as [string, string, string, string];
    return { model_version, dataset_version, prompt_version, environment };
  } catch {
    return null;
  }
}

export function configLabel(c: ConfigKey): string {
  return `${c.model_version} / ${c.dataset_version} / ${c.prompt_version} / ${c.environment}`;
}

/** The config as API query parameters: model, dataset, prompt, env (all four, so it names exactly one). */
export function configParams(c: ConfigKey): URLSearchParams {
  return new URLSearchParams({ model: c.model_version, dataset: c.dataset_version, prompt: c.prompt_version, env: c.environment });
}

export function configBody(c: ConfigKey) {
  return { model: c.model_version, dataset: c.dataset_version, prompt: c.prompt_version, env: c.environment };
}

/** A metric by dot path ("latency.p95"), or null. */
export function metricAt(metrics: Metrics | null | undefined, path: string): number | null {
  let node: number | Metrics | undefined = metrics ?? undefined;
  for (const part of path.split(".")) {
    if (node === undefined || typeof node === "number") return null;
    node = node[part];
  }
  return typeof node === "number" ? node : null;
}

/** The metric a page starts with: f1 when present, else the first quality-looking one, else the first. */
export function defaultMetric(metrics: readonly string[]): string | undefined {
  return ["f1", "accuracy", "exact_match", "score"].find((m) => metrics.includes(m)) ?? metrics[0];
}
