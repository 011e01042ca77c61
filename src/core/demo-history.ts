import { seededRandom } from "./random.js";
import type { BenchmarkResult } from "./types.js";

/**
 * The demo's example history: eight configs (three models, two datasets, two prompts,
 * two environments) evaluated once a day, with real-looking noise, one regression and
 * one improvement. Deterministic for a given end time.
 */
export interface DemoOptions {
  /** The day of the newest run. */
  end: Date;
  days?: number;
}

export const DEMO_TAG = "demo";

interface DemoConfig {
  model: string;
  provider: string;
  dataset: string;
  prompt: string;
  environment: string;
  f1: number;
  latencyMs: number;
  costUsd: number;
  /** Days before the end when f1 and latency step (a change that stays). */
  step?: { daysBeforeEnd: number; f1: number; latencyMs: number };
}

export const DEMO_REGRESSION = { model: "llama-3.1-8b-instruct", dataset: "medqa-v2", daysBeforeEnd: 9 };

const CONFIGS: DemoConfig[] = [
  { model: "gpt-4o-mini", provider: "openai", dataset: "medqa-v2", prompt: "zero-shot-v3", environment: "github-actions", f1: 0.842, latencyMs: 610, costUsd: 0.41 },
  { model: "gpt-4o-mini", provider: "openai", dataset: "medqa-v2", prompt: "cot-v2", environment: "github-actions", f1: 0.861, latencyMs: 1480, costUsd: 0.97 },
  { model: "gpt-4o-mini", provider: "openai", dataset: "triage-notes-v1", prompt: "zero-shot-v3", environment: "github-actions", f1: 0.781, latencyMs: 540, costUsd: 0.33 },
  { model: "claude-3-5-haiku", provider: "anthropic", dataset: "medqa-v2", prompt: "zero-shot-v3", environment: "github-actions", f1: 0.829, latencyMs: 720, costUsd: 0.52,
    step: { daysBeforeEnd: 47, f1: +0.031, latencyMs: -60 } },
  { model: "claude-3-5-haiku", provider: "anthropic", dataset: "triage-notes-v1", prompt: "zero-shot-v3", environment: "github-actions", f1: 0.792, latencyMs: 650, costUsd: 0.44 },
  { model: "claude-3-5-haiku", provider: "anthropic", dataset: "medqa-v2", prompt: "zero-shot-v3", environment: "staging", f1: 0.826, latencyMs: 910, costUsd: 0.52 },
  { model: DEMO_REGRESSION.model, provider: "meta", dataset: DEMO_REGRESSION.dataset, prompt: "zero-shot-v3", environment: "github-actions", f1: 0.768, latencyMs: 380, costUsd: 0.06,
    step: { daysBeforeEnd: DEMO_REGRESSION.daysBeforeEnd, f1: -0.064, latencyMs: +95 } },
  { model: DEMO_REGRESSION.model, provider: "meta", dataset: "triage-notes-v1", prompt: "zero-shot-v3", environment: "github-actions", f1: 0.721, latencyMs: 350, costUsd: 0.05 },
];

const DAY_MS = 86_400_000;

/** The runs of the demo history, oldest first. */
export function generateDemoHistory(options: DemoOptions): BenchmarkResult[] {
  const days = options.days ?? 120;
  const random = seededRandom(20261126);
  const commits = Array.from({ length: days }, () => hex(random, 40));
  const endDay = Math.floor(options.end.getTime() / DAY_MS) * DAY_MS + 9 * 3_600_000; // 09:00 UTC nightly
  const results: BenchmarkResult[] = [];
  for (let day = 0; day < days; day += 1) {
    const daysBeforeEnd = days - 1 - day;
    const createdAt = new Date(Math.min(endDay - daysBeforeEnd * DAY_MS, options.end.getTime()));
    CONFIGS.forEach((config, index) => {
      const stepped = config.step && daysBeforeEnd <= config.step.daysBeforeEnd;
      const f1 = clamp(config.f1 + (stepped ? config.step!.f1 : 0) + gaussian(random) * 0.006);
      const precision = clamp(f1 + 0.02 + gaussian(random) * 0.005);
      const recall = clamp((f1 * precision) / (2 * precision - f1));
      const latencyMs = config.latencyMs + (stepped ? config.step!.latencyMs : 0) + gaussian(random) * config.latencyMs * 0.04;
      results.push({
        model_version: config.model,
        model_provider: config.provider,
        dataset_version: config.dataset,
        prompt_version: config.prompt,
        environment: config.environment,
        commit_sha: commits[day]!,
        branch_name: "main",
        metrics: {
          f1: round(f1, 4),
          precision: round(precision, 4),
          recall: round(recall, 4),
          latency_ms: round(latencyMs, 1),
          cost_usd: round(config.costUsd * (1 + gaussian(random) * 0.02), 4),
          latency: { p50: round(latencyMs * 0.92, 1), p95: round(latencyMs * 1.8, 1) },
        },
        duration_seconds: round(240 + random() * 60, 1),
        tags: [DEMO_TAG, "nightly"],
        run_key: `demo:${index}:${day}`,
        created_at: createdAt,
      });
    });
  }
  return results;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function hex(random: () => number, length: number): string {
  return Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join("");
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
