// Number and time formats shared by every page: fixed significant digits so columns line up.

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** A metric value: 4 significant digits, thousands grouped, never in exponent form. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= 10_000) return grouped.format(value);
  if (abs === 0) return "0";
  if (abs < 0.0001) return fixMinus(value.toExponential(2));
  const decimals = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : abs >= 1 ? 3 : 4;
  return fixMinus(value.toFixed(decimals));
}

/** A value without padding zeros, for limits and thresholds people typed: "0.75", "1500". */
export function formatPlain(value: number | null | undefined): string {
  const text = formatValue(value);
  return text.includes(".") && !text.includes(",") ? text.replace(/\.?0+$/, "") : text;
}

/** A signed difference: "+0.0123", "−85.2". */
export function formatDelta(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const text = formatValue(value);
  return value > 0 ? `+${text}` : text;
}

/** A signed percentage: "+2.3%", "−12%". */
export function formatPct(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  const text = fixMinus(value.toFixed(abs >= 10 ? 0 : abs >= 1 ? 1 : 2));
  return `${value > 0 ? "+" : ""}${text}%`;
}

/** A p or q value: "0.034", "1.2e-11". */
export function formatP(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value === 0) return "0";
  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}

function fixMinus(text: string): string {
  return text.startsWith("-") ? `−${text.slice(1)}` : text;
}

const dateTime = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const dateTimeThisYear = new Intl.DateTimeFormat("en-GB", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric" });

/** "26 Nov, 09:00" (this year) or "26 Nov 2025, 09:00", in the browser's time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (date.getFullYear() === new Date().getFullYear() ? dateTimeThisYear : dateTime).format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** The first 7 characters of a commit SHA. */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : "–";
}
