import { formatPathSegment, invalidResults } from "../parse-results.js";

/**
 * Sets a metric named exactly as a tool names it. A dot separates the levels of a metric
 * path (latency.p95), so a name with dots ("test_pt.py::load") is stored nested, and its
 * path reads back as the same name. Two names that would overlap ("a" and "a.b") are a
 * problem of the file, reported at `position`.
 */
export function setMetric(metrics: Record<string, unknown>, name: string, value: number, file: string, position: string): void {
  const parts = name.split(".");
  let node = metrics;
  for (const [i, part] of parts.entries()) {
    if (part === "") {
      throw invalidResults([{ file, path: position, message: `the metric name ${JSON.stringify(name)} has an empty part between dots` }]);
    }
    const last = i === parts.length - 1;
    const existing = node[part];
    if (last) {
      if (existing !== undefined && typeof existing !== "number") {
        throw invalidResults([{ file, path: position, message: `the metric ${JSON.stringify(name)} clashes with metrics named ${JSON.stringify(name + ".")}...` }]);
      }
      node[part] = value;
    } else {
      if (existing === undefined) node[part] = {};
      else if (typeof existing === "number") {
        throw invalidResults([{ file, path: position, message: `the metric ${JSON.stringify(name)} clashes with the metric ${JSON.stringify(parts.slice(0, i + 1).join("."))}` }]);
      }
      node = node[part] as Record<string, unknown>;
    }
  }
}

/** A JSON path from its steps, as problems name them: $.entries["end to end"][3]. */
export function jsonPath(...steps: PropertyKey[]): string {
  return "$" + steps.map(formatPathSegment).join("");
}
