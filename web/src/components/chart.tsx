import { useLayoutEffect, useRef, type ReactNode } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartOptions = Omit<uPlot.Options, "width" | "height">;

export interface ChartProps {
  options: ChartOptions;
  data: uPlot.AlignedData;
  /** Fixed, so the page does not move when the data arrives. */
  height: number;
  label: string;
  /** Called on every cursor move with the cursor in CSS pixels of the plot area (negative: it left). */
  onCursor?: (u: uPlot, left: number, top: number) => void;
  /** Drawn over the chart (tooltips), positioned against the chart's box. */
  children?: ReactNode;
}

/**
 * A uPlot canvas chart. Canvas drawing keeps 100,000 points under a second; the chart is
 * rebuilt when its options or data change (both memoised by the caller) and follows the
 * width of its box.
 */
export function Chart({ options, data, height, label, onCursor, children }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const cursor = useRef(onCursor);
  cursor.current = onCursor;

  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    el.dataset.drawn = "false";
    const hooks = options.hooks ?? {};
    const plot = new uPlot({
      ...options,
      width: Math.max(el.clientWidth, 200),
      height,
      hooks: {
        ...hooks,
        setCursor: [...(hooks.setCursor ?? []), (u) => cursor.current?.(u, u.cursor.left ?? -1, u.cursor.top ?? -1)],
        draw: [...(hooks.draw ?? []), () => {
          el.dataset.drawn = "true";
          // For the browser tests and the dashboard benchmark: when the data was last drawn.
          performance.mark("benchledger:chart-drawn");
        }],
      },
    }, data, el);
    (el as HTMLDivElement & { uplot?: uPlot }).uplot = plot;
    let width = el.clientWidth;
    const resize = new ResizeObserver(() => {
      if (el.clientWidth !== width && el.clientWidth > 0) {
        width = el.clientWidth;
        plot.setSize({ width: Math.max(width, 200), height });
      }
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [options, data, height]);

  return (
    <div className="chart" style={{ height }} role="img" aria-label={label}>
      <div ref={host} className="chart-canvas" data-points={data[0]?.length ?? 0} />
      {children}
    </div>
  );
}

export const PALETTE = ["#2563eb", "#d97706", "#0d9488", "#7c3aed", "#db2777", "#65a30d", "#0891b2", "#b45309", "#4f46e5", "#be123c"];

const axisFont = "11px Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const labelFont = "600 11px Inter, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** An axis in the dashboard's neutral style. */
export function axis(extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: "#57606a",
    font: axisFont,
    labelFont,
    grid: { stroke: "#eceef1", width: 1 },
    ticks: { stroke: "#d0d7de", width: 1, size: 4 },
    ...extra,
  };
}

/** The index in a sorted array of the value nearest to x. */
export function nearestIndex(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[lo]! - x) <= Math.abs(sorted[hi]! - x) ? lo : hi;
}

/** Draws a dashed horizontal line across the plot at y, with a label at its right end. */
export function drawHLine(u: uPlot, y: number, color: string, label?: string, dash = [6, 4]): void {
  const ctx = u.ctx;
  const py = Math.round(u.valToPos(y, "y", true)) + 0.5;
  if (py < u.bbox.top || py > u.bbox.top + u.bbox.height) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * uPlot.pxRatio;
  ctx.setLineDash(dash.map((d) => d * uPlot.pxRatio));
  ctx.beginPath();
  ctx.moveTo(u.bbox.left, py);
  ctx.lineTo(u.bbox.left + u.bbox.width, py);
  ctx.stroke();
  if (label) {
    ctx.setLineDash([]);
    ctx.font = `${10 * uPlot.pxRatio}px Inter, system-ui, sans-serif`;
    ctx.fillStyle = color;
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    ctx.fillText(label, u.bbox.left + u.bbox.width - 4 * uPlot.pxRatio, py - 3 * uPlot.pxRatio);
  }
  ctx.restore();
}

/** Draws a dashed vertical line at x with a label at its top. */
export function drawVLine(u: uPlot, x: number, color: string, label?: string): void {
  const ctx = u.ctx;
  const px = Math.round(u.valToPos(x, "x", true)) + 0.5;
  if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5 * uPlot.pxRatio;
  ctx.setLineDash([4 * uPlot.pxRatio, 3 * uPlot.pxRatio]);
  ctx.beginPath();
  ctx.moveTo(px, u.bbox.top);
  ctx.lineTo(px, u.bbox.top + u.bbox.height);
  ctx.stroke();
  if (label) {
    ctx.setLineDash([]);
    ctx.font = `600 ${10 * uPlot.pxRatio}px ui-monospace, SFMono-Regular, Menlo, monospace`;
    const width = ctx.measureText(label).width + 8 * uPlot.pxRatio;
    const left = Math.min(px + 3 * uPlot.pxRatio, u.bbox.left + u.bbox.width - width);
    ctx.fillStyle = "rgba(255,255,255,0.9)";
    ctx.fillRect(left, u.bbox.top + 2 * uPlot.pxRatio, width, 14 * uPlot.pxRatio);
    ctx.fillStyle = color;
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText(label, left + 4 * uPlot.pxRatio, u.bbox.top + 4 * uPlot.pxRatio);
  }
  ctx.restore();
}

/** A y range that also holds the given lines (baselines, limits), with a little air. */
export function rangeWith(extra: readonly number[]): uPlot.Range.Function {
  return (_u, min, max) => {
    const values = [min, max, ...extra].filter((v) => v !== null && Number.isFinite(v));
    if (values.length === 0) return [0, 1];
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    if (lo === hi) {
      const pad = Math.abs(lo) * 0.05 || 1;
      return [lo - pad, hi + pad];
    }
    const pad = (hi - lo) * 0.08;
    lo -= pad;
    hi += pad;
    return [lo, hi];
  };
}

/** A tooltip box next to a point, flipped to stay inside the chart. */
export function ChartTooltip({ left, top, width, children }: { left: number; top: number; width: number; children: ReactNode }) {
  const flip = left > width - 260;
  return (
    <>
      <div className="chart-dot" style={{ left, top }} />
      <div className="chart-tooltip" style={flip ? { right: width - left + 12, top: Math.max(top - 20, 4) } : { left: left + 12, top: Math.max(top - 20, 4) }}>
        {children}
      </div>
    </>
  );
}
