/**
 * Online replay: the detector is re-run as each run arrives, on the history so far, as a
 * CI job would run it. Used for detection delay and for false alerts over time.
 */

/** Change indexes found in a history (a batch detector). */
export type Detector = (values: readonly number[]) => number[];

/**
 * The delay, in runs after the first changed run, until a change within `margin` of
 * `changeIndex` is first reported: 0 means it was flagged on the first changed run itself.
 * null when not flagged within `maxDelay` runs.
 */
export function replayDelay(
  values: readonly number[],
  changeIndex: number,
  detect: Detector,
  options: { maxDelay: number; margin: number },
): number | null {
  for (let newest = changeIndex; newest <= Math.min(values.length - 1, changeIndex + options.maxDelay); newest++) {
    const found = detect(values.slice(0, newest + 1));
    if (found.some((index) => Math.abs(index - changeIndex) <= options.margin)) return newest - changeIndex;
  }
  return null;
}

/**
 * Alerts raised while replaying `values` from run `firstRun` on: an alert is a reported
 * change whose index is not within `margin` of any change alerted before.
 */
export function replayAlerts(values: readonly number[], detect: Detector, options: { firstRun: number; margin: number }): number {
  const alerted: number[] = [];
  for (let newest = options.firstRun; newest < values.length; newest++) {
    for (const index of detect(values.slice(0, newest + 1))) {
      if (!alerted.some((previous) => Math.abs(previous - index) <= options.margin)) alerted.push(index);
    }
  }
  return alerted.length;
}

/** The first flagged run in [changeIndex, changeIndex + maxDelay] of a causal flagger, as a delay. */
export function flagDelay(flags: readonly boolean[], changeIndex: number, maxDelay: number): number | null {
  for (let run = changeIndex; run <= Math.min(flags.length - 1, changeIndex + maxDelay); run++) {
    if (flags[run]) return run - changeIndex;
  }
  return null;
}
