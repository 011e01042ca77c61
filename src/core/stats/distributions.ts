/**
 * Distribution functions: normal, Student's t, binomial, Kolmogorov, and the special
 * functions under them. Each lives in its own file; this module is the one to import.
 */
export { binomialCdf } from "./binomial.js";
export { regularizedIncompleteBeta } from "./incomplete-beta.js";
export { kolmogorovSmirnovPValue } from "./kolmogorov.js";
export { logGamma } from "./log-gamma.js";
export { normalCdf, normalQuantile } from "./normal.js";
export { studentTCdf, studentTQuantile } from "./student-t.js";
