import type { ExampleResult } from "./types.js";

export interface ExampleDiff {
  shared: number;
  only_a: number;
  only_b: number;
  /** Shared examples whose outcome differs (correct, prediction or score), at most `limit`. */
  changed: { id: string; a: ExampleResult; b: ExampleResult }[];
  changed_total: number;
}

/** The per-example differences between two runs, by example id. */
export function diffExamples(a: readonly ExampleResult[], b: readonly ExampleResult[], limit = 200): ExampleDiff {
  const byId = new Map(a.map((e) => [e.id, e]));
  const idsB = new Set(b.map((e) => e.id));
  const changed: ExampleDiff["changed"] = [];
  let shared = 0;
  for (const eb of b) {
    const ea = byId.get(eb.id);
    if (!ea) continue;
    shared += 1;
    if (ea.correct !== eb.correct || ea.prediction !== eb.prediction || ea.score !== eb.score) changed.push({ id: eb.id, a: ea, b: eb });
  }
  // Regressions first (right before, wrong now), then the rest by id.
  changed.sort((x, y) => Number(y.a.correct === true && y.b.correct === false) - Number(x.a.correct === true && x.b.correct === false) || x.id.localeCompare(y.id));
  return {
    shared,
    only_a: a.filter((e) => !idsB.has(e.id)).length,
    only_b: b.filter((e) => !byId.has(e.id)).length,
    changed: changed.slice(0, limit),
    changed_total: changed.length,
  };
}
