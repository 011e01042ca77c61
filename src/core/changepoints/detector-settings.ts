/**
 * Internal constants of the change point detector, gathered so the detection benchmark
 * can run ablations. Not part of the public options: the defaults were tuned on seeds
 * that the benchmark does not use (see bench/README.md).
 *
 * @internal
 */
export interface DetectorSettings {
  /** Neighbours on each side that make the running median used for winsorising. */
  clipHalfWidth: number;
  /** Values are clipped to the running median ± clipLimit × the difference-based scale. */
  clipLimit: number;
  /** PELT's penalty per change point is penaltyFactor · σ_LR² · ln n. */
  penaltyFactor: number;
  /** Significance of the first (screening) pass, whose segmentation yields the residuals. */
  screeningPValue: number;
  /**
   * Weak change points (p ≤ this) bound the windows in which the reported ones are tested,
   * whether reported or not (a change flanked by real but weaker ones); 0 disables.
   */
  weakPValue: number;
  /** A change next to a weak (unreported) one is reported only at p ≤ weakBoundedFactor · pValue. */
  weakBoundedFactor: number;
  /** Histories shorter than this are treated as independent noise (φ = 0): too short to estimate φ. */
  minLengthForAutocorrelation: number;
}

/** @internal */
export const DEFAULT_SETTINGS: Readonly<DetectorSettings> = Object.freeze({
  clipHalfWidth: 2,
  clipLimit: 2,
  penaltyFactor: 2.5,
  screeningPValue: 0.01,
  weakPValue: 0.01,
  weakBoundedFactor: 0.3,
  minLengthForAutocorrelation: 20,
});
