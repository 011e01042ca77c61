import type { ConfigKey } from "./types.js";

/**
 * The dashboard's trend of a config's metric, e.g.
 * https://bench.example.com/trends?c=gpt-4o~medqa~cot~ci&metric=f1. A config travels as its
 * four fields joined by "~", each escaping "%" and "~" (as web/src/lib/config-key.ts reads it).
 */
export function trendUrl(dashboardUrl: string, config: ConfigKey, metric: string): string {
  const id = [config.model_version, config.dataset_version, config.prompt_version, config.environment]
    .map((field) => field.replace(/%/g, "%25").replace(/~/g, "%7E"))
    .join("~");
  return `${dashboardUrl.replace(/\/+$/, "")}/trends?${new URLSearchParams({ c: id, metric }).toString()}`;
}
