import { spearman } from "../stats/tests.js";

export interface FeatureMove {
  feature: string;
  baseline: number | null;
  current: number | null;
  delta: number | null;
  /** 1 = most important (largest |weight|); null when absent on that side. */
  rank_baseline: number | null;
  rank_current: number | null;
}

export interface FeatureDrift {
  source: string;
  /** Spearman rank correlation of the weights of the features both sides have. */
  spearman: number | null;
  shared_features: number;
  /** The largest movers by |delta|, features that appeared or vanished first. */
  movers: FeatureMove[];
}

/**
 * Which feature importances moved between two runs (feature -> weight): the rank
 * correlation over shared features and the `top` largest movers.
 */
export function compareFeatureWeights(
  source: string,
  baseline: Readonly<Record<string, number>>,
  current: Readonly<Record<string, number>>,
  top = 10,
): FeatureDrift {
  const shared = Object.keys(baseline).filter((f) => f in current);
  const rankBase = ranks(baseline);
  const rankCur = ranks(current);
  const features = [...new Set([...Object.keys(baseline), ...Object.keys(current)])];
  const moves: FeatureMove[] = features.map((feature) => {
    const b = baseline[feature] ?? null;
    const c = current[feature] ?? null;
    return { feature, baseline: b, current: c, delta: b !== null && c !== null ? c - b : null,
      rank_baseline: rankBase.get(feature) ?? null, rank_current: rankCur.get(feature) ?? null };
  });
  moves.sort((x, y) => moveSize(y) - moveSize(x) || x.feature.localeCompare(y.feature));
  const rho = shared.length >= 3 ? spearman(shared.map((f) => baseline[f]!), shared.map((f) => current[f]!)) : null;
  return { source, spearman: rho !== null && Number.isNaN(rho) ? null : rho, shared_features: shared.length, movers: moves.slice(0, top) };
}

function moveSize(move: FeatureMove): number {
  if (move.delta === null) return Number.POSITIVE_INFINITY;
  return Math.abs(move.delta);
}

function ranks(weights: Readonly<Record<string, number>>): Map<string, number> {
  const ordered = Object.entries(weights).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0].localeCompare(b[0]));
  return new Map(ordered.map(([feature], i) => [feature, i + 1]));
}
