import cliProgress from "cli-progress";

/** Progress of long work: a bar on a terminal, a quiet line now and then elsewhere (CI logs). */
export interface Progress {
  update(done: number, total: number | null): void;
  stop(): void;
}

const QUIET_EVERY_MS = 10_000;

/** A progress display on stderr counting `unit` ("runs"); stdout stays clean for --json. */
export function createProgress(label: string, unit: string, options: { silent?: boolean } = {}): Progress {
  if (options.silent) return { update: () => {}, stop: () => {} };
  return process.stderr.isTTY ? barProgress(label, unit) : lineProgress(label, unit);
}

function barProgress(label: string, unit: string): Progress {
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {speed} ${unit}/s | {eta_formatted} left`,
    barsize: 30,
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
    clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  const started = Date.now();
  let running = false;
  return {
    update(done, total) {
      if (total === null) return;
      const speed = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
      if (!running) {
        bar.start(total, done, { speed: speed.toLocaleString("en-US") });
        running = true;
      } else bar.update(done, { speed: speed.toLocaleString("en-US") });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

function lineProgress(label: string, unit: string): Progress {
  // Timed from the first update: the rate is the work's, and short work prints nothing.
  let started = 0;
  let lastLine = 0;
  let printed = false;
  let last: { done: number; total: number | null } | null = null;
  let printedDone = -1;
  const print = (done: number, total: number | null) => {
    if (done === printedDone) return;
    printedDone = done;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = done / seconds;
    const left = total !== null && rate > 0 ? `, ${formatSeconds((total - done) / rate)} left` : "";
    const of = total !== null ? `/${total.toLocaleString("en-US")}` : "";
    process.stderr.write(`${label}: ${done.toLocaleString("en-US")}${of} ${unit} (${Math.round(rate).toLocaleString("en-US")} ${unit}/s${left})\n`);
    lastLine = Date.now();
    printed = true;
  };
  return {
    update(done, total) {
      if (started === 0) started = lastLine = Date.now();
      last = { done, total };
      if (Date.now() - lastLine >= QUIET_EVERY_MS) print(done, total);
    },
    stop() {
      if (last && printed) print(last.done, last.total);
      last = null;
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.ceil(seconds - minutes * 60)} s`;
}
