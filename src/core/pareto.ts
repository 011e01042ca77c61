/**
 * The Pareto front of points judged on two axes: a quality to maximise (or minimise) and a
 * cost to minimise (or maximise). A point is on the front when no other point is at least
 * as good on both axes and strictly better on one.
 */
export function paretoFront(
  points: readonly { quality: number; cost: number }[],
  directions: { quality: "higher" | "lower"; cost: "higher" | "lower" } = { quality: "higher", cost: "lower" },
): boolean[] {
  const q = (x: number) => (directions.quality === "higher" ? x : -x);
  const c = (x: number) => (directions.cost === "lower" ? x : -x);
  return points.map((p) => !points.some((o) =>
    q(o.quality) >= q(p.quality) && c(o.cost) <= c(p.cost) && (q(o.quality) > q(p.quality) || c(o.cost) < c(p.cost))));
}
