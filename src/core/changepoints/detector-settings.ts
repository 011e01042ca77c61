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
  /** Histories shorter than this are treated as independent noise (φ = 0): too short to estimate φ. */
  minLengthForAutocorrelation: number;
}

/** @internal */
export const DEFAULT_SETTINGS: Readonly<DetectorSettings> = Object.freeze({
  clipHalfWidth: 2,
  clipLimit: 2,
  penaltyFactor: 2.5,
  screeningPValue: 0.01,
  minLengthForAutocorrelation: 20,
});
