/**
 * How rows and parameters cross HTTP between a CLI process and a running `serve` that
 * holds an embedded store: JSON, with Dates tagged so they come back as Dates and
 * 64-bit integers as strings (as the postgres driver returns them).
 */
export type Wire = unknown;

export function encodeWire(value: unknown): Wire {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(encodeWire);
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeWire(v)]));
  }
  return value;
}

export function decodeWire(value: Wire): unknown {
  if (Array.isArray(value)) return value.map(decodeWire);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.$date === "string" && Object.keys(record).length === 1) return new Date(record.$date);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodeWire(v)]));
  }
  return value;
}
