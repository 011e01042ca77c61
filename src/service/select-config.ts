import { InvalidInputError, NotFoundError } from "../core/errors.js";
import { configLabel, type ConfigKey } from "../core/types.js";
import { selectConfigs } from "../store/snapshots-store.js";
import type { Deps } from "./deps.js";

export interface ConfigSelector {
  model?: string;
  dataset?: string;
  prompt?: string;
  env?: string;
}

/**
 * Finds the one config the selector names. Fields left out match anything, so
 * `--model m` is enough when m has a single config; otherwise the error lists the
 * candidates.
 */
export async function selectConfig(deps: Deps, selector: ConfigSelector): Promise<ConfigKey> {
  if (!selector.model) {
    throw new InvalidInputError("MODEL_REQUIRED", "--model is required to choose a config.",
      "Name the config with --model M [--dataset D] [--prompt P] [--env E]; `benchledger latest` lists them.");
  }
  const matches = await selectConfigs(deps.db, {
    model_version: selector.model,
    ...(selector.dataset !== undefined ? { dataset_version: selector.dataset } : {}),
    ...(selector.prompt !== undefined ? { prompt_version: selector.prompt } : {}),
    ...(selector.env !== undefined ? { environment: selector.env } : {}),
  });
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  const asked = describeSelector(selector);
  if (matches.length === 0) {
    throw new NotFoundError("CONFIG_NOT_FOUND", `No config matches ${asked}.`,
      "`benchledger latest` lists the configs (model / dataset / prompt / environment).");
  }
  throw new InvalidInputError("CONFIG_AMBIGUOUS",
    `${matches.length} configs match ${asked}:\n${matches.slice(0, 20).map((c) => `  ${configLabel(c)}`).join("\n")}`,
    "Add --dataset, --prompt or --env to choose one.");
}

function describeSelector(selector: ConfigSelector): string {
  return Object.entries(selector)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `--${key} ${value}`)
    .join(" ");
}
